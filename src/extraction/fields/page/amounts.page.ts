/**
 * Amount candidates found by geometry: for every line that carries an amount
 * label (total, subtotal, tax, rounding, cash tendered, change, discount), the
 * value on the label's row to its right, or on the row below under it.
 */
import type { BBox, PageLine, PageModel } from "../../page/page.model.js";
import { findAmounts, type AmountToken } from "../money.js";
import type { ExtractorContext } from "../types.js";
import { AMOUNT_LABELS, CHARGES_SUM_LABEL, NOT_AN_AMOUNT_LABEL, type AmountLabel, type AmountRole } from "./labels.vocabulary.js";
import { roundingCents, spacedDecimalAmount, tolerantAmount } from "./amounts.misread.js";
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
  /** A tax table's sum row (net, tax, gross) whose gross is not net + tax: one of its amounts is misread. */
  unbalanced?: boolean;
  /** A whole number with letters after it on its row ("Zu zahlen EUR 7 yg"): what OCR left of a garbled amount. */
  fragment?: boolean;
  /** On an OCR'd page, how sure OCR was of the value: its least sure word, 0–1. */
  ocrConfidence?: number;
  /** A total row's one smaller amount after its value ("Total 38000.00 1500.00"): a net and its tax, or not (see taxTableSumRows). */
  rowTax?: AmountToken;
}

/** A row that sums one tax rate's items or states the tax: a rate ("6%", OCR'd "0F"/"@%" too) or GST's "supplies". */
export const RATE_ROW = /\d\s*%|[@©&]\s*%|\bsupplies\b|\b(?:zero|standard)[\s-]?rated\b/i;

/** Words that make a total one before tax ("excl. GST", "exclusive of VAT", "before tax", "netto"). */
const EXCLUDING_TAX = /\bexcl(?:uding|usive|uded|\.|\b)|\bex\.?\s*(?:gst|vat|tax|btw|mwst)\b|\bbefore\s+(?:gst|vat|tax)\b|\bnetto\b|\bhors\s+taxes\b|\bsebelum\b/i;

/** A label that ends in "incl"/"excl" (abbreviated or not), still waiting for the tax word it qualifies. */
const QUALIFIER_END = /\b(?:inc|incl|excl?|including|excluding|inclusive|exclusive)\.?$/i;

/** The tax word right after a value: the rest of a label the value interrupted ("… 1.62 GST"). */
const TAX_WORD_NEXT = /^\s*%?\s*(?:gst|vat|tax|sst|btw|mwst|tva|iva)(?![\p{L}])/iu;

/** The most digits a bare whole number (no decimals, no currency) may have to be read as an amount. */
const MAX_BARE_AMOUNT_DIGITS = 9;

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
    // A long bare number ("6018840126306675" under "Loyalty Card") is a card, account or reference number, not money.
    if (first && !first.explicitCurrency && text.slice(first.start - offset, first.end - offset).replace(/\D/g, "").length > MAX_BARE_AMOUNT_DIGITS) return null;
    if (tokens.length === 1 && first && /^[\s:=.#*()-]*$/.test(text.slice(0, first.start - offset)) && /^[\s.*]*$/.test(text.slice(first.end - offset))) return first;
    return null;
  };
}

/** The strongest amount label on a line, with its span in page text. */
function labelOn(page: PageModel, line: PageLine): { role: AmountRole; strength: number; start: number; end: number; text: string } | null {
  const printed = page.text.slice(line.start, line.end);
  // On OCR'd pages labels are matched on a view with misread label words ("T0TAL") written out; offsets are the same.
  const text = page.source === "ocr" ? ocrLabelView(printed) : printed;
  if (CHARGES_SUM_LABEL.test(text)) return null;
  if (NOT_AN_AMOUNT_LABEL.test(text)) {
    // "GST Summary" and "Total Qty" lines carry no role amount, but "Total incl. GST" does.
    const strongTotal = AMOUNT_LABELS.find((l) => l.role === "total" && l.strength >= 0.9 && l.re.test(text));
    if (!strongTotal) return null;
  }
  // The label that opens the row names it; a later one qualifies it ("Rückgeld BAR", "Change Cash"). Among labels
  // that start at the same place the longest wording names the row ("Total GST" is the tax, not a bare "Total"),
  // and among equally long ones the vocabulary's order (strongest wording first) decides.
  let best: { label: AmountLabel; index: number; length: number } | null = null;
  for (const label of AMOUNT_LABELS) {
    const m = label.re.exec(text);
    if (!m || m.index === undefined) continue;
    // A label sits at the start of its row, or after a few characters of noise, or at the start of a cell with its
    // amount after it (after a column gap: "http://store.example.com/terms⇥Gesamtpreis (inkl. MwSt.) EUR 5.154,50";
    // a table's last heading cell, "…⇥TCS Amount⇥Total Invoice Value", has none); a word deep in a sentence is not a
    // label.
    const cellStart = text[m.index - 1] === "\t" && /\d/.test(text.slice(m.index + m[0].length));
    if (m.index > 24 && !cellStart && !/[:\t]/.test(text.slice(m.index + m[0].length, m.index + m[0].length + 3))) continue;
    if (!best || m.index < best.index || (m.index === best.index && m[0].length > best.length)) best = { label, index: m.index, length: m[0].length };
  }
  if (!best) return null;
  const { label, index, length } = best;
  return { role: label.role, strength: label.strength, start: line.start + index, end: line.start + index + length, text: printed.slice(index, index + length) };
}

