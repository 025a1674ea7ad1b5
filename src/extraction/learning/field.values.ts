/**
 * How each field's value is read and compared when learning and applying
 * anchors: dates through the date parsers, amounts through the money parser,
 * identifiers as compact letters and digits, names and contacts as text.
 */
import type { FieldName, FieldValue } from "../extraction.types.js";
import { findDates } from "../fields/dates.extractor.js";
import { idMatcher } from "../fields/identifiers.extractor.js";
import { findAmounts } from "../fields/money.js";
import type { ExtractorContext } from "../fields/types.js";
import type { ValueMatcher } from "../fields/page/page.layout.js";
import { compactId, normaliseLabel } from "./label.text.js";

/** The kind of value a field holds, which decides how it is parsed and compared. */
export type ValueKind = "date" | "money" | "id" | "text";

const KINDS: Record<FieldName, ValueKind> = {
  document_date: "date",
  due_date: "date",
  order_date: "date",
  delivery_date: "date",
  total: "money",
  subtotal: "money",
  tax: "money",
  rounding: "money",
  tendered: "money",
  change: "money",
  invoice_number: "id",
  customer_number: "id",
  order_number: "id",
  reference: "id",
  vat_id: "id",
  iban: "id",
  issuer: "text",
  recipient: "text",
  email: "text",
  phone: "text",
  url: "text",
  currency: "text",
};

/** The kind of value of a field. */
export function valueKind(field: FieldName): ValueKind {
  return KINDS[field];
}

/** A value read at a place: its span in the page text and its normalised value. */
export interface ReadValue {
  start: number;
  end: number;
  value: FieldValue;
}

/** Comparable form of a value: two values are the same when their keys are equal. */
export function valueKey(value: FieldValue): string {
  if (typeof value === "string") return compactId(value);
  return (Math.round(value.amount * 100) / 100).toFixed(2);
}

/** What the readers need of the document-wide evidence. */
export type ReadContext = Pick<ExtractorContext, "monthFirst" | "referenceDate" | "decimalComma" | "dominantCurrency">;

/**
 * A matcher reading a value of `field` at the start of a piece of page text
 * (after a little punctuation), for the label → value search of `page.layout.ts`.
 */
export function valueMatcher(field: FieldName, pageText: string, ctx: ReadContext): ValueMatcher<ReadValue> {
  const kind = valueKind(field);
  if (kind === "date") {
    const hits = findDates(pageText, ctx).filter((h) => !h.isRange);
    return (text, offset) => {
      const lead = /^[\s:.\-–#]*/.exec(text)?.[0].length ?? 0;
      const h = hits.find((d) => d.start >= offset + lead && d.start <= offset + lead + 3);
      return h ? { start: h.start, end: h.end, value: h.iso } : null;
    };
  }
  if (kind === "money") {
    return (text, offset) => {
      const lead = /^[\s:=.#*()-]*/.exec(text)?.[0].length ?? 0;
      const t = findAmounts(text, offset, ctx.decimalComma, ctx.dominantCurrency).find((a) => a.start - offset <= lead + 4);
      return t ? { start: t.start, end: t.end, value: { amount: Math.round(t.money.amount * 100) / 100, currency: t.money.currency } } : null;
    };
  }
  if (kind === "id") {
    return (text, offset) => {
      const v = idMatcher(text, offset);
      return v ? { start: v.start, end: v.end, value: v.value } : null;
    };
  }
  // Text: the rest of the piece up to a wide gap (tab), trimmed.
  return (text, offset) => {
    const lead = /^[\s:.\-–#]*/.exec(text)?.[0].length ?? 0;
    const body = text.slice(lead).split("\t")[0]?.replace(/\s+$/, "") ?? "";
    if (normaliseLabel(body) === "") return null;
    return { start: offset + lead, end: offset + lead + body.length, value: body.replace(/\s+/g, " ") };
  };
}
