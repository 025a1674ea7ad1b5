import { describe, expect, it } from "vitest";
import { misreadDistance, normaliseReading, readsAs, roundingCents, tolerantAmount } from "../../../../src/extraction/fields/page/amounts.misread.js";
import { checkRateTotals, rankTotals } from "../../../../src/extraction/fields/page/amounts.reconcile.js";
import type { AmountCandidate } from "../../../../src/extraction/fields/page/amounts.page.js";
import { amountCandidates, totalReadings } from "../../../../src/extraction/fields/page/amounts.page.js";
import { pageOf } from "./page.helpers.js";
import { extractDocumentFields } from "../../../../src/extraction/fields/index.js";

let y = 0;
function cand(role: AmountCandidate["role"], amount: number, score = 0.8, rate = false): AmountCandidate {
  y += 0.01;
  return { role, page: 1, token: { start: 0, end: 1, money: { amount, currency: null }, explicitCurrency: false, hasDecimals: true }, score, labelBox: { x0: 0.1, y0: 0.5 + y, x1: 0.2, y1: 0.51 + y }, label: role, ...(rate ? { rate } : {}) };
}

describe("an amount as OCR misreads it", () => {
  it("reads look-alike letters, unplaceable marks and one dropped or added digit as slips of the amount", () => {
    expect(readsAs("30.%0", 30.9)).toBe(true);
    expect(readsAs("3¢.60", 39.6)).toBe(true);
    expect(readsAs("$3.14", 53.14)).toBe(true);
    expect(readsAs("19.3", 19.31)).toBe(true);
    expect(readsAs("23.720", 23.2)).toBe(true);
    expect(readsAs("RH 60,320", 60.3)).toBe(true);
    expect(misreadDistance("RM 1O.5O", 10.5)).toBe(0.5);
  });

  it("does not take two real differences, or a reading without a digit, for a slip", () => {
    expect(readsAs("149_19", 14.1)).toBe(false);
    expect(readsAs("RMO. 00", 40)).toBe(false);
    expect(readsAs("JZ", 11.25)).toBe(false);
    expect(normaliseReading("RM 28.05 ")).toBe("28.05");
  });
});

describe("per-rate totals", () => {
  it("two per-rate totals add up to the payable total", () => {
    const cs = [cand("total", 39.4, 0.6, true), cand("total", 13.74, 0.6, true), cand("total", 39.4, 0.6, true)];
    expect(checkRateTotals(53.14, cs)?.check).toEqual({ name: "rate_totals_sum", passed: true, expected: 53.14, actual: 53.14 });
    expect(checkRateTotals(3.14, cs)?.check.passed).toBe(false);
    expect(checkRateTotals(53.14, cs.slice(0, 1))).toBeNull();
  });

  it("replaces a payable total whose reading is a slip of the per-rate totals' sum", () => {
    // Total 0% supplies 39.40 / Total 6% supplies (Inc. GST) 13.74 / Total Payable: $3.14 (printed 53.14)
    const cs = [cand("total", 39.4, 0.6, true), cand("total", 13.74, 0.6, true), cand("total", 3.14, 0.95)];
    const ranked = rankTotals(cs, [], [], { totalReadings: ["$3.14"] });
    expect(ranked[0]?.amount).toBe(53.14);
    expect(ranked[0]?.corrects).toBe(3.14);
  });

  it("keeps a payable total that reads cleanly over per-rate totals that add up one digit off", () => {
    // Total 6% supplies (Inc. GST) 27.09 / Total 0% supplies 14.38 (printed 14.35) / Total Payable: 41.44
    const cs = [cand("total", 27.09, 0.6, true), cand("total", 14.38, 0.6, true), cand("total", 41.44, 0.95)];
    const ranked = rankTotals(cs, [], [11.16, 14.4], { totalReadings: ["41.44"] });
    expect(ranked[0]?.amount).toBe(41.44);
  });

  it("marks per-rate rows and reads what follows each total label, parsed or not", () => {
    const page = pageOf([
      [100, 100, "Total 0% supplies: 39.40"],
      [100, 120, "Total 6% supplies (Inc. GST): 13.74"],
      [100, 140, "Grand Total : 30.%0"],
      [100, 160, "Total (Inclusive of GST): 41.52"],
    ]);
    const cs = amountCandidates(page, { decimalComma: false, dominantCurrency: null });
    expect(cs.filter((c) => c.rate).map((c) => c.token.money.amount)).toEqual([39.4, 13.74]);
    expect(cs.find((c) => c.token.money.amount === 41.52)?.rate).toBeUndefined();
    expect(totalReadings(page)).toEqual(["30.%0", "41.52"]);
  });
});

describe("amounts OCR read with look-alike letters", () => {
  it("reads a misread currency marker and look-alike digits back into money, and nothing without money's shape", () => {
    expect(tolerantAmount("1M28.05")).toBe(28.05);
    expect(tolerantAmount("RMZ8.05")).toBe(28.05);
    expect(tolerantAmount("l2.5O")).toBe(12.5);
    expect(tolerantAmount("JZ")).toBeNull();
    expect(tolerantAmount("CH")).toBeNull();
    expect(roundingCents("-001")).toBe(-0.01);
    expect(roundingCents("RM 02")).toBe(0.02);
    expect(roundingCents("182")).toBeNull();
  });

  it("takes the total from a row whose value OCR misread and from the rounding the adjustment printed without its point", () => {
    const page = pageOf([
      [100, 100, "Total Sales (Inclusive GST) RM 181.98"],
      [100, 120, "Rounding Adjustment RM 02"],
      [100, 140, "Net Total 1M182.00"],
    ]);
    const fields = extractDocumentFields([page], { documentType: "receipt", referenceDate: new Date("2024-01-01") });
    expect(fields.find((f) => f.name === "total")?.value).toMatchObject({ amount: 182 });
    expect(fields.find((f) => f.name === "total")?.checks).toContainEqual({ name: "rounding", passed: true, expected: 182, actual: 182 });
  });

  it("takes what was handed over minus the change when the total row is unreadable and the subtotal, with no tax, says the same", () => {
    // Sub Total RM40.00 / Total RMO. 00 / Received Cash RM50.00 / Change RM10.00
    const cs = [cand("subtotal", 40), cand("total", 0, 0.35), cand("tendered", 50), cand("change", 10)];
    expect(rankTotals(cs, [], [])[0]?.amount).toBe(40);
    // A payment printed negative is money handed over all the same.
    expect(rankTotals([cand("subtotal", 40), cand("tendered", -50), cand("change", 10)], [], [])[0]?.amount).toBe(40);
  });
});
