/**
 * Field extraction over page models: one best value per field name, each with
 * its page, box, reading confidence (`ocrConfidence`), assignment confidence
 * (`confidence`, calibrated), the distinct alternatives, and for amounts the
 * arithmetic checks that passed or failed.
 *
 * Candidates come from two sources: the text extractors (`../*.extractor.ts`,
 * run on each page's rendered text) and the geometric label → value search
 * (`amounts.page.ts`, identifiers and dates below, `parties.page.ts`). The
 * total is chosen by {@link rankTotals}, i.e. by whether the document adds up.
 */
import { FIELD_NAMES, type DocumentType, type ExtractedField, type FieldName, type FieldValue, type LineItem, type Money } from "../../extraction.types.js";
import type { BBox, PageLine, PageModel } from "../../page/page.model.js";
import { extractAmounts } from "../amounts.extractor.js";
import { extractContacts } from "../contacts.extractor.js";
import { buildContext } from "../context.js";
import { extractDates, findDates } from "../dates.extractor.js";
import { extractIdentifiers, idMatcher } from "../identifiers.extractor.js";
import { firstInvoicePages, type HeaderNumber } from "./document.invoices.js";
import { extractParties } from "../parties.extractor.js";
import { clamp01 } from "../text.js";
import { customerLabelled } from "../tax-id.extractor.js";
import type { ExtractorContext } from "../types.js";
import { amountCandidates, ownTotalCandidates, taxTableSumRows, totalReadings, type AmountCandidate } from "./amounts.page.js";
import { printedDigits, rankTotals } from "./amounts.reconcile.js";
import { pageLineItems } from "./line-items.page.js";
import { accessKeyIssuerCnpj } from "./nfe.access-key.js";
import { INCLUDED_ROW } from "./line-items.vocabulary.js";
import { calibrate } from "./confidence.calibration.js";
import { EMBEDDED_CONFIDENCE, embeddedFields, type FieldCandidate } from "./einvoice.fields.js";
import type { EmbeddedEInvoice } from "../../einvoice/einvoice.types.js";
import { decideCurrency } from "./currency.evidence.js";
import { BARE_NUMBER_LABEL, DATE_LABELS, ID_LABELS, LEGAL_FORM, NUMBER_SIGN, TITLE_ALONE, TITLE_DATE_PREPOSITION, TITLE_NUMBER_ENDS_ROW } from "./labels.vocabulary.js";
import { findMisreadDates, fullerDateReading } from "./dates.ocr.js";
import { ocrLabelView } from "./labels.ocr.js";
import { shopName } from "./shop.name.js";
import { addressedPerson, blockCompany, rowCompany, customerDataBlock, otherPartyBlock, brandDomains, withUmlauts, brandLineIssuers, cleanPartyName, domainIssuers, footerIssuers, greetingIssuers, illegibleNamePenalty, isStreetLine, leftOfRecipientLabel, letterheadIssuers, neverAName, notAName, recipientBlock, windowParties, type PartyCandidate } from "./parties.page.js";
import { payeeIssuers } from "./payee.issuers.js";
import { statutoryIssuers } from "./statutory.issuers.js";
import { cellEnd, linesOf, spanGeometry, unionBox, valueAfterWrappedLabel, valueForLabel, wordsInSpan } from "./page.layout.js";
import { editDistance } from "../../../common/edit-distance.js";

/** Options of {@link extractDocumentFields}. */
export interface DocumentFieldsOptions {
  documentType?: DocumentType;
  referenceDate?: Date;
  /**
   * False when the pages' boxes are a stand-in (text without geometry, see
   * `pageFromText`): positions still guide the search, but no box is reported.
   */
  geometry?: boolean;
  /**
   * An e-invoice embedded in the PDF (Factur-X/ZUGFeRD/XRechnung/UBL): its values become the fields' best
   * values and its lines the line items; the page's readings stay as alternatives (see `einvoice.fields.ts`).
   */
  einvoice?: EmbeddedEInvoice | null;
}

/** A scored candidate before resolution; `embedded` (the attachment's file name) marks a value from an embedded e-invoice. */
type Cand = FieldCandidate & { embedded?: string; raw?: string; documentNumber?: boolean };

const cents = (n: number): number => Math.round(n * 100) / 100;

function key(v: FieldValue): string {
  if (typeof v === "string") return v.toLowerCase().replace(/[^\p{L}\p{N}]/gu, "");
  return cents(v.amount).toFixed(2);
}

function fromField(f: ExtractedField): Cand {
  return { name: f.name, page: f.page, start: f.start, end: f.end, value: f.value, score: f.confidence };
}

function amountCand(name: FieldName, c: AmountCandidate, score: number): Cand {
  return { name, page: c.page, start: c.token.start, end: c.token.end, value: { amount: cents(c.token.money.amount), currency: c.token.money.currency }, score };
}

/**
 * A party name the text extractor read across a column gap of a text layer ("Springfield, IL⇥Acme Supplies LLC",
 * two columns of one row): only one column's part is a name — the part with a legal form, else the first. OCR'd
 * pages keep theirs: OCR puts wide gaps inside names too ("SUBANG HEALTHCARE SDN⇥BHD").
 */
function oneColumn(page: PageModel, f: ExtractedField): ExtractedField {
  const raw = page.text.slice(f.start, f.end);
  if (page.source === "ocr" || (f.name !== "issuer" && f.name !== "recipient") || !raw.includes("\t")) return f;
  const parts: { start: number; text: string }[] = [];
  let at = f.start;
  for (const part of raw.split("\t")) {
    const lead = part.length - part.trimStart().length;
    if (part.trim() !== "") parts.push({ start: at + lead, text: part.trim() });
    at += part.length + 1;
  }
  const chosen = parts.find((p) => LEGAL_FORM.test(p.text)) ?? parts[0];
  if (!chosen) return f;
  return { ...f, start: chosen.start, end: chosen.start + chosen.text.length, raw: chosen.text, value: chosen.text };
}

/** Stands in for a column gap (a tab in page text) where labels are matched: not whitespace, so no label spans two columns. */
const COLUMN_GAP = "\u001f";

/**
 * A line's text as labels are matched on it: as printed, or on an OCR'd page
 * with misread label words written out; same offsets. Column gaps are not
 * whitespace here: in a header row "Invoice Date⇥Due Date" the words "Date⇥Due"
 * are two columns' words, not the label "date due".
 */
function labelView(page: PageModel, line: PageLine): string {
  const printed = page.text.slice(line.start, line.end).replaceAll("\t", COLUMN_GAP);
  return page.source === "ocr" ? ocrLabelView(printed) : printed;
}

/** A label found on a line: which vocabulary entry, where it ends in the page text, and its box. */
interface LabelHit<L> {
  label: L;
  start: number;
  end: number;
  box: BBox;
}

/** Each vocabulary's patterns compiled once as global, Unicode-aware expressions. */
const globalPatterns = new WeakMap<readonly { re: RegExp }[], RegExp[]>();

/**
 * Every label of `labels` printed on a line, in vocabulary order: a header row
 * can name several ("Invoice Date⇥Due Date"), each over its own value, and a
 * span one label took is not read again as a later one ("Due Date" is not
 * "Date"). On OCR'd pages labels are matched on {@link labelView}.
 */