/**
 * True for the heading row of an amount table ("MwSt% Netto MwSt Brutto",
 * "Tax Rate Net Tax Gross"): two or more amount labels side by side and no
 * number. Each heading's value is in its own column on the rows below.
 */
export function isAmountTableHeading(text: string): boolean {
  if (/\d/.test(text)) return false;
  const starts = new Set<number>();
  for (const label of AMOUNT_LABELS) {
    for (const m of text.matchAll(new RegExp(label.re.source, "giu"))) if (m.index !== undefined) starts.add(m.index);
  }
  return starts.size >= 2;
}

/**
 * Under a column heading, the amount in that column: of the money-looking
 * numbers on the row, the one overlapping the heading's horizontal extent most
 * (not the row's rightmost, which belongs to the last column). Money-looking means
 * with decimals, or (`signed`) with a currency sign too ("₹3,363" under a label of a
 * row of labels).
 */
function columnMatcher(page: PageModel, heading: BBox, ctx: Pick<ExtractorContext, "decimalComma" | "dominantCurrency">, signed = false): ValueMatcher<AmountToken> {
  return (text, offset) => {
    let best: { token: AmountToken; overlap: number } | null = null;
    for (const t of findAmounts(text, offset, ctx.decimalComma, ctx.dominantCurrency)) {
      if (!t.hasDecimals && !(signed && t.explicitCurrency)) continue;
      const box = unionBox(wordsInSpan(page, t.start, t.end).map((w) => w.box));
      const overlap = box ? Math.min(box.x1, heading.x1) - Math.max(box.x0, heading.x0) : 0;
      if (overlap > 0 && (!best || overlap > best.overlap)) best = { token: t, overlap };
    }
    return best?.token ?? null;
  };
}

/** The rest of a label's row when it holds more label cells and no number: a column gap, then words only. */
const LABEL_CELLS_AFTER = /^[^\d\t]*\t[^\d]*\p{L}[^\d]*$/u;

/** A net column's heading word ("Netto", "Net", "Nett", "Excl."). */
const NET_HEADING = /^(?:netto|nett?|excl)\W*$/i;

/**
 * True when the amount lies under a net column heading of `heading` (overlapping its word horizontally) and under
 * no other heading word more: on a tax table's row, the net.
 */
function underNetColumn(page: PageModel, heading: PageLine, t: AmountToken): boolean {
  const box = unionBox(wordsInSpan(page, t.start, t.end).map((w) => w.box));
  if (!box) return false;
  const overlap = (b: BBox): number => Math.min(box.x1, b.x1) - Math.max(box.x0, b.x0);
  const best = [...heading.words].filter((w) => overlap(w.box) > 0).sort((a, b) => overlap(b.box) - overlap(a.box))[0];
  return best !== undefined && NET_HEADING.test(best.text);
}

/** Every amount label of a table's heading row, with its span in page text: the earliest, longest wordings first. */
function headingLabels(page: PageModel, line: PageLine): { label: AmountLabel; start: number; end: number }[] {
  const printed = page.text.slice(line.start, line.end);
  const text = page.source === "ocr" ? ocrLabelView(printed) : printed;
  const found: { label: AmountLabel; start: number; end: number }[] = [];
  for (const label of AMOUNT_LABELS) {
    for (const m of text.matchAll(new RegExp(label.re.source, "giu"))) found.push({ label, start: line.start + m.index, end: line.start + m.index + m[0].length });
  }
  found.sort((a, b) => a.start - b.start || b.end - b.start - (a.end - a.start));
  const out: typeof found = [];
  for (const f of found) if (!out.some((o) => f.start < o.end && f.end > o.start)) out.push(f);
  return out;
}

