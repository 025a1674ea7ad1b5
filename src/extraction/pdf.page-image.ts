/**
 * Whether a page shows nothing but one image, drawn over the whole page: a
 * scan as scanner apps and `img2pdf` write it, possibly with an invisible OCR
 * layer over it (a "sandwich" PDF, see `pdf.ocr-layer.ts`). Such a page's
 * picture *is* the image, turned by a quarter turn or none (the page's
 * `/Rotate`, the image's own placement, or both), so OCR can read the image's
 * own bytes, turned that way, instead of pdf.js' render of it (a decode, a
 * canvas and a PNG later, and rounded differently by pdf.js' JPEG decoder:
 * see `pdf.child.ts`).
 *
 * Pure: reads the operator list's numbers only (no pdf.js import), so it runs
 * in the PDF sandbox child on whatever a hostile PDF produced, and in tests.
 * Conservative: anything it does not recognise as harmless makes the answer
 * "no", and the page is rendered as before.
 */
import { PDF_TEXT_OPS } from "./pdf.ocr-layer.js";
import { PDF_OPS, type OperatorListLike } from "./pdf.scan-density.js";
import type { QuarterTurn } from "./page/page.model.js";

/**
 * pdf.js' `OPS` codes (pdf.js 5) that draw something other than an image XObject or text, or set how
 * drawing composes. Paths are one operator, `constructPath`, whose first argument is the painting
 * operator (`endPath` paints nothing: a clipping path, or a path thrown away).
 */
export const PDF_PAINT_OPS = Object.freeze({
  clip: 29,
  eoClip: 30,
  endPath: 28,
  setGState: 9,
  shadingFill: 62,
  beginMarkedContentProps: 70,
  beginAnnotation: 80,
  paintImageMaskXObject: 83,
  paintImageMaskXObjectGroup: 84,
  paintInlineImageXObjectGroup: 87,
  paintImageXObjectRepeat: 88,
  paintImageMaskXObjectRepeat: 89,
  paintSolidColorImageMask: 90,
  constructPath: 91,
  rawFillPath: 94,
});

/** Operators that draw something of their own: any of them on the page means the page is more than its image. */
const DRAWS = new Set<number>([
  PDF_PAINT_OPS.shadingFill,
  PDF_PAINT_OPS.paintImageMaskXObject,
  PDF_PAINT_OPS.paintImageMaskXObjectGroup,
  PDF_OPS.paintInlineImageXObject,
  PDF_PAINT_OPS.paintInlineImageXObjectGroup,
  PDF_PAINT_OPS.paintImageXObjectRepeat,
  PDF_PAINT_OPS.paintImageMaskXObjectRepeat,
  PDF_PAINT_OPS.paintSolidColorImageMask,
  PDF_PAINT_OPS.rawFillPath,
  // An annotation's appearance is drawn over the page (and in a frame of its own).
  PDF_PAINT_OPS.beginAnnotation,
]);

const SHOWS_TEXT = new Set<number>([PDF_TEXT_OPS.showText, PDF_TEXT_OPS.showSpacedText, PDF_TEXT_OPS.nextLineShowText, PDF_TEXT_OPS.nextLineSetSpacingShowText]);

/**
 * Least share of the page's view box the image must cover (and a clipping path must keep), and the share of
 * the image's drawn area that must lie on it: a scan app's page box is the image's size rounded to the point or to two decimals, so the two agree
 * within a fraction of a percent; 2 % leaves room for a margin of a few points without letting a picture
 * beside text, or an image cropped by the page, pass for the page.
 */
export const FULL_PAGE_SHARE = 0.98;
/** Most the image's horizontal and vertical pixel densities may differ (relative): more is a stretched image. */
const SAME_ASPECT = 0.02;
/** Off-diagonal matrix entries below this share of the diagonal ones count as zero (float noise, not a skew). */
const UPRIGHT_EPSILON = 1e-6;
/** More operators than this are not followed: a page of one image has a handful (and an OCR layer a few per word). */
const MAX_OPS_FOLLOWED = 500_000;
/** Deeper save/form nesting than this stops the walk (hostile nesting). */
const MAX_DEPTH = 1_000;

type Matrix = [number, number, number, number, number, number];

/** The one image a page shows: its pixel size, as pdf.js decoded its header, and how it is turned as shown. */
export interface PageImage {
  /** Size of the stored pixels (before any turn). */
  width: number;
  height: number;
  /**
   * The clockwise turn that shows the stored pixels as the page shows them, i.e. as pdf.js renders the page:
   * the image's own placement on the page, then the page's `/Rotate`.
   */
  turn: QuarterTurn;
}

function multiply(m: Matrix, n: readonly number[]): Matrix {
  // n applied first, then m (PDF's `cm`: new CTM = n × CTM).
  const [a, b, c, d, e, f] = n as Matrix;
  return [a * m[0] + b * m[2], a * m[1] + b * m[3], c * m[0] + d * m[2], c * m[1] + d * m[3], e * m[0] + f * m[2] + m[4], e * m[1] + f * m[3] + m[5]];
}

