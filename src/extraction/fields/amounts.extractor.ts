import type { ExtractedField, Money } from "../extraction.types.js";
import { findAmounts, type AmountToken } from "./money.js";
import { isAmountTableHeading } from "./page/amounts.page.js";
import { AMOUNT_LABELS, CHARGES_SUM_LABEL, NOT_AN_AMOUNT_LABEL, PREVIOUS_BALANCE_LABEL } from "./page/labels.vocabulary.js";
import { findLabelledValue, makeField, splitLines, type Line } from "./text.js";
import type { ExtractorContext } from "./types.js";

/** Lines that mention "total" but count something else or are only part of the bill (the sum of the surcharges or allowances). */
const NOT_TOTAL =
  /\b(?:tot(?:al)?\.?\s*(?:qty|quantity|items?|item\(s\)|pcs|count|units?|weight|discount|savings?|saved|gst|vat|tax|tva|btw|mwst)|(?:tax|gst|vat)\s*total|qty|quantity|item\s*count|sub[\s-]*total|subtotaal|zwischensumme|excl(?:uding|usive|\.)?|exclusief|ohne\s+mwst|\bht\b|hors\s+tax\w*|sans\s+tva|sin\s+iva|senza\s+iva|zonder\s+btw|montant\s+(?:de\s+(?:la\s+)?)?tva|untaxed|before\s+tax|net\s+amount|no\.?\s*of\s*items|(?:gesamtbetrag|summe|total)\s+(?:der\s+|of\s+)?(?:zuschl[äa]ge|abschl[äa]ge|allowances|charges))/i;
/** Wordings that name the amount actually payable; they beat a bare "total". */
const STRONG_TOTAL =
  /\b(?:grand\s*total|total\s*amount|amount\s*(?:due|payable|to\s+pay)|balance\s*(?:due|payable)|total\s*(?:due|payable|to\s+pay)|net\s*total|total\s*\(\s*[a-z]{2,3}\s*\)|incl(?:uding|usive|\.)?(?:\s+of)?\s+(?:gst|vat|tax)|total\s*incl|totaal|gesamtbetrag|gesamtsumme|rechnungsbetrag|endbetrag|zu\s+zahlen|(?:total|montant)\s*ttc|(?:somme|net|reste)\s+[àa]\s+payer|te\s+betalen|importe\s+total|total\s+a\s+pagar)\b/i;
