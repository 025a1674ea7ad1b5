/**
 * The pixel density of a scanned page's image, from pdf.js' operator list, so
 * the page can be rendered at the resolution it was scanned at instead of a
 * fixed zoom: a 300 dpi scan rendered at 144 dpi loses half its pixels before
 * OCR, and a low-resolution scan is better enlarged by the OCR preparation's
 * lanczos than by the renderer's smoothing.
 *
 * Pure: reads the operator list's numbers only (no pdf.js import), so it runs
 * in the PDF sandbox child on whatever a hostile PDF produced, and in tests.
 */

/** pdf.js' `OPS` codes this module follows (stable across pdf.js 2–5). */
export const PDF_OPS = Object.freeze({
  save: 10,
  restore: 11,
  transform: 12,
  paintFormXObjectBegin: 74,
  paintFormXObjectEnd: 75,
  beginGroup: 76,
  endGroup: 77,
  paintImageXObject: 85,
  paintInlineImageXObject: 86,
});

/** A page's operator list as pdf.js returns it. */
export interface OperatorListLike {
  fnArray: ArrayLike<number>;
  argsArray: ArrayLike<unknown>;
}

/** The page's dominant image: how densely its pixels sit on the page. */
export interface ScanDensity {
  /** Image pixels per PDF point (72 per inch) along the denser axis: 300 dpi → 4.17. */
  pixelsPerPoint: number;
  /** Share of the page's area covered by images of this density (0..1). */
  coverage: number;
}

/** Images of one density covering less than this share of the page are not "the scan" (a logo, a photo beside text). */
export const DOMINANT_IMAGE_SHARE = 0.5;
/** Images within this ratio of each other's density count as one scan (a page stored as several strips). */
const SAME_DENSITY = 1.05;
/** More operators than this are not followed (a page of millions of operators is no plain scan; the render is bounded elsewhere). */
const MAX_OPS_FOLLOWED = 200_000;
/** Deeper save/form nesting than this stops the walk (hostile nesting; pdf.js itself renders whatever it can). */
const MAX_DEPTH = 1_000;

type Matrix = [number, number, number, number, number, number];

function multiply(m: Matrix, n: readonly number[]): Matrix {
  // n applied first, then m (PDF's `cm`: new CTM = n × CTM).
  const [a, b, c, d, e, f] = n as Matrix;
  return [a * m[0] + b * m[2], a * m[1] + b * m[3], c * m[0] + d * m[2], c * m[1] + d * m[3], e * m[0] + f * m[2] + m[4], e * m[1] + f * m[3] + m[5]];
}

function isMatrix(v: unknown): v is Matrix {
  return Array.isArray(v) && v.length === 6 && v.every((x) => typeof x === "number" && Number.isFinite(x));
}

/** Pixel width and height of an image operator, or null for anything else. */
function imagePixels(fn: number, args: unknown): { w: number; h: number } | null {
  if (!Array.isArray(args)) return null;
  if (fn === PDF_OPS.paintImageXObject) {
    const [, w, h] = args as unknown[];
    return typeof w === "number" && typeof h === "number" ? { w, h } : null;
  }
  if (fn === PDF_OPS.paintInlineImageXObject) {
    const data = args[0] as { width?: unknown; height?: unknown } | null | undefined;
    return data && typeof data.width === "number" && typeof data.height === "number" ? { w: data.width, h: data.height } : null;
  }
  return null;
}

/** Area of the unit square under `m`, clipped to the page's view box (axis-aligned bounds: scans are not skewed in the PDF). */
function visibleArea(m: Matrix, view: readonly [number, number, number, number]): number {
  const xs = [m[4], m[0] + m[4], m[2] + m[4], m[0] + m[2] + m[4]];
  const ys = [m[5], m[1] + m[5], m[3] + m[5], m[1] + m[3] + m[5]];
  const x0 = Math.max(Math.min(...xs), view[0]);
  const x1 = Math.min(Math.max(...xs), view[2]);
  const y0 = Math.max(Math.min(...ys), view[1]);
  const y1 = Math.min(Math.max(...ys), view[3]);
  return x1 > x0 && y1 > y0 ? (x1 - x0) * (y1 - y0) : 0;
}

/**
 * The density of the page's dominant image: the images drawn on the page,
 * grouped by pixels per point, and the group covering the most of the page
 * wins if it covers at least {@link DOMINANT_IMAGE_SHARE}. Null for a page
 * without such an image (vector or text pages, small pictures), for a page
 * whose operator list is too long to follow, and for nonsense numbers.
 *
 * @param ops - the page's operator list (display intent).
 * @param view - the page's view box in PDF points `[x0, y0, x1, y1]` (pdf.js `page.view`).
 */