/** Rows of a column read down from its heading before giving up on finding its foot. */
const MAX_COLUMN_ROWS = 12;

/**
 * The foot of an amount table's column: reading down under the heading's label (`labelBox`), the amounts in that
 * column on consecutive rows, and when the last of three or more is the sum of the ones above it, that last one —
 * the table's sum row, which need not carry a label of its own (a tax breakdown's per-rate rows, then the row that
 * adds them up: `Endbetrag` / `382,47` / `136,52` / `518,99`). Null when the column has no such foot. The column
 * ends at a row with no amount under the heading, or after a gap of more than two empty rows.
 */
function columnFoot(page: PageModel, heading: PageLine, labelBox: BBox, ctx: Pick<ExtractorContext, "decimalComma" | "dominantCurrency">): AmountToken | null {
  const h = labelBox.y1 - labelBox.y0;
  const below = linesOf(page)
    .filter((l) => l !== heading && l.box.y0 >= heading.box.y1 - 0.3 * h)
    .sort((a, b) => a.box.y0 - b.box.y0);
  const values: AmountToken[] = [];
  let bottom = heading.box.y1;
  for (let i = 0; i < below.length && values.length < MAX_COLUMN_ROWS; ) {
    const first = below[i] as PageLine;
    const row = below.slice(i).filter((l, k) => k === 0 || Math.abs(l.box.y0 - first.box.y0) <= 0.3 * h);
    i += row.length;
    if (first.box.y0 - bottom > 3 * h) break;
    bottom = Math.max(...row.map((l) => l.box.y1));
    let best: { token: AmountToken; overlap: number } | null = null;
    for (const l of row) {
      for (const t of findAmounts(page.text.slice(l.start, l.end), l.start, ctx.decimalComma, ctx.dominantCurrency)) {
        if (!t.hasDecimals) continue;
        const box = unionBox(wordsInSpan(page, t.start, t.end).map((w) => w.box));
        const overlap = box ? Math.min(box.x1, labelBox.x1) - Math.max(box.x0, labelBox.x0) : 0;
        if (overlap > 0 && (!best || overlap > best.overlap)) best = { token: t, overlap };
      }
    }
    if (!best) break;
    values.push(best.token);
  }
  const foot = values[values.length - 1];
  if (values.length < 3 || !foot || foot.money.amount === 0) return null;
  const sum = values.slice(0, -1).reduce((s, t) => s + t.money.amount, 0);
  return Math.abs(sum - foot.money.amount) < 0.005 ? foot : null;
}

/**
 * The feet of an amount table's columns (see {@link columnFoot}), one candidate per heading label whose column has
 * one, in the label's role. The per-rate rows above a foot are parts of it, no candidates.
 */
function columnFeetCandidates(page: PageModel, heading: PageLine, ctx: Pick<ExtractorContext, "decimalComma" | "dominantCurrency">): { cands: AmountCandidate[]; starts: Set<number> } {
  const cands: AmountCandidate[] = [];
  const starts = new Set<number>();
  for (const { label, start, end } of headingLabels(page, heading)) {
    const labelBox = unionBox(wordsInSpan(page, start, end).map((w) => w.box));
    const foot = labelBox ? columnFoot(page, heading, labelBox, ctx) : null;
    if (!foot || !labelBox) continue;
    starts.add(start);
    // As on a labelled row: only a strong total (a correction's, a credit note's) or a discount may be negative.
    const credit = label.role === "total" && label.strength >= 0.9 && /-(?=[\p{L}$€£]{0,3}\d)/u.test(page.text.slice(foot.start, foot.end));
    if (label.role !== "rounding" && label.role !== "discount" && label.role !== "tendered" && foot.money.amount < 0 && !credit) continue;
    // Checked by its own column's sum, it weighs nearly as its label does beside it.
    cands.push({ role: label.role, page: page.page, token: foot, score: label.strength - 0.04, labelBox, label: page.text.slice(start, end) });
  }
  return { cands, starts };
}

