/**
 * Chooses the total that makes the document add up. Every labelled total (and,
 * as weak fallbacks, other amounts) is tried against the arithmetic a receipt
 * or invoice prints — subtotal + tax ± rounding = total, tendered − change =
 * total, a pre-rounding total + rounding = total, the line amounts summing to
 * the total or subtotal — and the checks that passed or failed travel with the
 * result so a client can see why a total was trusted.
 */
import type { AmountToken } from "../money.js";
import type { AmountRole } from "./labels.vocabulary.js";
import type { AmountCandidate } from "./amounts.page.js";
import { readsAs } from "./amounts.misread.js";
import { withinOneEdit } from "../../../common/edit-distance.js";

/** Names of the arithmetic checks. */
export type CheckName = "subtotal_plus_tax" | "tendered_minus_change" | "rounding" | "line_items_sum" | "rate_totals_sum";

/** One arithmetic check: `expected` is the chosen total (or subtotal), `actual` what the other amounts add up to. */
export interface ArithmeticCheck {
  name: CheckName;
  passed: boolean;
  expected: number;
  actual: number;
}

/** An amount as a total option, with the evidence behind it. */
export interface TotalOption {
  amount: number;
  /** The labelled (or fallback) candidates carrying this amount, best first. */
  candidates: AmountCandidate[];
  /** Label/position score of the best candidate. */
  labelScore: number;
  checks: ArithmeticCheck[];
  /** Final ranking score. */
  score: number;
  /** Candidates used by the passing checks (subtotal, tax, …), so those fields agree with the total. */
  support: Partial<Record<AmountRole, AmountCandidate>>;
  /** For a total the arithmetic implies: the labelled total whose reading it corrects. */
  corrects?: number;
  /** For a total after a printed rounding that was paid exactly: the amounts before the rounding, which it outranks. */
  roundedFrom?: number[];
}

/** What is printed on the pages beside the candidates, for totals the arithmetic implies. */
export interface PrintedEvidence {
  /** What is printed after each total label, parsed or not ("30.%0"); see `totalReadings`. */
  totalReadings?: readonly string[];
  /** Every money-shaped number printed, with where: its digits ("60,320" → "60320"), page and offset in the page text. */
  printedAt?: readonly PrintedAmount[];
}

/**
 * The digits of the money-shaped numbers printed that could be a total's sighting: three to nine digits (shorter is a
 * few cents, longer an account or phone number that happens to carry a separator).
 */
export function printedDigits(printedAt: readonly PrintedAmount[]): string[] {
  return printedAt.map((p) => p.digits).filter((d) => d.length >= 3 && d.length <= 9);
}

/** A money-shaped number as printed: its digits ("10.00" → "1000"), page and offset in the page text. */
export interface PrintedAmount {
  digits: string;
  page: number;
  start: number;
}

const EPS = 0.005;
/** Below this label score a total candidate is a guess without a label (see `fallbackTotals` in amounts.extractor.ts). */
const UNLABELLED = 0.4;
const cents = (n: number): number => Math.round(n * 100) / 100;
const near = (a: number, b: number): boolean => Math.abs(a - b) < EPS;

function byRole(cands: readonly AmountCandidate[], role: AmountRole): AmountCandidate[] {
  return cands.filter((c) => c.role === role).sort((a, b) => b.score - a.score);
}

/**
 * One subtotal's sums with every tax, rounding and discount (subtotal + tax ± rounding − discount), in the order
 * {@link checkSubtotalPlusTax} tries them, indexed by value: the sums do not depend on the total tried.
 */
interface SumTable {
  /** [tax, rounding, discount] of each sum, in trial order (null: none). */
  parts: [AmountCandidate | null, AmountCandidate | null, AmountCandidate | null][];
  /** The distinct sums, ascending, and the first trial giving each. */
  values: number[];
  first: number[];
  /** A sum that is not a number: the table cannot be searched by value (the trials are run one by one). */
  unordered: boolean;
}

/**
 * The candidates by role and what the checks derive from them alone, computed once per {@link rankTotals} call:
 * the checks run for every total option and every derived total, and a long document (40 receipts in one PDF:
 * ~250 candidates, ~1,300 totals tried) spent seconds re-sorting the roles and re-adding the same sums per total.
 */
export interface AmountIndex {
  total: AmountCandidate[];
  subtotal: AmountCandidate[];
  tax: AmountCandidate[];
  rounding: AmountCandidate[];
  /** Discounts printed with their minus sign, best first (each call keeps those under one of its subtotals). */
  discount: AmountCandidate[];
  change: AmountCandidate[];
  handed: AmountCandidate[];
  steps: number[];
  rates: AmountCandidate[];
  /** tendered − change per pair (then two tenders less a change), in trial order, and whether that difference is printed as a total. */
  payments: { t: AmountCandidate; g: AmountCandidate; actual: number; printedTotal: boolean }[];
  /** The distinct differences of {@link payments}, ascending, with the first pair giving each (null: one is not a number). */
  paymentValues: { values: number[]; first: number[] } | null;
  /** (total or subtotal printed above a rounding, rounding, sign) in {@link checkRounding}'s trial order. */
  roundingTrials: { b: AmountCandidate; r: AmountCandidate; actual: number }[];
  /** Per subtotal, per set of discounts taken (their positions in {@link discount}). */
  sums: Map<AmountCandidate, Map<string, SumTable>>;
}

