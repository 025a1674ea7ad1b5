/**
 * Shared shapes of the pure extraction layer (no I/O). The pipeline steps feed
 * these functions with per-page text and persist what they return.
 */
import type { BBox } from "./page/page.model.js";

/** Document types the classifier can assign. `other` is the fallback. */
export const DOCUMENT_TYPES = [
  "invoice",
  "receipt",
  "contract",
  "bank_statement",
  "letter",
  "form",
  "id_document",
  "resume",
  "other",
] as const;
export type DocumentType = (typeof DOCUMENT_TYPES)[number];

/** Text of a document split by page; index 0 is page 1. */
export type PageTexts = readonly string[];

/** One cue that contributed to a classification, kept so the result is explainable. */
export interface ClassificationCue {
  /** Document type the cue votes for. */
  type: DocumentType;
  /** Human-readable cue, e.g. `keyword "invoice number"` or `has IBAN`. */
  cue: string;
  /** Weight the cue added to the type's score. */
  weight: number;
}

/** Result of classification: the winner, its confidence and the runners-up. */
export interface Classification {
  type: DocumentType;
  /** In [0, 1]. */
  confidence: number;
  /** Every type with its score, best first (the winner included). */
  scores: { type: DocumentType; score: number }[];
  /** Cues that fired, for every type. */
  cues: ClassificationCue[];
}

/** Names of the fields the field extractors produce. */
export const FIELD_NAMES = [
  "issuer",
  "recipient",
  "document_date",
  "due_date",
  "total",
  "subtotal",
  "tax",
  "invoice_number",
  "customer_number",
  "order_number",
  "reference",
  "order_date",
  "delivery_date",
  "rounding",
  "tendered",
  "change",
  "currency",
  "vat_id",
  "iban",
  "email",
  "phone",
  "url",
] as const;
export type FieldName = (typeof FIELD_NAMES)[number];

/** A monetary amount normalised to a number with an ISO 4217 currency when known. */
export interface Money {
  amount: number;
  /** ISO 4217 code (`USD`, `EUR`, `MYR`, …) or null when the text gives none. */
  currency: string | null;
}

/** Normalised value of a field: ISO date string (YYYY-MM-DD), money, or a string. */
export type FieldValue = string | Money;

/** One extracted field with where it was found. */
export interface ExtractedField {
  name: FieldName;
  /** The text exactly as it appears in the page text (`raw === pageText.slice(start, end)`). */
  raw: string;
  /** Normalised value: dates as `YYYY-MM-DD`, amounts as {@link Money}, ids upper-cased without spaces, e-mails lower-cased, phones E.164 where possible. */
  value: FieldValue;
  /** In [0, 1]. */
  confidence: number;
  /** 1-based page number. */
  page: number;
  /** Character offsets into that page's text, `end` exclusive. */
  start: number;
  end: number;
  /** Where the value is on the page (0–1 of its width and height, origin top-left); null when the page had no geometry. */
  box?: BBox | null;
  /** How sure the reading is: mean confidence of the value's words (1 for a text layer). */
  ocrConfidence?: number;
  /** Other values found for the same field, best first (distinct values only). */
  alternatives?: FieldAlternative[];
  /** Arithmetic checks that back (or contradict) an amount field. */
  checks?: FieldCheck[];
  /** Set when the value was read where a person's correction of an earlier document of the same issuer taught Folio to look: that document's id. */
  learnedFrom?: string;
  /**
   * Set when the value comes from a machine-readable invoice embedded in the PDF (Factur-X/ZUGFeRD/XRechnung
   * CII or UBL XML): that attachment's file name. Page, offsets and box are where the same value is printed
   * (`start` = `end` = 0 and `raw` the XML's text when it is printed nowhere).
   */
  embeddedFrom?: string;
  /** Who set the value: a person's correction, or (absent) the machine's reading. */
  setBy?: FieldSetter;
  /** For a person's value: the user who set it. */
  correctedBy?: string;
  /** For a person's value: when (ISO 8601). */
  correctedAt?: string;
  /**
   * For a person's value: the machine's own reading of the field, kept beside
   * it (null when the machine found nothing). A person's value has confidence 1;
   * its `raw`, page and box are where the person pointed, or where the machine
   * saw the same value, else `raw` as typed with `start` = `end` = 0
   * (see `correctedField` in fields/corrections.apply.ts).
   */
  machine?: ExtractedField | null;
}

/** Who set a field's value. */
export type FieldSetter = "machine" | "person";

/** A runner-up value of a field: where and how it was read, without the best value's alternatives and checks. */
export type FieldAlternative = Pick<ExtractedField, "raw" | "value" | "confidence" | "page" | "start" | "end"> & { box: BBox | null };

/**
 * One arithmetic check: `expected` is the field's amount, `actual` what the other amounts add up to.
 * `printed_total` (a total from an embedded e-invoice): `expected` the XML's total, `actual` the total printed on the page.
 */
export interface FieldCheck {
  name: "subtotal_plus_tax" | "tendered_minus_change" | "rounding" | "line_items_sum" | "rate_totals_sum" | "printed_total";
  passed: boolean;
  expected: number;
  actual: number;
}

/** One line of a receipt's or invoice's item list, with where it is printed. */
export interface LineItem {
  /** As printed; a description printed over several rows keeps one row per line (`\n`). Empty when the row names nothing. */
  description: string;
  /** The count, when printed. */
  quantity: number | null;
  /** Price of one unit, when printed. */
  unitPrice: Money | null;
  /** The line's amount (negative for a discount line). */
  amount: Money;
  /** 1-based page number. */
  page: number;
  /** Union of the item's words (description rows included), 0–1 of the page; null when the page had no geometry. */
  box: BBox | null;
  /** How sure the reading is, in [0, 1]: a heading over the columns, a quantity × price that gives the amount and a sum that adds up raise it. */
  confidence: number;
}
