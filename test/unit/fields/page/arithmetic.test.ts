import { describe, expect, it } from "vitest";
import type { AmountCandidate } from "../../../../src/extraction/fields/page/amounts.page.js";
import { extractDocumentFields } from "../../../../src/extraction/fields/index.js";
import { pageOf } from "./page.helpers.js";
import { checkLineItems, checkRounding, checkSubtotalPlusTax, checkTenderedMinusChange, looksMisreadOf, rankTotals } from "../../../../src/extraction/fields/page/amounts.reconcile.js";

let y = 0;
function cand(role: AmountCandidate["role"], amount: number, score = 0.8): AmountCandidate {
  y += 0.01;
  return { role, page: 1, token: { start: 0, end: 1, money: { amount, currency: null }, explicitCurrency: false, hasDecimals: true }, score, labelBox: { x0: 0.1, y0: 0.5 + y, x1: 0.2, y1: 0.51 + y }, label: role };
}

describe("arithmetic checks", () => {
  it("subtotal + tax ± rounding = total", () => {
    const cs = [cand("subtotal", 8.49), cand("tax", 0.51), cand("rounding", -0.01)];
    expect(checkSubtotalPlusTax(9.0, cs)?.check).toEqual({ name: "subtotal_plus_tax", passed: true, expected: 9, actual: 9 });
    expect(checkSubtotalPlusTax(8.99, [cand("subtotal", 8.49), cand("tax", 0.51)])?.check.passed).toBe(false);
    expect(checkSubtotalPlusTax(9, [cand("subtotal", 8.49)])).toBeNull();
  });

  it("a partly paid invoice's total is the one subtotal + tax adds up to, not the balance due after the payment", () => {
    const rows: [string, string][] = [["Subtotal", "$100.00"], ["Tax (8%)", "$8.00"], ["Total", "$108.00"], ["Amount paid", "$50.00"], ["Balance due", "$58.00"]];
    const page = pageOf([[60, 40, "Acme Ltd", 20], [60, 80, "Invoice No: 1001"], ...rows.flatMap(([label, value], i): [number, number, string][] => [[500, 300 + 15 * i, label], [800, 300 + 15 * i, value]])]);
    const total = extractDocumentFields([page], { referenceDate: new Date("2024-06-01"), documentType: "invoice" }).find((f) => f.name === "total");
    expect(total?.value).toEqual({ amount: 108, currency: "USD" });
    expect(total?.checks).toContainEqual({ name: "subtotal_plus_tax", passed: true, expected: 108, actual: 108 });
  });

  it("tendered − change = total", () => {
    expect(checkTenderedMinusChange(31, [cand("tendered", 50), cand("change", 19)])?.check).toEqual({ name: "tendered_minus_change", passed: true, expected: 31, actual: 31 });
    expect(checkTenderedMinusChange(30, [cand("tendered", 50), cand("change", 19)])?.check.passed).toBe(false);
    expect(checkTenderedMinusChange(31, [cand("tendered", 50)])).toBeNull();
  });

  it("total before rounding + rounding = total, with the sign printed or not", () => {
    expect(checkRounding(60.3, [cand("total", 60.31), cand("rounding", 0.01)])?.check.passed).toBe(true);
    expect(checkRounding(182, [cand("total", 181.98), cand("rounding", 0.02)])?.check.passed).toBe(true);
    expect(checkRounding(70, [cand("total", 60.31), cand("rounding", 0.01)])?.check.passed).toBe(false);
  });

  it("the line items sum to the total, the subtotal, or the total less its tax, within a printed rounding", () => {
    expect(checkLineItems(10, null, [3.5, 6.5])).toEqual({ name: "line_items_sum", passed: true, expected: 10, actual: 10 });
    expect(checkLineItems(12, 10, [3.5, 6.5])).toEqual({ name: "line_items_sum", passed: true, expected: 10, actual: 10 });
    expect(checkLineItems(10.6, null, [3.5, 6.5], [cand("tax", 0.6)])?.passed).toBe(true);
    expect(checkLineItems(60.3, null, [10, 55.9, -5.59], [cand("rounding", -0.01)])?.passed).toBe(true);
    expect(checkLineItems(11, null, [3.5, 6.5])).toEqual({ name: "line_items_sum", passed: false, expected: 11, actual: 10 });
    expect(checkLineItems(11, null, [])).toBeNull();
  });

  it("prefers the total that makes the document add up over an equally labelled one that does not", () => {
    const cs = [cand("total", 8.49, 0.75), cand("subtotal", 8.49), cand("tax", 0.51), cand("total", 9.0, 0.75)];
    const ranked = rankTotals(cs, [], []);
    expect(ranked[0]?.amount).toBe(9);
    expect(ranked[0]?.checks.some((c) => c.passed)).toBe(true);
  });

  it("a rounding passes only for the total printed after it: a signed rounding is added with its sign, the pre-rounding total sits above", () => {
    // TOTAL (INCL. GST) 41.52 / ROUNDING ADJ -0.02 / TOTAL 41.50
    const signed = () => [cand("total", 41.52, 0.9), cand("rounding", -0.02), cand("total", 41.5, 0.75)];
    expect(checkRounding(41.5, signed())?.check.passed).toBe(true);
    expect(checkRounding(41.52, signed())?.check.passed).not.toBe(true);
    // Unsigned: TOTAL SALES 181.98 / ROUNDING ADJUSTMENT .02 / ROUNDED 182.00 — 181.98 is not 182.00 minus a rounding printed below it.
    const unsigned = () => [cand("total", 181.98, 0.9), cand("rounding", 0.02), cand("total", 182, 0.8)];
    expect(checkRounding(182, unsigned())?.check.passed).toBe(true);
    expect(checkRounding(181.98, unsigned())?.check.passed).not.toBe(true);
    expect(rankTotals(signed(), [], [])[0]?.amount).toBe(41.5);
  });

  it("takes DUE at the start of a row as the total, and never a total row that names a tax rate", () => {
    const page = pageOf([
      [50, 20, "KINGS BAKERY S/B"],
      [50, 200, "FRENCH LOAF 8 2.40 19.20"],
      [50, 240, "ROUNDING ADJ 0.00"],
      [50, 260, "DUE 19.20"],
      [50, 280, "PAY 20.00"],
      [50, 300, "CHANGE 0.80"],
      [50, 340, "(TOTAL INCLUDED GST @ 6% : 1.09)"],
    ]);
    const total = extractDocumentFields([page], { documentType: "receipt", referenceDate: new Date("2024-06-01") }).find((f) => f.name === "total");
    expect((total?.value as { amount: number }).amount).toBe(19.2);
  });
});