function* labelsOnLine<L extends { re: RegExp }>(page: PageModel, line: PageLine, labels: readonly L[]): Generator<LabelHit<L>> {
  let patterns = globalPatterns.get(labels);
  if (!patterns) globalPatterns.set(labels, (patterns = labels.map((l) => new RegExp(l.re.source, "giu"))));
  const text = labelView(page, line);
  const taken: [number, number][] = [];
  for (const [i, label] of labels.entries()) {
    for (const m of text.matchAll(patterns[i] as RegExp)) {
      const s = line.start + m.index;
      const e = s + m[0].length;
      if (taken.some(([a, b]) => s < b && e > a)) continue;
      taken.push([s, e]);
      const box = unionBox(wordsInSpan(page, s, e).map((w) => w.box));
      if (box) yield { label, start: s, end: e, box };
    }
  }
}

/** Vocabulary of {@link identifierCands} on an invoice: the named labels, then a bare "Number" label (weakest). */
const INVOICE_ID_LABELS = [...ID_LABELS, BARE_NUMBER_LABEL];

/** Score of a one- or two-digit invoice number after a strong label: under every other invoice-number candidate. */
const SHORT_INVOICE_NUMBER = 0.5;

/**
 * Identifiers by label and position: invoice, customer and order numbers and references kept apart by their labels.
 * On an invoice (`invoice` true) a bare "Nummer:" label and a document number ("Belegnummer") also give weak
 * invoice-number candidates, for invoices that label their number no other way; any named label outranks them. A
 * receipt number does so on receipts too.
 */
function identifierCands(page: PageModel, invoice: boolean): Cand[] {
  const out: Cand[] = [];
  const lines = linesOf(page);
  for (const [i, line] of lines.entries()) {
    if (invoice) out.push(...numberOverSeries(page, line, lines[i + 1]));
    // A row that ends with a slash wraps its label onto the next row, as multilingual invoices print them
    // ("Beleg-Nr./Document No./" over "No. du document/Num. de comprobante"): the value stands one row further down.
    const wraps = /\/\s*$/.test(page.text.slice(line.start, line.end));
    for (const { label, start, end, box } of labelsOnLine(page, line, invoice ? INVOICE_ID_LABELS : ID_LABELS)) {
      const found = valueForLabel(page, line, box, end, idMatcher, { maxBelow: wraps ? 2 : 1 });
      if (!found) {
        // "Rechnung Nr. 42", "Invoice #7": a one- or two-digit number right after a strong invoice-number label, on its
        // row (see idMatcher's `short`); weaker than any other invoice-number candidate, so a longer number wins.
        // The bare title word too ("Rechnung 10") when the two are the whole row: a heading, not a sentence or a
        // table cell ("Rechnung 10 Tage nach Erhalt").
        const short = label.role === "invoice_number" ? idMatcher(page.text.slice(end, line.end), end, { short: true }) : null;
        const heading = short !== null && page.text.slice(line.start, start).trim() === "" && page.text.slice(short.end, line.end).trim() === "";
        if (short && (label.strength >= 0.9 || heading)) out.push({ name: "invoice_number", page: page.page, start: short.start, end: short.end, value: short.value, score: SHORT_INVOICE_NUMBER });
        continue;
      }
      const v = found.value;
      // A value that is itself a label word of another role ("Klantnummer: 123 Factuurnummer: …") is fine; a date is not.
      if (/^\d{1,2}[./-]\d{1,2}[./-]\d{2,4}$/.test(v.value)) continue;
      const score = label.strength - (found.right ? 0 : 0.08);
      out.push({ name: label.role, page: page.page, start: v.start, end: v.end, value: v.value, score, ...(label.documentNumber ? { documentNumber: true } : {}) });
      if ((invoice || label.anyDocument) && label.documentNumber) out.push({ name: "invoice_number", page: page.page, start: v.start, end: v.end, value: v.value, score: score - 0.2 });
    }
    if (invoice) out.push(...titleSignedNumbers(page, line));
  }
  return out;
}

/** Score of a fiscal document's number printed over its series (see {@link numberOverSeries}): a named label's. */
const NUMBER_OVER_SERIES = 0.85;

/**
 * A bare number sign opening a cell, its colon optional ("Nº.: 000.109.017", "N° 0042"), or the sign written with a
 * letter o and its full stop ("No. 025.994.070", as some DANFE printers set it): the series under it says which it is.
 */
const BARE_NUMBER_SIGN = new RegExp(String.raw`(?<=(?:^|\u001f)\s*)n(?:[°º]\.?|o\.)\s*:?`, "giu");

/**
 * A fiscal document's number printed over its series: a bare "Nº" opening a cell, and the row right under it, at the
 * same left edge, opening with "Série"/"Serie" ("Nº.: 000.109.017" over "Série: 1", as a Brazilian DANFE, a Portuguese
 * or Spanish invoice print them). Number and series together identify the document, so the sign labels its own number.
 */
function numberOverSeries(page: PageModel, line: PageLine, next: PageLine | undefined): Cand[] {
  if (!next) return [];
  const out: Cand[] = [];
  for (const m of labelView(page, line).matchAll(BARE_NUMBER_SIGN)) {
    const at = line.start + m.index;
    const sign = wordsInSpan(page, at, at + m[0].length)[0];
    if (!sign) continue;
    const h = sign.box.y1 - sign.box.y0;
    if (next.box.y0 - line.box.y1 > h) continue;
    const v = idMatcher(page.text.slice(at + m[0].length, cellEnd(page, line, at + m[0].length)), at + m[0].length);
    const right = v ? wordsInSpan(page, v.start, v.end).at(-1)?.box.x1 : undefined;
    if (!v || right === undefined) continue;
    // The series stands under the number's cell: flush with it or set in a little (a form centres both).
    const below = next.words.find((w) => w.box.x0 >= sign.box.x0 - h && w.box.x0 < right);
    if (!below || !/^s[ée]rie\b/iu.test(page.text.slice(below.start, next.end))) continue;
    out.push({ name: "invoice_number", page: page.page, start: v.start, end: v.end, value: v.value, score: NUMBER_OVER_SERIES });
  }
  return out;
}

/** Score of a number after a number sign right under the title alone on its row (see `TITLE_ALONE`): a title word's. */
const TITLE_SIGNED_NUMBER = 0.85;

/**
 * The identifier after a number sign opening `text` ("No.: 123456789", "# 0001"), or null. After the sign a sequence
 * and a two-digit year ("nr 2/15", as Polish invoices number them) is the number, not a day and a month.
 */
function afterNumberSign(text: string, offset: number): { start: number; end: number; value: string } | null {
  const sign = NUMBER_SIGN.exec(text);
  if (!sign) return null;
  return idMatcher(text.slice(sign[0].length), offset + sign[0].length, { signed: true });
}

/**
 * Numbers after a number sign under a title alone in its cell (see `TITLE_ALONE`): on the row right below a title
 * alone on its row; within three rows down the column of a title in a cell of its own, as a fiscal e-invoice stacks
 * title, series and number in a box beside the seller's block ("FACTURA CAMBIARIA ELECTRÓNICA" / "Serie: A1" / "No.:
 * 123456789").
 */
