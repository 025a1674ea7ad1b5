import { describe, expect, it } from "vitest";
import type { AmountCandidate } from "../../../../src/extraction/fields/page/amounts.page.js";
import { checkSubtotalPlusTax, indexAmounts } from "../../../../src/extraction/fields/page/amounts.reconcile.js";

const cents = (n: number): number => Math.round(n * 100) / 100;
const near = (a: number, b: number): boolean => Math.abs(a - b) < 0.005;

/** subtotal + tax ± rounding = total, as a plain trial of every combination in order: the specification the indexed search must match. */
function trialByTrial(total: number, cands: readonly AmountCandidate[]) {
  const byRole = (role: string) => cands.filter((c) => c.role === role).sort((a, b) => b.score - a.score);
  const smallerTotals = byRole("total").filter((c) => c.token.money.amount < total - 0.005 && c.token.money.amount > total / 2);
  const subs = [...byRole("subtotal"), ...smallerTotals].filter((c) => !near(c.token.money.amount, total) || byRole("tax").length > 0);
  const taxes = byRole("tax");
  const roundings = byRole("rounding");
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
  const inclusive = subs.find((s) => near(s.token.money.amount, total));
  if (inclusive && taxes.length > 0) return { check: { name: "subtotal_plus_tax", passed: true, expected: total, actual: total }, used: [inclusive] };
  return closest ? { check: { name: "subtotal_plus_tax", passed: false, expected: total, actual: closest.actual }, used: [] } : null;
}

function randomDocument(seed: number): AmountCandidate[] {
  let s = seed;
  const next = () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  // Few distinct amounts, so sums tie often (the first combination in trial order must win ties), some with 3 decimals.
  const amount = (scale: number) => (next() < 0.1 ? Math.round(next() * scale * 1000) / 1000 : Math.round(next() * scale * 20) / 20);
  const roles: [AmountCandidate["role"], number, number][] = [["subtotal", 6, 50], ["total", 8, 60], ["tax", 6, 5], ["rounding", 4, 0.05]];
  const out: AmountCandidate[] = [];
  for (const [role, most, scale] of roles) {
    for (let i = Math.floor(next() * most); i > 0; i--) {
      const value = role === "rounding" && next() < 0.5 ? -amount(scale) : amount(scale);
      out.push({ role, page: 1 + Math.floor(next() * 3), token: { start: i, end: i + 1, money: { amount: value, currency: null }, explicitCurrency: false, hasDecimals: true }, score: Math.round(next() * 4) / 4, labelBox: { x0: 0, y0: next(), x1: 0.1, y1: 0.5 }, label: role });
    }
  }
  return out;
}

describe("subtotal + tax ± rounding over many candidates", () => {
  it("finds the same check and the same candidates as trying every combination in order", () => {
    for (let seed = 1; seed <= 300; seed++) {
      const cands = randomDocument(seed);
      const index = indexAmounts(cands);
      const totals = [...new Set([...cands.map((c) => cents(c.token.money.amount)), ...cands.map((c) => cents(c.token.money.amount + 0.05)), 12.34, 0.01])];
      for (const total of totals) expect([seed, total, checkSubtotalPlusTax(total, cands, index)]).toEqual([seed, total, trialByTrial(total, cands)]);
    }
  });
});
