import { describe, expect, it } from "vitest";
import { amountCandidates, isAmountTableHeading } from "../../../../src/extraction/fields/page/amounts.page.js";
import { extractDocumentFields } from "../../../../src/extraction/fields/index.js";
import { pageOf } from "./page.helpers.js";

const ctx = { decimalComma: true, dominantCurrency: "EUR" };
const roles = (rows: Parameters<typeof pageOf>[0]) => amountCandidates(pageOf(rows), ctx).map((c) => [c.role, c.token.money.amount]);

describe("amount labels on a row", () => {
  it("the label that opens the row names it; a later label word qualifies it", () => {
    expect(roles([[50, 100, "Geg. BAR EUR 5,00"], [50, 120, "Rückgeld BAR EUR 1,82"]])).toEqual([["tendered", 5], ["change", 1.82]]);
  });

  it("reads a German supermarket receipt: Summe, card or cash handed over, change", () => {
    expect(roles([[50, 100, "SUMME EUR 3,18"], [50, 120, "Kartenzahlung 3,18"], [50, 140, "EC-Cash 3,18"], [50, 160, "girocard 3,18"], [50, 180, "Zurück EUR 0,00"]])).toEqual([
      ["total", 3.18], ["tendered", 3.18], ["tendered", 3.18], ["tendered", 3.18], ["change", 0],
    ]);
    const page = pageOf([
      [300, 20, "Nordmarkt", 30], [250, 60, "Domstr. 20"], [250, 75, "50668 Köln"],
      [50, 150, "BANANE 1,99 B"], [50, 165, "MILCH 1,19 B"], [50, 195, "SUMME EUR 3,18"], [50, 220, "Geg. BAR EUR 5,00"], [50, 235, "Rückgeld BAR EUR 1,82"],
    ]);
    const total = extractDocumentFields([page], { documentType: "receipt", referenceDate: new Date("2024-06-01") }).find((f) => f.name === "total");
    expect(total?.value).toEqual({ amount: 3.18, currency: "EUR" });
    expect(total?.checks).toContainEqual({ name: "tendered_minus_change", passed: true, expected: 3.18, actual: 3.18 });
  });
});

describe("what a card was charged", () => {
  it('"Amount charged" and "Total charged" name the total, not the money handed over', () => {
    expect(roles([[50, 100, "Amount charged 49,00"], [50, 120, "Total charged 12,00"], [50, 140, "Visa 49,00"]])).toEqual([["total", 49], ["total", 12], ["tendered", 49]]);
  });
});

describe("amount table headings", () => {
  it("recognises a heading row: two or more amount labels side by side and no number", () => {
    expect(isAmountTableHeading("MwSt% MwSt Netto Brutto")).toBe(true);
    expect(isAmountTableHeading("Steuer Netto Brutto")).toBe(true);
    expect(isAmountTableHeading("SUMME EUR 3,18")).toBe(false);
    expect(isAmountTableHeading("Rückgeld BAR EUR 1,82")).toBe(false);
    expect(isAmountTableHeading("TOTAL")).toBe(false);
  });

  it("takes the amount in the heading's column, not the row's rightmost", () => {
    // MwSt    Netto   Brutto
    // 0,25    3,53    3,78
    const rows: Parameters<typeof pageOf>[0] = [
      [100, 300, "MwSt"], [300, 300, "Netto"], [500, 300, "Brutto"],
      [100, 315, "0,25"], [300, 315, "3,53"], [500, 315, "3,78"],
    ];
    expect(roles(rows)).toContainEqual(["tax", 0.25]);
    expect(roles(rows)).not.toContainEqual(["tax", 3.78]);
  });
});

describe("per-rate totals", () => {
  // A GST receipt that prints each rate's total; the payable row's value is unreadable ("B.S").
  const rows: Parameters<typeof pageOf>[0] = [
    [50, 300, "Total 0% supplies: 35.14"],
    [50, 320, "Total 6% supplies (excl. GST): 36.24"],
    [50, 340, "GST: 2.17"],
    [50, 360, "Total 6% supplies (Inc. GST): 38.41"],
    [50, 380, "Total 0% supplies: 35.14"],
    [50, 400, "Total Pay = B.S"],
  ];

  it("a total before tax is a subtotal, whatever words stand between the label and the amount", () => {
    const cands = amountCandidates(pageOf(rows), { decimalComma: false, dominantCurrency: null });
    expect(cands.find((c) => c.token.money.amount === 36.24)?.role).toBe("subtotal");
    expect(cands.find((c) => c.token.money.amount === 38.41)?.rate).toBe(true);
  });

  it("when the best total is a per-rate row, the rates' sum is the total", () => {
    const total = extractDocumentFields([pageOf(rows)], { documentType: "receipt", referenceDate: new Date("2024-06-01") }).find((f) => f.name === "total");
    expect((total?.value as { amount: number }).amount).toBe(73.55);
    expect(total?.checks).toContainEqual({ name: "rate_totals_sum", passed: true, expected: 73.55, actual: 73.55 });
  });
});

describe("a rate inside an inclusive total's label", () => {
  // "Total Incl. 6% GST  RM 24.00" read with the rate glued to the label word and the value column lost.
  const rows: Parameters<typeof pageOf>[0] = [
    [50, 200, "1 Teh Tarik 4.00"],
    [50, 220, "2 Nasi Goreng 20.00"],
    [50, 300, "Total Inc1.62 GST fy oro"],
  ];

  it("a number between 'Total Incl' and its tax word is the label's rate, not the value", () => {
    const cands = amountCandidates(pageOf(rows), { decimalComma: false, dominantCurrency: null });
    expect(cands.filter((c) => c.role === "total")).toEqual([]);
  });

  it("the value after the whole label is still read", () => {
    const cands = amountCandidates(pageOf([[50, 300, "Total Incl. GST 24.00"]]), { decimalComma: false, dominantCurrency: null });
    expect(cands.map((c) => [c.role, c.token.money.amount])).toEqual([["total", 24]]);
    const glued = amountCandidates(pageOf([[50, 300, "Total Inc 24.00"]]), { decimalComma: false, dominantCurrency: null });
    expect(glued.map((c) => [c.role, c.token.money.amount])).toEqual([["total", 24]]);
  });
});