function titleSignedNumbers(page: PageModel, line: PageLine): Cand[] {
  const view = labelView(page, line);
  const out: Cand[] = [];
  let at = 0;
  for (const cell of view.split(COLUMN_GAP)) {
    const start = line.start + at;
    at += cell.length + 1;
    if (!TITLE_ALONE.test(cell)) continue;
    const whole = cell.length === view.length;
    const box = whole ? line.box : unionBox(wordsInSpan(page, start, start + cell.length).map((w) => w.box));
    if (!box) continue;
    const signed = valueForLabel(page, line, box, start + cell.length, afterNumberSign, { maxBelow: whole ? 1 : 3 });
    if (signed) out.push({ name: "invoice_number", page: page.page, start: signed.value.start, end: signed.value.end, value: signed.value.value, score: TITLE_SIGNED_NUMBER });
  }
  return out;
}

/** Strong-label invoice numbers of a page and how far down it they stand (see {@link firstInvoicePages}). */
function headerInvoiceNumbers(page: PageModel, cands: readonly Cand[]): HeaderNumber[] {
  return cands
    .filter((c) => c.name === "invoice_number" && c.score >= STRONG_INVOICE_NUMBER && typeof c.value === "string")
    .map((c) => ({ value: c.value as string, depth: page.height > 0 ? ((wordsInSpan(page, c.start, c.end)[0]?.box.y0 ?? page.height) / page.height) : 1 }));
}
/** A candidate score only a named invoice-number label gives (not a bare "Number:", not a document number). */
const STRONG_INVOICE_NUMBER = 0.8;

/**
 * Dates by label and position; order, due and delivery dates keep their own names. The dates of a referred invoice
 * and of a service period are noted in `otherDates` instead.
 */
function dateCands(page: PageModel, ctx: ExtractorContext, otherDates: Map<string, number>): Cand[] {
  const out: Cand[] = [];
  const hits = findDates(page.text, ctx);
  // Only a date inside the text it is given: after a label that ends its line, the next line in reading order
  // (a row of values under a row of labels) starts right after it, but its first date is another label's.
  const matcher = (text: string, offset: number) => {
    const lead = /^[\s:.\-–]*/.exec(text)?.[0].length ?? 0;
    const h = hits.find((d) => d.start >= offset + lead && d.start <= offset + lead + 12 && d.end <= offset + text.length && !d.isRange);
    return h ?? null;
  };
  const lines = linesOf(page);
  for (const [i, line] of lines.entries()) {
    for (const { label, end, box } of labelsOnLine(page, line, DATE_LABELS)) {
      const found = valueForLabel(page, line, box, end, matcher, { maxBelow: 1 }) ?? valueAfterWrappedLabel(page, line, end, matcher);
      // The referred invoice's date and the service period's are no date of this document: their labels claim the
      // value (see `claimed` in extractDocumentFields), they give no candidate.
      if (label.role === "related_invoice_date" || label.role === "service_period") {
        if (found) otherDates.set(`${page.page}:${found.value.start}`, label.strength);
        continue;
      }
      if (found) out.push({ name: label.role, page: page.page, start: found.value.start, end: found.value.end, value: found.value.iso, score: label.strength - (found.right ? 0 : 0.06) });
      const wrapped = found ? null : dateWrappedAfterMonth(page, line, box, end, ctx);
      if (wrapped) out.push({ name: label.role, page: page.page, start: wrapped.start, end: wrapped.end, value: wrapped.iso, score: label.strength - 0.06 });
    }
    // A title that wrapped after its number: "Gutschrift … Nr. 47110818" / "vom 31.10.2018" is the document's date,
    // as the title written on one row is (the title-date label's strength, less a row's distance).
    const next = lines[i + 1];
    if (next && TITLE_NUMBER_ENDS_ROW.test(labelView(page, line))) {
      const opens = TITLE_DATE_PREPOSITION.exec(page.text.slice(next.start, next.end));
      const d = opens ? matcher(page.text.slice(next.start + opens[0].length, next.end), next.start + opens[0].length) : null;
      if (d) out.push({ name: "document_date", page: page.page, start: d.start, end: d.end, value: d.iso, score: 0.9 - 0.06 });
    }
  }
  return out;
}

/** A word alone ending a date label's cell, as a month name does when its date wraps ("Invoice Date: May"). */
const WORD_ALONE = /^[\s:.\-–]*(\p{L}{3,9}\.?)\s*$/u;

/**
 * A date that wraps after its month's name in a narrow cell ("Invoice Date: May" over "03, 2024"): the month ending
 * the label's cell and the day and year opening the cell under them, in the same column, read together. Its span is the
 * part on the row below (the two parts are not adjacent in the page text). Null when the two parts make no date.
 */
function dateWrappedAfterMonth(page: PageModel, line: PageLine, label: BBox, labelEnd: number, ctx: ExtractorContext): { start: number; end: number; iso: string } | null {
  const m = WORD_ALONE.exec(page.text.slice(labelEnd, cellEnd(page, line, labelEnd)));
  const month = m?.[1];
  if (!m || !month) return null;
  const at = labelEnd + m[0].indexOf(month);
  const word = wordsInSpan(page, at, at + month.length)[0];
  if (!word) return null;
  const h = word.box.y1 - word.box.y0;
  const next = linesOf(page)
    .filter((l) => l !== line && l.box.y0 >= word.box.y1 - 0.3 * h && l.box.y0 - word.box.y1 < 1.2 * h)
    .sort((a, b) => a.box.y0 - b.box.y0)[0];
  // The cell under the label and its month: its first word within their span.
  const first = next?.words.find((w) => w.box.x1 > label.x0 && w.box.x0 < word.box.x1 + 2 * h);
  if (!next || !first) return null;
  const rest = page.text.slice(first.start, cellEnd(page, next, first.start)).trimEnd();
  const hit = findDates(`${month} ${rest}`, ctx).find((d) => d.start === 0 && d.end > month.length + 1 && !d.isRange);
  return hit ? { start: first.start, end: first.start + hit.end - month.length - 1, iso: hit.iso } : null;
}

/**
 * Document dates OCR misread ("2107/2017", "2l/07/2017"): weak candidates,
 * below any date the strict parsers read, a little stronger on a row with a
 * date label.
 */
function misreadDateCands(page: PageModel, ctx: ExtractorContext): Cand[] {
  if (page.source !== "ocr") return [];
  const ref = ctx.referenceDate.getFullYear();
  const generic = DATE_LABELS.filter((l) => l.role === "document_date");
  return findMisreadDates(page.text, { monthFirst: ctx.monthFirst, minYear: ref - 15, maxYear: ref + 1 }).map((d) => {
    const line = linesOf(page).find((l) => d.start >= l.start && d.start < l.end);
    const labelled = line !== undefined && generic.some((l) => l.re.test(page.text.slice(line.start, d.start)));
    return { name: "document_date", page: page.page, start: d.start, end: d.end, value: d.iso, score: labelled ? 0.42 : 0.3 };
  });
}

/**
 * An issuer candidate of a receipt read as the shop's brand: a German
 * operator's name ("<Brand> Markt GmbH") becomes the brand, its span narrowed
 * to the brand's words; an owner's line ("Markt Mustermann e.K.") is weighed
 * down, so the brand printed above it is the merchant.
 */
