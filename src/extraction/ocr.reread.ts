/**
 * Targeted re-OCR: after a page was read, look again at the few regions that
 * decide the key fields — the amount printed after a total/subtotal/tax/
 * rounding/cash/change label and the date after a date label (or a date-looking
 * token anywhere) — when their first reading is doubtful: a word confidence
 * below {@link RereadOptions.minConfidence}, or text that does not parse as an
 * amount with decimals or as a date. Each region is cropped from the image,
 * enlarged and read again as one line with a character whitelist (digits and
 * separators), and the new reading replaces the old words when it parses and
 * is surer than the old one.
 *
 * A total row OCR read without its amount, or with too little of one ("NET TOTAL" alone, "NET TOTAL 0.5"),
 * has no words to crop: the band of the row right of its label is read instead (see {@link valueBand}), and
 * the rightmost amount of that reading joins the row (see {@link bandAmount}).
 *
 * The line the page's company name is read from is read again too when a word
 * of it is unsure (see {@link nameRegions}): the whole line, widened to the
 * text column around it, with a whitelist of letters, digits and the
 * punctuation of names; the re-read replaces only the words it read clearly
 * surer (see {@link mergeNameReading}). It counts in the per-page limit, after
 * the total and before the other amounts and the dates. A name line page OCR
 * split into two rows at the same height is read as the one line it is, and the
 * reading replaces both rows when it is surer (see {@link twinRow}, {@link acceptedTwinName}).
 *
 * On a page whose text says German, the company name's line is then read once more with the German model
 * (see {@link germanNameRegions} and ocr.german.ts): the English model drops umlauts and ß (`Möller` →
 * `Moller`), and a word of the German reading that is the same word up to diacritics replaces the English one.
 *
 * The page model is patched in place of the old words (same boxes, same
 * reading order, text re-rendered with consistent offsets), so everything
 * downstream — page text, fields, highlights — sees the better reading.
 */
import type { BBox, PageBlock, PageLine, PageModel, PageWord } from "./page/page.model.js";
import type { LevelledPage, OcrPool, OcrRecognizeOptions, OcrRegionResult } from "./ocr.adapter.js";
import { pageToOriginal } from "./ocr.frame.js";
import { AMOUNT_LABELS, DATE_LABELS, LEGAL_FORM, NOT_AN_AMOUNT_LABEL } from "./fields/page/labels.vocabulary.js";
import { extractDocumentFields } from "./fields/page/document.fields.js";
import { fixLegalForm, letterheadIssuers } from "./fields/page/parties.page.js";
import { germanEvidence } from "./fields/page/german.evidence.js";
import { mergeGermanReading } from "./ocr.german.js";

/** What re-reading needs from the OCR pool. */
export type RegionReader = Pick<OcrPool, "recognizeRegion">;

/** Options of {@link rereadKeyRegions}. */
export interface RereadOptions extends OcrRecognizeOptions {
  /**
   * At most this many regions per page are read again (the total first, then the company's name line, the
   * other amounts, dates); 0 disables. Default 4. The name line counts: it is one more crop read like the others.
   */
  maxRegions?: number;
  /** A region whose weakest word is read at least this sure, and parses, is left alone. Default 0.9. */
  minConfidence?: number;
  /**
   * On a page whose text says German, read the company name's line(s) again with the German model and take its
   * umlauts and ß (see {@link germanNameRegions}); default true (`OCR_GERMAN_NAMES`). Not counted in `maxRegions`.
   */
  germanNames?: boolean;
  /** When the page is read: a re-read never puts a date after it on the page (see {@link afterDay}). Default now. */
  today?: Date;
  /**
   * The page as read on its levelled image (`OcrPageResult.level`, ocr.adapter.ts), for a page the preparation rotated
   * level: regions are then chosen and cut on the level page (a line of a tilted photo is level there, and its
   * box tight; on the original a 4° tilt makes a full-width line's box three lines tall), and the patched level
   * page is mapped back to the original. Absent: regions are cut from the original image as `page` gives them.
   */
  level?: LevelledPage;
}

/** What a re-read of one page did, for logs and step summaries. */
export interface RereadReport {
  /** Regions read again. */
  regions: number;
  /** Regions whose new reading replaced the old one. */
  replaced: number;
  /** Of {@link regions}, the name lines read with the German model (see {@link RereadOptions.germanNames}). */
  german: number;
  /** Wall time spent, in milliseconds. */
  ms: number;
}

/** Characters an amount or a date can be printed with. */
export const AMOUNT_WHITELIST = "0123456789.,-";
export const DATE_WHITELIST = "0123456789/-.";
/**
 * Characters a company's name is printed with: letters (with the accented ones of European names), digits,
 * and the punctuation of names and legal forms ("F&B", "(M) SDN. BHD.", "S/B", "O'Brien", "Co.-KG").
 */
export const NAME_WHITELIST =
  "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyzÄÖÜäöüßÉÈÊÀÂÇÔÛÎéèêàâçôûîñÑ0123456789 &().,-'/";

/** What kind of value a region holds. */
type Kind = "amount" | "date" | "name";

/** A region to read again: a run of words on one line. */
export interface RereadRegion {
  kind: Kind;
  line: PageLine;
  /** Index range of the words in `line.words` (`to` exclusive). */
  from: number;
  to: number;
  /** Lower is read first. */
  priority: number;
  /** The words are one column of a row with column gaps: the crop is widened within that column only. */
  column?: boolean;
  /** Read as a block of lines (the words' box spans more than one row); the row the name is on is kept. */
  block?: boolean;
  /**
   * An amount row whose value OCR missed or garbled (see {@link valueBand}): the crop read is this band of the
   * row, from the label's end to the right edge of the page's text, and `from`–`to` are the words after the
   * label (none when the row holds only its label). The reading's rightmost amount replaces the words under it,
   * or joins the row after the label.
   */
  band?: BBox;
  /**
   * A name line OCR split into two rows at the same height (see {@link twinRow}): the other row, read with the
   * line as one, its words replaced by the reading too.
   */
  twin?: PageLine;
}

const AMOUNT_ROLES = new Set(["total", "subtotal", "tax", "rounding", "tendered", "change"]);
/** A money-looking number: digits with two decimals, optionally signed, nothing else. */
const AMOUNT_VALUE = /^-?\d{1,7}[.,]\d{2}$/;
/** Numeric dates: d/m/y or m/d/y with 2- or 4-digit years, ISO, compact yyyymmdd. */
const NUMERIC_DATE = /^(?:\d{1,2}[./-]\d{1,2}[./-](?:\d{2}|\d{4})|\d{4}[./-]\d{1,2}[./-]\d{1,2}|(?:19|20)\d{6})$/;
/** A token that looks like a numeric date, possibly misread (used to pick regions, not to accept readings). */
const DATE_LIKE = /^\d{1,4}[./-]\S{1,3}[./-]\d{2,4}$|^(?:19|20)\d{6}$/;

