/**
 * Whether the lines of text on a page run across it (upright or upside down) or along it (the page lies on its
 * side: a scanner fed sideways, a photo whose EXIF orientation was stripped). tesseract reads a page turned a
 * quarter turn as nothing, and one turned half a turn as garbage, without saying so; this cheap, pure estimate
 * tells the OCR pool which turns are worth a read (ocr.adapter.ts), and the reads decide between the two turns
 * of an axis (90° or 270°, 0° or 180°), since the projections below cannot tell a page from its mirror image.
 *
 * Method: the print's dark pixels (skew.estimate.ts' {@link printPixels}) projected onto rows and onto columns,
 * each profile scored like the skew estimate (Postl: the sum of squared differences of neighbouring bins, best
 * over small shears, since a page may lie a few degrees off either axis). Lines of text fill a few rows and leave
 * the gaps between them empty, so the profile across the lines changes sharply; the profile along them averages
 * every line's letters and changes little. The ratio of the two scores (each profile scaled to a mean of 1) says
 * which way the lines run. A quarter turn swaps the two profiles exactly, so the ratio of a turned page is the
 * inverse of the upright page's.
 *
 * It is a hint, not a verdict: on the 120 shared receipts it told the axis right for 111 upright pages; wrong on
 * receipts whose monospaced print stands in aligned columns, or with a barcode's bars, which sharpen the column
 * profile, and on a synthetic landscape table whose column gaps outweigh its rows (test/unit/ocr.orient.test.ts). So it only orders the turns the OCR pool tries on a page whose upright read was unsure or empty, and
 * never stops an upright page from being read upright first.
 * Work is on a copy whose longer side is at most {@link ORIENTATION_SIDE} px: a few milliseconds per page.
 */
import { printPixels, profileScore } from "./skew.estimate.js";

/** The estimate runs on a copy whose longer side is at most this many pixels. */
export const ORIENTATION_SIDE = 1200;
/** Shears tried either side of each axis, in degrees (a page held a few degrees off square), and their step. */
const MAX_SHEAR_DEGREES = 6;
const SHEAR_STEP = 1;

/** Which way a page's lines of text run. */
export type TextAxis = "horizontal" | "vertical" | "unknown";

/** What {@link estimateOrientation} found. */
export interface OrientationEstimate {
  /** `unknown` when the page holds too little print to measure. */
  axis: TextAxis;
  /**
   * Profile score across rows ÷ score across columns (natural log): above 0 the lines run horizontally, below 0
   * vertically; the further from 0, the surer. 0 when nothing was measurable.
   */
  logRatio: number;
  /** Dark pixels measured (on the reduced copy). */
  darkPixels: number;
}

/** Fewer dark pixels than this on the reduced copy: nothing to measure. */
const MIN_DARK_PIXELS = 200;

/** Best Postl score of the dark pixels projected onto one axis, over shears of ±{@link MAX_SHEAR_DEGREES}. */
function bestScore(along: Int32Array, across: Int32Array, n: number, acrossSize: number, alongSize: number): number {
  let best = 0;
  for (let a = -MAX_SHEAR_DEGREES; a <= MAX_SHEAR_DEGREES + 1e-9; a += SHEAR_STEP) best = Math.max(best, profileScore(along, across, n, acrossSize, alongSize, a));
  return best;
}

/**
 * Estimates which way the text on 8-bit grey pixels (dark print on light paper) runs (see the module comment).
 * Pure; a page with too little print gets `unknown`.
 */
export function estimateOrientation(pixels: Uint8Array, width: number, height: number): OrientationEstimate {
  const none: OrientationEstimate = { axis: "unknown", logRatio: 0, darkPixels: 0 };
  if (width < 16 || height < 16 || pixels.length < width * height) return none;
  const factor = Math.max(1, Math.ceil(Math.max(width, height) / ORIENTATION_SIDE));
  // The thick-area rule measured across the shorter side, so the page and its quarter turn lose the same areas.
  const print = printPixels(pixels, width, height, factor, Math.min(Math.floor(width / factor), Math.floor(height / factor)));
  const { n } = print;
  if (n < MIN_DARK_PIXELS || n > 0.5 * print.width * print.height) return { ...none, darkPixels: n };
  const xs = print.xs.subarray(0, n);
  const ys = print.ys.subarray(0, n);
  const rows = bestScore(xs, ys, n, print.height, print.width);
  const columns = bestScore(ys, xs, n, print.width, print.height);
  if (rows <= 0 || columns <= 0) return { ...none, darkPixels: n };
  // Each profile scaled to a mean of 1 per bin (rows hold N/height pixels on average, columns N/width), so a tall
  // receipt's many short rows and few tall columns compare fairly: the score then counts the sharp changes.
  const logRatio = Math.log(rows / columns) + 2 * Math.log(print.height / print.width);
  return { axis: logRatio >= 0 ? "horizontal" : "vertical", logRatio, darkPixels: n };
}