function asShopBrand(c: Cand, page: PageModel | undefined, owners: Cand[]): string | null {
  // "Nordi Tankstelle", "Nordi Station": a petrol station's brand with what the outlet is.
  const station = /^(\p{L}[\p{L}\p{N}&'.-]*(?:\s+\p{L}[\p{L}\p{N}&'.-]*)?)\s+(?:tankstelle|tankstation|station)$/iu.exec((c.value as string).trim());
  if (station?.[1] && station[1].replace(/[^\p{L}]/gu, "").length >= 2) {
    c.value = station[1];
    const at = page ? page.text.slice(c.start, c.end).indexOf(station[1]) : -1;
    if (at >= 0) c.end = c.start + at + station[1].length;
  }
  const shop = shopName(c.value as string);
  if (!shop) return null;
  if (shop.owner) {
    owners.push({ ...c });
    c.score -= 0.3;
    return null;
  }
  c.value = shop.brand;
  // The brand's last word as printed closes the span (the legal form after it is not the merchant).
  const printed = page ? page.text.slice(c.start, c.end) : "";
  const lastWord = shop.brand.split(" ").pop() ?? "";
  const at = lastWord === "" ? -1 : printed.indexOf(lastWord);
  if (at >= 0) c.end = c.start + at + lastWord.length;
  return shop.brand;
}

/** Where an issuer candidate was read: the letterhead, the footer, a thank-you line, a domain, a brand line, a window, remittance instructions. */
type NameSource = "letterhead" | "footer" | "greeting" | "domain" | "brand_line" | "window" | "payee" | "statutory";
/** Sources that print a receipt's brand in plain type where the logo is a picture. */
const BRAND_SOURCES: ReadonlySet<NameSource> = new Set(["greeting", "domain", "brand_line"]);

/** Letters of a name's first word, umlauts folded, for comparing a brand as printed in several places. */
const brandKey = (name: string): string => firstWord(name).replace(/ä/g, "a").replace(/ö/g, "o").replace(/ü/g, "u").replace(/ß/g, "ss");
const sameBrand = (a: string, b: string): boolean => a.length >= 3 && (a === b || (a.length >= 5 && b.length >= 5 && editDistance(a, b) <= 1));

/**
 * The outlet's line read whole ("Korvia Filiale", "Korvia Bremen") gives way to the shop's name read off it (see
 * brandLineIssuers): the brand takes the line's weight, the whole line loses 0.3.
 */
function brandOverOutletLine(cands: Cand[], source: ReadonlyMap<Cand, NameSource>): void {
  for (const b of cands) {
    if (source.get(b) !== "brand_line" || typeof b.value !== "string") continue;
    const k = key(b.value);
    for (const c of cands) {
      if (c === b || c.name !== "issuer" || c.page !== b.page || typeof c.value !== "string" || source.get(c) === "brand_line") continue;
      // The same line: the candidate's span covers the brand's, and it reads as the brand and more.
      if (c.start > b.start || c.end < b.start || key(c.value) === k || !key(c.value).includes(k)) continue;
      b.score = Math.max(b.score, c.score);
      c.score -= 0.3;
    }
  }
}

/**
 * A brand printed in plain type (a thank-you line, the shop's domain, its outlet or loyalty line) outranks an
 * owner's line ("Inh. Claudia Wendt e.K."): under a picture logo the owner's is the only name in the head, but the
 * merchant is the brand.
 */
function brandOverOwner(cands: Cand[], owners: readonly Cand[], source: ReadonlyMap<Cand, NameSource>): void {
  const ownerScores = cands.filter((c) => c.name === "issuer" && owners.some((o) => o.page === c.page && o.start === c.start)).map((c) => c.score);
  if (ownerScores.length === 0) return;
  const over = Math.max(...ownerScores) + 0.02;
  const brands = cands.filter((c) => c.name === "issuer" && BRAND_SOURCES.has(source.get(c) as NameSource)).sort((a, b) => b.score - a.score);
  const best = brands[0];
  if (best && best.score < over) best.score = over;
}

/**
 * A receipt's brand printed in two kinds of places (the operator's legal entity in the footer and the shop's domain,
 * a thank-you line, its loyalty app …) is the merchant, over whatever heads the receipt: there a picture logo OCR read
 * as noise ("Od)oF") or the outlet's address. The best candidate of the brand takes the lead by 0.02.
 */
function brandInTwoPlaces(cands: Cand[], source: ReadonlyMap<Cand, NameSource>): void {
  const issuers = cands.filter((c) => c.name === "issuer" && typeof c.value === "string" && source.has(c) && source.get(c) !== "window");
  if (issuers.length === 0) return;
  const top = Math.max(...cands.filter((c) => c.name === "issuer").map((c) => c.score));
  const done = new Set<Cand>();
  // The brand printed in the most kinds of places, then the best read.
  let lead: { best: Cand; places: number } | null = null;
  for (const c of issuers) {
    if (done.has(c)) continue;
    const k = brandKey(c.value as string);
    if (k.length < 3) continue;
    const group = issuers.filter((o) => sameBrand(brandKey(o.value as string), k));
    for (const o of group) done.add(o);
    const places = new Set(group.map((o) => source.get(o))).size;
    if (places < 2 || group.some((o) => neverAName(o.value as string))) continue;
    const best = group.reduce((a, b) => (b.score > a.score ? b : a));
    if (!lead || places > lead.places || (places === lead.places && best.score > lead.best.score)) lead = { best, places };
  }
  if (lead && lead.best.score < top + 0.02) lead.best.score = top + 0.02;
}

/**
 * A short logo at the top that OCR read unsurely (mean word confidence under 0.75) and that the receipt prints
 * nowhere else ("Ado", "od)F)" off a picture logo) is noise, not the brand: the brand printed in plain type takes the
 * lead by 0.02 — the operator's ("SPARKO" of "SPARKO Markt GmbH"), else the best read off a domain, a thank-you,
 * outlet or loyalty line. A logo read surely, or one the receipt repeats, stays the name.
 */
function brandOverUnsureLogo(cands: Cand[], operators: readonly { c: Cand; brand: string }[], pageOf: ReadonlyMap<number, PageModel>, allText: string, source: ReadonlyMap<Cand, NameSource>): void {
  const letters = allText.toLowerCase();
  const byScore = (a: { c: Cand }, b: { c: Cand }): number => b.c.score - a.c.score;
  const plain = cands.filter((c) => c.name === "issuer" && typeof c.value === "string" && BRAND_SOURCES.has(source.get(c) as NameSource)).map((c) => ({ c, brand: c.value as string }));
  const best = [...operators].sort(byScore)[0] ?? plain.sort(byScore)[0];
  if (!best) return;
  const rival = best.c;
  const page = pageOf.get(rival.page);
  if (!page || page.source !== "ocr") return;
  for (const c of cands) {
    if (c.name !== "issuer" || c.page !== rival.page || c.start >= rival.start || c.score <= rival.score || typeof c.value !== "string" || source.get(c) !== "letterhead") continue;
    const words = c.value.trim().split(/\s+/);
    const k = firstWord(c.value);
    if (words.length > 2 || k.length < 2 || sameBrand(brandKey(c.value), brandKey(best.brand))) continue;
    if (spanGeometry(page, c.start, c.end).ocrConfidence >= 0.75) continue;
    // Printed elsewhere too (a repeat, a domain, a thank-you): a real name, however unsurely read at the top.
    if (letters.split(k).length > 2) continue;
    rival.score = c.score + 0.02;
  }
}