function isMatrix(v: unknown): v is Matrix {
  return (Array.isArray(v) || ArrayBuffer.isView(v)) && (v as ArrayLike<unknown>).length === 6 && Array.from(v as ArrayLike<unknown>).every((x) => typeof x === "number" && Number.isFinite(x));
}

/** A setGState that changes how the image composes: transparency, a soft mask, a blend mode, a transfer function. */
function altersComposition(args: unknown): boolean {
  const entries: unknown = Array.isArray(args) ? args[0] : null;
  if (!Array.isArray(entries)) return true;
  for (const entry of entries) {
    if (!Array.isArray(entry)) return true;
    const [key, value] = entry as [unknown, unknown];
    if ((key === "ca" || key === "CA") && value !== 1) return true;
    if (key === "SMask" && value !== false && value !== null && value !== undefined) return true;
    if (key === "BM" && value !== "source-over") return true;
    if (key === "TR" && value !== null && value !== undefined && value !== false) return true;
  }
  return false;
}

/**
 * The bounds of a path under `m`, from pdf.js' `constructPath` arguments `[op, [buffer], minMax]`
 * (minMax: `[x0, y0, x1, y1]` in the path's own space), or null when not given.
 */
function pathBounds(args: unknown, m: Matrix): [number, number, number, number] | null {
  const minMax: unknown = Array.isArray(args) ? args[2] : null;
  if (!(Array.isArray(minMax) || ArrayBuffer.isView(minMax))) return null;
  const [x0, y0, x1, y1] = Array.from(minMax as ArrayLike<number>);
  if (![x0, y0, x1, y1].every((v) => typeof v === "number" && Number.isFinite(v))) return null;
  const xs = [x0!, x1!].flatMap((x) => [y0!, y1!].map((y) => m[0] * x + m[2] * y + m[4]));
  const ys = [x0!, x1!].flatMap((x) => [y0!, y1!].map((y) => m[1] * x + m[3] * y + m[5]));
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
}

/** Share of the view box that `box` (`[x0, y0, x1, y1]`) covers. */
function coverage(box: readonly number[], view: readonly [number, number, number, number]): number {
  const w = Math.min(box[2]!, view[2]) - Math.max(box[0]!, view[0]);
  const h = Math.min(box[3]!, view[3]) - Math.max(box[1]!, view[1]);
  return w > 0 && h > 0 ? (w * h) / ((view[2] - view[0]) * (view[3] - view[1])) : 0;
}

/**
 * The page's one image when the page shows exactly that and nothing else, or null. "Exactly that":
 * - one image XObject is painted (`paintImageXObject`), with a matrix that turns it by a quarter turn or
 *   none but neither skews nor flips it, and keeps its pixels square (within {@link SAME_ASPECT});
 * - it covers at least {@link FULL_PAGE_SHARE} of the view box and its drawn area exceeds the view box by
 *   at most as much (a render would otherwise crop it, or show white beside it);
 * - nothing else is drawn: no visible glyph (text in rendering mode 3 or 7, an OCR layer, is fine), no
 *   filled or stroked path, no shading, no inline image, no image mask, no annotation appearance;
 * - nothing changes how the image composes: no soft mask, transparency, blend mode or transfer function in
 *   an ExtGState, no transparency group, no clipping path that cuts into the page, no optional content
 *   (which may be hidden);
 * - the page's `/Rotate` is a multiple of 90 (pdf.js makes it one): a turned page's picture is the image
 *   turned, which {@link PageImage.turn} says.
 *
 * @param ops - the page's operator list (display intent).
 * @param view - the page's view box in PDF points `[x0, y0, x1, y1]` (pdf.js `page.view`).
 * @param rotate - the page's `/Rotate` in degrees, clockwise (pdf.js `page.rotate`).
 */
