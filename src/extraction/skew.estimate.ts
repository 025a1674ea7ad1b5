/**
 * Skew of a page of text, estimated from its dark pixels: a photographed
 * receipt is rarely held square to the camera, and tesseract reads lines tilted
 * by a few degrees worse (its line finder cuts them into pieces, and a word
 * crossing into the next line's band is lost).
 *
 * Method (Postl's projection profile): for each candidate angle, the dark
 * pixels are projected onto the axis perpendicular to lines of that slope; when
 * the slope is the text's, every text line falls into a few rows and every gap
 * between lines into empty rows, so the profile changes sharply from row to
 * row. The score is the sum of squared differences of neighbouring rows, the
 * angle with the highest score wins (a shear `y − x·tan θ` stands in for the
 * rotation: at a few degrees the two differ by well under a pixel per line).
 * Coarse steps over ±{@link MAX_SKEW_DEGREES}, then fine steps around the best.
 * A pixel counts as dark against the paper around it (lighting.flatten.ts'
 * paper estimate), not against one global level: in a photo the surface around
 * the receipt and the shadowed paper would otherwise count as print. Cells
 * that hold no paper of their own (the surface beside a photographed receipt,
 * which borrows its neighbours' paper estimate) are left out.
 * Work is on a copy at most {@link ESTIMATE_WIDTH} px wide, so it costs a few
 * milliseconds whatever the image's size.
 */

import { paperEstimate } from "./lighting.flatten.js";

/** Angles searched, in degrees either side of level. */
export const MAX_SKEW_DEGREES = 8;
/** The estimate runs on at most this many pixels of width (text lines stay several pixels tall). */
export const ESTIMATE_WIDTH = 600;

/** What {@link estimateSkew} found. */
export interface SkewEstimate {
  /**
   * Degrees the text is rotated clockwise (lines falling to the right) on the image; rotating the image by
   * `-angle` levels it. 0 when nothing was measurable.
   */
  angle: number;
  /**
   * How much sharper the profile is at `angle` than level (score at `angle` ÷ score at 0, ≥ 1): near 1 the
   * estimate is noise, a real skew of a few degrees on a text page gives well over 1.1.
   */
  gain: number;
  /** Dark pixels the estimate used (on the reduced copy). */
  darkPixels: number;
}

/** A pixel is dark when below this share of the paper's brightness around it. */
const DARK_SHARE = 0.75;

/**
 * Dark areas at least this share of the (reduced) page's width thick in both directions are not print: the
 * surface beside a photographed receipt, in cells that hold some paper too (a band along the top and bottom edge
 * of the photo), a shadow's core. Level edges of such a band outweigh every line of small print in the profile,
 * so a tilted photo measured as level (4 of 60 synthetic photos). Strokes of print, even a bold title, are thinner.
 */
export const THICK_BLOB_SHARE = 0.015;

/** The summed-area table of a 0/1 mask: entry (x, y) of a (width+1)-wide grid holds the sum above and left of (x, y). */
function summedArea(mask: Uint8Array, width: number, height: number): Int32Array {
  const sat = new Int32Array((width + 1) * (height + 1));
  for (let y = 0; y < height; y++) {
    let row = 0;
    for (let x = 0; x < width; x++) {
      row += mask[y * width + x] as number;
      sat[(y + 1) * (width + 1) + x + 1] = (sat[y * (width + 1) + x + 1] as number) + row;
    }
  }
  return sat;
}

/** Sum of the mask over columns x0 ≤ x < x1 and rows y0 ≤ y < y1, from its summed-area table. */
function rectSum(sat: Int32Array, width: number, x0: number, y0: number, x1: number, y1: number): number {
  const w = width + 1;
  return (sat[y1 * w + x1] as number) - (sat[y0 * w + x1] as number) - (sat[y1 * w + x0] as number) + (sat[y0 * w + x0] as number);
}

/**
 * Clears, in place, every dark pixel of `dark` (0/1) that lies in a `k`×`k` square entirely dark (a morphological
 * opening by the square: what survives an erosion, grown back). Returns how many pixels were cleared.
 */