/**
 * A name OCR read without its umlaut ("Grinfeld", "KORNMUHLE"), one letter from the shop's domain spelt with its
 * umlauts ("gruenfeld.de" → "grünfeld"), takes the domain's spelling, in the case it was printed. A name that spells
 * itself as the domain does ("Mueller" at "mueller.de") is left as it is.
 */
function umlautsOfDomain(cands: Cand[], allText: string): void {
  const spelt = brandDomains(allText).map(withUmlauts).filter((d) => /[äöü]/.test(d) && d.length >= 5);
  if (spelt.length === 0) return;
  for (const c of cands) {
    if (c.name !== "issuer" || typeof c.value !== "string") continue;
    c.value = c.value.replace(/\p{L}{5,}/gu, (w) => {
      const lower = w.toLowerCase();
      const d = spelt.find((x) => !/[äöü]/.test(lower) && Math.abs(x.length - lower.length) <= 1 && editDistance(lower, x) <= 1);
      if (!d) return w;
      return w === w.toUpperCase() ? d.toUpperCase() : d.charAt(0).toUpperCase() + d.slice(1);
    });
  }
}

/** A name's first word, lower-cased letters only. */
const firstWord = (name: string): string => (name.trim().split(/\s+/)[0] ?? "").toLowerCase().replace(/[^\p{L}]/gu, "");

/**
 * The shop's name over its owner's line ("Bäckerei Kranz" over "Inh. Peter Kranz", "Nordi Tankstelle" over "Stefan
 * Vogel e.K."): a franchisee or sole trader prints the outlet's name and, under it, who owns it. The name on the line
 * directly above an owner's line is anchored by it (+0.15), and takes at least the weight the owner's line had before
 * it was weighed down as an owner's. Returns the names so weighed, as {@link logoOverOperator} takes operators.
 */
function nameOverOwner(cands: Cand[], owners: readonly Cand[], pageOf: ReadonlyMap<number, PageModel>): { c: Cand; brand: string }[] {
  const named: { c: Cand; brand: string }[] = [];
  for (const o of owners) {
    // Only a person's line: "Inh. …" or a sole trader's "… e.K." (a bare legal form wrapped from the name is no owner).
    if (typeof o.value !== "string" || !/^\W*in[hk](?:\.|aber)|(?:^|\s)e\.\s?k(?:fm|fr)?\.?\s*$/iu.test(o.value)) continue;
    const page = pageOf.get(o.page);
    if (!page) continue;
    const lines = linesOf(page).filter((l) => page.text.slice(l.start, l.end).trim() !== "");
    const at = lines.findIndex((l) => o.start >= l.start && o.start < l.end);
    const above = at > 0 ? lines[at - 1] : undefined;
    if (!above) continue;
    for (const c of cands) {
      if (c.name !== "issuer" || c.page !== o.page || c.start < above.start || c.start >= above.end || typeof c.value !== "string") continue;
      if (shopName(c.value) !== null || c.value.trim().split(/\s+/).length > 4 || neverAName(c.value)) continue;
      c.score = Math.max(c.score + 0.15, o.score);
      named.push({ c, brand: c.value });
    }
  }
  return named;
}

/**
 * The logo over the operator's name ("NORDI" above "Nordi Weststadt ApS & Co. KG", "ALBA SUD" above "ALBA SE &
 * Co. KG"): a short name without a legal form, printed above an operator whose brand opens with the same word
 * (OCR may have slipped a letter in a longer one), is the shop's brand as a customer knows it; it takes the
 * operator's weight. The operator's name, cut to its brand, may have kept the operating company's place or
 * designation ("Nordi Weststadt").
 */
function logoOverOperator(cands: Cand[], operators: readonly { c: Cand; brand: string }[]): void {
  for (const op of operators) {
    const first = firstWord(op.brand);
    if (first.length < 3) continue;
    for (const c of cands) {
      if (c.name !== "issuer" || c === op.c || c.page !== op.c.page || c.start >= op.c.start || typeof c.value !== "string") continue;
      if (shopName(c.value) !== null || LEGAL_FORM.test(c.value) || c.value.trim().split(/\s+/).length > 3) continue;
      const w = firstWord(c.value);
      if (w !== first && !(w.length >= 5 && first.length >= 5 && editDistance(w, first) <= 1)) continue;
      c.score = Math.max(c.score, op.c.score + 0.02);
    }
  }
}

/**
 * The same date printed twice on an OCR'd page and read one digit apart ("Date: 03/09/2017" at the top,
 * "08/09/2017" further down): one reading is a slip. When the two digits are a fuller digit and its usual
 * ink-lost reading (8 and 3: see fullerDateReading) the fuller one is the date; a reading printed in two or more
 * places beats one printed once (a till receipt's date at the top, in the card slip and in the fiscal module's
 * timestamps: one slip is less likely than two alike); otherwise the one OCR read surer
 * (mean word confidence at least 0.05 higher). The date takes the weight of the better-labelled reading. Dates another label claims (due, order,
 * delivery) are left alone: those are other dates, not readings of this one.
 */
function surerDateReading(cands: Cand[], pageOf: ReadonlyMap<number, PageModel>, claimed: ReadonlyMap<string, number>): void {
  const byValue = new Map<string, { best: Cand; ocr: number; places: Set<string> }>();
  for (const c of cands) {
    const page = pageOf.get(c.page);
    if (c.name !== "document_date" || typeof c.value !== "string" || page?.source !== "ocr" || claimed.has(`${c.page}:${c.start}`)) continue;
    const ocr = spanGeometry(page, c.start, c.end).ocrConfidence;
    const g = byValue.get(c.value);
    if (!g) byValue.set(c.value, { best: c, ocr, places: new Set([`${c.page}:${c.start}`]) });
    else {
      if (c.score > g.best.score) g.best = c;
      g.ocr = Math.max(g.ocr, ocr);
      g.places.add(`${c.page}:${c.start}`);
    }
  }
  const groups = [...byValue.entries()];
  for (const [value, g] of groups) {
    const lead = Math.max(
      ...groups
        .filter(([v, o]) => {
          if (v === value || editDistance(v, value) !== 1) return false;
          // A digit read thinner than printed (an 8 read as 3 on a faint print) decides before the confidences.
          const fuller = fullerDateReading(v, value);
          if (fuller !== null) return fuller === value;
          // Printed in several places against once: the lone reading is the slip.
          if (g.places.size >= 2 && o.places.size === 1) return true;
          if (o.places.size >= 2 && g.places.size === 1) return false;
          return g.ocr > o.ocr + 0.05;
        })
        .map(([, o]) => o.best.score),
    );
    if (lead > g.best.score) g.best.score = lead + 0.01;
  }
}