/** The {@link AmountIndex} of `cands` (which must not change while it is used). */
export function indexAmounts(cands: readonly AmountCandidate[]): AmountIndex {
  const total = byRole(cands, "total");
  const subtotal = byRole(cands, "subtotal");
  const rounding = byRole(cands, "rounding");
  const change = byRole(cands, "change").filter((c) => c.token.money.amount >= 0);
  const handed = handedOver(cands);
  const payments = handed.flatMap((t) =>
    change.map((g) => {
      const actual = cents(t.token.money.amount - g.token.money.amount);
      return { t, g, actual, printedTotal: printedAsTotal(cands, actual) };
    }),
  );
  // A bill settled with two tenders ("GIFT CARD 50.00 / CASH 1.00 / CHANGE 0.57") gives change on their sum; tried
  // after every single tender, and only for two tenders printed above the change they are paired with.
  handed.forEach((a, i) =>
    handed.slice(i + 1).forEach((b) => {
      for (const g of change.filter((c) => printedAbove(a, c) && printedAbove(b, c))) {
        const actual = cents(a.token.money.amount + b.token.money.amount - g.token.money.amount);
        payments.push({ t: b, g, actual, printedTotal: printedAsTotal(cands, actual) });
      }
    }),
  );
  const before = [...total, ...subtotal];
  const roundingTrials: AmountIndex["roundingTrials"] = [];
  for (const r of rounding.filter((c) => c.token.money.amount !== 0)) {
    for (const b of before.filter((x) => printedAbove(x, r))) {
      for (const sign of r.token.money.amount < 0 ? [-1] : [1, -1]) {
        roundingTrials.push({ b, r, actual: cents(b.token.money.amount + sign * Math.abs(r.token.money.amount)) });
      }
    }
  }
  const discount = byRole(cands, "discount").filter((c) => c.token.money.amount < 0);
  return { total, subtotal, tax: byRole(cands, "tax"), rounding, discount, change, handed, steps: cashRoundings(cands), rates: rateTotals(cands), payments, paymentValues: byValue(payments.map((p) => p.actual)), roundingTrials, sums: new Map() };
}

/** The {@link SumTable} of subtotal `s` with `discounts` (a subsequence of the index's), built on first use. */
function sumTable(index: AmountIndex, s: AmountCandidate, discounts: readonly AmountCandidate[]): SumTable {
  const key = discounts.map((d) => index.discount.indexOf(d)).join(",");
  let bySet = index.sums.get(s);
  if (!bySet) index.sums.set(s, (bySet = new Map()));
  const known = bySet.get(key);
  if (known) return known;
  const parts: SumTable["parts"] = [];
  const sums: number[] = [];
  for (const x of [null, ...index.tax]) {
    for (const r of [null, ...index.rounding]) {
      for (const d of [null, ...discounts]) {
        if (!x && !r && !d) continue;
        parts.push([x, r, d]);
        sums.push(sumOf(s, x, r, d));
      }
    }
  }
  const sorted = byValue(sums);
  const table: SumTable = { parts, values: sorted?.values ?? [], first: sorted?.first ?? [], unordered: sorted === null };
  bySet.set(key, table);
  return table;
}

/** subtotal + tax + rounding + discount (signed amounts; null: none), to the cent, added in that order. */
function sumOf(s: AmountCandidate, x: AmountCandidate | null, r: AmountCandidate | null, d: AmountCandidate | null): number {
  return cents(s.token.money.amount + (x?.token.money.amount ?? 0) + (r?.token.money.amount ?? 0) + (d?.token.money.amount ?? 0));
}

/** Trial results grouped by value: the distinct values ascending and the first trial giving each; null when one is not a number. */
function byValue(results: readonly number[]): { values: number[]; first: number[] } | null {
  if (results.some((v) => Number.isNaN(v))) return null;
  const firstOf = new Map<number, number>();
  results.forEach((v, i) => {
    if (!firstOf.has(v)) firstOf.set(v, i);
  });
  const values = [...firstOf.keys()].sort((a, b) => a - b);
  return { values, first: values.map((v) => firstOf.get(v) as number) };
}