export function dropThickBlobs(dark: Uint8Array, width: number, height: number, k: number): number {
  if (k < 2 || width < k || height < k) return 0;
  const sat = summedArea(dark, width, height);
  // core: the top-left corners of fully dark k×k squares.
  const core = new Uint8Array(width * height);
  let any = false;
  for (let y = 0; y + k <= height; y++) {
    for (let x = 0; x + k <= width; x++) {
      if (rectSum(sat, width, x, y, x + k, y + k) === k * k) {
        core[y * width + x] = 1;
        any = true;
      }
    }
  }
  if (!any) return 0;
  // A pixel lies in such a square when a corner is within k−1 pixels above and to its left.
  const coreSat = summedArea(core, width, height);
  let cleared = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      if (dark[i] && rectSum(coreSat, width, Math.max(0, x - k + 1), Math.max(0, y - k + 1), x + 1, y + 1) > 0) {
        dark[i] = 0;
        cleared++;
      }
    }
  }
  return cleared;
}

/** Reduces 8-bit grey pixels by an integer factor (mean of each block). */
function reduce(pixels: Uint8Array, width: number, height: number, factor: number): { data: Uint8Array; width: number; height: number } {
  if (factor <= 1) return { data: pixels, width, height };
  const w = Math.floor(width / factor);
  const h = Math.floor(height / factor);
  const out = new Uint8Array(w * h);
  const area = factor * factor;
  // Block sums one source row at a time (sequential reads), then the same rounded mean per block.
  const sums = new Uint32Array(w);
  for (let y = 0; y < h; y++) {
    sums.fill(0);
    for (let dy = 0; dy < factor; dy++) {
      let at = (y * factor + dy) * width;
      for (let x = 0; x < w; x++) {
        let s = 0;
        for (let dx = 0; dx < factor; dx++) s += pixels[at++] as number;
        sums[x] += s;
      }
    }
    const row = y * w;
    for (let x = 0; x < w; x++) out[row + x] = Math.round((sums[x] as number) / area);
  }
  return { data: out, width: w, height: h };
}

/**
 * Postl's score of the dark pixels `xs`, `ys` projected along slope `tan θ`: each pixel lands in row
 * `Math.round(y − x·tan θ)`. Since `y` is a whole number, that row is `y + Math.round(−x·tan θ)` — one
 * rounding per column instead of per pixel — except where `x·tan θ` lies within a hair of a half, where
 * the subtraction's own rounding could tip the result: those columns are rounded pixel by pixel, as before.
 */
export function profileScore(xs: Int32Array, ys: Int32Array, n: number, height: number, width: number, angle: number): number {
  const t = Math.tan((angle * Math.PI) / 180);
  const offset = Math.ceil(Math.abs(t) * width) + 1;
  const rows = new Int32Array(height + 2 * offset + 1);
  const shift = new Int32Array(width);
  const exact = new Uint8Array(width);
  for (let x = 0; x < width; x++) {
    const p = x * t;
    const r = Math.round(-p);
    shift[x] = r + offset;
    // Far from a tie, y − p and y + (−p) round alike whatever the subtraction's last bit.
    exact[x] = Math.abs(Math.abs(-p - r) - 0.5) > 1e-6 ? 1 : 0;
  }
  for (let i = 0; i < n; i++) {
    const x = xs[i] as number;
    const y = ys[i] as number;
    if (exact[x] === 1) rows[y + (shift[x] as number)] += 1;
    else rows[Math.round(y - x * t) + offset] += 1;
  }
  let score = 0;
  for (let r = 1; r < rows.length; r++) {
    const d = (rows[r] as number) - (rows[r - 1] as number);
    score += d * d;
  }
  return score;
}

/** Dark pixels of print on a reduced copy of a page (see {@link printPixels}). */
export interface PrintPixels {
  /** Coordinates of the dark pixels on the reduced copy, `n` of them, in row-major order. */
  xs: Int32Array;
  ys: Int32Array;
  n: number;
  /** Size of the reduced copy. */
  width: number;
  height: number;
}

