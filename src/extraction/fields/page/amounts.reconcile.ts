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

/** Names of the arithmetic checks. */
export type CheckName = "subtotal_plus_tax" | "tendered_minus_change" | "rounding" | "line_items_sum";

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
}

/** Amounts with their row position, for the line-item sum. */
export interface PositionedAmount {
  token: AmountToken;
  page: number;
  /** Top of the row, normalised. */
  y: number;
  x0: number;
  x1: number;
}

const EPS = 0.005;
const cents = (n: number): number => Math.round(n * 100) / 100;
const near = (a: number, b: number): boolean => Math.abs(a - b) < EPS;

function byRole(cands: readonly AmountCandidate[], role: AmountRole): AmountCandidate[] {
  return cands.filter((c) => c.role === role).sort((a, b) => b.score - a.score);
}

/** subtotal + tax ± rounding = total; applicable when a subtotal and a tax or rounding were found. */
export function checkSubtotalPlusTax(total: number, cands: readonly AmountCandidate[]): { check: ArithmeticCheck; used: AmountCandidate[] } | null {
  const subs = byRole(cands, "subtotal").filter((c) => !near(c.token.money.amount, total) || byRole(cands, "tax").length > 0);
  const taxes = byRole(cands, "tax");
  const roundings = byRole(cands, "rounding");
  if (subs.length === 0 || (taxes.length === 0 && roundings.length === 0)) return null;
  let closest: { actual: number; used: AmountCandidate[] } | null = null;
  for (const s of subs) {
    for (const x of [null, ...taxes]) {
      for (const r of [null, ...roundings]) {
        if (!x && !r) continue;
        const actual = cents(s.token.money.amount + (x?.token.money.amount ?? 0) + (r?.token.money.amount ?? 0));
        const used = [s, x, r].filter((c): c is AmountCandidate => c !== null);
        if (near(actual, total)) return { check: { name: "subtotal_plus_tax", passed: true, expected: total, actual }, used };
        if (!closest || Math.abs(actual - total) < Math.abs(closest.actual - total)) closest = { actual, used };
      }
    }
  }
  // Prices that include tax print "Subtotal 9.00 / GST (incl.) 0.51 / Total 9.00": the subtotal already is the total.
  const inclusive = subs.find((s) => near(s.token.money.amount, total));
  if (inclusive && taxes.length > 0) return { check: { name: "subtotal_plus_tax", passed: true, expected: total, actual: total }, used: [inclusive] };
  return closest ? { check: { name: "subtotal_plus_tax", passed: false, expected: total, actual: closest.actual }, used: [] } : null;
}