/**
 * A tax id printed at the foot of another company's address block (see blockCompany), or in the cell after another
 * company's name on a table row (see rowCompany), is that company's — the recipient's, under its address, with or
 * without a "Bill to" label over it — not the issuer's: 0.3 less. A number a row names so is that company's wherever
 * else it is printed too (a form repeats the buyer's in its carrier's box); one under a block's name only there (the
 * walk up a column may reach a bank's name over the issuer's own number). The issuer is the best issuer candidate; a
 * block headed by its name (its letterhead) keeps its tax id.
 */
function otherCompanysTaxIds(cands: Cand[], pageOf: ReadonlyMap<number, PageModel>): void {
  const issuer = cands.filter((c) => c.name === "issuer" && typeof c.value === "string").sort((a, b) => b.score - a.score)[0];
  if (!issuer) return;
  const own = key(issuer.value);
  if (own.length < 3) return;
  const another = (company: string | null) => company !== null && !key(company).includes(own) && !own.includes(key(company));
  const named = new Set<string>();
  for (const c of cands) {
    const page = pageOf.get(c.page);
    if (c.name !== "vat_id" || !page) continue;
    if (another(blockCompany(page, c.start))) c.score -= 0.3;
    // A row names its company outright: the number is that company's wherever else it stands.
    else if (another(rowCompany(page, c.start))) named.add(key(c.value));
  }
  for (const c of cands) if (c.name === "vat_id" && named.has(key(c.value))) c.score -= 0.3;
}

/** What extraction reads from a document: one best value per field, and the line items. */
export interface DocumentExtraction {
  fields: ExtractedField[];
  lineItems: LineItem[];
}

/**
 * Extracts one best value per field name from a document's pages.
 * Deterministic: the same pages always give the same fields in the same order.
 */
export function extractDocumentFields(pages: readonly PageModel[], opts: DocumentFieldsOptions = {}): ExtractedField[] {
  return extractDocument(pages, opts).fields;
}

/**
 * Extracts the fields and the line items of a document; the items' sum takes
 * part in choosing the total (`line_items_sum`), and items whose sum matches
 * the total or subtotal are a little surer.
 */