/** A date with its month's name ("25 May 2017", "14/JUN/2017"): read as printed, and a digit whitelist would ruin it. */
const NAMED_MONTH_DATE = /\d{1,2}[\s./-]*(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|mei|mac|ogos|okt|dis|m[äa]r|mai|dez)\p{L}*\.?[\s./-]*\d{2,4}/iu;

/** True when `text` is a plausible numeric date (day ≤ 31, month ≤ 12 in one of the two orders). */
export function isNumericDate(text: string): boolean {
  if (!NUMERIC_DATE.test(text)) return false;
  const parts = /^(?:19|20)\d{6}$/.test(text) ? [text.slice(0, 4), text.slice(4, 6), text.slice(6)] : text.split(/[./-]/);
  const [a, b, c] = parts.map(Number) as [number, number, number];
  if (parts[0]?.length === 4) return b >= 1 && b <= 12 && c >= 1 && c <= 31;
  return a >= 1 && b >= 1 && ((a <= 31 && b <= 12) || (a <= 12 && b <= 31)) && c >= 0;
}

/**
 * The date in a whitelisted re-read of a date's crop: the reading without spaces, or, when that is no date but a
 * day, month and four-digit year followed by one or two more digits ("03/06/20175"), the date without them — the
 * crop's margin caught the first digit of the time printed beside it ("5:02:54"; the whitelist drops its colon).
 */
export function dateOfReading(text: string): string {
  const t = text.replace(/\s+/g, "");
  if (isNumericDate(t)) return t;
  const trailing = /^(\d{1,2}([./-])\d{1,2}\2(?:19|20)\d{2})\d{1,2}$/.exec(t);
  return trailing && isNumericDate(trailing[1] as string) ? (trailing[1] as string) : t;
}

/**
 * True when a numeric date (see {@link isNumericDate}) falls after `today` in whichever order of day and month
 * it reads earliest: a document is not dated after it was read. Two-digit years are 20yy.
 */
export function afterDay(text: string, today: Date): boolean {
  if (!isNumericDate(text)) return false;
  const compact = /^(?:19|20)\d{6}$/.test(text);
  const parts = compact ? [text.slice(0, 4), text.slice(4, 6), text.slice(6)] : text.split(/[./-]/);
  const [a, b, c] = parts.map(Number) as [number, number, number];
  const end = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate());
  if ((parts[0] as string).length === 4) return Date.UTC(a, b - 1, c) > end;
  const year = (parts[2] as string).length === 2 ? 2000 + c : c;
  const readings = [a <= 31 && b <= 12 ? Date.UTC(year, b - 1, a) : Infinity, a <= 12 && b <= 31 ? Date.UTC(year, a - 1, b) : Infinity];
  return Math.min(...readings) > end;
}

/**
 * The first word of a block re-read that is a date (see {@link dateOfReading}), as a reading of its own; null
 * when there is none.
 */
export function dateWordOf(read: OcrRegionResult | null): OcrRegionResult | null {
  const word = read?.words.find((w) => parsesAs("date", dateOfReading(w.text)));
  return word ? { text: word.text, confidence: word.confidence, words: [word] } : null;
}

/**
 * The regions read within a page's budget, most important first; the first date region keeps a place when the
 * amounts and names would fill it, taking the last one's unless that is the total's (a page whose tax, cash and
 * change rows read unsure would otherwise never have its doubtful date read again).
 */
export function withinBudget(sorted: readonly RereadRegion[], maxRegions: number): RereadRegion[] {
  const chosen = sorted.slice(0, maxRegions);
  const date = sorted.find((r) => r.kind === "date");
  const last = chosen[chosen.length - 1];
  if (date && last && !chosen.includes(date) && chosen.length >= 2 && last.priority >= 1) chosen[chosen.length - 1] = date;
  return chosen;
}

/** True when `text` parses as the kind of value the region holds (a name: see {@link plausibleName}). */
export function parsesAs(kind: Kind, text: string): boolean {
  if (kind === "name") return plausibleName(text);
  return kind === "amount" ? AMOUNT_VALUE.test(text) : isNumericDate(text);
}

/** A name as a line re-read can give it: mostly letters, at least three, in words of more than one character. */
export function plausibleName(text: string): boolean {
  const t = text.trim();
  const letters = t.match(/\p{L}/gu)?.length ?? 0;
  const visible = t.replace(/\s+/g, "").length;
  const words = t.split(/\s+/).filter((w) => w !== "");
  const longWords = words.filter((w) => (w.match(/\p{L}/gu)?.length ?? 0) >= 2).length;
  return letters >= 3 && letters >= 0.6 * visible && longWords >= Math.ceil(words.length / 2);
}

/** Mean word confidence of a reading. */
function meanConfidence(words: readonly { confidence: number }[]): number {
  return words.length === 0 ? 0 : words.reduce((n, w) => n + w.confidence, 0) / words.length;
}

/**
 * The line(s) the page's company name is read from, when OCR read them unsure
 * (a word below `minConfidence`): the issuer the field extraction chooses on
 * the page as it stands, so the name line is read again, not a logo or an
 * address. Only page 1 carries the letterhead; a name wrapped over two lines
 * gives two regions.
 *
 * On a row that holds two columns ("FACTUUR⇥Acme B.V.", "Invoice⇥Acme Ltd"),
 * only the name's column is read again, and a name candidate OCR read unsure
 * there (beside a column it read surely) is read again even when another line
 * is the chosen issuer: page OCR reads such a row at the height of its largest
 * text and garbles a small company name beside a large title ("Coble." or
 * "Coolblue B.." for "Coolblue B.V."), often swallowing the column's next row
 * into the word. A
 * region whose box is that much taller than the page's lines is read as a
 * block (see {@link RereadRegion.block}).
 */
