/**
 * The invisible text of one page: every word of a page model drawn in text
 * rendering mode 3 (neither filled nor stroked) so it spans its box, in the
 * model's reading order, with a real space character filling each gap between
 * words of a line. Readers (pdftotext, pdf.js, a viewer's search and
 * selection) then find the words where the page shows them and read them in
 * Folio's order; lines are told apart by their baselines.
 */
import { PDFHexString, PDFName, PDFNumber, PDFOperator, PDFOperatorNames, type PDFRef } from "pdf-lib";
import type { PageLine, PageModel } from "../page/page.model.js";
import { textMatrix, shownSize, type PageFrame } from "./page.geometry.js";
import { CODE_WIDTH, type TextLayerFonts } from "./text-layer.font.js";

/** Share of a line's height below the baseline (descenders), so the selection covers the letters. */
const DESCENT = 0.2;
/** Advance given to a space between words that touch or overlap (user units): still a space for readers. */
const MIN_GAP = 0.01;
/**
 * Least gap between two words of a line, in ems of the line's size. Readers that
 * find word breaks by geometry (pdftotext ignores space characters and breaks
 * at gaps above a tenth of the font size) would join words whose OCR boxes touch.
 */
const MIN_WORD_GAP = 0.2;
/** A word squeezed to keep {@link MIN_WORD_GAP} keeps at least this share of its box's width. */
const MIN_WORD_SHARE = 0.25;
/** Text advance of one code at a font size of 1. */
const CODE_ADVANCE = CODE_WIDTH / 1000;

/** What a page's text layer needs: its operators and the fonts they name (resource name by font). */
export interface PageTextLayer {
  operators: PDFOperator[];
  fonts: Map<PDFRef, string>;
  words: number;
}

const op = (name: PDFOperatorNames, ...args: (number | PDFName | PDFHexString)[]) =>
  PDFOperator.of(name, args.map((a) => (typeof a === "number" ? PDFNumber.of(a) : a)));
const round = (n: number) => Math.round(n * 1000) / 1000;

/** Operators that draw `model`'s words invisibly on a page shown as `frame`; `fontName` gives each font's resource name. */
export function pageTextLayer(model: PageModel, frame: PageFrame, fonts: TextLayerFonts, fontName: (font: PDFRef) => string): PageTextLayer {
  const shown = shownSize(frame);
  const operators: PDFOperator[] = [];
  const used = new Map<PDFRef, string>();
  let current: PDFRef | null = null;
  let words = 0;

  const show = (text: string, u: number, v: number, widthUser: number, size: number) => {
    const runs = fonts.encode(text);
    const chars = runs.reduce((n, r) => n + r.length, 0);
    if (chars === 0) return;
    // Scale along the line so the text spans exactly the box's width.
    const advance = Math.max(widthUser, MIN_GAP) / (chars * CODE_ADVANCE);
    operators.push(op(PDFOperatorNames.SetTextMatrix, ...textMatrix(frame, u, v, advance, size).map(round)));
    for (const run of runs) {
      if (run.font !== current) {
        current = run.font;
        const name = used.get(run.font) ?? fontName(run.font);
        used.set(run.font, name);
        operators.push(op(PDFOperatorNames.SetFontAndSize, PDFName.of(name), 1));
      }
      operators.push(op(PDFOperatorNames.ShowText, PDFHexString.of(run.hex)));
    }
  };

  const lines: PageLine[] = model.blocks.flatMap((b) => b.lines);
  if (lines.every((l) => l.words.length === 0)) return { operators, fonts: used, words };
  operators.push(op(PDFOperatorNames.BeginText), op(PDFOperatorNames.SetTextRenderingMode, 3));
  for (const line of lines) {
    const height = Math.max(line.box.y1 - line.box.y0, 0);
    const size = Math.max(height * shown.height, 1);
    // One baseline for the whole line, so readers keep its words together.
    const baseline = line.box.y1 - height * DESCENT;
    line.words.forEach((word, i) => {
      const next = line.words[i + 1];
      const right = next ? wordEnd(word.box.x0, word.box.x1, next.box.x0, (MIN_WORD_GAP * size) / shown.width) : word.box.x1;
      show(word.text, word.box.x0, baseline, (right - word.box.x0) * shown.width, size);
      words += 1;
      if (next) show(" ", right, baseline, (next.box.x0 - right) * shown.width, size);
    });
  }
  operators.push(op(PDFOperatorNames.EndText));
  return { operators, fonts: used, words };
}

/**
 * Where a word's drawn text ends (normalised x): its box's right edge, or
 * earlier when that leaves less than `minGap` before the next word, down to
 * {@link MIN_WORD_SHARE} of its width (boxes that overlap a lot stay close).
 */
export function wordEnd(x0: number, x1: number, nextX0: number, minGap: number): number {
  if (nextX0 - x1 >= minGap) return x1;
  return Math.max(nextX0 - minGap, x0 + (x1 - x0) * MIN_WORD_SHARE);
}