const ROUNDED = /\bround(?:ed|ing)?\b.*\btotal\b|\btotal\b.*\bround(?:ed)?\b|\bround\w*\s+d?\s*total/i;
const TOTAL = /\b(?:total|totaal|summe|montant|amount\s+due|balance\s+due)\b/i;
const SUBTOTAL =
  /\b(?:sub[\s-]*total|subtotaal|zwischensumme|total\s*(?:sales\s*)?\(?excl(?:uding|usive|\.)?|total\s+excl|excl(?:uding|usive|\.)?\s*(?:of\s+)?(?:gst|vat|tax|btw)|exclusief\s+btw|netto(?:betrag)?|montant\s+(?:eur\s+)?ht|total\s+ht|net\s+amount|amount\s+untaxed)\b/i;
const TAX = /\b(?:(?:total\s+)?(?:gst|vat|tax|btw|mwst|ust|tva|iva|sales\s+tax|umsatzsteuer|mehrwertsteuer)|tax\s*total)\b/i;
/** "Tax invoice", "GST ID", "VAT No" … mention a tax without carrying an amount of tax. */
const NOT_TAX =
  /\b(?:tax\s+invoice|(?:gst|vat|tax|btw|tva|ust)[\s./-]*(?:id|no|nr|number|reg\w*|code|summary|registration|identification)|summary|incl(?:uding|usive|\.|udes)?|excl\w*|inklusive|zzgl|tax\s+\(|@|tin\b|invoice|intra|ohne|without|hors|zonder|sin)/i;
const SUMMARY_HEADER = /\b(?:gst|vat|tax|btw|mwst)\s+summary\b/i;
const ROUNDING_ADJ = /\bround(?:ing)?\s*(?:adj\w*)?\b/i;

type Kind = "total" | "subtotal" | "tax";

interface Candidate {
  kind: Kind;
  token: AmountToken;
  confidence: number;
  lineIndex: number;
}

function classifyLine(text: string): { kind: Kind; strength: number; labelEnd?: number } | null {
  // A balance carried forward from earlier bills ("Total arrears", "Previous balance due") is none of this bill's amounts.
  if (PREVIOUS_BALANCE_LABEL.test(text)) return null;
  if (SUBTOTAL.test(text)) return { kind: "subtotal", strength: 0.8 };
  if (TOTAL.test(text) && !NOT_TOTAL.test(text)) {
    if (ROUNDED.test(text)) return { kind: "total", strength: 0.86 };
    if (STRONG_TOTAL.test(text)) return { kind: "total", strength: 0.8 };
    return { kind: "total", strength: 0.66 };
  }
  if (STRONG_TOTAL.test(text) && !NOT_TOTAL.test(text)) return { kind: "total", strength: 0.78 };
  if (TAX.test(text) && !NOT_TAX.test(text)) return { kind: "tax", strength: 0.75 };
  return vocabularyClass(text);
}

/**
 * A line the English wordings above miss, read with the shared label vocabulary ("Jumlah Besar", "Totale documento",
 * "Base imponible", "SST 6%"): the same strength as the English wording of its role and weight. The label's end is
 * where the value is looked for.
 */
function vocabularyClass(text: string): { kind: Kind; strength: number; labelEnd: number } | null {
  if (NOT_AN_AMOUNT_LABEL.test(text) || CHARGES_SUM_LABEL.test(text)) return null;
  for (const label of AMOUNT_LABELS) {
    if (label.role !== "total" && label.role !== "subtotal" && label.role !== "tax") continue;
    const m = label.re.exec(text);
    if (!m) continue;
    if (label.role === "tax" && NOT_TAX.test(text)) return null;
    // A payable wording is a strong total, a bare total word a plain one (see STRONG_TOTAL and TOTAL).
    const strength = label.role === "total" ? (label.strength >= 0.9 ? 0.8 : 0.66) : label.role === "subtotal" ? 0.8 : 0.75;
    return { kind: label.role, strength, labelEnd: m.index + m[0].length };
  }
  return null;
}

/**
 * Picks the amount that a label line points at. On the label's own line the
 * rightmost amount wins (totals are right-aligned); numbers need decimals or a
 * currency marker, unless the line holds a single bare number after the label.
 */
function amountMatcher(ctx: ExtractorContext): (text: string, offset: number) => AmountToken | null {
  return (text, offset) => {
    const tokens = findAmounts(text, offset, ctx.decimalComma, ctx.dominantCurrency);
    const moneyLike = tokens.filter((t) => t.hasDecimals || t.explicitCurrency);
    if (moneyLike.length > 0) return moneyLike[moneyLike.length - 1] ?? null;
    const first = tokens[0];
    if (tokens.length === 1 && first && /^[\s:=.#*-]*$/.test(text.slice(0, first.start - offset)) && /^[\s.*]*$/.test(text.slice(first.end - offset))) {
      return first;
    }
    return null;
  };
}

function labelEndOf(line: Line, match: RegExpExecArray | null): number {
  return match ? line.start + match.index + match[0].length : line.start;
}

/**
 * Extracts `total`, `subtotal` and `tax` candidates from labelled lines, plus
 * low-confidence fallbacks for receipts whose labels and values OCR separated
 * beyond repair.
 */
export function extractAmounts(page: string, pageNumber: number, ctx: ExtractorContext): ExtractedField[] {
  const lines = splitLines(page);
  const match = amountMatcher(ctx);
  const candidates: Candidate[] = [];
  let inSummary = false;
  for (const line of lines) {
    if (SUMMARY_HEADER.test(line.text)) inSummary = true;
    const cls = classifyLine(line.text);
    if (!cls) continue;
    // The value starts after the last label word, so "TOTAL 2 ITEMS 9.00" does not yield "2".
    const labelRe = cls.kind === "total" ? /.*(?:total|totaal|summe|montant|due|payable|payer|betalen|ttc|\))/i : cls.kind === "subtotal" ? /.*(?:total|totaal|summe|btw|gst|vat|tax|ht|netto\w*|amount|untaxed)/i : /.*(?:gst|vat|tax|btw|mwst|ust|tva|iva|steuer)/i;
    const labelEnd = cls.labelEnd !== undefined ? line.start + cls.labelEnd : labelEndOf(line, labelRe.exec(line.text));
    const found = findLabelledValue(lines, line.index, labelEnd, match);
    if (!found) continue;
    // Under a table's headings ("Tax % Base amount Tax amount Total") the first row is one rate's; the row that adds up
    // the rows above it is the table's total.
    const token = cls.kind === "total" && found.line !== line && isAmountTableHeading(line.text) ? (sumRow(lines, found.line, match) ?? found.value) : found.value;
    // A value under its label sits in a row of values; one that ends a sentence below ("Indemnité forfaitaire pour
    // frais de recouvrement … : 40 €", "a late fee of 5.00 applies") belongs to the prose, not to the label.
    if (found.line !== line && inProse(found.line.text.slice(0, token.start - found.line.start))) continue;
    let conf = cls.strength - 0.03 * found.distance;
    if (cls.kind !== "tax") {
      if (token.money.amount <= 0) conf -= 0.45;
      if (inSummary) conf -= 0.3;
    } else if (token.money.amount < 0) continue;
    if (!token.hasDecimals && !token.explicitCurrency) conf -= 0.15;
    candidates.push({ kind: cls.kind, token, confidence: conf, lineIndex: found.line.index });
  }

  addRoundedTotals(lines, match, candidates);
  boostLargestLatestTotal(candidates, ctx);
  const out = candidates.map((c) => makeField(c.kind, page, pageNumber, c.token.start, c.token.end, money(c.token.money), c.confidence));
  if (!candidates.some((c) => c.kind === "total" && c.confidence >= 0.5)) out.push(...fallbackTotals(page, pageNumber, ctx));
  return out;
}

/**
 * Going down from a table's first row (`first`), the first row whose rightmost amount is the sum of the two or more
 * rows' amounts above it; null when none adds up within six rows or a row without an amount comes first.
 */
function sumRow(lines: readonly Line[], first: Line, match: (t: string, o: number) => AmountToken | null): AmountToken | null {
  const head = match(first.text, first.start);
  if (head === null) return null;
  const amounts = [head.money.amount];
  for (const l of lines.slice(first.index + 1, first.index + 7)) {
    const t = match(l.text, l.start);
    if (t === null) return null;
    if (amounts.length >= 2 && Math.abs(amounts.reduce((a, b) => a + b, 0) - t.money.amount) < 0.015) return t;
    amounts.push(t.money.amount);
  }
  return null;
}

/** Prose before an amount: five or more words of letters in a row of text, no column gap among them. */
function inProse(before: string): boolean {
  const lastCell = before.split("\t").pop() ?? "";
  return (lastCell.match(/\p{L}{2,}/gu) ?? []).length >= 5;
}

function money(m: Money): Money {
  return { amount: Math.round(m.amount * 100) / 100, currency: m.currency };
}

/**
 * Receipts often print `TOTAL 60.31 / ROUNDING ADJ -0.01 / RM 60.30` with the
 * rounded amount unlabelled. When an amount after a rounding line equals a
 * total plus the adjustment, it is the amount actually paid.
 */
function addRoundedTotals(lines: readonly Line[], match: (t: string, o: number) => AmountToken | null, candidates: Candidate[]): void {
  const totals = candidates.filter((c) => c.kind === "total" && c.token.money.amount > 0);
  for (const line of lines) {
    if (!ROUNDING_ADJ.test(line.text) || /total/i.test(line.text)) continue;
    const label = /.*round\w*(?:\s*adj\w*)?/i.exec(line.text);
    const adj = findLabelledValue(lines, line.index, labelEndOf(line, label), match, 2);
    if (!adj || adj.distance > 2) continue;
    const adjustment = adj.value.money.amount;
    for (let j = adj.line.index + 1; j < Math.min(lines.length, adj.line.index + 4); j += 1) {
      const l = lines[j];
      if (!l) continue;
      const t = match(l.text, l.start);
      if (!t) {
        if (/[A-Za-z]{3}/.test(l.text)) break;
        continue;
      }
      const expected = totals.some((c) => c.lineIndex < line.index && Math.abs(c.token.money.amount + adjustment - t.money.amount) < 0.005);
      if (expected && !candidates.some((c) => c.token.start === t.start)) {
        candidates.push({ kind: "total", token: t, confidence: 0.88, lineIndex: j });
      }
      break;
    }
  }
}

/** On receipts the payable total is the last and usually the largest of the totals printed. */
function boostLargestLatestTotal(candidates: Candidate[], ctx: ExtractorContext): void {
  const totals = candidates.filter((c) => c.kind === "total" && c.confidence >= 0.5);
  if (totals.length < 2) return;
  const largest = Math.max(...totals.map((c) => c.token.money.amount));
  const latest = Math.max(...totals.map((c) => c.lineIndex));
  const receipt = ctx.documentType === undefined || ctx.documentType === "receipt";
  for (const c of totals) {
    if (c.token.money.amount === largest) c.confidence += 0.04;
    if (receipt && c.lineIndex === latest) c.confidence += 0.02;
  }
}

/**
 * When no labelled total exists, the amount printed most often (total, cash
 * tendered, card charge) and then the largest is the best guess; confidence
 * stays low so any labelled candidate elsewhere beats it.
 */
function fallbackTotals(page: string, pageNumber: number, ctx: ExtractorContext): ExtractedField[] {
  const tokens = findAmounts(page, 0, ctx.decimalComma, ctx.dominantCurrency).filter((t) => t.hasDecimals && t.money.amount > 0);
  if (tokens.length === 0) return [];
  const counts = new Map<number, AmountToken[]>();
  for (const t of tokens) counts.set(t.money.amount, [...(counts.get(t.money.amount) ?? []), t]);
  // Receipts repeat the total (total, cash, card); invoices repeat line prices, so there the largest wins.
  const byLargest = ctx.documentType !== undefined && ctx.documentType !== "receipt";
  const ranked = [...counts.entries()].sort((a, b) => (byLargest ? 0 : b[1].length - a[1].length) || b[0] - a[0]);
  return ranked.slice(0, 3).flatMap(([, ts], rank) => {
    const t = ts[ts.length - 1];
    if (!t) return [];
    const conf = 0.3 + (byLargest ? 0 : 0.04 * Math.min(ts.length - 1, 3)) - 0.08 * rank;
    return [makeField("total", page, pageNumber, t.start, t.end, money(t.money), conf)];
  });
}