export function nameRegions(page: PageModel, minConfidence = 0.9): RereadRegion[] {
  if (page.page !== 1 || page.source !== "ocr") return [];
  const issuer = extractDocumentFields([page]).find((f) => f.name === "issuer");
  const out: RereadRegion[] = [];
  const lines = page.blocks.flatMap((b) => b.lines);
  const heights = lines.map((l) => l.box.y1 - l.box.y0).sort((a, b) => a - b);
  const median = heights[Math.floor(heights.length / 2)] ?? 0;
  const region = (line: PageLine, from: number, to: number, priority: number): RereadRegion => {
    const words = line.words.slice(from, to);
    const box = unionOf(words.map((w) => w.box));
    // Only part of the line: one column of a row with column gaps.
    const column = to - from < line.words.length;
    // The first reading swallowed the row under the name: the region is taller than the page's lines (in a column,
    // where it may hold no sure word) or an unsure word of it is taller than a sure one (a short "Inc." beside it).
    const sureHeight = Math.min(...words.filter((w) => w.confidence >= 0.5).map((w) => w.box.y1 - w.box.y0));
    const block = column
      ? median > 0 && box.y1 - box.y0 > 1.8 * median
      : Number.isFinite(sureHeight) && words.some((w) => w.confidence < 0.5 && w.box.y1 - w.box.y0 > 1.8 * sureHeight);
    return { kind: "name", line, from, to, priority, ...(column ? { column } : {}), ...(block ? { block } : {}) };
  };
  if (issuer) {
    for (const line of lines) {
      const hit = line.words.flatMap((w, i) => (w.start < issuer.end && w.end > issuer.start ? [i] : []));
      if (hit.length === 0) continue;
      // The whole of the line — or of the columns the name is in: a name OCR misread is often cut short too
      // ("SIF SDN BHD" for "… EKSLUSIF SDN BHD").
      const from = segmentOf(page, line, hit[0] as number)[0];
      const to = segmentOf(page, line, hit[hit.length - 1] as number)[1];
      const twin = twinRow(lines, line);
      if (twin) {
        // The name's words are spread over both rows: the two are read as the one line they are, whole.
        const [first, second] = twin.start < line.start ? [twin, line] : [line, twin];
        const taken = out.some((r) => r.line === first && r.twin === second);
        if (!taken && [...first.words, ...second.words].some((w) => w.confidence < minConfidence)) out.push({ kind: "name", line: first, from: 0, to: first.words.length, priority: 0.5, twin: second });
        continue;
      }
      if (line.words.slice(from, to).some((w) => w.confidence < minConfidence)) out.push(region(line, from, to, 0.5));
    }
  }
  // A name read unsure in one column of a row whose other column OCR read surely (a title, a label): the
  // best-placed one. Its legal form is often what was lost ("Coolblue B.." for "Coolblue B.V."), and with it the
  // weight that makes it the issuer, so it is read again even when another line is the issuer now.
  const taken = new Set(out.map((r) => r.line));
  const unsure = letterheadIssuers(page, page.text)
    .filter((c) => wordsOf(page, c.start, c.end).some((w) => w.confidence < minConfidence))
    .sort((a, b) => b.score - a.score);
  for (const c of unsure) {
    const line = lines.find((l) => l.words.some((w) => w.start < c.end && w.end > c.start));
    if (!line || taken.has(line) || columnGaps(page, line).length === 0) continue;
    const [from, to] = segmentOf(page, line, line.words.findIndex((w) => w.start < c.end && w.end > c.start));
    const others = [...line.words.slice(0, from), ...line.words.slice(to)];
    const readSurely = others.length > 0 && others.every((w) => w.confidence >= 0.8) && (others.map((w) => w.text).join("").match(/\p{L}/gu)?.length ?? 0) >= 3;
    if (!readSurely) continue;
    out.push(region(line, from, to, 0.6));
    break;
  }
  return out;
}

/** The words of `page` overlapping the text span `[start, end)`. */
function wordsOf(page: PageModel, start: number, end: number): PageWord[] {
  return page.blocks.flatMap((b) => b.lines.flatMap((l) => l.words.filter((w) => w.start < end && w.end > start)));
}

/** Indices of the words of `line` that follow a column gap (a tab in the page text before them). */
function columnGaps(page: PageModel, line: PageLine): number[] {
  const out: number[] = [];
  for (let i = 1; i < line.words.length; i += 1) {
    if (page.text.slice((line.words[i - 1] as PageWord).end, (line.words[i] as PageWord).start).includes("\t")) out.push(i);
  }
  return out;
}

/** The word index range `[from, to)` of the column of `line` that holds word `i`. */
function segmentOf(page: PageModel, line: PageLine, i: number): [number, number] {
  const gaps = columnGaps(page, line);
  const from = Math.max(0, ...gaps.filter((g) => g <= i));
  const to = Math.min(line.words.length, ...gaps.filter((g) => g > i));
  return [from, to];
}

/**
 * The other row of a line OCR split in two: a line of about the same height (within 1.5×) in the same band (the
 * two overlapping by at least 60 % of the taller one) and across the same stretch of the page (overlapping at
 * least half the narrower one), as page OCR reads a slightly tilted or unevenly inked name ("Broad Yiew
 * Market⇥Sen" over "v⇥tng⇥| Bhd |" for "Broadview Marketing Sdn Bhd"). A line whose box a stamp or handwriting
 * made taller, reaching down into the name's row, is no such row. Undefined when there is none.
 */
export function twinRow(lines: readonly PageLine[], line: PageLine): PageLine | undefined {
  const h = line.box.y1 - line.box.y0;
  return lines.find((o) => {
    if (o === line || o.words.length === 0) return false;
    const oh = o.box.y1 - o.box.y0;
    const [shorter, taller] = [Math.min(h, oh), Math.max(h, oh)];
    const overlap = Math.min(line.box.y1, o.box.y1) - Math.max(line.box.y0, o.box.y0);
    return shorter > 0 && taller <= 1.5 * shorter && overlap >= 0.6 * taller && xOverlap(o.box, line.box) >= 0.5;
  });
}

function lineText(page: PageModel, line: PageLine): string {
  return page.text.slice(line.start, line.end);
}

/** Index of the first word of `line` starting at or after `offset`. */
function wordIndexAt(line: PageLine, offset: number): number {
  const i = line.words.findIndex((w) => w.start >= offset);
  return i < 0 ? line.words.length : i;
}

/**
 * The regions of a page worth reading again, most important first: the value
 * after an amount label (the total's first), and numeric-looking dates (after a
 * date label first). Only regions whose reading is doubtful are returned.
 */
