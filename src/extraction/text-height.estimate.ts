/**
 * How tall a page's print is, measured on its pixels before OCR: the median
 * height of the glyph-sized connected components of dark pixels.
 *
 * Why components and not a row profile: a full-page invoice has columns, a
 * logo and table rules side by side, so rows of pixels mix lines of different
 * sizes; a component is one glyph (or a few touching ones) whatever sits
 * beside it. Letters of one font give heights between the x-height (a, e, o)
 * and the ascender height (b, d, T), so the median lands near the size most of
 * the page's text is printed at.
 *
 * The estimate works on a copy reduced so its longer side is at most
 * {@link ESTIMATE_MAX_SIDE} px only when the page is very large (a print tall
 * enough to survive the reduction needs no enlarging anyway); components are
 * labelled with a run-based union-find in one pass, O(pixels).
 */

/** Pages larger than this (longer side, px) are measured on a reduced copy; the result is in the page's own pixels. */
export const ESTIMATE_MAX_SIDE = 2000;

/**
 * A glyph is at most this much wider than tall: letters and digits are (m, w and a few touching pairs reach
 * ~1.3); dashes, "=" rows, underlines and table rules are not, and a receipt's separator rows of dashes
 * would otherwise outnumber its letters and pull the median down to a dash's height.
 */
const MAX_GLYPH_ASPECT = 1.5;

/** Fewer glyph-sized components than this: no measurable print (a photo, a blank page); the estimate is null. */
const MIN_COMPONENTS = 30;

/** The measured print size of a page. */
export interface TextHeightEstimate {
  /** Median height (px of the measured image) of glyph-sized components. */
  height: number;
  /** How many components the median is taken over. */
  components: number;
}

/**
 * Otsu's threshold of an 8-bit grey image: the level that best separates ink from paper.
 */
export function otsuThreshold(pixels: Uint8Array): number {
  const hist = new Float64Array(256);
  for (let i = 0; i < pixels.length; i++) hist[pixels[i] as number]! += 1;
  const total = pixels.length;
  let sumAll = 0;
  for (let v = 0; v < 256; v++) sumAll += v * (hist[v] as number);
  let sumB = 0;
  let wB = 0;
  let best = 0;
  let bestVar = -1;
  for (let t = 0; t < 256; t++) {
    wB += hist[t] as number;
    if (wB === 0) continue;
    const wF = total - wB;
    if (wF === 0) break;
    sumB += t * (hist[t] as number);
    const mB = sumB / wB;
    const mF = (sumAll - sumB) / wF;
    const between = wB * wF * (mB - mF) * (mB - mF);
    if (between > bestVar) {
      bestVar = between;
      best = t;
    }
  }
  return best;
}

/**
 * The median glyph height of an 8-bit grey image (dark print on light paper), in its own pixels;
 * null when the page holds too few glyph-like marks to tell.
 *
 * A component counts as a glyph when it is at least 3 px tall, at most a twentieth of the page's
 * height, no wider than {@link MAX_GLYPH_ASPECT} times its height (dashes, rules and underlines do
 * not count) and not a near-solid block (a filled box, a logo).
 */
export function estimateTextHeight(pixels: Uint8Array, width: number, height: number): TextHeightEstimate | null {
  if (width <= 0 || height <= 0 || pixels.length < width * height) return null;
  const factor = Math.max(1, Math.ceil(Math.max(width, height) / ESTIMATE_MAX_SIDE));
  const w = Math.floor(width / factor);
  const h = Math.floor(height / factor);
  if (w < 8 || h < 8) return null;
  let grey: Uint8Array;
  if (factor === 1) grey = pixels.subarray(0, width * height);
  else {
    // Minimum over each factor×factor cell: thin strokes survive the reduction.
    grey = new Uint8Array(w * h);
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        let m = 255;
        for (let dy = 0; dy < factor; dy++) {
          const row = (y * factor + dy) * width + x * factor;
          for (let dx = 0; dx < factor; dx++) {
            const v = pixels[row + dx] as number;
            if (v < m) m = v;
          }
        }
        grey[y * w + x] = m;
      }
    }
  }
  const cut = otsuThreshold(grey);
  const ink = new Uint8Array(w * h);
  for (let i = 0; i < ink.length; i++) ink[i] = (grey[i] as number) < cut ? 1 : 0;
  bridgeVerticalGaps(ink, w, h, VERTICAL_BRIDGE_PX);
  const heights = componentHeights(ink, w, h, Math.max(3, Math.floor(h / 20)));
  if (heights.length < MIN_COMPONENTS) return null;
  heights.sort((a, b) => a - b);
  const median = heights[Math.floor(heights.length / 2)] as number;
  return { height: median * factor, components: heights.length };
}

