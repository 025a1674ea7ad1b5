/**
 * Whether a page's text layer is an earlier OCR: text drawn invisibly (text
 * rendering mode 3 or 7) over what the reader sees, as scanner software,
 * `tesseract … pdf` and ocrmypdf write "sandwich" PDFs. Such a layer is only
 * as good as the program that made it; with `OCR_MODE=redo` Folio reads the
 * page again with its own OCR.
 *
 * pdf.js' text content does not say how text is drawn, so this follows the
 * page's operator list. Pure: reads the list's numbers only (no pdf.js
 * import), so it runs in the PDF sandbox child on whatever a hostile PDF
 * produced, and in tests.
 */
import { PDF_OPS, type OperatorListLike } from "./pdf.scan-density.js";

/** pdf.js' `OPS` codes for text (stable across pdf.js 2–5); pdf.js hands every text-showing operator over as `showText`. */
export const PDF_TEXT_OPS = Object.freeze({
  setTextRenderingMode: 38,
  showText: 44,
  showSpacedText: 45,
  nextLineShowText: 46,
  nextLineSetSpacingShowText: 47,
});

const SHOWS_TEXT = new Set<number>([PDF_TEXT_OPS.showText, PDF_TEXT_OPS.showSpacedText, PDF_TEXT_OPS.nextLineShowText, PDF_TEXT_OPS.nextLineSetSpacingShowText]);

/** Glyphs a page draws, split by whether they can be seen. Spaces are not counted. */
export interface TextVisibility {
  visible: number;
  invisible: number;
}

/** Share of a page's glyphs that must be invisible for its text layer to count as an OCR layer. */
export const OCR_LAYER_MIN_INVISIBLE_SHARE = 0.9;
/** Fewer invisible glyphs than this are no OCR layer (a hidden marker, a search keyword). */
export const OCR_LAYER_MIN_GLYPHS = 20;
/** More operators than this are not followed (no plain sandwich page has them; the page keeps its text layer). */
const MAX_OPS_FOLLOWED = 500_000;
/** Deeper save/form nesting than this stops the walk (hostile nesting). */
const MAX_DEPTH = 1_000;

/** Modes 3 (neither fill nor stroke) and 7 (clip only) draw nothing. */
function isInvisibleMode(mode: number): boolean {
  return mode === 3 || mode === 7;
}

/** Non-space glyphs in a text operator's arguments (pdf.js: an array of glyph objects and kerning numbers). */
function glyphCount(args: unknown): number {
  if (!Array.isArray(args)) return 0;
  const glyphs: unknown = args[args.length - 1];
  if (!Array.isArray(glyphs)) return 0;
  let n = 0;
  for (const g of glyphs) {
    if (g !== null && typeof g === "object" && (g as { isSpace?: unknown }).isSpace !== true) n++;
  }
  return n;
}

/**
 * Counts the page's visible and invisible glyphs, following the text rendering
 * mode through the graphics-state stack (`q`/`Q`, form XObjects and groups save
 * and restore it). Null for an operator list too long or too deeply nested to
 * follow.
 */
export function textVisibility(ops: OperatorListLike): TextVisibility | null {
  const n = ops.fnArray.length;
  if (n > MAX_OPS_FOLLOWED) return null;
  const counts: TextVisibility = { visible: 0, invisible: 0 };
  let mode = 0;
  const stack: number[] = [];
  for (let i = 0; i < n; i++) {
    const fn = ops.fnArray[i] ?? -1;
    if (fn === PDF_OPS.save || fn === PDF_OPS.beginGroup || fn === PDF_OPS.paintFormXObjectBegin) {
      if (stack.length >= MAX_DEPTH) return null;
      stack.push(mode);
    } else if (fn === PDF_OPS.restore || fn === PDF_OPS.endGroup || fn === PDF_OPS.paintFormXObjectEnd) {
      mode = stack.pop() ?? mode;
    } else if (fn === PDF_TEXT_OPS.setTextRenderingMode) {
      const args = ops.argsArray[i];
      const next = Array.isArray(args) ? args[0] : undefined;
      if (typeof next === "number" && Number.isInteger(next)) mode = next;
    } else if (SHOWS_TEXT.has(fn)) {
      const glyphs = glyphCount(ops.argsArray[i]);
      if (isInvisibleMode(mode)) counts.invisible += glyphs;
      else counts.visible += glyphs;
    }
  }
  return counts;
}

/** True when the page's text is an OCR layer: at least {@link OCR_LAYER_MIN_GLYPHS} glyphs, nearly all invisible. */
export function isOcrLayer(counts: TextVisibility | null): boolean {
  if (counts === null) return false;
  const all = counts.visible + counts.invisible;
  return counts.invisible >= OCR_LAYER_MIN_GLYPHS && counts.invisible >= all * OCR_LAYER_MIN_INVISIBLE_SHARE;
}
