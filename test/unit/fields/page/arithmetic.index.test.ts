import { describe, expect, it } from "vitest";
import type { AmountCandidate } from "../../../../src/extraction/fields/page/amounts.page.js";
import { checkSubtotalPlusTax, checkTenderedMinusChange, indexAmounts } from "../../../../src/extraction/fields/page/amounts.reconcile.js";

const cents = (n: number): number => Math.round(n * 100) / 100;
const near = (a: number, b: number): boolean => Math.abs(a - b) < 0.005;

/** subtotal + tax ± rounding − discount = total, as a plain trial of every combination in order: the specification the indexed search must match. */
function trialByTrial(total: number, cands: readonly AmountCandidate[]) {
  const byRole = (role: string) => cands.filter((c) => c.role === role).sort((a, b) => b.score - a.score);
  const smallerTotals = byRole("total").filter((c) => c.token.money.amount < total - 0.005 && c.token.money.amount > total / 2);
  const subs = [...byRole("subtotal"), ...smallerTotals].filter((c) => !near(c.token.money.amount, total) || byRole("tax").length > 0);
  const taxes = byRole("tax");
  const roundings = byRole("rounding");
  const printedAbove = (a: AmountCandidate, b: AmountCandidate) => a.page < b.page || (a.page === b.page && a.labelBox.y0 < b.labelBox.y0 - 1e-6);
  const discounts = byRole("discount").filter((c) => c.token.money.amount < 0 && subs.some((s) => -c.token.money.amount < s.token.money.amount && printedAbove(s, c)));
  if (subs.length === 0 || (taxes.length === 0 && roundings.length === 0 && discounts.length === 0)) return null;
  let closest: { actual: number; used: AmountCandidate[] } | null = null;
  for (const s of subs) {
    for (const x of [null, ...taxes]) {
      for (const r of [null, ...roundings]) {
        for (const d of [null, ...discounts]) {
          if (!x && !r && !d) continue;
          const actual = cents(s.token.money.amount + (x?.token.money.amount ?? 0) + (r?.token.money.amount ?? 0) + (d?.token.money.amount ?? 0));
          const used = [s, x, r, d].filter((c): c is AmountCandidate => c !== null);
          if (near(actual, total)) return { check: { name: "subtotal_plus_tax", passed: true, expected: total, actual }, used };
          if (!closest || Math.abs(actual - total) < Math.abs(closest.actual - total)) closest = { actual, used };
        }
      }
    }
  }
  const inclusive = subs.find((s) => near(s.token.money.amount, total));
  if (inclusive && taxes.length > 0) return { check: { name: "subtotal_plus_tax", passed: true, expected: total, actual: total }, used: [inclusive] };
  return closest ? { check: { name: "subtotal_plus_tax", passed: false, expected: total, actual: closest.actual }, used: [] } : null;
}