/**
 * The pixels of print on 8-bit grey pixels reduced by an integer `factor` (mean of each block): dark against the
 * paper around them ({@link DARK_SHARE} of lighting.flatten.ts' paper estimate), in cells that hold paper of their
 * own, without areas thicker than print ({@link THICK_BLOB_SHARE} of `across` px, by default the reduced copy's width).
 * Shared by the skew and orientation estimates.
 */
export function printPixels(pixels: Uint8Array, width: number, height: number, factor: number, across?: number): PrintPixels {
  const small = reduce(pixels, width, height, factor);
  const paper = paperEstimate(small.data, small.width, small.height);
  // Per grid cell: whether it holds paper of its own, and the level below which a pixel is dark; per column its cell.
  const cellOfX = new Int32Array(small.width);
  for (let x = 0; x < small.width; x++) cellOfX[x] = Math.min(paper.cols - 1, Math.floor(x / paper.cell));
  const darkBelow = new Float64Array(paper.grid.length);
  for (let c = 0; c < darkBelow.length; c++) {
    const local = paper.grid[c] as number;
    darkBelow[c] = (paper.raw[c] as number) < DARK_SHARE * local ? -1 : DARK_SHARE * local;
  }
  // Dark pixels as a mask and as coordinates in row-major order.
  const dark = new Uint8Array(small.data.length);
  const allXs = new Int32Array(small.data.length);
  const allYs = new Int32Array(small.data.length);
  let found = 0;
  for (let y = 0; y < small.height; y++) {
    const row = Math.min(paper.rows - 1, Math.floor(y / paper.cell)) * paper.cols;
    const at = y * small.width;
    for (let x = 0; x < small.width; x++) {
      if ((small.data[at + x] as number) < (darkBelow[row + (cellOfX[x] as number)] as number)) {
        dark[at + x] = 1;
        allXs[found] = x;
        allYs[found] = y;
        found++;
      }
    }
  }
  const dropped = dropThickBlobs(dark, small.width, small.height, Math.max(3, Math.round((across ?? small.width) * THICK_BLOB_SHARE)));
  let n = found;
  if (dropped > 0) {
    // Keep the coordinates of the pixels the mask still holds, in the same order.
    n = 0;
    for (let i = 0; i < found; i++) {
      const x = allXs[i] as number;
      const y = allYs[i] as number;
      if (dark[y * small.width + x]) {
        allXs[n] = x;
        allYs[n] = y;
        n++;
      }
    }
  }
  return { xs: allXs, ys: allYs, n, width: small.width, height: small.height };
}

/**
 * Estimates the skew of text on 8-bit grey pixels (dark text on light paper; see the module comment).
 * An image with too few dark pixels to measure gets angle 0 and gain 1.
 */
export function estimateSkew(pixels: Uint8Array, width: number, height: number): SkewEstimate {
  const none: SkewEstimate = { angle: 0, gain: 1, darkPixels: 0 };
  if (width < 16 || height < 16 || pixels.length < width * height) return none;
  const { xs: allXs, ys: allYs, n, width: smallWidth, height: smallHeight } = printPixels(pixels, width, height, Math.max(1, Math.ceil(width / ESTIMATE_WIDTH)));
  const small = { width: smallWidth, height: smallHeight };
  // Nothing to measure on an empty page; a page mostly dark is a photo of something else, or inverted.
  if (n < 200 || n > 0.5 * small.width * small.height) return { ...none, darkPixels: n };
  const xs = allXs.subarray(0, n);
  const ys = allYs.subarray(0, n);
  const score = (a: number) => profileScore(xs, ys, n, small.height, small.width, a);
  let best = 0;
  let bestScore = score(0);
  const level = bestScore;
  for (let a = -MAX_SKEW_DEGREES; a <= MAX_SKEW_DEGREES + 1e-9; a += 0.5) {
    const s = score(a);
    if (s > bestScore) {
      bestScore = s;
      best = a;
    }
  }
  const coarse = best;
  for (let a = coarse - 0.4; a <= coarse + 0.4 + 1e-9; a += 0.1) {
    const s = score(a);
    if (s > bestScore) {
      bestScore = s;
      best = a;
    }
  }
  return { angle: Math.round(best * 10) / 10, gain: level > 0 ? bestScore / level : 1, darkPixels: n };
}
