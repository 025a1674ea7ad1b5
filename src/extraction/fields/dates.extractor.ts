import * as chrono from "chrono-node";
import { apostropheYearDates } from "./dates.apostrophe-year.js";
import { canadianYearFirstDates } from "./dates.year-first.js";
import { withReadableMonths } from "./dates.misread-months.js";
import type { ExtractedField } from "../extraction.types.js";
import { DATE_LABELS, NOT_THE_DOCUMENTS_DATE } from "./page/labels.vocabulary.js";
import { makeField, splitLines, type Line } from "./text.js";
import type { ExtractorContext } from "./types.js";

// Strict parsers only: casual phrases ("today", "next friday") are not document dates.
const DAY_FIRST = new chrono.Chrono(chrono.en.configuration.createConfiguration(true, true));
const MONTH_FIRST = chrono.en.strict;
/** Month names in the languages invoices commonly arrive in (`7. Mai 2014`, `02 Juillet 2015`, `18 febbraio 2024`). */
const OTHER_LANGUAGES: readonly chrono.Chrono[] = [chrono.de.strict, chrono.fr.strict, chrono.nl.strict, chrono.es.strict, chrono.pt.strict, chrono.it.strict];

const DUE_LABEL =
  /\b(?:due|payable\s+(?:by|before|on)|pay(?:ment)?\s+(?:before|by)|f[äa]llig|zahlungsziel|zahlbar\s+bis|date\s+limite|[ée]ch[ée]ance|vervaldatum|betalen\s+voor|vencimiento|scadenza)/i;
const ISSUE_LABEL =
  /\b(?:invoice\s*date|date\s+of\s+(?:invoice|issue)|inv\.?\s*date|bill\s*date|receipt\s*date|issue\s*date|issued(?:\s+on)?|tax\s+point|document\s+date|rechnungsdatum|factuurdatum|date\s+de\s+(?:la\s+)?facture|fecha\s+de\s+(?:la\s+)?factura|data\s+(?:da\s+)?fa(?:ttura|tura))/i;
const GENERIC_LABEL = /\b(?:date|dated|datum|fecha|data)\b/i;
const INVOICE_CONTEXT = /\b(?:invoice|facture|rechnung|factuur|fattura|factura|receipt)\b/i;
/** Dates that describe something other than the document itself (orders, periods, printing). */
const OTHER_LABEL =
  /\b(?:order(?:\s*date)?|orderdatum|bestelldatum|deliver(?:y|ed)|lieferdatum|ship(?:ping|ped)?|period|zeitraum|from|until|start|closed|print(?:ed)?|valid|expir\w*|birth|since|seit|prélèvement|abbuchung|g[üu]ltig|gueltig|einl[öo]sbar|gutschein|coupon|voucher|mhd|haltbar|best\s+before)\b/i;

const TRAILING_TIME = /[\s,T]*(?:at\s+)?\d{1,2}\s?[:.]\s?\d{2}(?:\s?[:.]\s?\d{2})?\s*(?:[ap]\.?\s?m\.?)?$/i;