export function regionsToReread(page: PageModel, minConfidence = 0.9): RereadRegion[] {
  const out: RereadRegion[] = [];
  const doubtful = (kind: Kind, words: readonly PageWord[]): boolean =>
    words.some((w) => w.confidence < minConfidence) || !parsesAs(kind, stripCurrency(words.map((w) => w.text).join("")));
  for (const block of page.blocks) {
    for (const line of block.lines) {
      const text = lineText(page, line);
      // Amount rows: the digit-bearing words after the label.
      const label = NOT_AN_AMOUNT_LABEL.test(text) ? undefined : AMOUNT_LABELS.find((l) => AMOUNT_ROLES.has(l.role) && l.re.test(text));
      if (label) {
        const m = label.re.exec(text);
        if (m && m.index !== undefined && m.index <= 24) {
          const after = wordIndexAt(line, line.start + m.index + m[0].length);
          const [from, to] = valueRun(page, line.words, after);
          const words = line.words.slice(from, to);
          const priority = label.role === "total" ? 0 : 1;
          // No value after the label, or too little of one to be an amount ("0.5" for a large "22.25"; an O read
          // for a 0 counts as a digit, "RMO. 08" only needs its own crop read again): the row's band right of the
          // label is read instead, the value's place being unknown. Digits anywhere after the label count: a row
          // whose amount was read with a speck after it ("Betrag EUR 26,54 I") has its value.
          const digits = line.words.slice(after).reduce((n, w) => n + (stripCurrency(w.text).match(/[\dOo]/g)?.length ?? 0), 0);
          const band = label.role === "total" && digits < 3 && bandRow(line, after, m.index) ? valueBand(page, line, after) : null;
          if (band) out.push({ kind: "amount", line, from: after, to: line.words.length, priority, band });
          else if (words.length > 0 && doubtful("amount", words)) out.push({ kind: "amount", line, from, to, priority });
          continue;
        }
      }
      // Date tokens: a numeric-looking date, anywhere, or the value after a date label.
      const dateLabel = DATE_LABELS.some((l) => l.re.test(text));
      line.words.forEach((w, i) => {
        if (!DATE_LIKE.test(w.text)) return;
        if (doubtful("date", [w])) out.push({ kind: "date", line, from: i, to: i + 1, priority: dateLabel ? 2 : 3 });
      });
      // After a date label, a value too broken to look like a date ("12- - 2017", "2uss", "D3/MNE/E017"): its words.
      if (dateLabel && !NAMED_MONTH_DATE.test(text) && !line.words.some((w) => DATE_LIKE.test(w.text) || isNumericDate(w.text))) {
        const run = labelledDateRun(text, line);
        if (run) out.push({ kind: "date", line, from: run[0], to: run[1], priority: 2 });
      }
    }
  }
  return out.sort((a, b) => a.priority - b.priority || minConf(a) - minConf(b));
}

/**
 * The words of the value after a date label: from the first word with a digit,
 * at most 4 words and 12 characters, up to a time of day ("18:45", "5:02:54").
 */
function labelledDateRun(text: string, line: PageLine): [number, number] | null {
  const label = DATE_LABELS.map((l) => l.re.exec(text)).find((m) => m !== null && m.index <= 24);
  if (!label) return null;
  const from = line.words.findIndex((w) => w.start >= line.start + label.index + label[0].length && /\d/.test(w.text));
  if (from < 0) return null;
  let to = from;
  let chars = 0;
  while (to < line.words.length && to - from < 4) {
    const w = line.words[to] as PageWord;
    if (/:/.test(w.text) || chars + w.text.length > 12) break;
    chars += w.text.length;
    to += 1;
  }
  return to > from ? [from, to] : null;
}

/**
 * The value of an amount row: its last word after the label (totals are
 * right-aligned), however misread ("30.%0", "3¢.60", "RMO.", "JZ" in the value
 * column), with the fragments OCR split it into ("86 00", "62. 80", "12 . 50",
 * "41 .50"). A word that is not value-shaped — a tax code "(6ST)", a rate
 * "6%", a label word — is never part of it: read with a digit whitelist it
 * would merge into the number.
 */
function valueRun(page: PageModel, words: readonly PageWord[], after: number): [number, number] {
  const to = words.length;
  const lastWord = words[to - 1];
  if (to <= after || !lastWord) return [to, to];
  const last = lastWord.text;
  const body = last.replace(/^[A-Za-z]{1,2}(?=[^A-Za-z])/, "");
  const digits = body.match(/\d/g)?.length ?? 0;
  const letters = body.match(/\p{L}/gu)?.length ?? 0;
  const inValueColumn = to - 1 > after && page.text.slice(words[to - 2]?.end ?? 0, lastWord.start).includes("\t");
  const valueLike =
    !/^\d{1,2}(?:[.,]\d+)?%$/.test(last) && last.length <= 14 &&
    (digits > 0 ? digits >= letters : inValueColumn && last.length <= 4 && !/^(?:RM|[A-Z]{3}|[$€£¥₹])$/.test(last));
  if (!valueLike) return [to, to];
  let from = to - 1;
  const prev = (k: number) => (from - k >= after ? (words[from - k]?.text ?? "") : "");
  if (/^[.,]?\d{2}$/.test(last) && /^(?:[A-Za-z]{1,2})?-?[\dOo]+[.,]?$/.test(prev(1))) from -= 1;
  else if (/^\d{2}$/.test(last) && /^[.,]$/.test(prev(1)) && /^-?\d+$/.test(prev(2))) from -= 2;
  return [from, to];
}

/**
 * A total row whose band right of the label is worth reading: the label starts the row (a misread character or
 * two before it allowed: "Sh Total") and what follows it is at most three short words, none a word of prose
 * ("STRICTLY NO CASH REFUND", "Total Payee: 5.9" — where a value was read, its own crop is read instead) or a
 * rate ("TOTAL INCLUDES 6% GST": the value printed there is the tax).
 */
function bandRow(line: PageLine, after: number, labelIndex: number): boolean {
  const tail = line.words.slice(after);
  return (
    after > 0 &&
    labelIndex <= 4 &&
    tail.length <= 3 &&
    tail.every((w) => (w.text.match(/\p{L}/gu)?.length ?? 0) < 4 && !/\d\s*%/.test(w.text))
  );
}

/** Narrowest band worth reading, as a share of the page's width: about three characters of receipt print. */
const MIN_BAND_WIDTH = 0.04;

/** How far past the value column's right edge a band reaches (a value printed a little further right). */
const BAND_MARGIN = 0.02;

/** Rows above and below whose values give the value column's right edge. */
const BAND_NEIGHBOURS = 6;

/**
 * The band of an amount row right of its label (words `0`–`after` of `line`), where the value OCR missed or
 * garbled should be: from the label's end to the right edge of the rows around (the value column's; a receipt's
 * rows end there), plus {@link BAND_MARGIN}; as high as the row's words. Null when
 * the band is too narrow to hold an amount, or when words of another line lie in it: the value was read, only
 * onto a line of its own (the uncovered-ink step's words join the page as lines of their own), and reading
 * the band again would read the same ink twice.
 */
export function valueBand(page: PageModel, line: PageLine, after: number): BBox | null {
  const label = unionOf(line.words.slice(0, after).map((w) => w.box));
  const row = unionOf(line.words.map((w) => w.box));
  const lines = page.blocks.flatMap((b) => b.lines).sort((a, b) => a.box.y0 - b.box.y0);
  const i = lines.indexOf(line);
  const near = lines.slice(Math.max(0, i - BAND_NEIGHBOURS), i + BAND_NEIGHBOURS + 1).filter((l) => l !== line);
  const edge = Math.max(row.x1, ...(near.length > 0 ? near : lines).map((l) => l.box.x1));
  const band: BBox = { x0: Math.min(1, label.x1 + 0.005), y0: row.y0, x1: Math.min(1, edge + BAND_MARGIN), y1: row.y1 };
  if (band.x1 - band.x0 < MIN_BAND_WIDTH) return null;
  const inBand = (w: PageWord) => {
    const cy = (w.box.y0 + w.box.y1) / 2;
    return cy >= band.y0 && cy <= band.y1 && Math.min(w.box.x1, band.x1) - Math.max(w.box.x0, band.x0) > 0.5 * (w.box.x1 - w.box.x0);
  };
  if (lines.some((l) => l !== line && l.words.some(inBand))) return null;
  return band;
}

