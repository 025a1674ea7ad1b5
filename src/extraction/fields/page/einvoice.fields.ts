/**
 * Fields from an e-invoice embedded in the PDF (see `../../einvoice/`): the
 * issuer's own machine-readable statement of the invoice, so its values are
 * the fields' best values, above anything read from the page (which stays as
 * the alternatives). Each value is placed where the same value is printed —
 * where the page's own extractors read it, else found in the page text through
 * the same date and amount readers — so a client can still highlight it.
 * A value printed nowhere keeps the XML's text as `raw`, on page 1 with no box.
 */
import type { FieldCheck, FieldName, FieldValue, LineItem, Money } from "../../extraction.types.js";
import type { EmbeddedEInvoice } from "../../einvoice/einvoice.types.js";
import type { PageModel } from "../../page/page.model.js";
import { findDates } from "../dates.extractor.js";
import { findAmounts } from "../money.js";
import type { ExtractorContext } from "../types.js";
import { FIELD_KINDS, normaliseFieldValue } from "../value.normaliser.js";

/** A field candidate as document extraction ranks them. */
export interface FieldCandidate {
  name: FieldName;
  page: number;
  start: number;
  end: number;
  value: FieldValue;
  score: number;
  checks?: FieldCheck[];
}

/** A candidate from the embedded e-invoice: `embedded` is the attachment's file name, `raw` the XML's text for a value printed nowhere. */
export interface EmbeddedCandidate extends FieldCandidate {
  embedded: string;
  raw: string;
}

/** Above any page reading's score (those stay below ~1.5), so the XML's value wins whatever the page says. */
const EMBEDDED_SCORE = 10;

/**
 * Confidence of an embedded value: the XML is what the issuer states, so it is
 * right by construction; a little less when the value is printed nowhere on the
 * page, and clearly less for a total the page prints differently (one of the
 * two is wrong, and the person reading the PDF sees the printed one).
 */
export const EMBEDDED_CONFIDENCE = { printed: 0.99, notPrinted: 0.95, contradicted: 0.8 } as const;

const EPS = 0.005;
const cents = (n: number): number => Math.round(n * 100) / 100;
const near = (a: number, b: number): boolean => Math.abs(a - b) < EPS;

type Key = (v: FieldValue) => string;

/** Where the same value is printed: the page reading of this field with it, else any page reading with it, else a search of the text. */
function locate(name: FieldName, value: FieldValue, pageCands: readonly FieldCandidate[], pages: readonly PageModel[], ctx: ExtractorContext, key: Key): { page: number; start: number; end: number } | null {
  const k = key(value);
  const printed = (c: FieldCandidate) => c.end > c.start && key(c.value) === k && typeof c.value === typeof value;
  const best = (list: FieldCandidate[]) => list.sort((a, b) => b.score - a.score || a.page - b.page || a.start - b.start)[0];
  const own = best(pageCands.filter((c) => c.name === name && printed(c)));
  if (own) return own;
  // The page read the same value under another name (the invoice number taken for a customer number …): it is printed there.
  const other = best(pageCands.filter((c) => FIELD_KINDS[c.name] === FIELD_KINDS[name] && printed(c)));
  if (other) return other;
  return search(name, value, pages, ctx);
}

/** Finds a value in the page texts with the extractors' own readers (dates in either day/month order, amounts with either decimal mark). */
function search(name: FieldName, value: FieldValue, pages: readonly PageModel[], ctx: ExtractorContext): { page: number; start: number; end: number } | null {
  const kind = FIELD_KINDS[name];
  for (const page of pages) {
    if (kind === "date") {
      for (const monthFirst of [ctx.monthFirst, !ctx.monthFirst]) {
        const hit = findDates(page.text, { monthFirst, referenceDate: ctx.referenceDate }).find((d) => !d.isRange && d.iso === value);
        if (hit) return { page: page.page, start: hit.start, end: hit.end };
      }
    } else if (kind === "amount" && typeof value === "object") {
      for (const decimalComma of [ctx.decimalComma, !ctx.decimalComma]) {
        // Amounts are summed up at the bottom: the last printing of the amount is the likeliest to be the labelled one.
        const hit = findAmounts(page.text, 0, decimalComma, null).filter((t) => t.hasDecimals && near(Math.abs(t.money.amount), Math.abs(value.amount))).at(-1);
        if (hit) return { page: page.page, start: hit.start, end: hit.end };
      }
    } else if (typeof value === "string") {
      const hit = findCompact(page.text, value);
      if (hit) return { page: page.page, ...hit };
    }
  }
  return null;
}

/** A value found in text ignoring case, spaces and punctuation ("DE 1234 5678" for DE12345678), not inside a longer word or number. */
function findCompact(text: string, value: string): { start: number; end: number } | null {
  const want = value.toLowerCase().replace(/[^\p{L}\p{N}]/gu, "");
  if (want.length < 3) return null;
  const chars: string[] = [];
  const at: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!.toLowerCase();
    if (/[\p{L}\p{N}]/u.test(ch)) {
      chars.push(ch);
      at.push(i);
    }
  }
  const compact = chars.join("");
  for (let from = compact.indexOf(want); from !== -1; from = compact.indexOf(want, from + 1)) {
    const start = at[from]!;
    const end = at[from + want.length - 1]! + 1;
    const word = /[\p{L}\p{N}]/u;
    if (!word.test(text[start - 1] ?? " ") && !word.test(text[end] ?? " ")) return { start, end };
  }
  return null;
}

