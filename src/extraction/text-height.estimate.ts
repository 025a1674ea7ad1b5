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

import { inkComponents, otsuThreshold, reduceByMinimum } from "./ink.raster.js";

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
 * The median glyph height of an 8-bit grey image (dark print on light paper), in its own pixels;
 * null when the page holds too few glyph-like marks to tell.
 *
 * A component counts as a glyph when it is at least 3 px tall, at most a twentieth of the page's
 * height, no wider than {@link MAX_GLYPH_ASPECT} times its height (dashes, rules and underlines do
 * not count) and not a near-solid block (a filled box, a logo).
 */
export function estimateTextHeight(pixels: Uint8Array, width: number, height: number): TextHeightEstimate | null {
  if (width <= 0 || height <= 0 || pixels.length < width * height) return null;
  const { grey, w, h, factor } = reduceByMinimum(pixels, width, height, ESTIMATE_MAX_SIDE);
  if (w < 8 || h < 8) return null;
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

/** Heights of the glyph-sized 8-connected components of ink pixels (1). */
function componentHeights(ink: Uint8Array, w: number, h: number, maxHeight: number): number[] {
  const heights: number[] = [];
  for (const c of inkComponents(ink, w, h)) {
    const ch = c.y1 - c.y0 + 1;
    const cw = c.x1 - c.x0 + 1;
    if (ch < 3 || ch > maxHeight || cw > MAX_GLYPH_ASPECT * ch) continue;
    if (c.area > 0.9 * ch * cw && ch > 4) continue;
    heights.push(ch);
  }
  return heights;
}