/**
 * The amount a band's reading gives (see {@link valueBand}): its rightmost value, the fewest of its last words
 * that joined parse as an amount ("15 .00", "15. 00" as OCR splits it; "1 15.00" gives "15.00": a stray mark
 * left of the value is read as a digit). Null when none does.
 */
export function bandAmount(read: readonly ReadWord[]): ReadWord | null {
  const words = [...read].filter((w) => w.text.trim() !== "").sort((a, b) => a.box.x0 - b.box.x0);
  for (let k = 1; k <= Math.min(3, words.length); k += 1) {
    const last = words.slice(words.length - k);
    const text = last.map((w) => w.text.trim()).join("");
    if (parsesAs("amount", text)) return { text, confidence: Math.min(...last.map((w) => w.confidence)), box: unionOf(last.map((w) => w.box)) };
  }
  return null;
}

function minConf(r: RereadRegion): number {
  return Math.min(...r.line.words.slice(r.from, r.to).map((w) => w.confidence));
}

/** A currency marker glued to an amount ("RM48.70", "$9.00") is not part of the digits re-read. */
function currencyPrefix(text: string): string {
  return /^(?:RM|[$€£¥₹]|[A-Z]{3}(?=[\d.,-]))/.exec(text)?.[0] ?? "";
}

function stripCurrency(text: string): string {
  return text.slice(currencyPrefix(text).length);
}

function unionOf(boxes: readonly BBox[]): BBox {
  return {
    x0: Math.min(...boxes.map((b) => b.x0)),
    y0: Math.min(...boxes.map((b) => b.y0)),
    x1: Math.max(...boxes.map((b) => b.x1)),
    y1: Math.max(...boxes.map((b) => b.y1)),
  };
}

/** A word as a re-read returns it. */
export interface ReadWord {
  text: string;
  confidence: number;
  box: BBox;
}

/**
 * Replaces the words `from`–`to` of `line` by `words`, keeping every other word,
 * the separators between words, lines and blocks, and re-rendering the offsets.
 * With `from === to` (≥ 1) the words are inserted after word `from - 1`, set off
 * by a tab as the page text sets off a value in its column. Words in `drop`
 * (another line's, read into these) are removed, with a line or block left empty.
 */
export function replaceWords(page: PageModel, line: PageLine, from: number, to: number, words: readonly ReadWord[], drop: ReadonlySet<PageWord> = new Set()): PageModel {
  if (words.length === 0 || to < from || (from === to && from < 1)) return page;
  const insertAfter = from === to ? line.words[from - 1] : undefined;
  const flat: { word: PageWord; line: PageLine }[] = [];
  for (const b of page.blocks) for (const l of b.lines) for (const w of l.words) flat.push({ word: w, line: l });
  flat.sort((a, b) => a.word.start - b.word.start);
  const replaced = new Set(line.words.slice(from, to));
  const first = line.words[from];
  let text = "";
  let prevEnd = 0;
  const moved = new Map<PageWord, PageWord>();
  const inserted: PageWord[] = [];
  const insert = () =>
    words.forEach((nw, i) => {
      if (i > 0) text += " ";
      const start = text.length;
      text += nw.text;
      inserted.push({ text: nw.text, box: nw.box, confidence: nw.confidence, start, end: text.length });
    });
  for (const { word } of flat) {
    const gap = page.text.slice(prevEnd, word.start);
    prevEnd = word.end;
    if (drop.has(word) && !replaced.has(word)) continue;
    if (replaced.has(word)) {
      if (word !== first) continue;
      text += gap;
      insert();
      continue;
    }
    text += gap;
    const start = text.length;
    text += word.text;
    moved.set(word, { ...word, start, end: text.length });
    if (word === insertAfter) {
      text += "\t";
      insert();
    }
  }
  text += page.text.slice(prevEnd);
  const kept = (ws: readonly PageWord[]) => ws.filter((w) => !drop.has(w)).map((w) => moved.get(w) as PageWord);
  const blocks: PageBlock[] = page.blocks
    .map((b) => ({
      box: b.box,
      lines: b.lines
        .map((l) => {
          const ws = l === line ? [...kept(l.words.slice(0, from)), ...inserted, ...kept(l.words.slice(to))] : kept(l.words);
          return { words: ws, box: ws.length > 0 ? unionOf(ws.map((w) => w.box)) : l.box, start: ws[0]?.start ?? 0, end: ws[ws.length - 1]?.end ?? 0 };
        })
        // A line all of whose words were dropped (read into another line) is gone.
        .filter((l, i) => l.words.length > 0 || (b.lines[i] as PageLine).words.length === 0),
    }))
    .filter((b, i) => b.lines.length > 0 || (page.blocks[i] as PageBlock).lines.length === 0);
  const all = blocks.flatMap((b) => b.lines.flatMap((l) => l.words));
  const confidence = all.length === 0 ? 0 : Math.round((all.reduce((s, w) => s + w.confidence, 0) / all.length) * 1000) / 1000;
  return { ...page, blocks, text, confidence };
}

/**
 * The crop read for a region: its words' box; for a name line, widened to the
 * text column of the lines around it, since OCR may have dropped the start or
 * end of a name it could not read ("SIF SDN BHD"). A name in one column of a
 * two-column row is widened within its column only: to the column parts of the
 * lines around that start under it (the other column's text would be read
 * into the name).
 */
function cropOf(page: PageModel, r: RereadRegion): BBox {
  const box = unionOf([...r.line.words.slice(r.from, r.to), ...(r.twin?.words ?? [])].map((w) => w.box));
  if (r.kind !== "name") return box;
  const lines = page.blocks.flatMap((b) => b.lines).sort((a, b) => a.start - b.start);
  const i = lines.indexOf(r.line);
  const nearby = lines.slice(Math.max(0, i - 3), i + 4);
  if (r.column) {
    const parts = nearby
      .filter((l) => l !== r.line)
      .flatMap((l) => {
        const k = l.words.findIndex((w) => w.box.x0 >= box.x0 - 0.02 && w.box.x0 <= box.x1);
        if (k < 0) return [];
        const [from, to] = segmentOf(page, l, k);
        return from <= k ? [unionOf(l.words.slice(k, to).map((w) => w.box))] : [];
      });
    return { ...box, x1: Math.min(1, Math.max(box.x1, ...parts.map((b) => b.x1))) };
  }
  // Lines beside the name (another column at the same height) are not its column.
  const around = nearby.filter((l) => (l.words.length >= 2 && xOverlap(l.box, r.line.box) > 0) || l === r.line);
  return { ...box, x0: Math.min(box.x0, ...around.map((l) => l.box.x0)), x1: Math.max(box.x1, ...around.map((l) => l.box.x1)) };
}

