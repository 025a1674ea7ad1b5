/**
 * Amount candidates found by geometry: for every line that carries an amount
 * label (total, subtotal, tax, rounding, cash tendered, change, discount), the
 * value on the label's row to its right, or on the row below under it.
 */
import type { BBox, PageLine, PageModel } from "../../page/page.model.js";
import { findAmounts, type AmountToken } from "../money.js";
import type { ExtractorContext } from "../types.js";
import { AMOUNT_LABELS, NOT_AN_AMOUNT_LABEL, type AmountRole } from "./labels.vocabulary.js";
import { roundingCents, tolerantAmount } from "./amounts.misread.js";
import { ocrLabelView } from "./labels.ocr.js";
import { linesOf, unionBox, valueForLabel, wordsInSpan, type ValueMatcher } from "./page.layout.js";

/** One labelled amount on a page. */
export interface AmountCandidate {
  role: AmountRole;
  page: number;
  token: AmountToken;
  /** How strongly label and position say "this is the role's value", 0–1. */
  score: number;
  /** Box of the label that introduced it. */
  labelBox: BBox;
  /** Label text as printed. */
  label: string;
  /** A total row that names a tax rate ("Total 6% supplies"): one rate's part of the document, not what is payable. */
  rate?: boolean;
}

/** A row that sums one tax rate's items or states the tax: a rate ("6%", OCR'd "0F"/"@%" too) or GST's "supplies". */
export const RATE_ROW = /\d\s*%|[@©&]\s*%|\bsupplies\b|\b(?:zero|standard)[\s-]?rated\b/i;

/**
 * Picks the amount a label points at: on the rest of a row the rightmost
 * money-looking number (totals are right-aligned); a bare integer only when it
 * is alone after the label.
 */
