/**
 * How blurred a page's print is, measured as the width of its edges: a phone
 * photo's print is soft (focus, shake, the camera's own smoothing), and a
 * blurred decimal point or thin stroke falls below tesseract's threshold (`9.00`
 * read `900`). A scan's print rises from ink to paper within a pixel or two.
 *
 * Method: along every row (and every column), each strong local maximum of the
 * grey gradient is an edge; from it the profile is followed both ways while it
 * keeps rising resp. falling (at most {@link MAX_RUN} px), and the edge's width
 * is the distance between the points where it has covered 10 % and 90 % of that
 * rise (linearly interpolated). Only edges that rise at least {@link MIN_EDGE_CONTRAST}
 * grey levels count (ink against paper, not paper texture or JPEG noise). The
 * estimate is the median width: for a step blurred by a Gaussian of σ it is
 * ≈ 2.56 σ (the 10–90 % rise of the Gaussian's integral), plus what the
 * sampling adds (~1 px for a sharp step).
 *
 * It runs on at most every {@link ESTIMATE_STEP}-th row and column: cost is a
 * few milliseconds on a prepared receipt.
 */

/** An edge counts only when the grey rises at least this much across it (0–255). */
export const MIN_EDGE_CONTRAST = 60;
/** An edge is followed at most this many pixels either way from its steepest point. */
export const MAX_RUN = 12;
/** Rows and columns sampled: every n-th. */
export const ESTIMATE_STEP = 3;
/** Fewer edges than this and the page says nothing about its sharpness: {@link estimateBlur} gives null. */
export const MIN_EDGES = 200;

/** What {@link estimateBlur} found. */
export interface BlurEstimate {
  /** Median 10–90 % width of the page's strong edges, in px of the pixels measured. */
  edgeWidth: number;
  /** Edges measured. */
  edges: number;
}

/**
 * The 10–90 % width of the edge through `at` in the 1-D profile `get(0..n-1)`, or null when the gradient at
 * `at` is not a strong local maximum.
 */
function edgeWidthAt(get: (i: number) => number, n: number, at: number): number | null {
  const g = get(at + 1) - get(at - 1);
  const gl = get(at) - get(at - 2);
  const gr = get(at + 2) - get(at);
  const a = Math.abs(g);
  // A local maximum of |gradient| (ties broken to the left, so a plateau counts once).
  if (a < MIN_EDGE_CONTRAST / 6 || Math.abs(gl) > a || Math.abs(gr) >= a || Math.sign(gl) !== Math.sign(g) && gl !== 0) return null;
  const dir = Math.sign(g);
  let lo = at;
  while (lo > 0 && at - lo < MAX_RUN && dir * (get(lo) - get(lo - 1)) > 0) lo -= 1;
  let hi = at;
  while (hi < n - 1 && hi - at < MAX_RUN && dir * (get(hi + 1) - get(hi)) > 0) hi += 1;
  const v0 = get(lo);
  const v1 = get(hi);
  const rise = dir * (v1 - v0);
  if (rise < MIN_EDGE_CONTRAST) return null;
  // Where the profile crosses a share of the rise, interpolated between samples.
  const crossing = (share: number): number => {
    const level = v0 + dir * share * rise;
    for (let i = lo; i < hi; i += 1) {
      const p = get(i);
      const q = get(i + 1);
      if (dir * (q - level) >= 0 && dir * (p - level) < 0) return i + (level - p) / (q - p);
    }
    return hi;
  };
  return crossing(0.9) - crossing(0.1);
}

/**
 * The median edge width of an 8-bit grey image (see the module comment); null when it holds fewer than
 * {@link MIN_EDGES} strong edges (a blank or nearly blank page).
 */
export function estimateBlur(grey: Uint8Array, width: number, height: number): BlurEstimate | null {
  const widths: number[] = [];
  const quick = MIN_EDGE_CONTRAST / 6;
  // One row or column at a time, copied out, so the walk along it is plain array indexing.
  const scan = (line: Float64Array, n: number) => {
    const get = (i: number): number => line[i < 0 ? 0 : i >= n ? n - 1 : i] as number;
    for (let i = 2; i < n - 2; i += 1) {
      const g = (line[i + 1] as number) - (line[i - 1] as number);
      if (g < quick && g > -quick) continue;
      const w = edgeWidthAt(get, n, i);
      if (w !== null) widths.push(w);
    }
  };
  const row = new Float64Array(width);
  for (let y = 0; y < height; y += ESTIMATE_STEP) {
    for (let x = 0; x < width; x += 1) row[x] = grey[y * width + x] as number;
    scan(row, width);
  }
  const column = new Float64Array(height);
  for (let x = 0; x < width; x += ESTIMATE_STEP) {
    for (let y = 0; y < height; y += 1) column[y] = grey[y * width + x] as number;
    scan(column, height);
  }
  if (widths.length < MIN_EDGES) return null;
  widths.sort((a, b) => a - b);
  return { edgeWidth: widths[widths.length >> 1] as number, edges: widths.length };
}