const NUMERIC_DATE = /\d{4}[/.-]\d{1,2}[/.-]\d{1,2}|\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}/g;
// The prepositions chrono's languages read before a date ("am 30. April", "on 5 May", "le 3 mars", "op 2 mei"): not the
// date, and not to be taken from the label row above ("FÄLLIG AM" / "30. April 2025" in the next column's cell).
const LEADING_NOISE = /^(?:(?:\d{1,2}\s?[:.]\s?\d{2}(?:\s?[:.]\s?\d{2})?\s*(?:[ap]\.?\s?m\.?)?|(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?|am|on|le|op|el|il|vom|du)[\s,]+)+/i;

/**
 * Narrows chrono's match to the date itself: chrono also swallows adjacent
 * times, weekdays and stray numbers ("16.10\n12-01-19 21:13"), which would make
 * `raw` misleading. Returns offsets relative to the match, or null.
 */
function coreSpan(text: string, single: boolean): [number, number] | null {
  if (single) {
    const numeric = [...text.matchAll(NUMERIC_DATE)];
    const only = numeric.length === 1 ? numeric[0] : undefined;
    if (only?.index !== undefined) return [only.index, only.index + only[0].length];
  }
  let start = 0;
  let body = text;
  const lead = LEADING_NOISE.exec(body);
  if (lead && /\d/.test(body.slice(lead[0].length))) {
    start = lead[0].length;
    body = body.slice(start);
  }
  if (single) body = body.replace(TRAILING_TIME, "");
  if (!/\d/.test(body)) return null;
  return [start, start + body.length];
}

/** A date found in page text. */
export interface DateHit {
  start: number;
  end: number;
  iso: string;
  isRange: boolean;
}

function iso(y: number, m: number, d: number): string {
  return `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}

/** Words of a relative date expression; a printed date never needs them. */
// A letter before the word makes it another word ("Tuesday" is not "day"); a digit does not ("7DAYS").
const RELATIVE = /(?<![a-z])(?:days?|weeks?|months?|years?|hours?|minutes?|mins?|today|tomorrow|yesterday|tonight|ago|later)\b/i;

/** Malay month names and English ones of the same length (so offsets stay put); chrono has no Malay. */
const MALAY_MONTHS: Record<string, string> = { januari: "January", februari: "February", mac: "Mar", mei: "May", julai: "July", ogos: "Aug.", oktober: "October", okt: "Oct", disember: "December", dis: "Dec" };
/** A day-first date with a Malay month name: only there is a word like "Mac" or "Dis" a month ("Big Mac", "Dis 10%" are not). */
const MALAY_DATE = /(?<![\p{L}\d])(\d{1,2}[\s.-]+)(januari|februari|mac|mei|julai|ogos|oktober|okt|disember|dis)([\s.,-]+\d{2,4})(?!\d)/giu;

/** The page with Malay month names in day-first dates written in English, same length. */
function withEnglishMonths(page: string): string {
  return page.replace(MALAY_DATE, (_m, day: string, month: string, year: string) => {
    const english = MALAY_MONTHS[month.toLowerCase()] ?? month;
    return day + (month === month.toUpperCase() ? english.toUpperCase() : english) + year;
  });
}

/**
 * German month names that are no English, French, Dutch, Spanish, Portuguese or Italian month: chrono's German parser
 * reads them only after a day with its full stop ("1. Dezember 2025"), online shops print them without it ("01
 * Dezember 2025"). Each maps to its English abbreviation, padded to the name's length.
 */
const GERMAN_MONTHS: Record<string, string> = { januar: "Jan", februar: "Feb", märz: "Mar", maerz: "Mar", juni: "Jun", juli: "Jul", oktober: "Oct", dezember: "Dec" };
/** A day without its full stop, a German month name, a four-digit year. */
const GERMAN_DATE = /(?<![\p{L}\d])(\d{1,2}\s+)(januar|februar|märz|maerz|juni|juli|oktober|dezember)(\s+\d{4})(?!\d)/giu;

/** The page with the German month names of day-first dates written without the day's full stop in English, same length. */
function withEnglishGermanMonths(page: string): string {
  return page.replace(GERMAN_DATE, (_m, day: string, month: string, year: string) => day + (GERMAN_MONTHS[month.toLowerCase()] ?? month).padEnd(month.length, " ") + year);
}

/**
 * Czech and Polish month names in the genitive, as a written date prints them after its day ("23. listopadu 2023",
 * "5 października 2024"); chrono reads neither language. Each maps to its month (0–11).
 */
const SLAVIC_MONTHS: Record<string, number> = Object.fromEntries([
  ...["ledna", "února", "března", "dubna", "května", "června", "července", "srpna", "září", "října", "listopadu", "prosince"].map((n, i) => [n, i] as const),
  ...["stycznia", "lutego", "marca", "kwietnia", "maja", "czerwca", "lipca", "sierpnia", "września", "października", "listopada", "grudnia"].map((n, i) => [n, i] as const),
]);
/** A day with or without its full stop, a Czech or Polish month name in the genitive, a four-digit year. */
const SLAVIC_DATE = new RegExp(String.raw`(?<![\p{L}\d])(\d{1,2})(\.?)(\s+)(${Object.keys(SLAVIC_MONTHS).join("|")})(\s+\d{4})(?!\d)`, "giu");
const MONTH_ABBREVIATIONS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** The page with Czech and Polish written dates in English, same length (the day's full stop as a space). */
function withEnglishSlavicMonths(page: string): string {
  return page.replace(SLAVIC_DATE, (_m, day: string, stop: string, gap: string, month: string, year: string) => {
    const english = MONTH_ABBREVIATIONS[SLAVIC_MONTHS[month.toLowerCase()] ?? -1] ?? month;
    return day + stop.replace(".", " ") + gap + english.padEnd(month.length, " ") + year;
  });
}

/**
 * Runs the parsers in order of trust and keeps the first reading of every
 * span. The English parser matching the document's day/month convention runs
 * first, so an ambiguous `03/04/2024` takes the document's reading.
 */
export function findDates(page: string, ctx: Pick<ExtractorContext, "monthFirst" | "referenceDate">): readonly DateHit[] {
  // The page extractor asks for one page's dates several times (labelled dates, the text-only dates, learned
  // anchors); chrono's parsers are the costliest part of extracting a text page's fields.
  const key = `${ctx.monthFirst ? 1 : 0}|${ctx.referenceDate.getTime()}|${page}`;
  const known = recentDates.get(key);
  if (known) return known;
  const hits = Object.freeze(parseDates(page, ctx));
  recentDates.set(key, hits);
  if (recentDates.size > RECENT_DATES) recentDates.delete(recentDates.keys().next().value as string);
  return hits;
}

/** Pages whose dates {@link findDates} keeps: a document's pages are extracted one after another, so a few suffice. */
const RECENT_DATES = 8;
const recentDates = new Map<string, readonly DateHit[]>();

function parseDates(page: string, ctx: Pick<ExtractorContext, "monthFirst" | "referenceDate">): DateHit[] {
  const parsers: [chrono.Chrono, string][] = (ctx.monthFirst ? [MONTH_FIRST, DAY_FIRST, ...OTHER_LANGUAGES] : [DAY_FIRST, MONTH_FIRST, ...OTHER_LANGUAGES]).map((p) => [p, page]);
  // Malay month names ("05 Mac 2024", "12-Ogos-2023") read by the day-first parser through a view with English ones.
  const malay = withEnglishMonths(page);
  if (malay !== page) parsers.push([DAY_FIRST, malay]);
  // German month names after a day without its full stop ("01 Dezember 2025") through a view with English ones.
  const german = withEnglishGermanMonths(page);
  if (german !== page) parsers.push([DAY_FIRST, german]);
  // Czech and Polish month names in the genitive ("23. listopadu 2023") through a view with English ones.
  const slavic = withEnglishSlavicMonths(page);
  if (slavic !== page) parsers.push([DAY_FIRST, slavic]);
  // Month names a scan's OCR misread ("24. Marz 2025", "11 aofit 2024") read through a view with English ones.
  const readable = withReadableMonths(page);
  if (readable !== page) parsers.push([DAY_FIRST, readable]);
  // Year-month-day with CJK units ("2024年3月5日").
  if (page.includes("年")) parsers.push([chrono.ja.strict, page]);
  const maxYear = ctx.referenceDate.getFullYear() + 10;
  // "Jan11'20": a till's month, day and apostrophe year. Chrono does not read it, and would take its month and day
  // for another date's ("Gst 5" / "Jan11'20" as 5 Jan 2011): it comes first, so an overlapping reading is dropped.
  const hits: DateHit[] = apostropheYearDates(page, maxYear).map((h) => ({ ...h, isRange: false }));
  // "25/11/03" on a Canadian till is year-first (see dates.year-first.ts): it comes first, like the apostrophe year.
  hits.push(...canadianYearFirstDates(page, ctx.referenceDate).map((h) => ({ ...h, isRange: false })));
  const numeric = numericDates(page, ctx.monthFirst, maxYear);
  for (const [parser, text] of parsers) {
    for (const r of parser.parse(text, ctx.referenceDate)) {
      const s = r.start;
      // Without an explicit day, month and year a match is a fragment (`9/5` in an address), not a date.
      if (!s.isCertain("day") || !s.isCertain("month") || !s.isCertain("year")) continue;
      // A relative expression ("within 7 days", "2 weeks ago") is computed from the reference date, not printed.
      if (RELATIVE.test(r.text)) continue;
      const y = s.get("year");
      const mo = s.get("month");
      const d = s.get("day");
      if (y === null || mo === null || d === null || y < 1970 || y > maxYear) continue;
      const span = coreSpan(r.text, !r.end);
      if (!span) continue;
      const start = r.index + span[0];
      const end = r.index + span[1];
      if (hits.some((h) => start < h.end && end > h.start)) continue;
      // A reading across a column gap that swallows another cell's whole numeric date pieces a date together from
      // the cells ("2024-7574⇥08-10-2024⇥07-11-2024" read as 2024-07-11): each cell's own date is read on its own.
      // So is one that reaches into another cell's numeric date ("Sep, 2025⇥01/09/2025" read as 2025-01-09 from the
      // year of one cell and the day and month of the next).
      if (page.slice(start, end).includes("\t") && numeric.some((h) => h.start < end && h.end > start && (h.start > start || h.end < end))) continue;
      // Chrono reading from the middle of a whole numeric date ("03.12.26/14:35" as "12.26/14") misreads it.
      if (numeric.some((h) => h.start < start && start < h.end)) continue;
      // A whole numeric date is read in the document's order (see numericDates). Chrono's parsers each have their own:
      // when the one in the document's order spends the date on a wrong reading ("6762 12/01" as a year 6762, dropped
      // above), a later one's order would win ("6762⇥12/01/2023" as 12 January in a month-first bill).
      if (numeric.some((h) => h.start === start && h.end === end)) continue;
      if (!ctx.monthFirst && dottedMonthOver12(page.slice(start, end))) continue;
      hits.push({ start, end, iso: iso(y, mo, d), isRange: r.end !== null && r.end !== undefined });
    }
  }
  for (const h of numeric) if (!hits.some((x) => h.start < x.end && h.end > x.start) && (ctx.monthFirst || !dottedMonthOver12(page.slice(h.start, h.end)))) hits.push(h);
  return hits.sort((a, b) => a.start - b.start);
}

/**
 * True for a dotted numeric date whose middle number cannot be a month ("06.30.2023"). Dotted dates are printed
 * day-first; in a document whose dates are day-first such a date is a misreading (OCR's 3 for a 1), not a
 * month-first date — unlike a slashed one ("12/28/2017"), which does reach day-first documents.
 */
function dottedMonthOver12(raw: string): boolean {
  const m = /^(\d{1,2})\.(\d{1,2})\.\d{2,4}(?!\d)/.exec(raw);
  return m !== null && Number(m[2]) > 12;
}

/**
 * d/m/y with one separator used twice, where chrono reads nothing: a one-digit day before a two-digit year
 * ("3.12.26"), or a two-digit year run into the time after it ("03.12.2614:35", "03.12.26/14:35").
 */
const PLAIN_NUMERIC = /(?<![\d.,/-])(\d{1,2})([./-])(\d{1,2})\2(\d{4}(?![.,/:-]?\d)|\d{2}(?![.,/:-]?\d)|\d{2}(?=\/?\d{1,2}:\d{2}(?!\d)))/g;
/** A time of day right after a date ("3.1.26 14:35"). */
const TIME_AFTER = /^\s*\d{1,2}[:.]\d{2}(?!\d)/;
/** The same with the separators set apart by spaces, as tills and OCR print them ("03 - 12 - 2026"): a four-digit year only. */
const SPACED_NUMERIC = /(?<![\d.,/:-])(\d{1,2})(?=[^\d]*\s)\s?([./-])\s?(\d{1,2})\s?\2\s?(\d{4})(?![.,/:-]?\d)/g;
/** A compact yyyymmdd ("20180428", "20180428/191204"); a date only right after a date label (else an id or a phone number). */
const COMPACT = /(?<![\d.,/-])((?:19|20)\d{2})(\d{2})(\d{2})(?![\d.,]|-\d)/g;
/** A date label ending just before a compact date: "Date:", "DATE/TIME :", "Datum". */
const LABEL_BEFORE = /(?<![\p{L}])(?:date|dated|datum|fecha|data|tarikh|tgl)(?:\s*\/\s*(?:time|zeit|uhrzeit|hora|heure))?[\s:.]*$/iu;

/** True when y-m-d is a real calendar day in the accepted years. */
function validDay(y: number, m: number, d: number, maxYear: number): boolean {
  if (y < 1970 || y > maxYear || m < 1 || m > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/**
 * Numeric dates chrono passes over (see the patterns above), read day-first
 * unless the document writes month-first or only month-first makes a date.
 */
function numericDates(page: string, monthFirst: boolean, maxYear: number): DateHit[] {
  const out: DateHit[] = [];
  for (const re of [PLAIN_NUMERIC, SPACED_NUMERIC]) {
    for (const m of page.matchAll(re)) {
      // "1.2.24" alone is as likely a section or article number: a one-digit day and month need a four-digit year
      // or a time after them.
      const short = (m[1] as string).length === 1 && (m[3] as string).length === 1 && (m[4] as string).length === 2;
      if (short && !TIME_AFTER.test(page.slice(m.index + m[0].length, m.index + m[0].length + 8))) continue;
      const a = Number(m[1]);
      const b = Number(m[3]);
      const y = (m[4] as string).length === 2 ? 2000 + Number(m[4]) : Number(m[4]);
      const dayFirst = validDay(y, b, a, maxYear);
      const monthFirstOk = validDay(y, a, b, maxYear);
      if (!dayFirst && !monthFirstOk) continue;
      const [d, mo] = dayFirst && !(monthFirst && monthFirstOk) ? [a, b] : [b, a];
      out.push({ start: m.index, end: m.index + m[0].length, iso: iso(y, mo, d), isRange: false });
    }
  }
  for (const m of page.matchAll(COMPACT)) {
    const lineStart = page.lastIndexOf("\n", m.index) + 1;
    if (!LABEL_BEFORE.test(page.slice(Math.max(lineStart, m.index - 24), m.index))) continue;
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    if (validDay(y, mo, d, maxYear)) out.push({ start: m.index, end: m.index + m[0].length, iso: iso(y, mo, d), isRange: false });
  }
  return out;
}

type LabelKind = "due" | "issue" | "generic" | "other" | "invoice" | null;

/**
 * A till's transaction time as the fiscal module (TSE) or terminal prints it ("TSE-Start:", "Beginn:",
 * "Transaktionsende"): the time of the sale, so the receipt's date, although it says "start".
 */
const TRANSACTION_TIME = /\b(?:tse|kasse)[\s-]*(?:start|stop|beginn|ende|zeit)|\btransaktions?[\s-]*(?:beginn|ende|start|zeit)|^\W*(?:beginn|ende)\s*:/i;

/**
 * The shared label vocabulary's date labels by the kind they give here (see labels.vocabulary.ts): its wordings in
 * Dutch, German, French, Spanish, Italian and Malay ("Date d'échéance", "Tarikh Invois", "Rechnung Nr. 5 vom") count
 * as their English equivalents do. A title line naming the number and the date is the document's date.
 */
const VOCABULARY_DUE = DATE_LABELS.filter((l) => l.role === "due_date").map((l) => l.re);
const VOCABULARY_ISSUE = DATE_LABELS.filter((l) => l.role === "document_date" && l.strength >= 0.9).map((l) => l.re);
const VOCABULARY_OTHER = DATE_LABELS.filter((l) => l.role === "order_date" || l.role === "delivery_date").map((l) => l.re);
const VOCABULARY_GENERIC = DATE_LABELS.filter((l) => l.role === "document_date" && l.strength < 0.9).map((l) => l.re);
/**
 * The date of the invoice a credit note refers to ("Original invoice date") and a service period's first or last day
 * ("Date de début de prestation"): not the document's, whatever else their labels say.
 */
const VOCABULARY_RELATED = DATE_LABELS.filter((l) => NOT_THE_DOCUMENTS_DATE.has(l.role)).map((l) => l.re);
const anyOf = (res: readonly RegExp[], text: string): boolean => res.some((re) => re.test(text));

function classify(text: string): LabelKind {
  if (anyOf(VOCABULARY_RELATED, text)) return "other";
  if (DUE_LABEL.test(text) || anyOf(VOCABULARY_DUE, text)) return "due";
  if (ISSUE_LABEL.test(text) || anyOf(VOCABULARY_ISSUE, text)) return "issue";
  if (TRANSACTION_TIME.test(text)) return "generic";
  if (OTHER_LABEL.test(text) || anyOf(VOCABULARY_OTHER, text)) return "other";
  if (GENERIC_LABEL.test(text) || anyOf(VOCABULARY_GENERIC, text)) return "generic";
  if (INVOICE_CONTEXT.test(text)) return "invoice";
  return null;
}

/**
 * Finds the label governing a date: text before it on its own line, or, for
 * OCR and PDF text that puts labels and values on separate lines, one of the
 * few non-empty lines above it.
 */
function labelFor(lines: readonly Line[], hit: DateHit, page: string): { kind: LabelKind; distance: number } {
  const lineIdx = lines.findIndex((l) => hit.start >= l.start && hit.start <= l.end);
  const line = lines[lineIdx];
  if (!line) return { kind: null, distance: 0 };
  const before = page.slice(Math.max(line.start, hit.start - 80), hit.start);
  const kind = classify(before);
  if (kind !== null) return { kind, distance: 0 };
  // A row of label cells over a row of value cells ("Fecha emisión:⇥Vencimiento actual:" over "27/08/2024⇥Ver
  // Talón"): the same number of cells on both rows, so the date's label is the cell at its column, not the row's
  // first label of any kind (column gaps are tabs in the page text).
  const cells = line.text.split("\t");
  const column = page.slice(line.start, hit.start).split("\t").length - 1;
  let seen = 0;
  for (let j = lineIdx - 1; j >= 0 && seen < 3; j -= 1) {
    const l = lines[j];
    if (!l || l.text.trim() === "" || /^[\s:=.-]*$/.test(l.text)) continue;
    seen += 1;
    const above = l.text.split("\t");
    const text = cells.length > 1 && above.length === cells.length ? (above[column] ?? l.text) : l.text;
    if (text.trim().length > 48) break;
    const k = classify(text);
    if (k !== null && k !== "invoice") return { kind: k, distance: seen };
  }
  return { kind: null, distance: 0 };
}

/**
 * Extracts `document_date` and `due_date` candidates. Every plausible date
 * becomes a `document_date` candidate; its label decides the confidence, and
 * dates labelled as due dates become `due_date` candidates instead.
 */
export function extractDates(page: string, pageNumber: number, ctx: ExtractorContext): ExtractedField[] {
  const lines = splitLines(page);
  const out: ExtractedField[] = [];
  const hits = findDates(page, ctx);
  hits.forEach((hit, i) => {
    const { kind, distance } = labelFor(lines, hit, page);
    const far = 0.06 * distance;
    const rangeFactor = hit.isRange ? 0.6 : 1;
    let docConf: number;
    switch (kind) {
      case "issue":
        docConf = 0.95 - far;
        break;
      case "generic":
        docConf = 0.85 - far;
        break;
      case "invoice":
        docConf = 0.7;
        break;
      case "due":
        docConf = 0.15;
        break;
      case "other":
        docConf = 0.3;
        break;
      default:
        // Unlabelled: the first date on the first page is usually the issue date.
        docConf = (pageNumber === 1 && i === 0 ? 0.5 : 0.4) - Math.min(0.1, i * 0.02);
    }
    out.push(makeField("document_date", page, pageNumber, hit.start, hit.end, hit.iso, docConf * rangeFactor));
    if (kind === "due") out.push(makeField("due_date", page, pageNumber, hit.start, hit.end, hit.iso, (0.9 - far) * rangeFactor));
  });
  return out;
}
