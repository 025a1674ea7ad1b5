import { electronicFormatIBAN, isValidIBAN } from "ibantools";
import type { ExtractedField, FieldName } from "../extraction.types.js";
import { ocrLabelView } from "./page/labels.ocr.js";
import { extractTaxIds } from "./tax-id.extractor.js";
import { findLabelledValue, makeField, splitLines } from "./text.js";
import type { ExtractorContext } from "./types.js";

interface IdLabel {
  name: FieldName;
  re: RegExp;
  confidence: number;
}

/**
 * Labels and the field they introduce. Receipt, bill and document numbers are
 * deliberately `reference`, not `invoice_number`: they identify a till
 * transaction, and mixing them in would make `invoice_number` unreliable.
 * Order matters: the first label matching at a position wins.
 */
const LABELS: readonly IdLabel[] = [
  { name: "invoice_number", re: /\b(?:tax\s+)?invoice\s*(?:no|number|num|nr|#|id)\b\.?|\binv(?:oice)?\.?\s*(?:no\b\.?|#)|\brechnungs?(?:nr|nummer|-nr)\b\.?|\bfactuur(?:nummer|nr)\b\.?|\bfacture\s*n[°ºo]\.?|\bn[°º]\s*(?:de\s+)?facture\b|\bnum[ée]ro\s+de\s+facture\b|\bfactura\s*n[°ºo.]*|\bnumero\s+fattura\b/gi, confidence: 0.9 },
  { name: "order_number", re: /\b(?:purchase\s+)?order\s*(?:no|number|id|nr|#|ref(?:erence)?)\b\.?|\bord\.?\s*#|\bP\.?O\.?\s*(?:no\b\.?|number|#)|\bbestell(?:nummer|nr)\b\.?|\bordernummer\b|\bcommande\s*n[°ºo]\.?|\bn[°º]\s*de\s+commande\b/gi, confidence: 0.85 },
  { name: "reference", re: /\b(?:receipt|bill|doc(?:ument)?|transaction|trans|txn|ref(?:erence)?|c\/n|credit\s+note|cash\s+bill)\s*(?:no|number|nr|id|#)\b\.?|\breceipt\s*#|\bref(?:erence)?\b\.?|\bcash\s+bill\b|\bunser\s+zeichen\b|\bkenmerk\b|\bbetalingskenmerk\b/gi, confidence: 0.7 },
];

/** An identifier token: has a digit, may carry letters, dashes, slashes and underscores (`BLR_WFLD2015…`, `C1-0170778`). */
const ID_TOKEN = /(?<![\w-])#?\s?([A-Z0-9][A-Z0-9_\-/.]*\d[A-Z0-9_\-/]*|\d[A-Z0-9_\-/]*)(?![\w])/i;

/** Three or more digit groups joined by commas, nothing else run on (see {@link idMatcher}). */
const COMMA_GROUPED_ID = /^(\d{1,6}(?:,\d{1,6}){2,})(?![\w,./-])/;

/** Words that follow a number on its row without being a town: the next label ("4512 Date: …"). */
const NEXT_LABEL = /^(?:date|dated|datum|due|fecha|data|tarikh|page|seite|of|from|issued|order|customer|total|amount|invoice|rechnung|factuur|facture|factura|fattura|ref\w*|tel\w*|phone|time|cashier|counter|table|terminal|till|kasse|tisch|operator|staff|member|server)$/i;

/** True when the text at a token's start is a valid IBAN, written whole or in groups. */
function startsWithIban(text: string): boolean {
  return leadingIban(text.toUpperCase()) !== null;
}

/**
 * True when a token and what follows it on the row are an address's postcode: a Dutch `3012 CN`, a British
 * `SW1A 1AA`, or 4–5 digits before a town's name (`10115 Berlin`), not before the row's next label.
 */
function isPostcode(token: string, following: string): boolean {
  if (/^\d{4}$/.test(token) && /^ [A-Z]{2}\b/.test(following)) return true;
  if (/^[A-Z]{1,2}\d[A-Z\d]?$/i.test(token) && /^ \d[A-Z]{2}\b/i.test(following)) return true;
  // A town's name, not the next label of the row ("12345 Cashier: Ali").
  const town = /^ (\p{Lu}\p{Ll}{2,})(?!\p{L}|\s*[:#])/u.exec(following);
  return /^\d{4,5}$/.test(token) && town !== null && !NEXT_LABEL.test(town[1] ?? "");
}

/** True for a calendar date written as one token (`2024-03-02`, `02.03.2024`, `03/02/24`). */
function isDate(token: string): boolean {
  const ymd = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(token);
  if (ymd) return Number(ymd[2]) >= 1 && Number(ymd[2]) <= 12 && Number(ymd[3]) >= 1 && Number(ymd[3]) <= 31;
  return /^\d{1,2}[:/.-]\d{1,2}(?:[:/.-]\d{2,4})?$/.test(token);
}

/**
 * An identifier with a space after one or more of its dashes or slashes, each group after one starting with a digit;
 * a sentence's full stop may end it ("quoting invoice FA-2025- 2506.").
 */
const SPACED_ID = /^([A-Z0-9]+(?:[-/] ?\d[A-Z0-9]*)*[-/] \d[A-Z0-9]*(?:[-/] ?\d[A-Z0-9]*)*)(?![\w,:/-]|\.\w)/i;

/**
 * A sequence, its month and its year ("1/05/2021", as Polish invoices number them "FV 1/05/2021"): a one-digit first
 * group before a zero-padded month, which no date prints (a date pads both or neither: "01/05/2021", "1/5/2021").
 */
const SEQUENCE_MONTH_YEAR = /^\d\/0\d\/\d{4}$/;

const MONTH_NAME = String.raw`(?:jan|feb|m[äa]r|apr|ma[iy]|mei|jun|jul|aug|sep|o[ck]t|nov|de[cz]|janv|f[ée]v|mars|avr|juin|juil|ao[uû]t|d[ée]c|ene|abr|ago|dic|gen|mag|giu|lug|set|ott)\p{L}*\.?`;

/**
 * What may follow a one- or two-digit invoice number on its row (see {@link idMatcher}'s `short`): not a decimal
 * part or a further number (an amount, "7,50"; a group, "1 2"), a day's dot or month ("12. März", "3 March"), a page
 * count ("1 of 2", "1/2") or a unit ("2 pcs", "3 Stück", "5 %").
 */
const NOT_AFTER_SHORT_NUMBER = new RegExp(
  String.raw`^(?:[.,:]?\d|\s*\d|\.\s*(?:\d|${MONTH_NAME})|\s*${MONTH_NAME}(?![\p{L}])|\s*(?:of|von|de|van|di|du|del|dari|\/)\s*\d|\s*(?:x|pcs?|pieces?|stk|st|st[üu]ck|units?|items?|qty|kg|g|l|m|h|hrs?|std|%)(?![\p{L}]))`,
  "iu",
);

/**
 * Reads an identifier right after a label (at most 3 characters of punctuation in between). A number printed in
 * digit groups (`2024 000117`, `726 752 5181`, `INV 000117`) is one identifier; a date, a time, an IBAN or a postcode is none. An
 * identifier has 3 characters or more; with `short` (only right after a strong invoice-number label: "Rechnung Nr.
 * 42", "Invoice #7") a number of 1 or 2 digits too, unless what follows makes it a day, an amount, a page count or
 * a quantity (see {@link NOT_AFTER_SHORT_NUMBER}). With `signed` (right after a number sign: "nr 2/15") a sequence and
 * a two-digit year joined by a slash is the number, not a day and a month.
 */
export function idMatcher(text: string, offset: number, opts: { short?: boolean; signed?: boolean } = {}): { start: number; end: number; value: string } | null {
  // "Nº" as a scan's OCR reads it: "N.2:", "N 2:" (the raised o read as a 2), only before a colon.
  const stripped = /^[\s:#.=\-–]*(?:n[°º]\s*|n[.\s]?2\s*:\s*)?/i.exec(text);
  const skip = stripped ? stripped[0].length : 0;
  // The value must follow the label closely; otherwise it belongs to something else on the line.
  const rest = text.slice(skip, skip + 40);
  // OCR of a scan spaces a dash or slash off the group after it ("FA- 2025- 2506", "2024/ 124"): one identifier
  // when each spaced-off group starts with a digit; a date written so is none.
  const spaced = SPACED_ID.exec(rest);
  if (spaced) {
    const value = (spaced[1] ?? "").replace(/\s/g, "").toUpperCase();
    if (isDate(value) || /^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}$/.test(value)) return null;
    const start = offset + skip;
    return { start, end: start + (spaced[1] ?? "").length, value };
  }
  // A short prefix in capitals and a number, one space apart ("INV 000117"): one identifier. The number may be a
  // sequence and its year joined by a slash or dash ("FV 7/2021", "RE 12-2024"), or a sequence, its month and its
  // year padded as no date is ({@link SEQUENCE_MONTH_YEAR}: "FV 1/05/2021"); not a date ("ABC 12/05/2024").
  const prefixed = /^([A-Z]{2,4}) (\d{3,}|\d{1,6}(?:[-/]\d{1,6})+)(?![\w.,:/-]*\d)(?![.,:/-]?\w)/.exec(rest);
  if (prefixed && !/^(?:NO|NR|NUM)$/.test(prefixed[1] ?? "") && (!isDate(prefixed[2] ?? "") || SEQUENCE_MONTH_YEAR.test(prefixed[2] ?? ""))) {
    const start = offset + skip;
    return { start, end: start + prefixed[0].length, value: `${prefixed[1]}${prefixed[2]}` };
  }
  // Digit groups joined by commas ("Invoice No: 00,00,0001", as some invoicing tools print a padded sequence): one
  // identifier, its commas dropped (an identifier holds none), unless the groups are an amount's thousands
  // ("1,250,000") or an Indian lakh grouping ("1,00,000").
  const commaGrouped = COMMA_GROUPED_ID.exec(rest);
  if (commaGrouped && !/^\d{1,3}(?:,\d{3})+$/.test(commaGrouped[1] ?? "") && !/^\d{1,3}(?:,\d{2})*,\d{3}$/.test(commaGrouped[1] ?? "")) {
    const start = offset + skip;
    return { start, end: start + (commaGrouped[1] ?? "").length, value: (commaGrouped[1] ?? "").replace(/,/g, "") };
  }
  const m = ID_TOKEN.exec(rest);
  if (!m || m.index === undefined || m.index > 3) return null;
  const token = (m[1] ?? "").replace(/[.\-/]+$/, "");
  if (!/\d/.test(token)) return null;
  const tokenAt = m.index + m[0].length - (m[1] ?? "").length;
  const following = rest.slice(tokenAt + token.length);
  const start = offset + skip + tokenAt;
  // Times and dates next to "Date/Time" labels are not identifiers; nor are an IBAN or an address's postcode.
  const sequenceYear = opts.signed === true && /^\d{1,2}\/\d{2}$/.test(token);
  if (token.length >= 3 && ((isDate(token) && !sequenceYear) || startsWithIban(rest.slice(tokenAt)) || isPostcode(token, following))) return null;
  const group = digitGroups(token, following);
  if (group) return { start, end: start + token.length + group.length, value: `${token}${group.replace(/ /g, "")}` };
  if (token.length < 3) {
    if (!opts.short || !/^\d{1,2}$/.test(token) || token !== (m[1] ?? "") || NOT_AFTER_SHORT_NUMBER.test(following)) return null;
    return { start, end: start + token.length, value: token };
  }
  return { start, end: start + token.length, value: token.toUpperCase() };
}

/**
 * The digit groups after a number that are part of it, or null. After three digits or more, groups of three digits
 * or more ("2024 000117", a telecom's "726 752 5181"); after a one- or two-digit lead group, at least two groups of
 * exactly three ("26 614 600 353", as a utility prints its invoice numbers), so a thousands-spaced amount ("12 345")
 * is none. All of them or none: unless the last runs on into a date, a time or an amount, since dropping the last
 * group would cut a number short.
 */
function digitGroups(token: string, following: string): string | null {
  const run = /^\d{1,2}$/.test(token) ? /^(?: \d{3}){2,}/ : /^\d+$/.test(token) ? /^(?: \d{3,})+/ : null;
  const groups = run?.exec(following)?.[0];
  return groups && !/^[.,:/-]?\d|^[.,:/-]\w/.test(following.slice(groups.length)) ? groups : null;
}

/** An IBAN's shape, up to its longest form, possibly in groups; {@link leadingIban} finds where it really ends. */
const IBAN_SHAPE = /^[A-Z]{2}\d{2}(?:[ \u00a0]?[A-Z0-9]){10,32}/;
/** The same shape anywhere on a page, at a word's start. */
const IBAN_ANYWHERE = new RegExp(String.raw`\b${IBAN_SHAPE.source.slice(1)}`, "g");

/**
 * The IBAN `text` starts with, and where it ends. IBANs are often printed in
 * groups of four, and a greedy pattern would also swallow the next word; every
 * group boundary is tried, longest first, and the first that passes the
 * checksum is kept. Null when none passes.
 */
function leadingIban(text: string): { end: number; iban: string } | null {
  const shape = IBAN_SHAPE.exec(text)?.[0];
  if (!shape) return null;
  for (let end = shape.length; end >= 14; end -= 1) {
    if (end !== shape.length && !/[ \u00a0]/.test(shape[end] ?? "")) continue;
    const iban = electronicFormatIBAN(shape.slice(0, end)) ?? "";
    if (isValidIBAN(iban)) return { end, iban };
  }
  return null;
}

/** IBANs anywhere on the page (see {@link leadingIban}); invalid checksums yield nothing. */
function extractIbans(page: string, pageNumber: number): ExtractedField[] {
  const out: ExtractedField[] = [];
  for (const m of page.matchAll(IBAN_ANYWHERE)) {
    const found = leadingIban(m[0]);
    if (!found) continue;
    const labelled = /\biban\b/i.test(page.slice(Math.max(0, m.index - 20), m.index));
    out.push(makeField("iban", page, pageNumber, m.index, m.index + found.end, found.iban, labelled ? 0.97 : 0.9));
  }
  return out;
}

/**
 * Extracts `invoice_number`, `order_number`, `reference`, `vat_id` and `iban`
 * candidates. Numbers come from labels (same line, next line, or a stacked
 * label column); tax ids (`vat_id`) see `tax-id.extractor.ts`; IBANs are checksum-validated. With `opts.ocr`
 * (an OCR'd page) labels are matched on the OCR label view (`labels.ocr.ts`), which reads misread label words.
 */
export function extractIdentifiers(page: string, pageNumber: number, _ctx: ExtractorContext, opts: { ocr?: boolean } = {}): ExtractedField[] {
  const lines = splitLines(page);
  const out: ExtractedField[] = [];
  // Label spans already used, so "Order Ref No" is not also read as a bare "Ref".
  const taken: [number, number][] = [];
  for (const line of lines) {
    // On an OCR'd page labels are matched on the line's OCR label view (same length: offsets hold).
    const text = opts.ocr ? ocrLabelView(line.text) : line.text;
    for (const label of LABELS) {
      for (const m of text.matchAll(label.re)) {
        if (m.index === undefined) continue;
        const labelStart = line.start + m.index;
        const labelEnd = labelStart + m[0].length;
        if (taken.some(([a, b]) => labelStart < b && labelEnd > a)) continue;
        // Bare "Ref"/"Reference" is weak evidence; keep it lower than a numbered label.
        const weak = label.name === "reference" && /^ref(?:erence)?\.?$/i.test(m[0].trim());
        const found = findLabelledValue(lines, line.index, labelEnd, idMatcher, 3);
        if (!found) continue;
        taken.push([labelStart, labelEnd]);
        const conf = label.confidence - (weak ? 0.15 : 0) - 0.05 * found.distance;
        out.push(makeField(label.name, page, pageNumber, found.value.start, found.value.end, found.value.value, conf));
      }
    }
  }
  out.push(...extractTaxIds(page, pageNumber, opts), ...extractIbans(page, pageNumber));
  return out;
}
