/** Field quality: Folio's best candidate per field against the corpus manifests' ground truth. */

import type { ExtractedField, Money } from "../../src/extraction/extraction.types.js";
import { bestField } from "../../src/extraction/fields/index.js";
import type { InvoiceTruth, ReceiptTruth } from "./corpus.js";
import { countBy } from "./stats.js";

export const MONTHS: Record<string, number> = { jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12 };

export function isoDate(y: number, m: number, d: number): string | null {
  const year = y < 100 ? 2000 + y : y;
  const dt = new Date(Date.UTC(year, m - 1, d));
  if (dt.getUTCFullYear() !== year || dt.getUTCMonth() !== m - 1 || dt.getUTCDate() !== d) return null;
  return dt.toISOString().slice(0, 10);
}

/**
 * Ground-truth dates as printed (SROIE mixes `25/12/2018`, `12-01-19`, `05 MAR 2018`, `2018-03-23` and a US
 * `12/28/2017`). Numeric dates are read day-first unless that is impossible, which is what these receipts use.
 */
export function normaliseDate(raw: string): string | null {
  const s = raw.trim();
  let m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(s);
  if (m) return isoDate(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{2}|\d{4})$/.exec(s);
  if (m) {
    const a = Number(m[1]);
    const b = Number(m[2]);
    const y = Number(m[3]);
    return b > 12 && a <= 12 ? isoDate(y, a, b) : isoDate(y, b, a);
  }
  m = /^(\d{1,2})[\s-]*([A-Za-z]{3,})\.?[\s,-]*(\d{2}|\d{4})$/.exec(s);
  if (m) {
    const month = MONTHS[m[2]!.slice(0, 3).toLowerCase()];
    return month ? isoDate(Number(m[3]), month, Number(m[1])) : null;
  }
  m = /^([A-Za-z]{3,})\.?\s+(\d{1,2}),?\s+(\d{4})$/.exec(s);
  if (m) {
    const month = MONTHS[m[1]!.slice(0, 3).toLowerCase()];
    return month ? isoDate(Number(m[3]), month, Number(m[2])) : null;
  }
  return null;
}

/** Totals as printed: `9.00`, `$8.20`, `1,234.50`, `12,50`. */
export function parseAmount(raw: string): number | null {
  let s = raw.replace(/[^\d.,]/g, "");
  if (s.includes(".") && s.includes(",")) s = s.replace(/,/g, "");
  else if (/,\d{2}$/.test(s)) s = s.replace(",", ".");
  else s = s.replace(/,/g, "");
  const n = Number(s);
  return s !== "" && Number.isFinite(n) ? n : null;
}

export function isMoney(value: unknown): value is Money {
  return typeof value === "object" && value !== null && typeof (value as Money).amount === "number";
}

export const sameAmount = (a: number | null | undefined, b: number | null | undefined) => a !== null && a !== undefined && b !== null && b !== undefined && Math.abs(a - b) < 0.005;
export const normaliseId = (s: string) => s.toUpperCase().replace(/[^A-Z0-9]/g, "");

/** How an amount may be printed: `717.97`, `717,97`, `1,234.50`, `1.234,50`. */
export function printedForms(amount: number): string[] {
  const dot = amount.toFixed(2);
  const en = amount.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const de = amount.toLocaleString("de-DE", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  return [...new Set([dot, dot.replace(".", ","), en, de])];
}

export interface FieldCheck {
  expected: string | number | null;
  got: string | number | null;
  hit: boolean;
}

export interface QualityRow {
  file: string;
  status: string;
  documentType: string | null;
  total: FieldCheck;
  date: FieldCheck;
  invoiceNumber?: FieldCheck;
  /** The expected total appears verbatim in the text: the OCR ceiling for total extraction. */
  totalInText: boolean;
}

export function checkFields(truth: ReceiptTruth | InvoiceTruth, fields: readonly ExtractedField[], text: string, file: string, status: string, documentType: string | null): QualityRow {
  const total = bestField(fields, "total");
  const date = bestField(fields, "document_date");
  const gotAmount = total && isMoney(total.value) ? total.value.amount : null;
  const gotDate = date && typeof date.value === "string" ? date.value : null;
  const expectedAmount = truth.set === "receipts" ? parseAmount(truth.total) : (truth.amount ?? null);
  const expectedDate = truth.set === "receipts" ? normaliseDate(truth.date) : (truth.date ?? null);
  const row: QualityRow = {
    file,
    status,
    documentType,
    total: { expected: expectedAmount, got: gotAmount, hit: sameAmount(gotAmount, expectedAmount) },
    date: { expected: expectedDate, got: gotDate, hit: gotDate !== null && gotDate === expectedDate },
    totalInText: expectedAmount !== null && printedForms(expectedAmount).some((form) => text.includes(form)),
  };
  if (truth.set === "invoices") {
    const inv = bestField(fields, "invoice_number");
    const got = inv ? String(inv.value) : null;
    const expected = truth.invoiceNumber ?? null;
    row.invoiceNumber = { expected, got, hit: got !== null && expected !== null && normaliseId(got) === normaliseId(expected) };
  }
  return row;
}

export interface QualitySummary {
  documents: number;
  /** Absent for baseline text, which no classifier saw. */
  classifiedAs?: Record<string, number>;
  totalHits: number;
  totalExpected: number;
  dateHits: number;
  dateExpected: number;
  invoiceNumberHits?: number;
  invoiceNumberExpected?: number;
  totalInText: number;
  rows: QualityRow[];
}

export function summariseQuality(rows: QualityRow[]): QualitySummary {
  const withNumbers = rows.filter((r) => r.invoiceNumber);
  return {
    documents: rows.length,
    ...(rows.some((r) => r.documentType !== null || r.status !== "baseline") ? { classifiedAs: countBy(rows, (r) => r.documentType ?? "(none)") } : {}),
    totalHits: rows.filter((r) => r.total.hit).length,
    totalExpected: rows.filter((r) => r.total.expected !== null).length,
    dateHits: rows.filter((r) => r.date.hit).length,
    dateExpected: rows.filter((r) => r.date.expected !== null).length,
    ...(withNumbers.length
      ? { invoiceNumberHits: withNumbers.filter((r) => r.invoiceNumber!.hit).length, invoiceNumberExpected: withNumbers.filter((r) => r.invoiceNumber!.expected !== null).length }
      : {}),
    totalInText: rows.filter((r) => r.totalInText).length,
    rows,
  };
}