export function dominantScanDensity(ops: OperatorListLike, view: readonly [number, number, number, number]): ScanDensity | null {
  const pageArea = (view[2] - view[0]) * (view[3] - view[1]);
  if (!(pageArea > 0) || !Number.isFinite(pageArea)) return null;
  const n = ops.fnArray.length;
  if (n > MAX_OPS_FOLLOWED) return null;
  const images: { density: number; area: number }[] = [];
  let ctm: Matrix = [1, 0, 0, 1, 0, 0];
  const stack: Matrix[] = [];
  for (let i = 0; i < n; i++) {
    const fn = ops.fnArray[i];
    const args = ops.argsArray[i];
    if (fn === PDF_OPS.save || fn === PDF_OPS.beginGroup) {
      if (stack.length >= MAX_DEPTH) return null;
      stack.push(ctm);
    } else if (fn === PDF_OPS.restore || fn === PDF_OPS.endGroup || fn === PDF_OPS.paintFormXObjectEnd) {
      ctm = stack.pop() ?? ctm;
    } else if (fn === PDF_OPS.transform) {
      if (isMatrix(args)) ctm = multiply(ctm, args);
    } else if (fn === PDF_OPS.paintFormXObjectBegin) {
      if (stack.length >= MAX_DEPTH) return null;
      stack.push(ctm);
      const matrix = Array.isArray(args) ? args[0] : null;
      if (isMatrix(matrix)) ctm = multiply(ctm, matrix);
    } else {
      const px = imagePixels(fn ?? -1, args);
      if (!px || !(px.w > 0) || !(px.h > 0)) continue;
      // An image is drawn into the unit square: its sides on the page are the CTM's columns.
      const sideW = Math.hypot(ctm[0], ctm[1]);
      const sideH = Math.hypot(ctm[2], ctm[3]);
      if (!(sideW > 0) || !(sideH > 0)) continue;
      const density = Math.max(px.w / sideW, px.h / sideH);
      const area = visibleArea(ctm, view);
      if (Number.isFinite(density) && area > 0) images.push({ density, area });
    }
  }
  // Densities within SAME_DENSITY of the lowest in a window count as one scan (two pointers over the
  // sorted list); the window covering the most wins, at its area-weighted density.
  images.sort((x, y) => x.density - y.density);
  let best: ScanDensity | null = null;
  let bestCovered = 0;
  let covered = 0;
  let weighted = 0;
  let end = 0;
  for (let start = 0; start < images.length; start++) {
    const low = images[start]!.density;
    for (; end < images.length && images[end]!.density <= low * SAME_DENSITY; end++) {
      covered += images[end]!.area;
      weighted += images[end]!.area * images[end]!.density;
    }
    if (covered >= DOMINANT_IMAGE_SHARE * pageArea && covered > bestCovered) {
      bestCovered = covered;
      best = { pixelsPerPoint: weighted / covered, coverage: Math.min(1, covered / pageArea) };
    }
    covered -= images[start]!.area;
    weighted -= images[start]!.area * low;
  }
  return best;
}

/** A scan is never rendered below this zoom (36 dpi): a thumbnail-sized image is no page to read at its own size. */
export const MIN_SCAN_SCALE = 0.5;

/** Relative margin over a scan's density (see {@link scanRenderScale}): ≤ 0.1 px over a 2,500 px scan. */
const NATIVE_SCALE_MARGIN = 4e-5;

/**
 * The zoom (relative to 72 dpi) to render a page at: a scan at its dominant
 * image's own density (at most `maxScale`, at least {@link MIN_SCAN_SCALE}),
 * any other page at `pageScale`. A scan coarser than `pageScale` is not
 * enlarged by the renderer: its pixels go to the OCR preparation as scanned,
 * which enlarges them itself (lanczos) — the renderer's enlargement cost 29 of
 * 360 fields on the 120 shared receipts as 72–150 dpi PDFs
 * (`eval:text-layer -- --tesseract --redo`). The caller still shrinks it to
 * fit its pixel budget.
 */
export function scanRenderScale(density: ScanDensity | null, pageScale: number, maxScale: number): number {
  if (!density) return pageScale;
  // A hair above the density: the canvas is the page size × zoom rounded down, and a page box written with two
  // decimals is a thousandth of a point short of the image, so at the exact density the canvas lost a row and a
  // column and every pixel was resampled (80 of the 120 receipts as PDFs).
  return Math.max(MIN_SCAN_SCALE, Math.min(maxScale, density.pixelsPerPoint * (1 + NATIVE_SCALE_MARGIN)));
}