/** tendered − change = total; applicable when both were found. */
export function checkTenderedMinusChange(total: number, cands: readonly AmountCandidate[]): { check: ArithmeticCheck; used: AmountCandidate[] } | null {
  const tendered = byRole(cands, "tendered").filter((c) => c.token.money.amount > 0);
  const change = byRole(cands, "change").filter((c) => c.token.money.amount >= 0);
  if (tendered.length === 0 || change.length === 0) return null;
  let closest: { actual: number; used: AmountCandidate[] } | null = null;
  for (const t of tendered) {
    for (const g of change) {
      const actual = cents(t.token.money.amount - g.token.money.amount);
      if (near(actual, total)) return { check: { name: "tendered_minus_change", passed: true, expected: total, actual }, used: [t, g] };
      if (!closest || Math.abs(actual - total) < Math.abs(closest.actual - total)) closest = { actual, used: [t, g] };
    }
  }
  return closest ? { check: { name: "tendered_minus_change", passed: false, expected: total, actual: closest.actual }, used: [] } : null;
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
export function checkRounding(total: number, cands: readonly AmountCandidate[]): { check: ArithmeticCheck; used: AmountCandidate[] } | null {
  const roundings = byRole(cands, "rounding").filter((c) => c.token.money.amount !== 0);
  if (roundings.length === 0) return null;
  const before = [...byRole(cands, "total"), ...byRole(cands, "subtotal")].filter((c) => !near(c.token.money.amount, total));
  let closest: { actual: number; used: AmountCandidate[] } | null = null;
  for (const r of roundings) {
    for (const b of before.filter((x) => printedAbove(x, r))) {
      // Roundings are printed unsigned as often as signed: an unsigned one is tried in both directions.
      for (const sign of r.token.money.amount < 0 ? [-1] : [1, -1]) {
        const actual = cents(b.token.money.amount + sign * Math.abs(r.token.money.amount));
        if (near(actual, total)) return { check: { name: "rounding", passed: true, expected: total, actual }, used: [b, r] };
        if (!closest || Math.abs(actual - total) < Math.abs(closest.actual - total)) closest = { actual, used: [b, r] };
      }
    }
  }
  return closest ? { check: { name: "rounding", passed: false, expected: total, actual: closest.actual }, used: [] } : null;
}

/**
 * The line amounts sum to the total (or the subtotal): amounts in the same
 * column as the total, on rows above the first amount label. Applicable when
 * at least two such amounts exist.
 */
export function checkLineItems(
  total: number,
  subtotal: number | null,
  column: { page: number; x0: number; x1: number; y: number } | null,
  amounts: readonly PositionedAmount[],
  firstLabelY: number,
): ArithmeticCheck | null {
  if (!column) return null;
  const items = amounts.filter((a) => a.page === column.page && a.y < firstLabelY - 0.002 && a.x1 > column.x0 && a.x0 < column.x1 && a.token.money.amount > 0);
  if (items.length < 2) return null;
  const actual = cents(items.reduce((s, a) => s + a.token.money.amount, 0));
  const passed = near(actual, total) || (subtotal !== null && near(actual, subtotal));
  return { name: "line_items_sum", passed, expected: passed && !near(actual, total) && subtotal !== null ? subtotal : total, actual };
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
  amounts: readonly PositionedAmount[],
  boxOf: (c: AmountCandidate) => { x0: number; x1: number; y0: number } | null,
): TotalOption[] {
  const groups = new Map<number, AmountCandidate[]>();
  for (const c of [...cands.filter((c) => c.role === "total"), ...fallbacks]) {
    if (c.token.money.amount <= 0) continue;
    const key = cents(c.token.money.amount);
    groups.set(key, [...(groups.get(key) ?? []), c]);
  }
  const labelYs = cands.filter((c) => c.role === "total" || c.role === "subtotal" || c.role === "tax").map((c) => c.labelBox.y0);
  const firstLabelY = labelYs.length > 0 ? Math.min(...labelYs) : 0;
  const options: TotalOption[] = [];
  const labelled = [...groups.values()].flat().filter((c) => c.score >= 0.6);
  const maxTotal = Math.max(0, ...labelled.map((c) => c.token.money.amount));
  const lowestY = Math.max(0, ...labelled.map((c) => (c.page - 1) + c.labelBox.y0));
  for (const [amount, group] of groups) {
    group.sort((a, b) => b.score - a.score);
    const best = group[0] as AmountCandidate;
    const checks: ArithmeticCheck[] = [];
    const support: Partial<Record<AmountRole, AmountCandidate>> = {};
    for (const fn of [checkSubtotalPlusTax, checkTenderedMinusChange, checkRounding]) {
      const r = fn(amount, cands);
      if (!r) continue;
      checks.push(r.check);
      for (const u of r.used) support[u.role] ??= u;
    }
    const box = boxOf(best);
    const sub = support.subtotal?.token.money.amount ?? byRole(cands, "subtotal")[0]?.token.money.amount ?? null;
    const items = checkLineItems(amount, sub, box ? { page: best.page, x0: box.x0, x1: box.x1, y: box.y0 } : null, amounts, firstLabelY);
    if (items) checks.push(items);
    const passed = checks.filter((c) => c.passed).length;
    const failed = checks.length - passed;
    const repeats = Math.min(3, group.length - 1);
    // On receipts and invoices the payable total is the largest and the lowest of the totals printed.
    const largest = group.some(() => amount >= maxTotal - 0.005) ? 0.03 : 0;
    const lowest = group.some((c) => c.page - 1 + c.labelBox.y0 >= lowestY - 0.001) ? 0.04 : 0;
    // The amount after a rounding adjustment is the one payable: a passed rounding check outweighs a stronger label above it.
    const rounded = checks.some((c) => c.name === "rounding" && c.passed) ? 0.05 : 0;
    const score = best.score + 0.1 * Math.min(passed, 2) - 0.04 * failed + 0.02 * repeats + largest + lowest + rounded;
    options.push({ amount, candidates: group, labelScore: best.score, checks, score, support });
  }
  return options.sort((a, b) => b.score - a.score || b.amount - a.amount);
}