/** tendered − change = total (give or take a cash rounding), pair by pair in order: the specification for the indexed search. */
function pairByPair(total: number, cands: readonly AmountCandidate[]) {
  const byRole = (role: string) => cands.filter((c) => c.role === role).sort((a, b) => b.score - a.score);
  const tendered = byRole("tendered").filter((c) => c.token.money.amount !== 0).map((c) => (c.token.money.amount > 0 ? c : { ...c, token: { ...c.token, money: { ...c.token.money, amount: -c.token.money.amount } } }));
  const change = byRole("change").filter((c) => c.token.money.amount >= 0);
  if (tendered.length === 0) return null;
  if (change.length === 0) {
    const exact = tendered.find((t) => near(t.token.money.amount, total));
    return exact ? { check: { name: "tendered_minus_change", passed: true, expected: total, actual: total }, used: [exact] } : null;
  }
  const printedAsTotal = (amount: number) => cands.some((c) => (c.role === "total" || c.role === "subtotal") && near(c.token.money.amount, amount));
  const steps = byRole("rounding").map((c) => Math.abs(c.token.money.amount)).filter((r) => r > 0 && r < 0.1);
  // Every payment less every change, then every two payments printed above a change less it.
  const above = (a: AmountCandidate, b: AmountCandidate) => a.page < b.page || (a.page === b.page && a.labelBox.y0 < b.labelBox.y0 - 1e-6);
  const trials: { t: AmountCandidate; g: AmountCandidate; actual: number }[] = [];
  for (const t of tendered) for (const g of change) trials.push({ t, g, actual: cents(t.token.money.amount - g.token.money.amount) });
  tendered.forEach((a, i) =>
    tendered.slice(i + 1).forEach((b) => {
      for (const g of change) if (above(a, g) && above(b, g)) trials.push({ t: b, g, actual: cents(a.token.money.amount + b.token.money.amount - g.token.money.amount) });
    }),
  );
  let closest: { actual: number; used: AmountCandidate[] } | null = null;
  for (const { t, g, actual } of trials) {
    if (near(actual, total)) return { check: { name: "tendered_minus_change", passed: true, expected: total, actual }, used: [t, g] };
    if (!closest || Math.abs(actual - total) < Math.abs(closest.actual - total)) closest = { actual, used: [t, g] };
  }
  for (const { t, g, actual } of trials) {
    if (printedAsTotal(actual)) continue;
    if (steps.some((r) => near(Math.abs(actual - total), r))) return { check: { name: "tendered_minus_change", passed: true, expected: total, actual }, used: [t, g] };
  }
  return closest ? { check: { name: "tendered_minus_change", passed: false, expected: total, actual: closest.actual }, used: [] } : null;
}

function randomDocument(seed: number): AmountCandidate[] {
  let s = seed;
  const next = () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  // Few distinct amounts, so sums tie often (the first combination in trial order must win ties), some with 3 decimals.
  const amount = (scale: number) => (next() < 0.1 ? Math.round(next() * scale * 1000) / 1000 : Math.round(next() * scale * 20) / 20);
  const roles: [AmountCandidate["role"], number, number][] = [["subtotal", 6, 50], ["total", 8, 60], ["tax", 6, 5], ["rounding", 4, 0.05], ["discount", 3, 10], ["tendered", 5, 100], ["change", 5, 40]];
  const out: AmountCandidate[] = [];
  for (const [role, most, scale] of roles) {
    for (let i = Math.floor(next() * most); i > 0; i--) {
      const value = (role === "rounding" || role === "tendered" || role === "discount") && next() < 0.3 + (role === "discount" ? 0.4 : 0) ? -amount(scale) : amount(scale);
      out.push({ role, page: 1 + Math.floor(next() * 3), token: { start: i, end: i + 1, money: { amount: value, currency: null }, explicitCurrency: false, hasDecimals: true }, score: Math.round(next() * 4) / 4, labelBox: { x0: 0, y0: next(), x1: 0.1, y1: 0.5 }, label: role });
    }
  }
  return out;
}

describe("the arithmetic checks over many candidates", () => {
  it("finds the same check and the same candidates as trying every combination in order", () => {
    for (let seed = 1; seed <= 300; seed++) {
      const cands = randomDocument(seed);
      const index = indexAmounts(cands);
      const totals = [...new Set([...cands.map((c) => cents(c.token.money.amount)), ...cands.map((c) => cents(c.token.money.amount + 0.05)), 12.34, 0.01])];
      for (const total of totals) expect([seed, total, checkSubtotalPlusTax(total, cands, index)]).toEqual([seed, total, trialByTrial(total, cands)]);
    }
  });

  it("finds the same payment check and the same pair as trying every payment (then every two payments) with every change in order", () => {
    for (let seed = 1; seed <= 300; seed++) {
      const cands = randomDocument(seed);
      const index = indexAmounts(cands);
      const pays = cands.filter((c) => c.role === "tendered" || c.role === "change").map((c) => Math.abs(c.token.money.amount));
      const totals = [...new Set([...pays.flatMap((a) => pays.map((b) => cents(a - b))).filter((t) => t > 0), ...pays.map((a) => cents(a - 0.02)), 12.34])];
      for (const total of totals) expect([seed, total, checkTenderedMinusChange(total, cands, index)]).toEqual([seed, total, pairByPair(total, cands)]);
    }
  });
});