/**
 * Vertical gaps of at most this many pixels inside a column of ink are filled before labelling: the print of a
 * dot-matrix or faded thermal receipt breaks each letter into dots and fragments one or two pixels apart, which
 * would otherwise be measured instead of the letter. Lines of print are further apart than this even at 100 dpi.
 */
const VERTICAL_BRIDGE_PX = 2;

/** Fills runs of at most `gap` non-ink pixels between two ink pixels of the same column, in place. */
function bridgeVerticalGaps(ink: Uint8Array, w: number, h: number, gap: number): void {
  for (let x = 0; x < w; x++) {
    let last = -1;
    for (let y = 0; y < h; y++) {
      if (ink[y * w + x] !== 1) continue;
      if (last >= 0 && y - last > 1 && y - last - 1 <= gap) for (let k = last + 1; k < y; k++) ink[k * w + x] = 1;
      last = y;
    }
  }
}

/**
 * Heights of the glyph-sized 8-connected components of ink pixels (1).
 * Runs of dark pixels per row are joined by union-find with the overlapping runs of the row above.
 */
function componentHeights(ink: Uint8Array, w: number, h: number, maxHeight: number): number[] {
  const parent: number[] = [];
  const minY: number[] = [];
  const maxY: number[] = [];
  const minX: number[] = [];
  const maxX: number[] = [];
  const area: number[] = [];
  const find = (a: number): number => {
    let r = a;
    while (parent[r] !== r) r = parent[r] as number;
    while (parent[a] !== r) {
      const next = parent[a] as number;
      parent[a] = r;
      a = next;
    }
    return r;
  };
  const union = (a: number, b: number): void => {
    const ra = find(a);
    const rb = find(b);
    if (ra === rb) return;
    parent[rb] = ra;
    minY[ra] = Math.min(minY[ra] as number, minY[rb] as number);
    maxY[ra] = Math.max(maxY[ra] as number, maxY[rb] as number);
    minX[ra] = Math.min(minX[ra] as number, minX[rb] as number);
    maxX[ra] = Math.max(maxX[ra] as number, maxX[rb] as number);
    area[ra] = (area[ra] as number) + (area[rb] as number);
  };
  // Runs of the previous and current row: [start, end (exclusive), label] triples.
  let prev: number[] = [];
  for (let y = 0; y < h; y++) {
    const cur: number[] = [];
    const row = y * w;
    let x = 0;
    while (x < w) {
      if (ink[row + x] === 0) {
        x++;
        continue;
      }
      const start = x;
      while (x < w && ink[row + x] === 1) x++;
      const label = parent.length;
      parent.push(label);
      minY.push(y);
      maxY.push(y);
      minX.push(start);
      maxX.push(x - 1);
      area.push(x - start);
      cur.push(start, x, label);
    }
    // 8-connectivity: a run touches a run of the row above that overlaps it widened by one pixel.
    let j = 0;
    for (let i = 0; i < cur.length; i += 3) {
      const s = cur[i] as number;
      const e = cur[i + 1] as number;
      while (j < prev.length && (prev[j + 1] as number) < s) j += 3;
      for (let k = j; k < prev.length && (prev[k] as number) <= e; k += 3) union(prev[k + 2] as number, cur[i + 2] as number);
    }
    prev = cur;
  }
  const heights: number[] = [];
  for (let i = 0; i < parent.length; i++) {
    if (parent[i] !== i) continue;
    const ch = (maxY[i] as number) - (minY[i] as number) + 1;
    const cw = (maxX[i] as number) - (minX[i] as number) + 1;
    if (ch < 3 || ch > maxHeight || cw > MAX_GLYPH_ASPECT * ch) continue;
    if ((area[i] as number) > 0.9 * ch * cw && ch > 4) continue;
    heights.push(ch);
  }
  return heights;
}