export function extractDocument(allPages: readonly PageModel[], opts: DocumentFieldsOptions = {}): DocumentExtraction {
  // Several invoices in one PDF: the first one's pages (see document.invoices.ts).
  // An invoice's identifier candidates per page, read once for both the split and the fields.
  const invoiceIds = new Map<PageModel, Cand[]>();
  const invoiceIdCands = (page: PageModel): Cand[] => {
    const known = invoiceIds.get(page);
    if (known) return known;
    const found = identifierCands(page, true);
    invoiceIds.set(page, found);
    return found;
  };
  const pages = opts.documentType === "invoice" ? firstInvoicePages(allPages, (page) => headerInvoiceNumbers(page, invoiceIdCands(page))) : allPages;
  const texts = pages.map((p) => p.text);
  const ctx = buildContext(texts, opts);
  const allText = texts.join("\n");
  const cands: Cand[] = [];
  const nameSource = new Map<Cand, NameSource>();
  const amountCs: AmountCandidate[] = [];
  const lineItems: LineItem[] = [];
  // Dates labelled as another document's or as a service period's day ("page:start" → label strength; see dateCands).
  const otherDates = new Map<string, number>();

  for (const page of pages) {
    const n = page.page;
    for (const f of [...extractDates(page.text, n, ctx), ...extractIdentifiers(page.text, n, ctx, { ocr: page.source === "ocr" }), ...extractContacts(page.text, n, ctx)]) cands.push(fromField(f));
    // The text extractor's parties know no heights or domains: they stay as evidence, a little below the letterhead's.
    for (const found of extractParties(page.text, n, ctx)) {
      const f = oneColumn(page, found);
      // Not under its label but in the column left of it: not the recipient (see leftOfRecipientLabel).
      if (f.name === "recipient" && leftOfRecipientLabel(page, f.start, f.end)) continue;
      // Cleaned like the letterhead's names, so the same name from both sources is one value with two sightings.
      const value = f.name === "issuer" && typeof f.value === "string" ? cleanPartyName(f.value) || f.value : f.value;
      cands.push({ ...fromField(f), value, score: f.name === "issuer" ? f.confidence * 0.85 : f.confidence });
    }
    // The text extractor's subtotal/tax/total readings join the geometric ones (its rounding logic is good).
    for (const f of extractAmounts(page.text, n, ctx)) {
      const m = f.value as Money;
      const role = f.name === "total" ? "total" : f.name === "subtotal" ? "subtotal" : "tax";
      const box = unionBox(wordsInSpan(page, f.start, f.end).map((w) => w.box)) ?? { x0: 0, y0: 0, x1: 0, y1: 0 };
      amountCs.push({ role, page: n, token: { start: f.start, end: f.end, money: m, explicitCurrency: false, hasDecimals: true }, score: f.confidence - 0.05, labelBox: box, label: f.raw });
    }
    const geometric = amountCandidates(page, ctx);
    // The text extractor read some of the same printed amounts: a per-rate row or a total before tax stays one,
    // whichever extractor read it.
    for (const c of amountCs) {
      const same = geometric.find((g) => g.page === c.page && g.token.start === c.token.start && (g.rate || g.unbalanced || g.fragment || (c.role === "total" && g.role === "subtotal")));
      if (!same) continue;
      if (same.unbalanced && !c.unbalanced) {
        c.unbalanced = true;
        c.score -= 0.25;
      }
      if (same.fragment && !c.fragment) {
        c.fragment = true;
        c.score -= 0.3;
      }
      // Scored down as the geometric reading was (see amountCandidates).
      if (same.rate && !c.rate) {
        c.rate = true;
        c.score -= 0.15;
      }
      if (c.role === "total" && same.role === "subtotal") c.role = "subtotal";
    }
    amountCs.push(...geometric);
    lineItems.push(...pageLineItems(page, ctx));
    cands.push(...(ctx.documentType === "receipt" ? identifierCands(page, false) : invoiceIdCands(page)), ...dateCands(page, ctx, otherDates), ...misreadDateCands(page, ctx));
    // A receipt's brand is often a logo; its web or e-mail domain names it too (see domainIssuers).
    const isReceipt = ctx.documentType === "receipt";
    const domains = isReceipt ? domainIssuers(page, allText) : [];
    // Where each issuer candidate was read, for brandInTwoPlaces (a receipt's brand printed in several places).
    const sources: [NameSource, PartyCandidate[]][] = [
      ["letterhead", letterheadIssuers(page, allText)],
      ["footer", footerIssuers(page, allText, isReceipt ? 0.5 : 0.8)],
      ["greeting", greetingIssuers(page, allText)],
      ["domain", domains],
      ["brand_line", isReceipt ? brandLineIssuers(page, allText) : []],
      ["window", windowParties(page, { sender: !isReceipt })],
      ["payee", payeeIssuers(page)],
      ["statutory", statutoryIssuers(page)],
    ];
    for (const [source, ps] of sources) {
      for (const p of ps) {
        const c: Cand = { name: p.name, page: p.page, start: p.start, end: p.end, value: p.value, score: p.score };
        nameSource.set(c, source);
        cands.push(c);
      }
    }
  }

  // Totals: the option that makes the document add up.
  // This bill's own total, where the amount payable adds a balance carried forward to it (see ownTotalCandidates).
  // A tax table's sum row next to the document's total is a subtotal and a tax (see taxTableSumRows).
  amountCs.splice(0, amountCs.length, ...taxTableSumRows(amountCs));
  amountCs.push(...ownTotalCandidates(pages, amountCs, ctx));
  const pageOf = new Map(pages.map((p) => [p.page, p]));
  // The digits of every number printed, with where, for totals the arithmetic implies (see derivedTotals) and the
  // charges a total may add (see rankTotals). Only money-shaped ones (a separator before the last two or three digits):
  // phone and date fragments are not sightings.
  const printedAt = pages.flatMap((p) =>
    [...p.text.matchAll(/(?<![\d.,])\d[\d.,]*[.,]\d{2,3}(?![\d.,]?\d)/g)].map((m) => ({ digits: m[0].replace(/\D/g, ""), page: p.page, start: m.index })),
  );
  const printed = printedDigits(printedAt);
  // A line that says it is included in the line above ("Incl. recycling fee") is already in that line's amount.
  const itemAmounts = lineItems.filter((i) => !INCLUDED_ROW.test(i.description)).map((i) => i.amount.amount);
  // A receipt that labels no total but a subtotal pays its subtotal (prices include tax) — unless the subtotal plus
  // a tax is printed too: then that is the total, its label lost.
  const labelledTotal = amountCs.some((c) => c.role === "total" && !c.rate && c.score >= 0.4);
  const subtotals = amountCs.filter((c) => c.role === "subtotal");
  const taxes = amountCs.filter((c) => c.role === "tax" && c.token.money.amount > 0);
  const taxAddedPrinted = subtotals.some((s) => taxes.some((x) => printed.includes(Math.round((s.token.money.amount + x.token.money.amount) * 100).toString())));
  const subtotalsAsTotal = labelledTotal || taxAddedPrinted ? [] : subtotals.map((c) => ({ ...c, score: c.score - 0.35 }));
  const options = rankTotals(amountCs, subtotalsAsTotal, itemAmounts, { totalReadings: pages.flatMap((p) => totalReadings(p)), printedAt });
  const best = options[0];
  options.forEach((o, i) => {
    const c = o.candidates[0] as AmountCandidate;
    cands.push({ ...amountCand("total", c, o.score), checks: i === 0 ? o.checks : o.checks });
  });
  for (const role of ["subtotal", "tax", "rounding", "tendered", "change"] as const) {
    const supported = best?.support[role];
    for (const c of amountCs.filter((a) => a.role === role)) cands.push(amountCand(role, c, c.score + (c === supported ? 0.2 : 0)));
  }

  // Separation rules.
  const receipt = ctx.documentType === "receipt";
  const recipients = cands.filter((c) => c.name === "recipient");
  const blocks = new Map(pages.map((p) => [p.page, recipientBlock(p)]));
  const operators: { c: Cand; brand: string }[] = [];
  const owners: Cand[] = [];
  for (const c of cands) {
    // A tax id printed in the recipient's block is the recipient's: the issuer's, printed elsewhere, wins.
    if (c.name === "vat_id") {
      const page = pageOf.get(c.page);
      const line = page ? linesOf(page).find((l) => c.start >= l.start && c.start < l.end) : undefined;
      if (line && blocks.get(c.page)?.(line, c.start, c.end)) c.score -= 0.3;
      // So is one further down the recipient's block, under its heading, and a tax representative's (EN 16931 BG-11).
      else if (page && otherPartyBlock(page, c.start) !== null) c.score -= 0.3;
      // And one in a block of the customer's data (under or over its customer number): the issuer's, in the footer
      // or letterhead, wins even without its country prefix.
      else if (page && customerDataBlock(page, c.start)) c.score -= 0.3;
    }
    if (c.name === "issuer" || c.name === "recipient") {
      const text = typeof c.value === "string" ? c.value : "";
      if (notAName(text) && !/\b(?:sdn|bhd|gmbh|ltd|inc|b\.?v)\b/i.test(text)) c.score -= 0.3;
      // A greeting, a register or contact label, a line of specks: never a name, even when nothing else is found.
      if (c.name === "issuer" && neverAName(text)) c.score -= 0.3;
      // A person addressed by a courtesy title ("Mr John Smith") is the bill's addressee, at its top as a letterhead is.
      if (c.name === "issuer" && addressedPerson(text)) c.score -= 0.3;
      // "3 TEA LEAF (M) SDN. BHD" on an OCR'd page is the second half of "… BEAN & TEA LEAF …": "&" read as 3 or 8.
      if (c.name === "issuer" && pageOf.get(c.page)?.source === "ocr" && /^[38]\s+\p{L}{2}/u.test(text)) c.score -= 0.2;
      // Logo lettering OCR could hardly read is not the name printed under it.
      const page = pageOf.get(c.page);
      if (page) c.score -= illegibleNamePenalty(page, c.start, c.end);
      // The recipient's name is not the issuer, nor is a line that starts with it (the name and another column's text).
      const recipientName = (r: Cand) => key(r.value).length >= 5 && key(c.value).startsWith(key(r.value));
      // The addressee under a return line in the envelope's window is the recipient by where it stands.
      const windowed = (r: Cand) => nameSource.get(r) === "window" && key(r.value) === key(c.value);
      if (c.name === "issuer" && recipients.some((r) => ((key(r.value) === key(c.value) || recipientName(r)) && r.score >= 0.55) || windowed(r))) c.score -= 0.4;
      // Nor is a name printed in the recipient's block (the text extractor does not see columns).
      const line = page ? linesOf(page).find((l) => c.start >= l.start && c.start < l.end) : undefined;
      if (c.name === "issuer" && page && line && blocks.get(c.page)?.(line, c.start, c.end)) c.score -= 0.4;
      // A receipt's merchant is the shop's brand, not the company operating the outlet (see shop.name.ts).
      // A street named without a street word ("Am Markt 7") is still the line above the postcode.
      if (c.name === "issuer" && page && line && isStreetLine(page, line)) c.score -= 0.3;
      if (c.name === "issuer" && receipt && typeof c.value === "string") {
        const brand = asShopBrand(c, page, owners);
        if (brand !== null) operators.push({ c, brand });
      }
    }
  }
  if (receipt) {
    // The logo still outranks a name over an owner's line that repeats it ("NORDI" over "Nordi Tankstelle").
    logoOverOperator(cands, [...operators, ...nameOverOwner(cands, owners, pageOf)]);
    brandOverOutletLine(cands, nameSource);
    brandOverOwner(cands, owners, nameSource);
    brandOverUnsureLogo(cands, operators, pageOf, allText, nameSource);
    brandInTwoPlaces(cands, nameSource);
    umlautsOfDomain(cands, allText);
  }
  otherCompanysTaxIds(cands, pageOf);
  // A Brazilian fiscal note's access key names its issuer's CNPJ: of the CNPJs printed, that one is the issuer's.
  const keyed = accessKeyIssuerCnpj(allText);
  for (const c of cands) if (keyed && c.name === "vat_id" && String(c.value).replace(/\D/g, "") === keyed) c.score += 0.3;
  // A tax id labelled as the customer's is never the issuer's `vat_id`, not even when no other is printed.
  for (let i = cands.length - 1; i >= 0; i -= 1) {
    const c = cands[i] as Cand;
    const page = pageOf.get(c.page);
    if (c.name === "vat_id" && page && customerLabelled(page.text, c.start)) cands.splice(i, 1);
  }
  // A value that a more specific label claims (customer number, order date …) is not the generic one.
  const claimed = new Map<string, number>(otherDates);
  for (const c of cands) {
    // A document number claims nothing: on an invoice it may be the invoice's number (see identifierCands).
    if (["customer_number", "order_number", "reference", "order_date", "delivery_date", "due_date"].includes(c.name) && !c.documentNumber) {
      const k = `${c.page}:${c.start}`;
      claimed.set(k, Math.max(claimed.get(k) ?? 0, c.score));
    }
  }
  for (const c of cands) {
    if (c.name !== "invoice_number" && c.name !== "document_date") continue;
    const by = claimed.get(`${c.page}:${c.start}`);
    if (by !== undefined && by >= c.score - 0.1) c.score -= 0.45;
  }

  surerDateReading(cands, pageOf, claimed);

  // Currency: evidence near the total, else amount rows, else country.
  const totalTok = best?.candidates.find((c) => c.token.explicitCurrency)?.token;
  const currency = decideCurrency(allText, totalTok?.money.currency ?? null, { ocr: pages.some((p) => p.source === "ocr") });
  if (currency.currency) {
    for (const c of cands) if (typeof c.value === "object") c.value = { amount: c.value.amount, currency: currency.currency };
    if (totalTok && best) {
      const c = best.candidates.find((x) => x.token === totalTok) as AmountCandidate;
      cands.push({ name: "currency", page: c.page, start: c.token.start, end: c.token.end, value: currency.currency, score: 0.9 });
    } else {
      cands.push({ name: "currency", page: 1, start: 0, end: 0, value: currency.currency, score: currency.source === "label" ? 0.85 : currency.source === "amount_rows" ? 0.75 : 0.55 });
    }
  }

  // The issuer's own statement, when the PDF carries one: its values win, the page's readings become alternatives.
  if (opts.einvoice) {
    const embedded = embeddedFields(opts.einvoice, pages, ctx, cands, lineItems, best ? cents(best.amount) : null, key);
    if (embedded.currency) {
      for (const c of cands) if (typeof c.value === "object") c.value = { amount: c.value.amount, currency: embedded.currency };
    }
    cands.push(...embedded.candidates);
    if (embedded.lineItems.length > 0) {
      return { fields: resolve(cands, pages, opts.geometry !== false), lineItems: embedded.lineItems.map((i) => (opts.geometry === false ? { ...i, box: null } : i)) };
    }
  }

  const summed = best?.checks.some((c) => c.name === "line_items_sum" && c.passed) ?? false;
  const items = lineItems.map((i) => ({
    ...i,
    amount: { amount: i.amount.amount, currency: currency.currency ?? i.amount.currency },
    unitPrice: i.unitPrice ? { amount: i.unitPrice.amount, currency: currency.currency ?? i.unitPrice.currency } : null,
    box: opts.geometry === false ? null : i.box,
    confidence: summed ? Math.min(0.98, Math.round((i.confidence + 0.1) * 1000) / 1000) : i.confidence,
  }));
  return { fields: resolve(cands, pages, opts.geometry !== false), lineItems: items };
}