export function soleFullPageImage(ops: OperatorListLike, view: readonly [number, number, number, number], rotate: number): PageImage | null {
  if (!Number.isInteger(rotate) || rotate % 90 !== 0) return null;
  const pageW = view[2] - view[0];
  const pageH = view[3] - view[1];
  if (!(pageW > 0 && pageH > 0) || !Number.isFinite(pageW * pageH)) return null;
  const n = ops.fnArray.length;
  if (n > MAX_OPS_FOLLOWED) return null;
  let found: PageImage | null = null;
  let ctm: Matrix = [1, 0, 0, 1, 0, 0];
  let mode = 0;
  let clipPending = false;
  const stack: { ctm: Matrix; mode: number }[] = [];
  for (let i = 0; i < n; i++) {
    const fn = ops.fnArray[i] ?? -1;
    const args = ops.argsArray[i];
    if (fn === PDF_OPS.save || fn === PDF_OPS.paintFormXObjectBegin) {
      if (stack.length >= MAX_DEPTH) return null;
      stack.push({ ctm, mode });
      const matrix = fn === PDF_OPS.paintFormXObjectBegin && Array.isArray(args) ? args[0] : undefined;
      if (matrix !== undefined && matrix !== null) {
        if (!isMatrix(matrix)) return null;
        ctm = multiply(ctm, matrix);
      }
    } else if (fn === PDF_OPS.restore || fn === PDF_OPS.paintFormXObjectEnd) {
      ({ ctm, mode } = stack.pop() ?? { ctm, mode });
    } else if (fn === PDF_OPS.transform) {
      if (!isMatrix(args)) return null;
      ctm = multiply(ctm, args);
    } else if (fn === PDF_OPS.beginGroup || DRAWS.has(fn)) {
      return null;
    } else if (fn === PDF_PAINT_OPS.setGState) {
      if (altersComposition(args)) return null;
    } else if (fn === PDF_PAINT_OPS.beginMarkedContentProps) {
      if (Array.isArray(args) && args[0] === "OC") return null;
    } else if (fn === PDF_PAINT_OPS.clip || fn === PDF_PAINT_OPS.eoClip) {
      clipPending = true;
    } else if (fn === PDF_PAINT_OPS.constructPath) {
      const paint: unknown = Array.isArray(args) ? args[0] : null;
      if (paint !== PDF_PAINT_OPS.endPath) return null;
      if (clipPending) {
        // A clip is harmless only when it keeps the whole page (a page-sized rectangle, as some writers add).
        const bounds = pathBounds(args, ctm);
        if (!bounds || coverage(bounds, view) < FULL_PAGE_SHARE) return null;
        clipPending = false;
      }
    } else if (fn === PDF_TEXT_OPS.setTextRenderingMode) {
      const next = Array.isArray(args) ? args[0] : undefined;
      if (typeof next === "number" && Number.isInteger(next)) mode = next;
    } else if (SHOWS_TEXT.has(fn)) {
      if (mode !== 3 && mode !== 7 && hasGlyph(args)) return null;
    } else if (fn === PDF_OPS.paintImageXObject) {
      if (found) return null;
      found = turnedFullPage(args, ctm, view);
      if (!found) return null;
    }
  }
  // The page's /Rotate turns the whole picture further, clockwise.
  return found && { ...found, turn: ((((found.turn + rotate) % 360) + 360) % 360) as QuarterTurn };
}

/** True when a text operator's arguments hold a glyph that is not a space. */
function hasGlyph(args: unknown): boolean {
  const glyphs: unknown = Array.isArray(args) ? args[args.length - 1] : null;
  if (!Array.isArray(glyphs)) return true;
  return glyphs.some((g) => g !== null && typeof g === "object" && (g as { isSpace?: unknown }).isSpace !== true);
}

/**
 * The clockwise turn of the image drawn under `m` in user space (the page not yet turned by `/Rotate`), or null
 * when `m` skews or flips it. The image fills the unit square, its first row at the top, so its rows run along
 * `(a, b)` and its columns upwards along `(c, d)`: upright is a, d > 0 with no b, c; a quarter turn clockwise
 * (its first row down the right edge) is c > 0, b < 0 with no a, d; and so on round.
 */
function turnOf(m: Matrix): QuarterTurn | null {
  const [a, b, c, d] = m;
  const axisAligned = Math.abs(b) <= UPRIGHT_EPSILON * Math.abs(a) && Math.abs(c) <= UPRIGHT_EPSILON * Math.abs(d);
  const quarter = Math.abs(a) <= UPRIGHT_EPSILON * Math.abs(b) && Math.abs(d) <= UPRIGHT_EPSILON * Math.abs(c);
  if (axisAligned && a > 0 && d > 0) return 0;
  if (axisAligned && a < 0 && d < 0) return 180;
  if (quarter && c > 0 && b < 0) return 90;
  if (quarter && c < 0 && b > 0) return 270;
  return null;
}

/** The image of a `paintImageXObject` (`[objId, width, height]`) drawn under `m` when it is turned by a quarter turn or none over the whole page. */
function turnedFullPage(args: unknown, m: Matrix, view: readonly [number, number, number, number]): PageImage | null {
  if (!Array.isArray(args)) return null;
  const [, width, height] = args as unknown[];
  if (typeof width !== "number" || typeof height !== "number" || !Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) return null;
  const turn = turnOf(m);
  if (turn === null) return null;
  const [a, b, c, d, e, f] = m;
  // Lengths on the page of the image's rows and of its columns: one of each pair is zero.
  const rowLength = Math.abs(a) + Math.abs(b);
  const columnLength = Math.abs(c) + Math.abs(d);
  if (Math.abs(width / rowLength / (height / columnLength) - 1) > SAME_ASPECT) return null;
  const xs = [e, e + a, e + c, e + a + c];
  const ys = [f, f + b, f + d, f + b + d];
  const box = [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
  const pageArea = (view[2] - view[0]) * (view[3] - view[1]);
  if (coverage(box, view) < FULL_PAGE_SHARE || rowLength * columnLength > pageArea / FULL_PAGE_SHARE) return null;
  return { width, height, turn };
}