/** Every labelled amount on a page. */
export function amountCandidates(page: PageModel, ctx: Pick<ExtractorContext, "decimalComma" | "dominantCurrency">): AmountCandidate[] {
  const rowMatch = amountMatcher(ctx);
  const out: AmountCandidate[] = [];
  const lines = linesOf(page);
  // The latest amount table heading ("Steuer % Netto Steuer Brutto") and its line's index.
  let heading: { index: number; line: PageLine } | null = null;
  for (const [index, line] of lines.entries()) {
    const label = labelOn(page, line);
    if (!label) continue;
    const labelBox = unionBox(wordsInSpan(page, label.start, label.end).map((w) => w.box));
    if (!labelBox) continue;
    const isHeading = isAmountTableHeading(page.text.slice(line.start, line.end));
    if (isHeading) {
      heading = { index, line };
      // A column that ends in a sum row gives its foot; the heading's first label then reads no single row under it.
      const feet = columnFeetCandidates(page, line, ctx);
      out.push(...feet.cands);
      if (feet.starts.has(label.start)) continue;
    }
    // A row of labels in cells with no value on it ("Invoice Date⇥Amount Payable⇥Due Date⇥Amount After Due Date"):
    // each label's value stands in its own cell on the row below, not at that row's right end (another label's).
    const labelRow = !isHeading && LABEL_CELLS_AFTER.test(page.text.slice(label.end, line.end));
    const match = isHeading ? columnMatcher(page, labelBox, ctx) : labelRow ? columnMatcher(page, labelBox, ctx, true) : rowMatch;
    const found = valueForLabel(page, line, labelBox, label.end, match, { maxBelow: 1 }) ?? misreadValue(page, line, label.end, ctx.dominantCurrency);
    if (!found) continue;
    let t = found.value;
    // A total row of two amounts each with its currency: a smaller last amount after a larger one is the row's tax
    // after its value, a tax table's sum row ("Total⇥OMR35800.00⇥OMR996.00", see taxTableSumRows); a larger one is the
    // total after the tax column ("Total⇥Rs.36.46⇥Rs.239"), the rightmost as for any row.
    if (label.role === "total" && found.line === line && t.explicitCurrency) {
      const before = findAmounts(page.text.slice(label.end, t.start), label.end, ctx.decimalComma, ctx.dominantCurrency).filter((x) => x.hasDecimals || x.explicitCurrency);
      const value = before.length === 1 ? before[0] : undefined;
      if (value?.explicitCurrency && value.money.amount > t.money.amount) t = value;
    }
    // "Total Incl.6% GST" read "Total Inc1.62 GST": a number between an inclusive/exclusive label and the tax word
    // that completes it is the label's rate, not the row's value (which OCR lost).
    if (label.role === "total" && QUALIFIER_END.test(label.text) && TAX_WORD_NEXT.test(page.text.slice(t.end, found.line.end))) continue;
    // A rounding OCR read without its decimal point ("Rounding -001", "RM 02") adjusts by cents.
    const cents = label.role === "rounding" && !t.hasDecimals && page.source === "ocr" ? roundingCents(page.text.slice(t.start, t.end)) : null;
    if (cents !== null) t = { ...t, money: { ...t.money, amount: cents }, hasDecimals: true };
    let score = label.strength - (found.right ? 0 : 0.12) - (found.line === line ? 0 : 0.03) - (t.misread ? 0.1 : 0);
    if (!t.hasDecimals && !t.explicitCurrency) score -= 0.15;
    // "Zu zahlen EUR 7 yg": a whole number with letters after it on its row is what OCR left of a garbled amount.
    const fragment = !t.hasDecimals && page.source === "ocr" && /\p{L}/u.test(page.text.slice(t.end, found.line.end));
    if (fragment) score -= 0.3;
    // A payment is printed negative by tills that deduct it from the balance ("Payment -20.00"), the change by tills
    // that print what leaves the drawer (turned positive above); other roles never are.
    // A credit or adjustment note owes the customer: its payable total ("Total Payable: -1.73") is negative, printed
    // with the minus against the number (a dash set apart is as likely OCR noise or a leader).
    const credit = label.role === "total" && label.strength >= 0.9 && /-(?=[\p{L}$€£]{0,3}\d)/u.test(page.text.slice(t.start, t.end));
    // Some tills print the change as what leaves the drawer ("Rückgeld -1,82"): it is the change all the same.
    if (label.role === "change" && t.money.amount < 0) t = { ...t, money: { ...t.money, amount: -t.money.amount } };
    if (label.role !== "rounding" && label.role !== "discount" && label.role !== "tendered" && label.role !== "prepaid" && t.money.amount < 0 && !credit) continue;
    if ((label.role === "total" || label.role === "subtotal") && t.money.amount === 0) score -= 0.4;
    // A total row that names a tax rate ("(TOTAL INCLUDED GST @ 6% : 1.09)", "Total 6% supplies") sums one rate's
    // items or states the tax, it is not the amount payable.
    const rate = label.role === "total" && RATE_ROW.test(page.text.slice(label.start, t.start));
    // "Total 6% supplies (excl. GST)": a total before tax is a subtotal, whatever words stand between.
    const beforeTax = label.role === "total" && EXCLUDING_TAX.test(page.text.slice(label.end, t.start));
    if (rate) score -= 0.15;
    // The sum row of a tax table ("Gesamtbetrag 19,60 2,43 22,03": net, tax, gross, in either order of the first two)
    // checks itself: a gross that is not the sum of the two amounts before it is a misreading, weaker than the till's
    // own total row.
    const row = label.role === "total" && !rate ? findAmounts(page.text.slice(label.end, t.end), label.end, ctx.decimalComma, ctx.dominantCurrency).filter((x) => x.hasDecimals) : [];
    const [a, b, c] = row.slice(-3).map((x) => x.money.amount);
    const unbalanced = row.length >= 3 && row[row.length - 1]?.start === t.start && Math.abs((a ?? 0) + (b ?? 0) - (c ?? 0)) > 0.015;
    if (unbalanced) score -= 0.25;
    // A total label with one more amount before its value heads a table's sum row whose third column OCR lost or
    // misread ("Gesamtbetrag 16,51 2:41 18,02"): unchecked, it weighs no more than the till's plain total row, however
    // strong its wording, and the arithmetic decides. A row that adds up keeps its weight.
    else if (row.length === 2 && label.strength > 0.75) score -= label.strength - 0.75;
    // "Gesamt 21,50 1,50 23,00" read as "Gesamt 21,50": a tax table's sum row of which OCR read only the amount under
    // the net column sums the net, it is not the total (the till's own total row says what is payable).
    const net = label.role === "total" && row.length <= 1 && heading !== null && index - heading.index <= 4 && underNetColumn(page, heading.line, t);
    // "ROUNDING RM 182.00": a rounding label over a large amount prints the rounded total, not the adjustment. An
    // adjustment stays under one unit of the currency: rounding to whole pesos adjusts by up to 0.99 ("Redondeo 0,22").
    const role = label.role === "rounding" && Math.abs(t.money.amount) >= 1 ? "total" : beforeTax || net ? "subtotal" : label.role;
    // The row's value first and one smaller amount after it: possibly a tax table's sum of nets and of taxes.
    const after = role === "total" && !rate && row.length <= 1 ? findAmounts(page.text.slice(t.end, found.line.end), t.end, ctx.decimalComma, ctx.dominantCurrency).filter((x) => x.hasDecimals) : [];
    const rowTax = after.length === 1 && (after[0]?.money.amount ?? Infinity) < t.money.amount ? after[0] : undefined;
    const valueWords = page.source === "ocr" ? wordsInSpan(page, t.start, t.end) : [];
    const ocrConfidence = valueWords.length > 0 ? Math.min(...valueWords.map((w) => w.confidence)) : undefined;
    out.push({ role, page: page.page, token: t, score: role === label.role || beforeTax || net ? score : score - 0.05, labelBox, label: label.text, ...(rate && !beforeTax ? { rate } : {}), ...(unbalanced ? { unbalanced } : {}), ...(fragment ? { fragment } : {}), ...(ocrConfidence !== undefined ? { ocrConfidence } : {}), ...(rowTax ? { rowTax } : {}) });
  }
  return out;
}

