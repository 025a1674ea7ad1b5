/**
 * Geometry helpers over {@link PageModel}: map a character span back to its
 * words and box, and find the value that belongs to a label by position —
 * on the same visual row to the right of the label, or on a row just below it
 * that overlaps the label horizontally.
 */
import type { BBox, PageLine, PageModel, PageWord } from "../../page/page.model.js";

/** {@link linesOf} per page's blocks: the extractors ask for a page's lines thousands of times per document. */
const linesCache = new WeakMap<PageModel["blocks"], readonly PageLine[]>();

/** Every line of a page in reading order (one array per page, shared by the callers: read it, never change it). */
export function linesOf(page: PageModel): readonly PageLine[] {
  let lines = linesCache.get(page.blocks);
  if (!lines) {
    lines = page.blocks.flatMap((b) => b.lines);
    linesCache.set(page.blocks, lines);
  }
  return lines;
}

/** Words of `page` whose text overlaps the character span `[start, end)`. */
export function wordsInSpan(page: PageModel, start: number, end: number): PageWord[] {
  const out: PageWord[] = [];
  for (const line of linesOf(page)) {
    if (line.end <= start || line.start >= end) continue;
    for (const w of line.words) if (w.start < end && w.end > start) out.push(w);
  }
  return out;
}

/**
 * End of the table cell that holds offset `from` of `line`: the next tab (the page text separates cells of a row by
 * tabs) or the line's end, whichever comes first.
 */
export function cellEnd(page: PageModel, line: PageLine, from: number): number {
  const tab = page.text.indexOf("\t", from);
  return tab < 0 || tab > line.end ? line.end : tab;
}

/** Smallest box around `boxes`, or null for none. */
export function unionBox(boxes: readonly BBox[]): BBox | null {
  if (boxes.length === 0) return null;
  return {
    x0: Math.min(...boxes.map((b) => b.x0)),
    y0: Math.min(...boxes.map((b) => b.y0)),
    x1: Math.max(...boxes.map((b) => b.x1)),
    y1: Math.max(...boxes.map((b) => b.y1)),
  };
}

/** Box and mean word confidence of a span (null box and confidence 0 when it touches no word). */
export function spanGeometry(page: PageModel, start: number, end: number): { box: BBox | null; ocrConfidence: number } {
  const words = wordsInSpan(page, start, end);
  const ocrConfidence = words.length === 0 ? 0 : words.reduce((s, w) => s + w.confidence, 0) / words.length;
  return { box: unionBox(words.map((w) => w.box)), ocrConfidence: Math.round(ocrConfidence * 1000) / 1000 };
}

/** Vertical overlap of two boxes as a share of the smaller height. */
export function rowOverlap(a: BBox, b: BBox): number {
  const overlap = Math.min(a.y1, b.y1) - Math.max(a.y0, b.y0);
  const h = Math.min(a.y1 - a.y0, b.y1 - b.y0);
  return h <= 0 ? 0 : overlap / h;
}

/** A value a matcher found, with where: `distance` 0 = same row, 1+ = rows below. */
export interface PlacedValue<T> {
  value: T;
  line: PageLine;
  distance: number;
  /** True when the value sits to the right of the label (same row), false when below it. */
  right: boolean;
}

/** End offset of a matched value, when the matcher reports one (`end` property); otherwise treat it as ending the text. */
function spanEnd(v: unknown): number {
  return typeof v === "object" && v !== null && "end" in v && typeof (v as { end: unknown }).end === "number" ? (v as { end: number }).end : Number.MAX_SAFE_INTEGER;
}

/** Finds a value in a piece of page text; `offset` is where the piece starts in the page text. */
export type ValueMatcher<T> = (text: string, offset: number) => T | null;

/**
 * The value that belongs to a label whose box is `label` and whose text ends
 * at `labelEnd`: first on the label's own row (its own line after the label,
 * then any other line at the same height further right — a value printed in
 * a separate column), then on the next rows below whose words overlap the
 * label's horizontal extent (a value under its column heading). Rows below
 * are only searched down to `maxBelow` rows and stop at a row that holds
 * another label-looking text in the same column.
 */