/**
 * The row of a block re-read that holds the name: the read words grouped into
 * rows by their vertical centres, and of those the row overlapping the
 * region's surely read words (at least 0.5), else the top row — the first
 * reading swallowed the row under the name, not the one above.
 */
export function nameRow(old: readonly { confidence: number; box: BBox }[], read: readonly ReadWord[]): ReadWord[] {
  const rows: ReadWord[][] = [];
  for (const w of [...read].sort((a, b) => a.box.y0 - b.box.y0)) {
    const c = (w.box.y0 + w.box.y1) / 2;
    const row = rows.find((ws) => {
      const u = unionOf(ws.map((x) => x.box));
      return c >= u.y0 && c <= u.y1;
    });
    if (row) row.push(w);
    else rows.push([w]);
  }
  const sure = old.filter((w) => w.confidence >= 0.5).map((w) => w.box);
  const overlapping = sure.length === 0 ? undefined : rows.find((ws) => {
    const u = unionOf(ws.map((x) => x.box));
    return sure.some((b) => Math.min(b.y1, u.y1) - Math.max(b.y0, u.y0) > 0.5 * Math.min(b.y1 - b.y0, u.y1 - u.y0));
  });
  return (overlapping ?? rows[0] ?? []).sort((a, b) => a.box.x0 - b.box.x0);
}

/**
 * Margin around a name line's crop, as a share of its height: tight, since the
 * lines around a letterhead are close (a logo above, the registration number
 * below). On the shared receipts a crop at 0.05 and one at 0.25 each fixed as
 * many names as both together, and 0.05 read more of the others closer.
 */
export const NAME_PADDING = 0.05;

/**
 * Margin around a band's crop (see {@link valueBand}), as a share of its height: the band is as high as its
 * row, and more margin catches the rows above and below, which a single-line read of sparse print then
 * garbles the value with (on the tuning half of the shared receipts, 0.15 read the missed totals that 0.05
 * and 0.25 misread by a digit or not at all).
 */
export const BAND_PADDING = 0.15;

/**
 * Margin of the second crop that confirms a date re-read (the first uses the reader's default, 0.25 of the
 * height): wider, so tesseract sees the digits in a different context; two crops misreading a digit the
 * same way are rarer than one.
 */
export const DATE_CONFIRM_PADDING = 0.5;

/** How much of the narrower of two boxes their horizontal overlap covers. */
function xOverlap(a: BBox, b: BBox): number {
  const inter = Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0);
  const narrow = Math.min(a.x1 - a.x0, b.x1 - b.x0);
  return inter <= 0 || narrow <= 0 ? 0 : inter / narrow;
}

/**
 * Merges a re-read of a name line into its current reading, word by word: the
 * words of both readings are grouped by horizontal overlap, and a group's new
 * words replace its old ones when their mean confidence is at least 0.1 higher
 * and 0.8 or more, and they add no digits (a word re-read no surer keeps its
 * first reading, so one badly read word does not throw away the line's good
 * ones). A word found only by the re-read,
 * beyond the first reading's words (a start OCR dropped), is added when read
 * at least 0.85 sure. Words of the re-read centred outside the line's row
 * (the crop's padding caught the row above or below) are ignored. Returns the
 * merged words, in reading order.
 */
export function mergeNameReading(current: readonly ReadWord[], read: readonly ReadWord[]): ReadWord[] {
  if (current.length === 0) return [...read];
  const row = unionOf(current.map((w) => w.box));
  const fresh = read.filter((w) => {
    const centre = (w.box.y0 + w.box.y1) / 2;
    return centre >= row.y0 && centre <= row.y1 && w.text.trim() !== "";
  });
  // Connected groups of overlapping old and new words (union–find over indices; new words after the old ones).
  const all = [...current, ...fresh];
  const parent = all.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i] as number)));
  current.forEach((o, i) => fresh.forEach((n, j) => {
    if (xOverlap(o.box, n.box) > 0.5) parent[find(i)] = find(current.length + j);
  }));
  const groups = new Map<number, { old: ReadWord[]; new: ReadWord[] }>();
  all.forEach((w, i) => {
    const g = groups.get(find(i)) ?? { old: [], new: [] };
    (i < current.length ? g.old : g.new).push(w);
    groups.set(find(i), g);
  });
  const out: ReadWord[] = [];
  for (const g of groups.values()) {
    if (g.old.length === 0) {
      const outside = g.new.every((w) => w.box.x1 <= row.x0 || w.box.x0 >= row.x1);
      if (outside && g.new.every((w) => w.confidence >= 0.85 && /\p{L}{2}/u.test(w.text))) out.push(...g.new);
      continue;
    }
    const digits = (ws: readonly ReadWord[]) => ws.reduce((n, w) => n + (w.text.match(/\d/g)?.length ?? 0), 0);
    // Digits the first reading did not have are specks or a bar read as "4" or "1", not part of a name.
    const surer = g.new.length > 0 && meanConfidence(g.new) >= Math.max(meanConfidence(g.old) + 0.1, 0.8) && digits(g.new) <= digits(g.old);
    out.push(...(surer ? g.new : g.old));
  }
  return out.sort((a, b) => a.box.x0 - b.box.x0);
}

/**
 * The words a name line's re-read gives (see {@link mergeNameReading}), when
 * they changed the text, still make a plausible name, and keep a legal form
 * the first reading had; null to keep the first reading.
 */
function acceptedName(old: readonly PageWord[], read: readonly ReadWord[]): ReadWord[] | null {
  const merged = mergeNameReading(old.map((w) => ({ text: w.text, confidence: w.confidence, box: w.box })), read);
  const oldText = old.map((w) => w.text).join(" ");
  const newText = merged.map((w) => w.text).join(" ");
  if (newText === oldText || !plausibleName(newText)) return null;
  if (LEGAL_FORM.test(fixLegalForm(oldText)) && !LEGAL_FORM.test(fixLegalForm(newText))) return null;
  return merged;
}

/**
 * The reading of a name line OCR had split into two rows (see {@link twinRow}), read as one line: taken whole
 * or not at all (the two rows' words side by side are no reading of the name, so they are not merged word by
 * word), when it is a plausible name, read surer on average by at least 0.1, and keeps a legal form the rows had.
 */
export function acceptedTwinName(old: readonly PageWord[], read: readonly ReadWord[]): ReadWord[] | null {
  const words = read.filter((w) => w.text.trim() !== "");
  const oldText = old.map((w) => w.text).join(" ");
  const newText = words.map((w) => w.text).join(" ");
  if (words.length === 0 || !plausibleName(newText) || meanConfidence(words) < meanConfidence(old) + 0.1) return null;
  if (LEGAL_FORM.test(fixLegalForm(oldText)) && !LEGAL_FORM.test(fixLegalForm(newText))) return null;
  return [...words].sort((a, b) => a.box.x0 - b.box.x0);
}

