import { describe, expect, it } from "vitest";
import { extractFields } from "../../../src/extraction/fields/index.js";
import { findAmounts, parseNumber } from "../../../src/extraction/fields/money.js";
import { best, expectWellFormed } from "./helpers.js";

const run = (text: string, documentType?: "receipt" | "invoice") => {
  const fields = extractFields([text], { referenceDate: new Date("2024-06-01"), documentType });
  expectWellFormed(fields, [text]);
  return fields;
};

describe("number parsing", () => {
  it("reads a decimal point OCR split from its digits and cents printed without a leading zero", () => {
    const amounts = (t: string) => findAmounts(t, 0, false, null).map((a) => a.money.amount);
    expect(amounts("TOTAL 12 . 50")).toEqual([12.5]);
    expect(amounts("TOTAL 12. 50")).toEqual([12.5]);
    expect(amounts("NET 7 .90")).toEqual([7.9]);
    expect(amounts("ROUNDING ADJUSTMENT RM .02")).toEqual([0.02]);
    expect(amounts("CHANGE RM .00")).toEqual([0]);
    expect(amounts("Datum 7. 05. 2014")).not.toContain(7.05);
  });

  it.each([
    ["1,234.56", false, 1234.56],
    ["1.234,56", true, 1234.56],
    ["1.234,56", false, 1234.56],
    ["12,50", true, 12.5],
    ["12,50", false, 12.5],
    ["9.00", false, 9],
    ["1,234", false, 1234],
    ["1.234", true, 1234],
    ["2.450", false, 2.45],
    ["1,234,567", false, 1234567],
  ])("parses %s (decimal comma document: %s) as %d", (text, decimalComma, value) => {
    expect(parseNumber(text, decimalComma)?.value).toBe(value);
  });
});

describe("total extraction", () => {
  it.each([
    ["TOTAL (RM): 9.00", { amount: 9, currency: "MYR" }],
    ["Grand Total $8.20", { amount: 8.2, currency: "USD" }],
    ["Totaal € 12,50", { amount: 12.5, currency: "EUR" }],
    ["Total: 12.50 EUR", { amount: 12.5, currency: "EUR" }],
    ["Amount due: USD 4.11", { amount: 4.11, currency: "USD" }],
    ["Balance due £1,234.56", { amount: 1234.56, currency: "GBP" }],
    ["Total ¥1,200", { amount: 1200, currency: "JPY" }],
    ["Grand Total Rs. 319.00", { amount: 319, currency: "INR" }],
    ["Total payable ₹ 1,499.00", { amount: 1499, currency: "INR" }],
    ["Gesamtbetrag 1.234,56 EUR", { amount: 1234.56, currency: "EUR" }],
  ])("reads %j", (text, money) => {
    expect(best(run(text), "total")).toEqual(money);
  });

  it("does not take Total Qty, Total Items or Total Discount as the total", () => {
    const fields = run("TOTAL QTY: 3\nTOTAL ITEMS 3\nTOTAL DISCOUNT 2.00\nTOTAL 45.10\nCASH 50.00");
    expect(best(fields, "total")).toEqual({ amount: 45.1, currency: null });
    expect(fields.filter((f) => f.name === "total").map((f) => f.value)).not.toContainEqual({ amount: 3, currency: null });
  });

  it("keeps subtotal and tax apart from the total", () => {
    const fields = run("Subtotal 100.00\nVAT 20% 20.00\nTotal 120.00\nCurrency: EUR");
    expect(best(fields, "total")).toEqual({ amount: 120, currency: "EUR" });
    expect(best(fields, "subtotal")).toEqual({ amount: 100, currency: "EUR" });
    expect(best(fields, "tax")).toEqual({ amount: 20, currency: "EUR" });
  });

  it("prefers the rounded total on a receipt", () => {
    const fields = run("AMT(RM)\nTOTAL\nRM 33.92\nROUNDING ADJUSTMENT\n-RM 0.02\nTOTAL ROUNDED\nRM 33.90\nCASH\nRM 50.00", "receipt");
    expect(best(fields, "total")).toEqual({ amount: 33.9, currency: "MYR" });
  });

  it("finds an unlabelled rounded amount that equals total plus rounding adjustment", () => {
    const fields = run("TOTAL AMT ....... RM\n60.31\nROUNDING ADJ .....\n-0.01\nRM\n60.30\nCASH ..... RM\n70.30", "receipt");
    expect(best(fields, "total")).toEqual({ amount: 60.3, currency: "MYR" });
  });

  it("reads the value on the next line when OCR split label and value", () => {
    expect(best(run("GRAND TOTAL :\n20.00\nCASH :\n50.00"), "total")).toEqual({ amount: 20, currency: null });
  });

  it("ignores totals in a tax summary block", () => {
    const fields = run("TOTAL SALES (INCLUSIVE OF GST) : 80.90\nGST SUMMARY\nTOTAL : 80.91", "receipt");
    expect(best(fields, "total")).toMatchObject({ amount: 80.9 });
  });

  it("uses the document's dominant currency for bare amounts", () => {
    expect(best(run("Price (RM)\nTOTAL 12.00"), "total")).toEqual({ amount: 12, currency: "MYR" });
  });

  it("does not read dates or percentages as amounts", () => {
    const fields = run("TOTAL AMOUNT DUE ON August 3 , 2014\n\n$4.11\nGST 6%");
    expect(best(fields, "total")).toEqual({ amount: 4.11, currency: "USD" });
  });

  it("falls back to the most repeated amount when no label survived OCR", () => {
    const fields = run("COKE 5.60\nBURGER 11.00\n26.60\n26.60\n100.00\n73.40", "receipt");
    const total = fields.find((f) => f.name === "total");
    expect(total?.value).toMatchObject({ amount: 26.6 });
    expect(total?.confidence).toBeLessThan(0.5);
  });
});

describe("whole units grouped with a space before a currency marker", () => {
  const amounts = (t: string) => findAmounts(t, 0, false, null).map((a) => a.money.amount);

  it("read as one amount (124 500 kr, 99 600 €)", () => {
    expect(amounts("Summa 124 500 kr")).toEqual([124500]);
    expect(amounts("Netto 99 600 €")).toEqual([99600]);
  });

  it("stop at a column gap: a quantity in its own column is no thousands group (1⇥100 €)", () => {
    expect(amounts("Stuhl\t1\t100 €")).toEqual([1, 100]);
  });

  it("need the marker against the last group: a postcode or a count before a word is no amount", () => {
    expect(amounts("117 58 Stockholm")).toEqual([117, 58]);
    expect(amounts("2 150 Stück")).not.toContain(2150);
  });
});