/** Not calibrated on the page readers' table: the XML states the value (see {@link EMBEDDED_CONFIDENCE}). */
function embeddedConfidence(c: Cand): number {
  if (c.checks?.some((k) => k.name === "printed_total" && !k.passed)) return EMBEDDED_CONFIDENCE.contradicted;
  return c.end > c.start ? EMBEDDED_CONFIDENCE.printed : EMBEDDED_CONFIDENCE.notPrinted;
}

/**
 * One field per name: candidates with the same normalised value collapse into
 * one (the best-placed instance; repeated evidence adds a little), the best
 * value wins, the others become alternatives. `confidence` is the calibrated
 * assignment confidence (see `confidence.calibration.ts`).
 */
function resolve(cands: readonly Cand[], pages: readonly PageModel[], geometry: boolean): ExtractedField[] {
  const pageOf = new Map(pages.map((p) => [p.page, p]));
  const byName = new Map<FieldName, Cand[]>();
  for (const c of cands) byName.set(c.name, [...(byName.get(c.name) ?? []), c]);
  const out: ExtractedField[] = [];
  for (const [name, list] of byName) {
    // Repeated evidence counts distinct places only: two extractors reading the same span are one sighting.
    const groups = new Map<string, { best: Cand; spans: Set<string> }>();
    for (const c of list) {
      const k = key(c.value);
      if (k === "") continue;
      const g = groups.get(k);
      if (!g) groups.set(k, { best: c, spans: new Set([`${c.page}:${c.start}`]) });
      else {
        g.spans.add(`${c.page}:${c.start}`);
        if (c.score > g.best.score || (c.score === g.best.score && (c.page < g.best.page || (c.page === g.best.page && c.start < g.best.start)))) g.best = { ...c, checks: c.checks ?? g.best.checks };
      }
    }
    const ranked = [...groups.values()]
      .map((g) => ({ c: g.best, score: g.best.score + 0.03 * Math.min(2, g.spans.size - 1) }))
      .sort((a, b) => b.score - a.score || a.c.page - b.c.page || a.c.start - b.c.start);
    const top = ranked[0];
    if (!top) continue;
    const margin = top.score - (ranked[1]?.score ?? 0);
    const passed = top.c.checks?.filter((k) => k.passed).length ?? 0;
    const place = (c: Cand) => {
      const page = pageOf.get(c.page);
      const geo = page && c.end > c.start ? spanGeometry(page, c.start, c.end) : { box: null, ocrConfidence: 0 };
      // Without real geometry the words' confidences are the page's (see pageFromText), so the page's mean is reported.
      const ocrConfidence = page?.source === "text_layer" ? 1 : geometry ? geo.ocrConfidence : (page?.confidence ?? 0);
      return { raw: page ? page.text.slice(c.start, c.end) : "", box: geometry ? geo.box : null, ocrConfidence };
    };
    const p = place(top.c);
    out.push({
      name,
      // A value from an embedded e-invoice that is printed nowhere keeps the XML's text.
      raw: top.c.embedded !== undefined && top.c.end <= top.c.start ? (top.c.raw ?? "") : p.raw,
      value: top.c.value,
      confidence: top.c.embedded !== undefined ? embeddedConfidence(top.c) : calibrate(name, clamp01(top.score), clamp01(margin), passed),
      page: top.c.page,
      start: top.c.start,
      end: top.c.end,
      box: p.box,
      ocrConfidence: p.ocrConfidence,
      alternatives: ranked.slice(1, 6).map((r) => {
        const q = place(r.c);
        return { raw: q.raw, value: r.c.value, confidence: calibrate(name, clamp01(r.score), 0, 0) * 0.5, page: r.c.page, start: r.c.start, end: r.c.end, box: q.box };
      }),
      ...(top.c.checks && top.c.checks.length > 0 ? { checks: top.c.checks } : {}),
      ...(top.c.embedded !== undefined ? { embeddedFrom: top.c.embedded } : {}),
    });
  }
  const order = (n: FieldName) => FIELD_NAMES.indexOf(n);
  return out.sort((a, b) => order(a.name) - order(b.name));
}