describe("totals the arithmetic implies (OCR misreads)", () => {
  it("takes tendered − change over a labelled total that reads one digit off it and adds up with nothing", () => {
    // Total (Inclusive of GST) 8.50 (printed 9.50) / CASH 10.50 / CHANGE 1.00
    const cs = [cand("total", 8.5, 0.9), cand("tendered", 10.5), cand("change", 1)];
    const ranked = rankTotals(cs, [], []);
    expect(ranked[0]?.amount).toBe(9.5);
    expect(ranked[0]?.checks).toContainEqual({ name: "tendered_minus_change", passed: true, expected: 9.5, actual: 9.5 });
    expect(looksMisreadOf(8.5, 9.5)).toBe(true);
    expect(looksMisreadOf(149.19, 14.1)).toBe(false);
  });

  it("keeps a total OCR read cleanly and surely over what the payment less the change implies", () => {
    // TOTAL 15.00 (read at 0.93) / CASH 153.00 (printed 15.00) / CHANGE 0.00: without change the payment is one
    // reading, no likelier right than the total's, and it confirms nothing but itself.
    const sure = { ...cand("total", 15, 0.75), ocrConfidence: 0.93 };
    expect(rankTotals([sure, cand("tendered", 153), cand("change", 0)], [], [], { totalReadings: ["15.00"] })[0]?.amount).toBe(15);
    // Gesamtbetrag 17,25 (read at 0.96) / Geg. BAR 20,00 / Rückgeld 2,78 (printed 2,75): two readings against one sure one.
    const gesamt = { ...cand("total", 17.25, 0.9), ocrConfidence: 0.96 };
    expect(rankTotals([gesamt, cand("tendered", 20), cand("change", 2.78)], [], [], { totalReadings: ["17,25"] })[0]?.amount).toBe(17.25);
    // TOTAL 28.20 read less surely (0.84) / CASH 28.90 / CHANGE 0.: the payment still corrects it.
    const unsure = { ...cand("total", 28.2, 0.75), ocrConfidence: 0.84 };
    expect(rankTotals([unsure, cand("tendered", 28.9), cand("change", 0)], [], [], { totalReadings: ["28.20"] })[0]?.amount).toBe(28.9);
  });

  it("does not count the total's own amount printed again as a sighting of what the payment implies", () => {
    // Total 15,22 (read at 0.96) / BAR 25,60 (printed 25,00) / Rückgeld 9,78, the tax table's gross 15,22 read as a
    // subtotal and its tax lost: that printing backs the total as read, not 15,82, one digit off both.
    const total = { ...cand("total", 15.22, 0.75), ocrConfidence: 0.96 };
    const gross = cand("subtotal", 15.22, 0.6);
    const below = { ...gross, token: { ...gross.token, start: 40, end: 45 } };
    expect(rankTotals([total, below, cand("tendered", 25.6), cand("change", 9.78)], [], [], { totalReadings: ["15,22"] })[0]?.amount).toBe(15.22);
    // A subtotal one digit off the total as read, equal to what was paid, still sights the payment's amount.
    const slip = { ...cand("total", 15.22, 0.75), ocrConfidence: 0.96 };
    expect(rankTotals([slip, cand("subtotal", 15.82, 0.6), cand("tendered", 25.6), cand("change", 9.78)], [], [], { totalReadings: ["15,22"] })[0]?.amount).toBe(15.82);
  });

  it("keeps the printed total when the only other reading is what was paid after a rounding printed below it", () => {
    // TOTAL 38.37 / CASH 40.35 / ROUNDING 0.02 / CHANGE 2.00: 38.35 was paid, 38.37 is the receipt's total.
    const cs = [cand("total", 38.37, 0.9), cand("tendered", 40.35), cand("rounding", 0.02), cand("change", 2)];
    expect(rankTotals(cs, [], [])[0]?.amount).toBe(38.37);
  });

  it("takes the rounded total whose label OCR lost when its digits are printed below the rounding", () => {
    // TOTAL 60.31 / ROUNDING ADJ -0.01 / "RH 60,320" (RM 60.30, label lost)
    const cs = [cand("total", 60.31, 0.75), cand("rounding", -0.01)];
    // The numbers printed on the page, one after another on page 1.
    const printedAt = (...digits: string[]) => digits.map((d, i) => ({ digits: d, page: 1, start: i * 20 }));
    expect(rankTotals(cs, [], [], { printedAt: printedAt("6031", "001") })[0]?.amount).toBe(60.31);
    expect(rankTotals(cs, [], [], { printedAt: printedAt("6031", "001", "60320") })[0]?.amount).toBe(60.3);
  });

  it("one derivation alone never replaces a labelled total that adds up", () => {
    // Total Sales 33.00 / GST 1.98 / Rounding 0.02 / TOTAL 35.00 / CASH 56.00 (printed 55.00) / Change 20.00
    const cs = [cand("total", 33, 0.75), cand("tax", 1.98), cand("rounding", 0.02), cand("total", 35, 0.75), cand("tendered", 56), cand("change", 20)];
    const ranked = rankTotals(cs, [], []);
    expect(ranked[0]?.amount).toBe(35);
    expect(ranked[0]?.checks.find((c) => c.name === "subtotal_plus_tax")?.passed).toBe(true);
  });

  it("finds the total from two agreeing derivations when no total label was read", () => {
    // SUB TOTAL 17.74 / GST 1.06 / CASH 50.00 / CHANGE 31.20, the TOTAL row unreadable
    const cs = [cand("subtotal", 17.74), cand("tax", 1.06), cand("tendered", 50), cand("change", 31.2)];
    expect(rankTotals(cs, [], [])[0]?.amount).toBe(18.8);
  });
});