export function amountMatcher(ctx: Pick<ExtractorContext, "decimalComma" | "dominantCurrency">): ValueMatcher<AmountToken> {
  return (text, offset) => {
    const tokens = findAmounts(text, offset, ctx.decimalComma, ctx.dominantCurrency);
    const moneyLike = tokens.filter((t) => t.hasDecimals || t.explicitCurrency);
    if (moneyLike.length > 0) return moneyLike[moneyLike.length - 1] ?? null;
    const first = tokens[0];
    if (tokens.length === 1 && first && /^[\s:=.#*()-]*$/.test(text.slice(0, first.start - offset)) && /^[\s.*]*$/.test(text.slice(first.end - offset))) return first;
    return null;
  };
}

/** The strongest amount label on a line, with its span in page text. */
function labelOn(page: PageModel, line: PageLine): { role: AmountRole; strength: number; start: number; end: number; text: string } | null {
  const printed = page.text.slice(line.start, line.end);
  // On OCR'd pages labels are matched on a view with misread label words ("T0TAL") written out; offsets are the same.
  const text = page.source === "ocr" ? ocrLabelView(printed) : printed;
  if (NOT_AN_AMOUNT_LABEL.test(text)) {
    // "GST Summary" and "Total Qty" lines carry no role amount, but "Total incl. GST" does.
    const strongTotal = AMOUNT_LABELS.find((l) => l.role === "total" && l.strength >= 0.9 && l.re.test(text));
    if (!strongTotal) return null;
  }
  for (const label of AMOUNT_LABELS) {
    const m = label.re.exec(text);
    if (!m || m.index === undefined) continue;
    // A label sits at the start of its row, or after a few characters of noise; a word deep in a sentence is not a label.
    if (m.index > 24 && !/[:\t]/.test(text.slice(m.index + m[0].length, m.index + m[0].length + 3))) continue;
    return { role: label.role, strength: label.strength, start: line.start + m.index, end: line.start + m.index + m[0].length, text: printed.slice(m.index, m.index + m[0].length) };
  }
  return null;
}

/** Every labelled amount on a page. */
export function amountCandidates(page: PageModel, ctx: Pick<ExtractorContext, "decimalComma" | "dominantCurrency">): AmountCandidate[] {
  const match = amountMatcher(ctx);
  const out: AmountCandidate[] = [];
  for (const line of linesOf(page)) {
    const label = labelOn(page, line);
    if (!label) continue;
    const labelBox = unionBox(wordsInSpan(page, label.start, label.end).map((w) => w.box));
    if (!labelBox) continue;
    const found = valueForLabel(page, line, labelBox, label.end, match, { maxBelow: 1 }) ?? misreadValue(page, line, label.end, ctx.dominantCurrency);
    if (!found) continue;
    let t = found.value;
    // A rounding OCR read without its decimal point ("Rounding -001", "RM 02") adjusts by cents.
    const cents = label.role === "rounding" && !t.hasDecimals && page.source === "ocr" ? roundingCents(page.text.slice(t.start, t.end)) : null;
    if (cents !== null) t = { ...t, money: { ...t.money, amount: cents }, hasDecimals: true };
    let score = label.strength - (found.right ? 0 : 0.12) - (found.line === line ? 0 : 0.03) - (t.misread ? 0.1 : 0);
    if (!t.hasDecimals && !t.explicitCurrency) score -= 0.15;
    if (label.role !== "rounding" && label.role !== "discount" && t.money.amount < 0) continue;
    if ((label.role === "total" || label.role === "subtotal") && t.money.amount === 0) score -= 0.4;
    // A total row that names a tax rate ("(TOTAL INCLUDED GST @ 6% : 1.09)", "Total 6% supplies") sums one rate's
    // items or states the tax, it is not the amount payable.
    const rate = label.role === "total" && RATE_ROW.test(page.text.slice(label.start, t.start));
    if (rate) score -= 0.15;
    // "ROUNDING RM 182.00": a rounding label over a large amount prints the rounded total, not the adjustment.
    const role = label.role === "rounding" && Math.abs(t.money.amount) >= 0.1 ? "total" : label.role;
    out.push({ role, page: page.page, token: t, score: role === label.role ? score : score - 0.05, labelBox, label: label.text, ...(rate ? { rate } : {}) });
  }
  return out;
}

/**
 * On an OCR'd page, the value of a labelled row that did not parse as money but
 * does once look-alike letters are read as digits (see `tolerantAmount`): the
 * row's last chunk, at the label's right. Scored below a clean reading.
 */
function misreadValue(page: PageModel, line: PageLine, labelEnd: number, currency: string | null): { value: AmountToken; line: PageLine; right: boolean; distance: number } | null {
  if (page.source !== "ocr") return null;
  const rest = page.text.slice(labelEnd, line.end);
  const chunk = /\S+(?:\s\S{1,3})?\s*$/.exec(rest);
  if (!chunk || chunk.index === undefined) return null;
  const amount = tolerantAmount(chunk[0]);
  if (amount === null) return null;
  const start = labelEnd + chunk.index;
  return { value: { start, end: start + chunk[0].trimEnd().length, money: { amount, currency }, explicitCurrency: false, hasDecimals: true, misread: true }, line, right: true, distance: 0 };
}

/**
 * What is printed after every total label (not a per-rate row), parsed or not
 * ("30.%0", "RMO. 00", "JZ"): the readings a total the arithmetic implies is
 * compared with (see `amounts.misread.ts`).
 */
export function totalReadings(page: PageModel): string[] {
  const out: string[] = [];
  for (const line of linesOf(page)) {
    const label = labelOn(page, line);
    if (!label || label.role !== "total" || label.strength < 0.75) continue;
    const rest = page.text.slice(label.end, line.end);
    if (RATE_ROW.test(rest)) continue;
    // The value is the last chunk of the row (totals are right-aligned), joined when OCR split it ("RM 60, 320").
    let value = (rest.split(/[\t:]/).pop() ?? "").replace(/^[\s=.;|©-]+/, "").trim();
    if (value.length > 14 || /\p{L}{3}/u.test(value)) value = value.split(/\s+/).pop() ?? "";
    if (value !== "" && value.length <= 14) out.push(value);
  }
  return out;
}