/**
 * Reads the doubtful key regions of an OCR'd page again (see the module
 * comment) and returns the patched page. Regions are read one after another
 * (each is a small single-line crop); a region that fails to read keeps its
 * first reading. Errors that concern the whole job (cancelled, pool closed)
 * propagate.
 */
export async function rereadKeyRegions(
  image: Uint8Array,
  page: PageModel,
  reader: RegionReader,
  opts: RereadOptions = {},
): Promise<{ page: PageModel; report: RereadReport }> {
  if (page.rotation && page.source === "ocr") {
    // A page read turned (a scan fed sideways): its boxes lie on the turned image, and so must the crops.
    const turn = page.rotation;
    const turned: RegionReader = { recognizeRegion: (img, box, o) => reader.recognizeRegion(img, box, { ...o, turn }) };
    const level = opts.level ? { ...opts.level, page: { ...opts.level.page, rotation: undefined } } : undefined;
    const res = await rereadKeyRegions(image, { ...page, rotation: undefined }, turned, { ...opts, ...(level ? { level } : {}) });
    return { page: { ...res.page, rotation: turn }, report: res.report };
  }
  if (opts.level && opts.level.geometry.rotation !== 0 && page.source === "ocr") {
    const { level, ...rest } = opts;
    const onLevel: RegionReader = { recognizeRegion: (img, box, o) => reader.recognizeRegion(img, box, { ...o, level: level.geometry }) };
    const res = await rereadKeyRegions(image, level.page, onLevel, rest);
    if (res.report.replaced === 0) return { page, report: res.report };
    return { page: pageToOriginal(res.page, level.geometry, level.pageWidth, level.pageHeight), report: res.report };
  }
  const started = performance.now();
  const maxRegions = opts.maxRegions ?? 4;
  const report: RereadReport = { regions: 0, replaced: 0, german: 0, ms: 0 };
  if (maxRegions <= 0 || page.source !== "ocr") return { page, report };
  const minConfidence = opts.minConfidence ?? 0.9;
  const regions = withinBudget(
    [...regionsToReread(page, minConfidence), ...nameRegions(page, minConfidence)].sort((a, b) => a.priority - b.priority || minConf(a) - minConf(b)),
    maxRegions,
  );
  const flat = (p: PageModel): { word: PageWord; line: PageLine }[] =>
    p.blocks.flatMap((b) => b.lines.flatMap((l) => l.words.map((word) => ({ word, line: l })))).sort((a, b) => a.word.start - b.word.start);
  const order = flat(page).map((x) => x.word);
  // A band's place in reading order is its label's last word (the band may hold no word).
  const targets = regions.map((r) => ({
    kind: r.kind,
    words: r.line.words.slice(r.from, r.to),
    at: order.indexOf(r.line.words[r.band ? r.from - 1 : r.from] as PageWord),
    box: r.band ?? cropOf(page, r),
    block: r.block === true,
    band: r.band,
    twinWords: r.twin?.words ?? [],
    twinAt: r.twin ? order.indexOf(r.twin.words[0] as PageWord) : -1,
  }));
  // The small crops are read concurrently (the pool queues them); replacements go from the end of the page
  // backwards, so the reading-order index of every region not yet patched stays valid.
  const readOnce = async (box: BBox, whitelist: string, padding?: number, block?: boolean) => {
    try {
      return await reader.recognizeRegion(image, box, { whitelist, padding, ...(block ? { block } : {}), signal: opts.signal, timeoutMs: opts.timeoutMs });
    } catch (err) {
      if (opts.signal?.aborted) throw err;
      return null;
    }
  };
  let blockReads = 0;
  const oldTextOf = (t: (typeof targets)[number]) => stripCurrency(t.words.map((w) => w.text).join(""));
  // A date crop's reading, the date taken out of what the whitelist let through (see dateOfReading).
  const newTextOf = (kind: Kind, text: string | undefined) => (kind === "date" ? dateOfReading(text ?? "") : (text ?? "").replace(/\s+/g, ""));
  const reads = await Promise.all(
    targets.map(async (t) =>
      t.kind === "name"
        ? readOnce(t.box, NAME_WHITELIST, NAME_PADDING, t.block)
        : t.kind === "date"
          ? readOnce(t.box, DATE_WHITELIST).then(async (r) => {
              if (r && parsesAs("date", dateOfReading(r.text))) return r;
              // A first reading's box that swallowed the rule under the date (a dashed line) is no single line:
              // read as one it gives nothing, read as a block the date is one of its words.
              blockReads += 1;
              return dateWordOf(await readOnce(t.box, DATE_WHITELIST, undefined, true)) ?? r;
            })
          : readOnce(t.box, AMOUNT_WHITELIST, t.band ? BAND_PADDING : undefined),
    ),
  );
  // A date that already parses is only replaced when two crops of it agree (see below): the second crop.
  const confirming = await Promise.all(
    targets.map((t, i) => {
      const first = newTextOf(t.kind, reads[i]?.text);
      const worth = t.kind === "date" && parsesAs("date", oldTextOf(t)) && parsesAs("date", first) && first !== oldTextOf(t);
      return worth ? readOnce(t.box, DATE_WHITELIST, DATE_CONFIRM_PADDING) : Promise.resolve(null);
    }),
  );
  report.regions = targets.length + blockReads + confirming.filter((r) => r !== null).length;
  let current = page;
  const byPosition = targets.map((t, i) => ({ t, read: reads[i], confirm: confirming[i] })).sort((a, b) => b.t.at - a.t.at);
  for (const { t, read, confirm } of byPosition) {
    if (!read || read.words.length === 0) continue;
    if (t.band) {
      const at = flat(current)[t.at];
      const value = bandAmount(read.words);
      if (!at || !value) continue;
      // The crop's padding can catch the row above or below: a reading centred outside the band is not this value.
      const centre = (value.box.y0 + value.box.y1) / 2;
      if (centre < t.band.y0 || centre > t.band.y1) continue;
      const anchor = at.line.words.indexOf(at.word);
      // The words of the row the value covers are its first, garbled reading; the words beside it stay.
      const tail = at.line.words.slice(anchor + 1);
      const under = tail.flatMap((w, k) => (xOverlap(w.box, value.box) > 0.3 ? [anchor + 1 + k] : []));
      const from = under[0] ?? anchor + 1 + tail.filter((w) => (w.box.x0 + w.box.x1) / 2 < value.box.x0).length;
      const to = under.length > 0 ? (under[under.length - 1] as number) + 1 : from;
      current = replaceWords(current, at.line, from, to, [value]);
      report.replaced += 1;
      continue;
    }
    if (t.kind === "name") {
      // A name line OCR split into two rows is read as one: the words of both are its first reading.
      const old = t.twinWords.length > 0 ? [...t.words, ...t.twinWords].sort((a, b) => a.box.x0 - b.box.x0) : t.words;
      const words = t.twinWords.length > 0 ? acceptedTwinName(old, read.words) : acceptedName(old, t.block ? nameRow(old, read.words) : read.words);
      const now = flat(current);
      const at = words ? now[t.at] : undefined;
      if (!words || !at) continue;
      const from = at.line.words.indexOf(at.word);
      const twin = t.twinAt < 0 ? [] : now.slice(t.twinAt, t.twinAt + t.twinWords.length);
      // The other row as it stands now: still its own words, on one line (a region on it patched first would have
      // moved them; then the name is left as it is).
      if (twin.some((x, k) => x.line !== twin[0]?.line || x.word.text !== t.twinWords[k]?.text) || (twin[0] && twin[0].line.words.length !== t.twinWords.length)) continue;
      current = replaceWords(current, at.line, from, from + t.words.length, words, new Set(twin.map((x) => x.word)));
      report.replaced += 1;
      continue;
    }
    const newText = newTextOf(t.kind, read.text);
    const oldText = oldTextOf(t);
    const oldConf = Math.min(...t.words.map((w) => w.confidence));
    const newConf = read.words.length ? Math.min(...read.words.map((w) => w.confidence)) : 0;
    if (!parsesAs(t.kind, newText) || newText === oldText) continue;
    // The crop's padding can catch the row above or below: a reading centred outside the old row is not this value.
    const newBox = unionOf(read.words.map((w) => w.box));
    const oldBox = unionOf(t.words.map((w) => w.box));
    const centre = (newBox.y0 + newBox.y1) / 2;
    if (centre < oldBox.y0 || centre > oldBox.y1) continue;
    // A date printed after the page was read is a misreading (two crops of a blurred 3 can both read an 8).
    if (t.kind === "date" && afterDay(newText, opts.today ?? new Date())) continue;
    // A reading that already parses is replaced only by a clearly surer one. A date's confidence says little
    // (a whitelist read of a faint year is as likely to be wrong, "2017" → "2012", as the first one): it is
    // replaced only when a second, wider crop reads the same new date.
    if (parsesAs(t.kind, oldText)) {
      if (t.kind === "date" ? newTextOf("date", confirm?.text) !== newText : newConf < Math.max(oldConf + 0.1, 0.9)) continue;
    }
    const at = flat(current)[t.at];
    if (!at) continue;
    const from = at.line.words.indexOf(at.word);
    const prefix = currencyPrefix(t.words[0]?.text ?? "");
    current = replaceWords(current, at.line, from, from + t.words.length, [{ text: prefix + newText, confidence: newConf, box: newBox }]);
    report.replaced += 1;
  }
  if (opts.germanNames !== false) current = await rereadGermanNames(image, current, reader, opts, report);
  report.ms = Math.round(performance.now() - started);
  return { page: current, report };
}