export function valueForLabel<T>(
  page: PageModel,
  labelLine: PageLine,
  label: BBox,
  labelEnd: number,
  match: ValueMatcher<T>,
  opts: { maxBelow?: number; below?: boolean } = {},
): PlacedValue<T> | null {
  const lines = linesOf(page);
  const same = match(page.text.slice(labelEnd, labelLine.end), labelEnd);
  if (same !== null) return { value: same, line: labelLine, distance: 0, right: true };
  // Same row, another line (a value column the builder kept apart): nearest to the right first.
  const rowCandidates = lines
    .filter((l) => l !== labelLine && rowOverlap(l.box, label) > 0.5 && l.box.x1 > label.x1)
    .sort((a, b) => a.box.x0 - b.box.x0);
  for (const l of rowCandidates) {
    const first = l.words.find((w) => w.box.x0 >= label.x1 - 0.005);
    if (!first) continue;
    const v = match(page.text.slice(first.start, l.end), first.start);
    if (v !== null) return { value: v, line: l, distance: 0, right: true };
  }
  // PDF text layers sometimes emit a pair in reverse ("993548900 Factuurnummer:"): when the label ends its
  // line with a colon and the line before it is exactly one value, that value is the label's.
  if (/:\s*$/.test(page.text.slice(labelLine.start, labelLine.end)) && page.text.slice(labelEnd, labelLine.end).replace(/[\s:]/g, "") === "") {
    const firstLabelWord = labelLine.words.find((w) => w.box.x0 >= label.x0 - 1e-6 && w.box.y0 < label.y1);
    if (firstLabelWord && firstLabelWord.start > labelLine.start) {
      const before = page.text.slice(labelLine.start, firstLabelWord.start);
      const v = match(before, labelLine.start);
      const rest = v === null ? null : before.replace(/\s+$/, "");
      if (v !== null && rest !== null && /^[\s:]*$/.test(rest.slice(spanEnd(v) - labelLine.start))) return { value: v, line: labelLine, distance: 0, right: false };
    }
  }
  if (opts.below === false) return null;
  const maxBelow = opts.maxBelow ?? 2;
  const h = label.y1 - label.y0;
  const below = lines
    .filter((l) => l.box.y0 >= label.y1 - 0.3 * h && l.box.y0 - label.y1 < (maxBelow + 0.5) * Math.max(h, l.box.y1 - l.box.y0) * 1.6)
    .sort((a, b) => a.box.y0 - b.box.y0);
  let rows = 0;
  let lastY = -1;
  for (const l of below) {
    if (l === labelLine) continue;
    // Words under the label: overlapping its horizontal extent (with a little slack). A line with none is another
    // column's ("Date  Invoice #" beside an address whose next line stands between them and their values): it is no
    // row between the label and its value.
    const slack = 0.25 * (label.x1 - label.x0);
    const first = l.words.find((w) => w.box.x1 > label.x0 - slack && w.box.x0 < label.x1 + slack);
    if (!first) continue;
    if (Math.abs(l.box.y0 - lastY) > 0.3 * h) {
      rows += 1;
      lastY = l.box.y0;
    }
    if (rows > maxBelow) break;
    const v = match(page.text.slice(first.start, l.end), first.start);
    if (v !== null) return { value: v, line: l, distance: rows, right: false };
  }
  return null;
}

/** A preposition that leads into its value ("vom", "du", "dated", "of", "van", "del"): a sentence goes on after it. */
const LEADS_INTO_VALUE = /(?<![\p{L}])(?:vom|du|dated|of|van|del)\s*$/iu;

/**
 * The value of a label that ends its row with a preposition ("Gutschrift Nr. 471102 vom" / "05.03.2018"): the
 * title wrapped, and its value opens the next row in reading order, wherever that row starts. Null when the label
 * does not end so or the next row does not open with a value.
 */
export function valueAfterWrappedLabel<T>(page: PageModel, labelLine: PageLine, labelEnd: number, match: ValueMatcher<T>): PlacedValue<T> | null {
  if (page.text.slice(labelEnd, labelLine.end).trim() !== "" || !LEADS_INTO_VALUE.test(page.text.slice(labelLine.start, labelEnd))) return null;
  const lines = linesOf(page);
  const next = lines[lines.indexOf(labelLine) + 1];
  if (!next) return null;
  const v = match(page.text.slice(next.start, next.end), next.start);
  return v === null ? null : { value: v, line: next, distance: 1, right: false };
}
