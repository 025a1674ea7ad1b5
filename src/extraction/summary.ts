/**
 * One-line, deterministic summary of a processed document, built from the
 * classification and the extracted fields (no I/O, no language model), so the
 * same inputs always give the same line and tests can pin it exactly.
 */
import type { DocumentType, ExtractedField, FieldName, Money } from "./extraction.types.js";

/** Upper bound of a summary's length, in characters. */
export const SUMMARY_MAX_LENGTH = 200;

/** Longest issuer/recipient name kept before it is shortened with an ellipsis. */
const NAME_MAX_LENGTH = 60;

/** Below this classification confidence the label is hedged ("Possible invoice"). */
export const UNCERTAIN_BELOW = 0.25;

/** Input of {@link summarizeDocument}. */
export interface SummaryInput {
  /** Classified type. */
  type: DocumentType;
  /** Classification confidence in [0, 1]. */
  confidence: number;
  /** Every extracted field; several candidates per name are allowed. */
  fields: ExtractedField[];
  /** Number of pages, or null when unknown (e.g. a single image). */
  pageCount: number | null;
  /** Full text, used only to count words for untyped documents. */
  text: string;
}

const LABELS: Readonly<Record<DocumentType, string>> = {
  invoice: "Invoice",
  receipt: "Receipt",
  contract: "Contract",
  bank_statement: "Bank statement",
  letter: "Letter",
  form: "Form",
  id_document: "ID document",
  resume: "Resume",
  other: "Document",
};

/** Types where a total is what the reader wants to know; elsewhere an amount is incidental (a fee in a contract). */
const SHOWS_TOTAL: ReadonlySet<DocumentType> = new Set<DocumentType>(["invoice", "receipt"]);

function isMoney(value: ExtractedField["value"]): value is Money {
  return typeof value === "object" && value !== null && typeof value.amount === "number";
}

/**
 * Best field of a name: highest confidence, ties broken by position (earlier
 * page, then earlier offset) so the choice never depends on input order.
 * `accept` filters out candidates whose value has the wrong shape.
 */
function best(
  fields: readonly ExtractedField[],
  name: FieldName,
  accept: (f: ExtractedField) => boolean = () => true,
): ExtractedField | undefined {
  let chosen: ExtractedField | undefined;
  for (const f of fields) {
    if (f.name !== name || !accept(f)) continue;
    if (
      chosen === undefined ||
      f.confidence > chosen.confidence ||
      (f.confidence === chosen.confidence && (f.page < chosen.page || (f.page === chosen.page && f.start < chosen.start)))
    ) {
      chosen = f;
    }
  }
  return chosen;
}

/** Collapses whitespace (names often span lines) and shortens to `max` characters with an ellipsis. */
function clean(text: string, max: number): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1).trimEnd()}…`;
}

function stringValue(f: ExtractedField | undefined, max = NAME_MAX_LENGTH): string | null {
  if (f === undefined) return null;
  const text = typeof f.value === "string" ? f.value : f.raw;
  const cleaned = clean(text, max);
  return cleaned.length > 0 ? cleaned : null;
}

/**
 * Formats money as `CUR 1234.50`: currency code, then the amount with two
 * decimals and no grouping, so the string is the same in every locale.
 * Without a currency, the amount alone.
 */
export function formatMoney(money: Money): string {
  const amount = money.amount.toFixed(2);
  const currency = money.currency?.trim().toUpperCase();
  return currency ? `${currency} ${amount}` : amount;
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

function countWords(text: string): number {
  return text.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
}

/**
 * Builds a short one-line summary, for example
 * `Invoice INV-0046 from Acme Ltd, dated 2024-03-01, total USD 273.13, 2 pages`
 * or `Receipt from BOOK TA.K (TAMAN DAYA) SDN BHD, dated 2018-12-25, total MYR 9.00, 1 page`.
 *
 * Rules:
 * - for each field name the highest-confidence candidate is used (ties: earliest position);
 * - parts whose field is missing are left out, never printed as "unknown";
 * - the invoice number appears only for invoices, the total only for invoices and receipts,
 *   the recipient only for letters (`to …`);
 * - `other` documents read `Document, N pages, M words`;
 * - a classification confidence below {@link UNCERTAIN_BELOW} hedges the label (`Possible invoice`);
 * - names are shortened to 60 characters and the whole line to {@link SUMMARY_MAX_LENGTH}.
 *
 * @param input type and confidence from the classifier, extracted fields, page count and text
 * @returns the summary line, never longer than {@link SUMMARY_MAX_LENGTH} characters
 */
export function summarizeDocument(input: SummaryInput): string {
  const { type, confidence, fields, pageCount, text } = input;
  const label = LABELS[type];
  const hedged = confidence < UNCERTAIN_BELOW && type !== "other";
  // Lower-case the label after "Possible", except an acronym ("ID document").
  const inner = /^\p{Lu}{2}/u.test(label) ? label : label.charAt(0).toLowerCase() + label.slice(1);
  let head = hedged ? `Possible ${inner}` : label;

  const pages = pageCount !== null && Number.isFinite(pageCount) && pageCount >= 0 ? plural(pageCount, "page", "pages") : null;

  if (type === "other") {
    const parts = [head, pages, plural(countWords(text), "word", "words")].filter((p): p is string => p !== null);
    return clean(parts.join(", "), SUMMARY_MAX_LENGTH);
  }

  if (type === "invoice") {
    const number = stringValue(best(fields, "invoice_number"), 40);
    if (number !== null) head = `${head} ${number}`;
  }
  const issuer = stringValue(best(fields, "issuer"));
  if (issuer !== null) head = `${head} from ${issuer}`;
  if (type === "letter") {
    const recipient = stringValue(best(fields, "recipient"));
    if (recipient !== null) head = `${head} to ${recipient}`;
  }

  const parts: string[] = [head];
  const date = stringValue(best(fields, "document_date"), 30);
  if (date !== null) parts.push(`dated ${date}`);
  if (SHOWS_TOTAL.has(type)) {
    const total = best(fields, "total", (f) => isMoney(f.value) && Number.isFinite(f.value.amount));
    if (total !== undefined && isMoney(total.value)) parts.push(`total ${formatMoney(total.value)}`);
  }
  if (pages !== null) parts.push(pages);
  return clean(parts.join(", "), SUMMARY_MAX_LENGTH);
}