/** Name lines read with the German model per page: the issuer's line(s) and a logo or line repeating the name. */
const MAX_GERMAN_NAME_LINES = 3;

/**
 * The line(s) of a German page (see {@link germanEvidence}) the company name is read from — the lines its
 * span covers, whole (or the name's column of a row with column gaps), and the lines above or below that
 * print one of its words (the logo `Moller` over `Moller Handels GmbH`, whose brand the name is) — at most
 * {@link MAX_GERMAN_NAME_LINES}, whatever their confidence, since the English model reads `Moller` for
 * `Möller` surely. Only page 1 of an OCR'd page, and only lines holding a letter the German model could read
 * differently (a vowel, s or a ß look-alike).
 */
export function germanNameRegions(page: PageModel): RereadRegion[] {
  if (page.page !== 1 || page.source !== "ocr" || !germanEvidence(page.text)) return [];
  const issuer = extractDocumentFields([page]).find((f) => f.name === "issuer");
  if (!issuer) return [];
  const nameWords = new Set(String(issuer.value).toLowerCase().split(/\s+/).filter((w) => (w.match(/\p{L}/gu)?.length ?? 0) >= 3));
  const out: RereadRegion[] = [];
  const lines = page.blocks.flatMap((b) => b.lines);
  const spanned = lines.filter((l) => l.words.some((w) => w.start < issuer.end && w.end > issuer.start));
  const repeating = lines.filter((l) => !spanned.includes(l) && l.words.some((w) => nameWords.has(w.text.toLowerCase())));
  for (const line of [...spanned, ...repeating]) {
    if (out.length >= MAX_GERMAN_NAME_LINES) break;
    const hit = line.words.flatMap((w, i) => ((w.start < issuer.end && w.end > issuer.start) || nameWords.has(w.text.toLowerCase()) ? [i] : []));
    const from = segmentOf(page, line, hit[0] as number)[0];
    const to = segmentOf(page, line, hit[hit.length - 1] as number)[1];
    if (!line.words.slice(from, to).some((w) => /[aouAOUsSB6éÉ]/u.test(w.text))) continue;
    out.push({ kind: "name", line, from, to, priority: 0.5, ...(to - from < line.words.length ? { column: true } : {}) });
  }
  return out;
}

/**
 * Reads the German page's name lines with the German model and merges the readings (see
 * {@link mergeGermanReading}); counts the reads and the lines changed in `report`.
 */
async function rereadGermanNames(image: Uint8Array, page: PageModel, reader: RegionReader, opts: RereadOptions, report: RereadReport): Promise<PageModel> {
  const regions = germanNameRegions(page);
  if (regions.length === 0) return page;
  const order = page.blocks.flatMap((b) => b.lines.flatMap((l) => l.words)).sort((a, b) => a.start - b.start);
  const reads = await Promise.all(
    regions.map(async (r) => {
      try {
        return await reader.recognizeRegion(image, cropOf(page, r), { whitelist: NAME_WHITELIST, padding: NAME_PADDING, lang: "deu", signal: opts.signal, timeoutMs: opts.timeoutMs });
      } catch (err) {
        if (opts.signal?.aborted) throw err;
        return null;
      }
    }),
  );
  report.regions += regions.length;
  report.german += regions.length;
  let current = page;
  // From the end of the page backwards, so the reading-order index of every line not yet patched stays valid.
  const targets = regions.map((r, i) => ({ words: r.line.words.slice(r.from, r.to), at: order.indexOf(r.line.words[r.from] as PageWord), read: reads[i] })).sort((a, b) => b.at - a.at);
  for (const t of targets) {
    if (!t.read || t.read.words.length === 0) continue;
    const merged = mergeGermanReading(t.words, t.read.words);
    if (merged.changed.length === 0) continue;
    const flatNow = current.blocks.flatMap((b) => b.lines.flatMap((l) => l.words.map((word) => ({ word, line: l })))).sort((a, b) => a.word.start - b.word.start);
    const at = flatNow[t.at];
    if (!at) continue;
    const from = at.line.words.indexOf(at.word);
    current = replaceWords(current, at.line, from, from + t.words.length, merged.words);
    report.replaced += 1;
  }
  return current;
}