function normalised(name: FieldName, raw: string | null, currency: string | null): FieldValue | null {
  if (raw === null) return null;
  try {
    const v = normaliseFieldValue(name, raw, { dominantCurrency: currency ?? undefined });
    return typeof v === "object" ? { amount: v.amount, currency } : v;
  } catch {
    // A value the field model cannot hold (an id of 80 characters, an IBAN with a bad checksum) is left to the page.
    return null;
  }
}

/** What the e-invoice adds to a document's extraction. */
export interface EmbeddedFields {
  candidates: EmbeddedCandidate[];
  /** The XML's lines, placed where the page's reading of the same amount is (else page 1, no box); empty when it has none. */
  lineItems: LineItem[];
  currency: string | null;
}

/**
 * Turns an embedded e-invoice into field candidates and line items.
 * @param found - the invoice and the attachment it came from
 * @param pageCands - every candidate read from the pages (the positions to reuse)
 * @param pageItems - the line items read from the pages
 * @param printedTotal - the total the page reading chose (null when none): compared with the XML's
 * @param key - how document extraction tells two values apart (same key, same value)
 */
export function embeddedFields(
  found: EmbeddedEInvoice,
  pages: readonly PageModel[],
  ctx: ExtractorContext,
  pageCands: readonly FieldCandidate[],
  pageItems: readonly LineItem[],
  printedTotal: number | null,
  key: Key,
): EmbeddedFields {
  const inv = found.invoice;
  const currency = inv.currency;
  const out: EmbeddedCandidate[] = [];
  const add = (name: FieldName, raw: string | null, value: FieldValue | null, checks?: FieldCheck[]) => {
    if (raw === null || value === null) return;
    const place = locate(name, value, pageCands, pages, ctx, key);
    out.push({ name, embedded: found.filename, raw, value, score: EMBEDDED_SCORE, page: place?.page ?? 1, start: place?.start ?? 0, end: place?.end ?? 0, ...(checks && checks.length > 0 ? { checks } : {}) });
  };
  const money = (n: number | null): Money | null => (n === null ? null : { amount: cents(n), currency });
  const str = (name: FieldName, raw: string | null) => add(name, raw, normalised(name, raw, currency));

  str("issuer", inv.seller.name);
  str("recipient", inv.buyer.name);
  add("document_date", inv.issueDate, inv.issueDate);
  add("due_date", inv.dueDate, inv.dueDate);
  str("invoice_number", inv.number);
  str("customer_number", inv.buyer.id);
  str("order_number", inv.orderReference);
  str("reference", inv.buyerReference);
  str("vat_id", inv.seller.vatId);
  str("iban", inv.iban);
  str("currency", currency);

  const t = inv.totals;
  const checks: FieldCheck[] = [];
  if (t.grandTotal !== null) {
    const total = cents(t.grandTotal);
    if (t.taxBasis !== null && t.taxTotal !== null) checks.push({ name: "subtotal_plus_tax", passed: near(cents(t.taxBasis + t.taxTotal), total), expected: total, actual: cents(t.taxBasis + t.taxTotal) });
    if (inv.lines.length > 0) {
      const sum = cents(inv.lines.reduce((s, l) => s + l.amount, 0));
      // The lines add up to the stated line total (net), as in the page reading's line_items_sum against a subtotal.
      const expected = t.lineTotal !== null ? cents(t.lineTotal) : total;
      checks.push({ name: "line_items_sum", passed: near(sum, expected), expected, actual: sum });
    }
    if (printedTotal !== null) checks.push({ name: "printed_total", passed: near(cents(printedTotal), total), expected: total, actual: cents(printedTotal) });
    add("total", String(t.grandTotal), money(t.grandTotal), checks);
  }
  add("subtotal", t.taxBasis !== null ? String(t.taxBasis) : t.lineTotal !== null ? String(t.lineTotal) : null, money(t.taxBasis ?? t.lineTotal));
  add("tax", t.taxTotal !== null ? String(t.taxTotal) : null, money(t.taxTotal));
  if (t.rounding !== null && t.rounding !== 0) add("rounding", String(t.rounding), money(t.rounding));

  const used = new Set<LineItem>();
  const lineItems = inv.lines.map((l): LineItem => {
    const seen = pageItems.find((p) => !used.has(p) && near(p.amount.amount, l.amount));
    if (seen) used.add(seen);
    return {
      description: l.description,
      quantity: l.quantity,
      unitPrice: l.unitPrice === null ? null : { amount: l.unitPrice, currency },
      amount: { amount: l.amount, currency },
      page: seen?.page ?? 1,
      box: seen?.box ?? null,
      confidence: EMBEDDED_CONFIDENCE.printed,
    };
  });
  return { candidates: out, lineItems, currency };
}
