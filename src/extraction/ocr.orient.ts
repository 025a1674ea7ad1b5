/**
 * Which quarter turns the OCR pool reads a page at (ocr.adapter.ts). A page that lies on its side (a scanner fed
 * sideways, a photo whose EXIF orientation was stripped) reads as nothing, one upside down as garbage, and
 * tesseract says neither: its confidence is all there is to go by. So every page is read upright first, exactly as
 * before, and only a page whose read is unsure or nearly empty while it holds print is read at other turns — in the
 * order the orientation estimate (orientation.estimate.ts) suggests, stopping at the first sure read — and the read
 * that recovered the most text read at least half sure is kept. Pure policy: no pixels, no engine.
 */
import type { QuarterTurn } from "./page/page.model.js";
import type { OrientationEstimate } from "./orientation.estimate.js";
import type { PageModel } from "./page/page.model.js";

export type { QuarterTurn } from "./page/page.model.js";

/**
 * Fewer characters read at least half sure than this, and a read counts as nearly empty: as the faded-print rule
 * (`NEARLY_EMPTY_PAGE_CHARS` of the preparer), on the words kept rather than the raw text.
 */
export const TURN_NEARLY_EMPTY_CHARS = 40;

/**
 * A read below this mean word confidence is weak enough that the page may lie on its side even when the estimate
 * says its lines run across: the turns of the other axis are tried too. Upside-down and sideways reads of the shared
 * receipts measured 0.00–0.39; an unsure upright receipt is read at 180° only (one read more).
 */
export const WEAK_READ_CONFIDENCE = 0.45;

/** Characters of the words read at least half sure: how much of a page a read recovered. */
export function confidentChars(page: PageModel): number {
  let n = 0;
  for (const block of page.blocks) for (const line of block.lines) for (const w of line.words) if (w.confidence >= 0.5) n += w.text.length;
  return n;
}

/** A read that needs no other turn: at least `sureAbove` mean confidence and not nearly empty. */
export function sureRead(page: PageModel, sureAbove: number): boolean {
  return page.confidence >= sureAbove && confidentChars(page) >= TURN_NEARLY_EMPTY_CHARS;
}

/** A read so poor the page may lie on its side whatever the estimate says (see {@link WEAK_READ_CONFIDENCE}). */
export function weakRead(page: PageModel): boolean {
  return page.confidence < WEAK_READ_CONFIDENCE || confidentChars(page) < TURN_NEARLY_EMPTY_CHARS;
}

/**
 * The turns to try after the upright read, in order: the estimate's axis first (lines across: 180°; lines along:
 * 90° then 270°), the other axis after it. The caller stops at the first sure read, and reads the other axis only
 * while the best read is weak or the estimate said the lines run along the page.
 */
export function turnOrder(estimate: OrientationEstimate): QuarterTurn[] {
  return estimate.axis === "vertical" ? [90, 270, 180] : [180, 90, 270];
}

/**
 * Whether `turn` is still worth a read, given the best read so far (`best`, kept at `bestTurn`) and the estimate:
 * never once a read is sure; 180° (the same axis as upright) whenever the best is unsure; a quarter turn when the
 * estimate says the lines run along the page or the best read is weak.
 */
export function worthTurn(turn: QuarterTurn, best: PageModel, estimate: OrientationEstimate, sureAbove: number): boolean {
  if (sureRead(best, sureAbove)) return false;
  if (turn === 180) return true;
  return estimate.axis === "vertical" || weakRead(best);
}

/** Of two reads of one page, the one that recovered more text read at least half sure (the first on a tie). */
export function betterRead(first: PageModel, second: PageModel): PageModel {
  return confidentChars(second) > confidentChars(first) ? second : first;
}