/** Index of the first value ≥ `x` in ascending `values`. */
function lowerBound(values: readonly number[], x: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((values[mid] as number) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Of one subtotal's sums: the first trial that is `near` the total, else the least distance from it and the first
 * trial at that distance. The distance |sum − total| only shrinks towards the total from either side (floating
 * subtraction is monotonic), so the nearest values lie at the search position and runs of equal distance beside it.
 */
function searchSums(table: { values: readonly number[]; first: readonly number[] }, total: number): { pass: number | null; distance: number; closest: number } {
  const { values, first } = table;
  let pass: number | null = null;
  // A margin past EPS either side, so no value `near` the total is left out by rounding at the bounds.
  for (let i = lowerBound(values, total - 2 * EPS); i < values.length && (values[i] as number) < total + 2 * EPS; i++) {
    if (near(values[i] as number, total) && (pass === null || (first[i] as number) < pass)) pass = first[i] as number;
  }
  const at = lowerBound(values, total);
  const dist = (i: number) => Math.abs((values[i] as number) - total);
  let distance = Infinity;
  if (at > 0) distance = dist(at - 1);
  if (at < values.length) distance = Math.min(distance, dist(at));
  let closest = Infinity;
  for (let i = at - 1; i >= 0 && dist(i) === distance; i--) closest = Math.min(closest, first[i] as number);
  for (let i = at; i < values.length && dist(i) === distance; i++) closest = Math.min(closest, first[i] as number);
  return { pass, distance, closest };
}

/** subtotal + tax ± rounding = total; applicable when a subtotal and a tax or rounding were found. */
export function checkSubtotalPlusTax(total: number, cands: readonly AmountCandidate[], index: AmountIndex = indexAmounts(cands)): { check: ArithmeticCheck; used: AmountCandidate[] } | null {
  // A smaller "total" printed above the tax ("Total Sales Amount 33.00 / GST 1.98 / TOTAL 35.00") is a subtotal too.
  const smallerTotals = index.total.filter((c) => c.token.money.amount < total - EPS && c.token.money.amount > total / 2);
  const taxes = index.tax;
  const roundings = index.rounding;
  const subs = [...index.subtotal, ...smallerTotals].filter((c) => !near(c.token.money.amount, total) || taxes.length > 0);
  // A discount printed with its minus sign under the subtotal ("Discount (10% off) -7.70") comes off it. An unsigned
  // one ("COUPON DISCOUNT : 21.70") may be a saving already inside the subtotal, or one the receipt's total ignores.
  const discounts = index.discount.filter((c) => subs.some((s) => -c.token.money.amount < s.token.money.amount && printedAbove(s, c)));
  if (subs.length === 0 || (taxes.length === 0 && roundings.length === 0 && discounts.length === 0)) return null;
  const tables = subs.map((s) => sumTable(index, s, discounts));
  if (tables.every((t) => !t.unordered)) {
    // The trials below, answered from each subtotal's sums sorted by value (same result, without ~50,000 sums per total).
    let best: { s: AmountCandidate; table: SumTable; distance: number; closest: number } | null = null;
    for (const [i, s] of subs.entries()) {
      const table = tables[i] as SumTable;
      const found = searchSums(table, total);
      if (found.pass !== null) {
        const [x, r, d] = table.parts[found.pass] as SumTable["parts"][number];
        return { check: { name: "subtotal_plus_tax", passed: true, expected: total, actual: sumOf(s, x, r, d) }, used: [s, x, r, d].filter((c): c is AmountCandidate => c !== null) };
      }
      if (!best || found.distance < best.distance) best = { s, table, ...found };
    }
    const inclusive = subs.find((s) => near(s.token.money.amount, total));
    if (inclusive && taxes.length > 0) return { check: { name: "subtotal_plus_tax", passed: true, expected: total, actual: total }, used: [inclusive] };
    if (!best) return null;
    const [x, r, d] = best.table.parts[best.closest] as SumTable["parts"][number];
    return { check: { name: "subtotal_plus_tax", passed: false, expected: total, actual: sumOf(best.s, x, r, d) }, used: [] };
  }
  let closest: { actual: number; used: AmountCandidate[] } | null = null;
  for (const s of subs) {
    for (const x of [null, ...taxes]) {
      for (const r of [null, ...roundings]) {
        for (const d of [null, ...discounts]) {
          if (!x && !r && !d) continue;
          const actual = sumOf(s, x, r, d);
          const used = [s, x, r, d].filter((c): c is AmountCandidate => c !== null);
          if (near(actual, total)) return { check: { name: "subtotal_plus_tax", passed: true, expected: total, actual }, used };
          if (!closest || Math.abs(actual - total) < Math.abs(closest.actual - total)) closest = { actual, used };
        }
      }
    }
  }
  // Prices that include tax print "Subtotal 9.00 / GST (incl.) 0.51 / Total 9.00": the subtotal already is the total.
  const inclusive = subs.find((s) => near(s.token.money.amount, total));
  if (inclusive && taxes.length > 0) return { check: { name: "subtotal_plus_tax", passed: true, expected: total, actual: total }, used: [inclusive] };
  return closest ? { check: { name: "subtotal_plus_tax", passed: false, expected: total, actual: closest.actual }, used: [] } : null;
}

/** Money handed over; a payment printed as a negative amount ("Payment -20.00") is handed over all the same. */
function handedOver(cands: readonly AmountCandidate[]): AmountCandidate[] {
  return byRole(cands, "tendered")
    .filter((c) => c.token.money.amount !== 0)
    .map((c) => (c.token.money.amount > 0 ? c : { ...c, token: { ...c.token, money: { ...c.token.money, amount: -c.token.money.amount } } }));
}

/**
 * tendered − change = total; applicable when both were found. With no change printed, a payment of exactly the
 * total (a card payment, "Geg. EC-Cash EUR 22,21") passes; one of another amount says nothing (its change may be
 * unread).
 */
export function checkTenderedMinusChange(total: number, cands: readonly AmountCandidate[], index: AmountIndex = indexAmounts(cands)): { check: ArithmeticCheck; used: AmountCandidate[] } | null {
  const tendered = index.handed;
  const change = index.change;
  if (tendered.length === 0) return null;
  if (change.length === 0) {
    const exact = tendered.find((t) => near(t.token.money.amount, total));
    return exact ? { check: { name: "tendered_minus_change", passed: true, expected: total, actual: total }, used: [exact] } : null;
  }
  const steps = index.steps;
  const sorted = index.paymentValues;
  if (sorted) {
    // The trials below, answered from the pairs' differences sorted by value (same result, without every pair per total).
    const found = searchSums(sorted, total);
    if (found.pass !== null) {
      const { t, g, actual } = index.payments[found.pass] as AmountIndex["payments"][number];
      return { check: { name: "tendered_minus_change", passed: true, expected: total, actual }, used: [t, g] };
    }
    // A cash rounding is under 0.1: only differences that close to the total can pass by one.
    let rounded: number | null = null;
    const { values, first } = sorted;
    for (let i = lowerBound(values, total - 0.2); i < values.length && (values[i] as number) <= total + 0.2; i++) {
      const pair = index.payments[first[i] as number] as AmountIndex["payments"][number];
      if (pair.printedTotal || !steps.some((r) => near(Math.abs(pair.actual - total), r))) continue;
      if (rounded === null || (first[i] as number) < rounded) rounded = first[i] as number;
    }
    if (rounded !== null) {
      const { t, g, actual } = index.payments[rounded] as AmountIndex["payments"][number];
      return { check: { name: "tendered_minus_change", passed: true, expected: total, actual }, used: [t, g] };
    }
    return { check: { name: "tendered_minus_change", passed: false, expected: total, actual: (index.payments[found.closest] as AmountIndex["payments"][number]).actual }, used: [] };
  }
  let closest: { actual: number; used: AmountCandidate[] } | null = null;
  // Every pair of payment and change, in order (see indexAmounts).
  for (const { t, g, actual } of index.payments) {
    if (near(actual, total)) return { check: { name: "tendered_minus_change", passed: true, expected: total, actual }, used: [t, g] };
    if (!closest || Math.abs(actual - total) < Math.abs(closest.actual - total)) closest = { actual, used: [t, g] };
  }
  // Cash is paid rounded: what was handed over less the change is the total give or take a printed rounding —
  // unless the amount paid is itself printed as a total (then that rounded total is what the payment confirms).
  for (const { t, g, actual, printedTotal } of index.payments) {
    if (printedTotal) continue;
    if (steps.some((r) => near(Math.abs(actual - total), r))) return { check: { name: "tendered_minus_change", passed: true, expected: total, actual }, used: [t, g] };
  }
  return closest ? { check: { name: "tendered_minus_change", passed: false, expected: total, actual: closest.actual }, used: [] } : null;
}

/** True when `amount` is printed as a total or subtotal. */
function printedAsTotal(cands: readonly AmountCandidate[], amount: number): boolean {
  return cands.some((c) => (c.role === "total" || c.role === "subtotal") && near(c.token.money.amount, amount));
}

/** The cash roundings printed (a few cents, unsigned), by which the amount paid differs from the total. */
function cashRoundings(cands: readonly AmountCandidate[]): number[] {
  return byRole(cands, "rounding").map((c) => Math.abs(c.token.money.amount)).filter((r) => r > 0 && r < 0.1);
}

/** The distinct per-rate totals ("Total 0% supplies", "Total 6% supplies (Inc. GST)"). */
function rateTotals(cands: readonly AmountCandidate[]): AmountCandidate[] {
  return [...new Map(cands.filter((c) => c.role === "total" && c.rate).map((c) => [cents(c.token.money.amount), c])).values()];
}

/** Two per-rate totals add up to the total; applicable when at least two distinct ones were found. */
export function checkRateTotals(total: number, cands: readonly AmountCandidate[], index: AmountIndex = indexAmounts(cands)): { check: ArithmeticCheck; used: AmountCandidate[] } | null {
  const rates = index.rates.filter((c) => !near(c.token.money.amount, total));
  if (rates.length < 2) return null;
  let closest: number | null = null;
  for (let i = 0; i < rates.length; i += 1) {
    for (const b of rates.slice(i + 1)) {
      const actual = cents((rates[i] as AmountCandidate).token.money.amount + b.token.money.amount);
      if (near(actual, total)) return { check: { name: "rate_totals_sum", passed: true, expected: total, actual }, used: [] };
      if (closest === null || Math.abs(actual - total) < Math.abs(closest - total)) closest = actual;
    }
  }
  return { check: { name: "rate_totals_sum", passed: false, expected: total, actual: closest as number }, used: [] };
}

/** True when `a`'s label is printed above `b`'s (earlier page, or higher on the same page). */
function printedAbove(a: AmountCandidate, b: AmountCandidate): boolean {
  return a.page < b.page || (a.page === b.page && a.labelBox.y0 < b.labelBox.y0 - 1e-6);
}

/**
 * A pre-rounding total + rounding = total; applicable when a non-zero rounding
 * was found. The pre-rounding amount is the one printed above the rounding row
 * (the rounded total follows it), and a rounding printed with a minus sign is
 * added as signed: otherwise "41.52 / −0.02 / 41.50" would pass for both totals.
 */
export function checkRounding(total: number, cands: readonly AmountCandidate[], index: AmountIndex = indexAmounts(cands)): { check: ArithmeticCheck; used: AmountCandidate[] } | null {
  if (!index.rounding.some((c) => c.token.money.amount !== 0)) return null;
  let closest: { actual: number; used: AmountCandidate[] } | null = null;
  // Each rounding with each total or subtotal printed above it, other than the total itself; roundings are printed
  // unsigned as often as signed: an unsigned one is tried in both directions (see indexAmounts).
  for (const { b, r, actual } of index.roundingTrials) {
    if (near(b.token.money.amount, total)) continue;
    if (near(actual, total)) return { check: { name: "rounding", passed: true, expected: total, actual }, used: [b, r] };
    if (!closest || Math.abs(actual - total) < Math.abs(closest.actual - total)) closest = { actual, used: [b, r] };
  }
  return closest ? { check: { name: "rounding", passed: false, expected: total, actual: closest.actual }, used: [] } : null;
}

/**
 * The line items' amounts (see `line-items.page.ts`; lines that say they are
 * included in the line above left out) sum to the total: gross (the total
 * itself), net (the subtotal, or the total less a printed tax), within a
 * printed rounding. Applicable when at least one item was found.
 */
export function checkLineItems(total: number, subtotal: number | null, items: readonly number[], cands: readonly AmountCandidate[] = [], index?: AmountIndex): ArithmeticCheck | null {
  if (items.length === 0) return null;
  const actual = cents(items.reduce((s, a) => s + a, 0));
  const taxes = [0, ...(index?.tax ?? byRole(cands, "tax")).map((c) => c.token.money.amount).filter((t) => t > 0 && t < total)];
  const rounding = Math.max(0, ...(index?.rounding ?? byRole(cands, "rounding")).map((c) => Math.abs(c.token.money.amount)).filter((r) => r < 0.1));
  const gross = taxes.some((t) => Math.abs(actual + t - total) < EPS + rounding);
  if (gross) return { name: "line_items_sum", passed: true, expected: total, actual };
  if (subtotal !== null && near(actual, subtotal)) return { name: "line_items_sum", passed: true, expected: subtotal, actual };
  return { name: "line_items_sum", passed: false, expected: total, actual };
}

/**
 * Ranks total options. Score = best label score + 0.1 per passed check − 0.04
 * per failed check + a little for being printed more than once, for being the
 * largest and for being the lowest labelled total; fallback
 * amounts (no total label) start low so any labelled total with support wins.
 */
export function rankTotals(
  cands: readonly AmountCandidate[],
  fallbacks: readonly AmountCandidate[],
  items: readonly number[],
  evidence: PrintedEvidence = {},
): TotalOption[] {
  const groups = new Map<number, AmountCandidate[]>();
  // A negative total (a credit note's "Total Payable: -1.73", see amountCandidates) is the document's only when no
  // positive amount is labelled as a whole-document total: else it is a balance after payments.
  const positiveTotal = cands.some((c) => c.role === "total" && !c.rate && c.token.money.amount > 0 && c.score >= 0.75);
  for (const c of [...cands.filter((c) => c.role === "total"), ...fallbacks]) {
    if (c.token.money.amount === 0 || (c.token.money.amount < 0 && (positiveTotal || c.score < 0.85))) continue;
    const key = cents(c.token.money.amount);
    groups.set(key, [...(groups.get(key) ?? []), c]);
  }
  const options: TotalOption[] = [];
  const index = indexAmounts(cands);
  const labelled = [...groups.values()].flat().filter((c) => c.score >= 0.6);
  const maxTotal = Math.max(0, ...labelled.map((c) => c.token.money.amount));
  const lowestY = Math.max(0, ...labelled.map((c) => (c.page - 1) + c.labelBox.y0));
  for (const [amount, group] of groups) {
    group.sort((a, b) => b.score - a.score);
    const best = group[0] as AmountCandidate;
    const { checks, support } = amountChecks(amount, cands, index);
    // Items that add up to a subtotal back this total only when that subtotal does (subtotal + tax = this total).
    const summed = checkLineItems(amount, support.subtotal?.token.money.amount ?? null, items, cands, index);
    if (summed) checks.push(summed);
    const passed = checks.filter((c) => c.passed).length;
    const failed = checks.length - passed;
    const repeats = Math.min(3, group.length - 1);
    // On receipts and invoices the payable total is the largest and the lowest of the totals printed.
    const largest = group.some(() => amount >= maxTotal - 0.005) ? 0.03 : 0;
    const lowest = group.some((c) => c.page - 1 + c.labelBox.y0 >= lowestY - 0.001) ? 0.04 : 0;
    // The amount after a rounding adjustment is the one payable: a passed rounding check outweighs a stronger label above it.
    const rounded = checks.some((c) => c.name === "rounding" && c.passed) ? 0.05 : 0;
    // An amount printed only on per-rate rows is one rate's part of the document, not its total.
    const onlyRates = group.every((c) => c.rate) ? 0.1 : 0;
    const score = best.score + 0.1 * Math.min(passed, 2) - 0.04 * failed + 0.02 * repeats + largest + lowest + rounded - onlyRates;
    options.push({ amount, candidates: group, labelScore: best.score, checks, score, support });
  }
  // Where one total makes subtotal + tax add up, a total that contradicts that sum is a balance after payments or
  // credits ("Balance due" under "Total"), not the document's total.
  const sumAgrees = options.some((o) => o.checks.some((c) => c.name === "subtotal_plus_tax" && c.passed));
  if (sumAgrees) for (const o of options) if (o.checks.some((c) => c.name === "subtotal_plus_tax" && !c.passed)) o.score -= 0.1;
  carriedBalance(options, cands);
  prepaidTotal(options, cands);
  const derived = derivedTotals(cands, options, items, evidence, index);
  // A labelled total that adds up with nothing while the arithmetic implies what its reading is a slip of is a misreading.
  for (const o of options) {
    const slipOf = (d: TotalOption): boolean =>
      looksMisreadOf(o.amount, d.amount) && !(isRatesOnly(d.checks) && readsCleanly(evidence.totalReadings ?? [], o.amount)) && !differsByCharge(o, d.amount, cands, evidence.printedAt ?? []);
    if (!o.checks.some((c) => c.passed) && derived.some((d) => d.corrects === o.amount || slipOf(d))) o.score -= 0.12;
  }
  for (const d of derived) {
    for (const o of options) if (d.roundedFrom?.includes(o.amount)) o.score = Math.min(o.score, d.score - 0.01);
  }
  options.push(...derived);
  return options.sort((a, b) => b.score - a.score || b.amount - a.amount);
}

/**
 * A balance carried forward from earlier bills ("Previous balance", "Ausstehende Forderung"; see `AmountRole`) is
 * added to this bill's total in the amount payable: where an option D is another option T plus a previous balance P
 * printed above D's label (D = T + P to the cent), D is what is owed and T the document's total (EN 16931's grand
 * total, BT-112, apart from the amount due, BT-115). T takes D's place in the ranking and D goes under it. T must be
 * printed somewhere other than the previous balance's own amount. With no previous balance printed nothing changes.
 */
function carriedBalance(options: TotalOption[], cands: readonly AmountCandidate[]): void {
  const balances = byRole(cands, "previous_balance").filter((c) => c.token.money.amount > 0);
  if (balances.length === 0) return;
  const samePrint = (a: AmountCandidate, b: AmountCandidate): boolean => a.page === b.page && a.token.start === b.token.start;
  for (const d of [...options].sort((a, b) => b.score - a.score)) {
    for (const p of balances) {
      if (!d.candidates.some((c) => printedAbove(p, c))) continue;
      const own = options.find((t) => t !== d && near(cents(t.amount + p.token.money.amount), d.amount) && t.candidates.some((c) => !samePrint(c, p)));
      if (!own) continue;
      own.score = Math.max(own.score, d.score);
      d.score = Math.min(d.score, own.score - 0.05);
    }
  }
}

/**
 * A prepayment ("Acompte", "Vorauszahlung", "Prepayment"; see `AmountRole`) is part of the document's total and
 * taken off the amount payable: where an option D is another option T less a prepayment P printed above D's label
 * (T − P = D to the cent), T is the document's total (EN 16931's grand total, BT-112) and D the amount due (BT-115).
 * T takes D's place in the ranking and D goes under it. T must be printed somewhere other than the prepayment's own
 * amount. The prepayment counts without its sign (printed as a deduction or not); on a credit note T and D are both
 * negative. With no prepayment printed, or a zero one, nothing changes.
 */
function prepaidTotal(options: TotalOption[], cands: readonly AmountCandidate[]): void {
  const prepaid = byRole(cands, "prepaid").filter((c) => c.token.money.amount !== 0);
  if (prepaid.length === 0) return;
  const samePrint = (a: AmountCandidate, b: AmountCandidate): boolean => a.page === b.page && a.token.start === b.token.start;
  for (const d of [...options].sort((a, b) => b.score - a.score)) {
    for (const p of prepaid) {
      if (!d.candidates.some((c) => printedAbove(p, c))) continue;
      // Printed with or without a minus; on a credit note the total and D are both negative.
      const grand = options.find((t) => t !== d && d.amount !== 0 && near(cents(t.amount - Math.sign(d.amount) * Math.abs(p.token.money.amount)), d.amount) && t.candidates.some((c) => !samePrint(c, p)));
      if (!grand) continue;
      grand.score = Math.max(grand.score, d.score);
      d.score = Math.min(d.score, grand.score - 0.05);
    }
  }
}

/**
 * The arithmetic checks `amount` takes part in as the total, and the
 * candidates (by role) each passed or failed check used.
 */
function amountChecks(amount: number, cands: readonly AmountCandidate[], index: AmountIndex): { checks: ArithmeticCheck[]; support: Partial<Record<AmountRole, AmountCandidate>> } {
  const checks: ArithmeticCheck[] = [];
  const support: Partial<Record<AmountRole, AmountCandidate>> = {};
  for (const fn of [checkSubtotalPlusTax, checkTenderedMinusChange, checkRounding, checkRateTotals]) {
    const r = fn(amount, cands, index);
    if (!r) continue;
    checks.push(r.check);
    for (const u of r.used) support[u.role] ??= u;
  }
  return { checks, support };
}

/** The totals and subtotals printed above a rounding that, rounded by it, give `amount`. */
function preRounding(cands: readonly AmountCandidate[], amount: number): number[] {
  const out: number[] = [];
  for (const r of byRole(cands, "rounding").filter((c) => c.token.money.amount !== 0)) {
    for (const b of [...byRole(cands, "total"), ...byRole(cands, "subtotal")].filter((x) => printedAbove(x, r))) {
      const signs = r.token.money.amount < 0 ? [-1] : [1, -1];
      if (signs.some((sign) => near(b.token.money.amount + sign * Math.abs(r.token.money.amount), amount))) out.push(cents(b.token.money.amount));
    }
  }
  return out;
}

/** True when the only checks that passed add up per-rate totals (see {@link checkRateTotals}). */
function isRatesOnly(checks: readonly ArithmeticCheck[]): boolean {
  const passed = checks.filter((c) => c.passed);
  return passed.length > 0 && passed.every((c) => c.name === "rate_totals_sum");
}

/** Word confidence at which OCR's reading of a value is taken as sure (as targeted re-OCR takes a re-read). */
const SURE_READING = 0.9;

/** True when OCR read the option's value surely (see {@link SURE_READING}); unknown (a text layer's) counts as not. */
function readSurely(option: TotalOption): boolean {
  return option.candidates.some((c) => (c.ocrConfidence ?? 0) >= SURE_READING);
}

/** True when the only checks that passed are tendered − change: the amount rests on the payment's readings alone. */
function isPaymentOnly(checks: readonly ArithmeticCheck[]): boolean {
  const passed = checks.filter((c) => c.passed);
  return passed.length > 0 && passed.every((c) => c.name === "tendered_minus_change");
}

/**
 * True when a total label is followed by exactly `amount` with two decimals
 * ("41.44", "RM 41,44"): nothing in the reading hints at a misreading
 * ("$3.14", "19.3", "23.720" do).
 */
function readsCleanly(readings: readonly string[], amount: number): boolean {
  return readings.some((r) => r.replace(/\s+/g, "").replace(/^[A-Z]{2,3}(?=\d)/i, "").replace(",", ".") === amount.toFixed(2));
}

/** Digits of an amount as printed with two decimals ("60.30" → "6030"). */
const digitsOf = (n: number): string => Math.abs(n).toFixed(2).replace(".", "");

/**
 * True when a labelled total and an amount the arithmetic derives (subtotal + tax) differ by an amount printed
 * between the subtotal and the total: a charge or a deduction the sum left out ("Subtotal 290.00 / Sales tax 18.85 /
 * Shipping & handling 10.00 / Total due 318.85", a freight or fee row the vocabulary has no role for). The total is
 * then read right, not one digit misread. Only an amount printed in the totals block counts: an item's price that
 * happens to equal the difference says nothing.
 */
function differsByCharge(total: TotalOption, amount: number, cands: readonly AmountCandidate[], charges: readonly PrintedAmount[]): boolean {
  const diff = digitsOf(cents(Math.abs(total.amount - amount)));
  if (diff === "000") return false;
  return total.candidates.some((t) =>
    byRole(cands, "subtotal").some((s) => s.page === t.page && charges.some((c) => c.page === t.page && c.digits === diff && c.start > s.token.end && c.start < t.token.start)),
  );
}

/**
 * True when `printed` reads like an OCR slip of `amount`: their digits differ by
 * one edit ("60.31" for 60.30, "149.19" for 14.10 counts two and is not).
 */
export function looksMisreadOf(printed: number, amount: number): boolean {
  return withinOneEdit(digitsOf(printed), digitsOf(amount));
}

/**
 * Totals the arithmetic implies when the printed total was misread or its label
 * lost: tendered − change, subtotal + tax (± rounding), and a pre-rounding total
 * + a rounding printed below it (only when the result is a round 5 cents, which
 * is what rounding is for). Each becomes an option of its own, placed at the
 * labelled total it corrects (one digit apart) or else at the amount it was
 * derived from, and scored by how many independent checks it passes: one
 * derivation alone never beats a labelled total, two that agree do, and so does
 * one that a labelled total's reading is a one-digit slip of (and that total
 * adds up with nothing).
 */
export function derivedTotals(
  cands: readonly AmountCandidate[],
  labelled: readonly TotalOption[],
  items: readonly number[],
  evidence: PrintedEvidence = {},
  index: AmountIndex = indexAmounts(cands),
): TotalOption[] {
  // Numbers printed on the page that no candidate was read from: where a rounded total whose label was lost sits.
  // An unlabelled guess (the text extractor's "largest amount" fallbacks, scored below any label) claims nothing:
  // the number it guessed is still a sighting of a total the arithmetic implies.
  const used = new Set(cands.filter((c) => c.score >= UNLABELLED).map((c) => digitsOf(c.token.money.amount)));
  const unclaimed = printedDigits(evidence.printedAt ?? []).filter((d) => !used.has(d));
  const readings = evidence.totalReadings ?? [];
  const roundingSteps = index.rounding.map((c) => Math.abs(c.token.money.amount));
  const derived = new Map<number, AmountCandidate>();
  const add = (amount: number, from: AmountCandidate): void => {
    const key = cents(amount);
    // An option resting only on unlabelled guesses does not stand in for the arithmetic: the derivation is added beside it.
    if (key <= 0 || labelled.some((o) => near(o.amount, key) && o.labelScore >= UNLABELLED) || derived.has(key)) return;
    derived.set(key, from);
  };
  const tendered = index.handed;
  const change = index.change;
  for (const t of tendered) for (const g of change) if (g.token.money.amount < t.token.money.amount) add(t.token.money.amount - g.token.money.amount, g);
  // The total before a cash rounding: the amount paid give or take the rounding printed.
  for (const t of tendered) {
    for (const g of change) {
      if (g.token.money.amount >= t.token.money.amount || printedAsTotal(cands, t.token.money.amount - g.token.money.amount)) continue;
      for (const r of index.steps) for (const sign of [1, -1]) add(t.token.money.amount - g.token.money.amount + sign * r, g);
    }
  }
  const subs = index.subtotal;
  const taxes = index.tax;
  // Per-rate totals ("Total 0% supplies 39.40 / Total 6% supplies (Inc. GST) 13.74") add up to the payable total.
  const rates = index.rates;
  const rateSums = new Set<number>();
  rates.forEach((a, i) =>
    rates.slice(i + 1).forEach((b) => {
      rateSums.add(cents(a.token.money.amount + b.token.money.amount));
      add(a.token.money.amount + b.token.money.amount, b);
    }),
  );
  const roundings = index.rounding.filter((c) => c.token.money.amount !== 0);
  for (const s of subs) for (const x of taxes) add(s.token.money.amount + x.token.money.amount, s);
  // subtotal + tax ± a rounding printed below the subtotal ("Sub Total 106.10 / GST 6.37 / Rounding -0.02"): what is
  // payable, when the rounding brings it to whole 5 cents (what rounding is for).
  for (const s of subs) {
    for (const x of taxes) {
      for (const r of roundings.filter((c) => printedAbove(s, c) && Math.abs(c.token.money.amount) < 0.1)) {
        for (const sign of r.token.money.amount < 0 ? [-1] : [1, -1]) {
          const amount = cents(s.token.money.amount + x.token.money.amount + sign * Math.abs(r.token.money.amount));
          if (Math.round(amount * 100) % 5 === 0) add(amount, s);
        }
      }
    }
  }
  for (const b of [...index.total, ...subs]) {
    for (const r of roundings.filter((x) => printedAbove(b, x))) {
      for (const sign of r.token.money.amount < 0 ? [-1] : [1, -1]) {
        const amount = cents(b.token.money.amount + sign * Math.abs(r.token.money.amount));
        if (Math.round(amount * 100) % 5 === 0) add(amount, b);
      }
    }
  }
  const top = [...labelled].sort((a, b) => b.score - a.score)[0];
  // A discount printed without its sign under the subtotal is left out of the sums above (it may be a saving already
  // inside the subtotal), but a printed total that the subtotal less it, plus a tax, gives to the cent is read right
  // ("Subtotal 1.386,00 / Descuento 60,00 / IVA 291,06 / Total 1.617,06"), not a slip of subtotal + tax.
  const unsignedDiscounts = byRole(cands, "discount").filter((c) => c.token.money.amount > 0);
  const discountedSums = new Set<number>();
  for (const s of subs) {
    for (const d of unsignedDiscounts.filter((c) => printedAbove(s, c) && c.token.money.amount < s.token.money.amount)) {
      for (const x of [null, ...taxes]) discountedSums.add(cents(s.token.money.amount - d.token.money.amount + (x?.token.money.amount ?? 0)));
    }
  }
  const totalExplained = top !== undefined && discountedSums.has(cents(top.amount));
  const out: TotalOption[] = [];
  for (const [amount, from] of derived) {
    const { checks, support } = amountChecks(amount, cands, index);
    // A labelled total that adds up with nothing and reads one digit off this amount is its misreading —
    // unless the two differ by a printed rounding: then it is the total before rounding, read right.
    // Only the total that would be chosen can be corrected: a smaller "total" above is usually a subtotal, read right.
    const open =
      top === undefined ||
      (top.labelScore >= 0.6 &&
        !top.checks.some((c) => c.passed) &&
        !totalExplained &&
        !roundingSteps.some((r) => near(Math.abs(top.amount - amount), r)) &&
        !differsByCharge(top, amount, cands, evidence.printedAt ?? []));
    // The per-rate totals' sum rests on two readings, each as likely misread as the total's one: a total that reads
    // cleanly and strongly ("Total Payable 41.44" beside rates adding to 41.47) is not corrected by it.
    const ratesOnly = isRatesOnly(checks) && top !== undefined && readsCleanly(readings, top.amount);
    const summed = checkLineItems(amount, null, items, cands, index);
    if (summed) checks.push(summed);
    // Printed elsewhere, or as the subtotal of a document that adds no tax (then subtotal and total are one amount).
    const noTax = !taxes.some((x) => x.token.money.amount > 0);
    // The subtotal of a document without tax is its total, so a subtotal read one digit off sights it too
    // (unless the two differ by a printed rounding: then the subtotal is the amount before rounding, read right).
    // A subtotal that reads exactly as a total printed elsewhere backs that total as read, not an amount one digit
    // off both ("Total 15,22" and the tax table's gross 15,22 against a payment misread to imply 15,82).
    const repeatsTotal = (c: AmountCandidate): boolean =>
      top !== undefined &&
      top.candidates.some((t) => t.role === "total" && near(t.token.money.amount, c.token.money.amount) && (t.page !== c.page || t.token.start !== c.token.start));
    const slipOf = (c: AmountCandidate): boolean =>
      looksMisreadOf(c.token.money.amount, amount) && !roundingSteps.some((r) => near(Math.abs(c.token.money.amount - amount), r)) && !repeatsTotal(c);
    const digits = digitsOf(amount);
    const printedElsewhere = unclaimed.some((d) => withinOneEdit(d, digits)) || (noTax && subs.some((c) => near(c.token.money.amount, amount) || slipOf(c)));
    // The payment less the change rests on readings as likely misread as the total's one ("CASH 153.00 / CHANGE 0.00",
    // "Geg. 20,00 / Rückgeld 2,78"): printed nowhere else, against a total OCR read cleanly and surely, it neither
    // corrects that total nor, paid exactly, sights itself.
    const paymentOnly = !printedElsewhere && isPaymentOnly(checks) && top !== undefined && readsCleanly(readings, top.amount) && readSurely(top);
    const corrects = open && !ratesOnly && !paymentOnly && ((top !== undefined && looksMisreadOf(top.amount, amount)) || readings.some((r) => readsAs(r, amount)));
    const anchor = corrects && top ? (top.candidates[0] as AmountCandidate) : from;
    // A payment of exactly this amount with no change given (a card charged "VISA 41.50") sights it too.
    const paidExactly = !paymentOnly && change.every((g) => g.token.money.amount === 0) && tendered.some((t) => near(t.token.money.amount, amount));
    const sighted = printedElsewhere || paidExactly;
    // Total-after-rounding that is printed nowhere is what was paid, not what the receipt calls its total.
    // Items that add up to the subtotal (or to the total less its tax) back the same arithmetic that derived this
    // amount: only items that add up to the amount itself are a second, independent sighting.
    const independent = (c: ArithmeticCheck) => c.name !== "line_items_sum" || Math.abs(c.actual - amount) < 0.05;
    const passed = checks.filter((c) => c.passed && (c.name !== "rounding" || sighted) && independent(c)).length;
    // A per-rate total is one rate's part, never the payable: when the best labelled total is one, the rates' sum is.
    const overRates = rateSums.has(amount) && (top === undefined || top.candidates.some((c) => c.rate));
    // One derivation alone is an amount paid, not a total printed: it needs a second check, a misread total or a sighting.
    if (passed === 0 || (passed < 2 && !corrects && !sighted && !overRates)) continue;
    // Where a rounding is printed the amount payable is a whole 5 cents: of two derivations that agree otherwise
    // (subtotal + tax, and the same after the rounding), the rounded one.
    const roundedPayable = roundings.some((r) => Math.abs(r.token.money.amount) < 0.1) && Math.round(amount * 100) % 5 === 0 ? 0.02 : 0;
    const score = (passed >= 2 ? 0.7 : 0.45) + (corrects ? 0.4 : 0) + (sighted ? 0.3 : 0) + (overRates ? 0.25 : 0) + roundedPayable;
    const token: AmountToken = { ...anchor.token, money: { ...anchor.token.money, amount } };
    // The amount after a printed rounding, paid exactly, is the bill: the amount before the rounding is not payable.
    const roundedFrom = paidExactly && checks.some((c) => c.name === "rounding" && c.passed) ? preRounding(cands, amount) : [];
    out.push({
      amount,
      candidates: [{ ...anchor, role: "total", token, score }],
      labelScore: score,
      checks,
      score: Math.min(0.97, score),
      support,
      ...(corrects && top ? { corrects: top.amount } : {}),
      ...(roundedFrom.length > 0 ? { roundedFrom } : {}),
    });
  }
  return out;
}