/**
 * A tax table's sum row: a total label over the sum of the nets and, after it, the sum of the taxes ("Total
 * OMR38000.00 OMR1500.00" under "Taxable Amount" and "Tax Amount"), while the document's total is printed elsewhere
 * as their sum ("TOTAL OMR39500.00"). The row's value is then a subtotal and its second amount the tax: where another
 * total candidate equals the two added up, to the cent. Returns the candidates with those rows re-read.
 */
export function taxTableSumRows(cands: readonly AmountCandidate[]): AmountCandidate[] {
  const totals = cands.filter((c) => c.role === "total");
  const out: AmountCandidate[] = [];
  for (const c of cands) {
    const tax = c.rowTax;
    const gross = tax ? c.token.money.amount + tax.money.amount : NaN;
    if (!tax || !totals.some((o) => o !== c && (o.page !== c.page || o.token.start !== c.token.start) && Math.abs(o.token.money.amount - gross) < 0.005)) {
      out.push(c);
      continue;
    }
    out.push({ ...c, role: "subtotal" }, { role: "tax", page: c.page, token: tax, score: c.score - 0.05, labelBox: c.labelBox, label: c.label });
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
  // "Total RH 86 00": the decimal point read as a space, the only number on the row.
  const amount = tolerantAmount(chunk[0]) ?? (/\d/.test(rest.slice(0, chunk.index)) ? null : spacedDecimalAmount(chunk[0]));
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

/**
 * This bill's own total where only the amount payable and a balance carried forward from earlier bills are labelled
 * ("vierteljährlicher Beitrag inkl. Versicherungsteuer 220,00 / Ausstehende Forderung 220,00 / zu zahlender Beitrag
 * 440,00"): for a labelled total D printed below a previous balance P, the amount D − P printed above D (not P's own
 * amount), as a weak unlabelled total. The ranking (`carriedBalance` in amounts.reconcile.ts) puts it in D's place.
 * Likewise the grand total where only the amount payable is labelled under a prepayment P ("TOTAL TTC" heading a
 * column the page lost, "Acompte 20,00 / NET A PAYER 100,00"): D + P printed above D (`prepaidTotal` ranks it).
 * Nothing when the amount is already a total candidate.
 */
export function ownTotalCandidates(pages: readonly PageModel[], cands: readonly AmountCandidate[], ctx: Pick<ExtractorContext, "decimalComma" | "dominantCurrency">): AmountCandidate[] {
  // A previous balance was added to this bill's total in D, a prepayment taken off it.
  const balances = cands.filter((c) => (c.role === "previous_balance" && c.token.money.amount > 0) || (c.role === "prepaid" && c.token.money.amount !== 0));
  if (balances.length === 0) return [];
  const out: AmountCandidate[] = [];
  const totals = cands.filter((c) => c.role === "total" && c.score >= 0.6);
  const near = (a: number, b: number): boolean => Math.abs(a - b) < 0.005;
  const above = (a: { page: number; y: number }, b: AmountCandidate): boolean => a.page < b.page || (a.page === b.page && a.y < b.labelBox.y0 - 1e-6);
  for (const d of totals) {
    for (const p of balances) {
      // A prepayment is printed with or without a minus; on a credit note D and the total are both negative.
      const dAmount = d.token.money.amount;
      const own = p.role === "prepaid" ? Math.round((dAmount + Math.sign(dAmount) * Math.abs(p.token.money.amount)) * 100) / 100 : Math.round((dAmount - p.token.money.amount) * 100) / 100;
      if ((p.role === "prepaid" ? own === 0 || Math.sign(own) !== Math.sign(dAmount) : own <= 0) || !above({ page: p.page, y: p.labelBox.y0 }, d)) continue;
      if ([...totals, ...out].some((c) => near(c.token.money.amount, own))) continue;
      // The lowest printing of D − P above D's label, other than the previous balance's own amount.
      let found: AmountCandidate | null = null;
      for (const page of pages.filter((pg) => pg.page <= d.page)) {
        for (const line of linesOf(page)) {
          if (!above({ page: page.page, y: line.box.y0 }, d)) continue;
          for (const t of findAmounts(page.text.slice(line.start, line.end), line.start, ctx.decimalComma, ctx.dominantCurrency)) {
            if (!t.hasDecimals || !near(t.money.amount, own) || (page.page === p.page && t.start === p.token.start)) continue;
            const box = unionBox(wordsInSpan(page, t.start, t.end).map((w) => w.box));
            // A credit note's negative total counts only when strongly labelled (see rankTotals): it has D's label.
            if (box) found = { role: "total", page: page.page, token: t, score: own < 0 ? Math.min(d.score, 0.85) : 0.45, labelBox: box, label: "" };
          }
        }
      }
      if (found) out.push(found);
    }
  }
  return out;
}
