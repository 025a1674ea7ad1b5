import { describe, expect, it } from "vitest";
import { buildContext } from "../../../../src/extraction/fields/context.js";
import { extractDocumentFields } from "../../../../src/extraction/fields/index.js";
import { findAmounts } from "../../../../src/extraction/fields/money.js";
import { labelledCurrencies } from "../../../../src/extraction/fields/page/currency.evidence.js";
import { pageOf } from "./page.helpers.js";

const field = (rows: Parameters<typeof pageOf>[0], name: string) =>
  extractDocumentFields([{ ...pageOf(rows, 1), source: "text_layer" }], { documentType: "invoice", referenceDate: new Date("2026-03-01") }).find((f) => f.name === name)?.value;

const amounts = (text: string) => {
  const ctx = buildContext([text]);
  return findAmounts(text, 0, ctx.decimalComma, ctx.dominantCurrency).map((t) => [t.money.amount, t.money.currency]);
};

describe("a document of whole units whose thousands are grouped with dots", () => {
  it("reads '150.000' as a hundred and fifty thousand when the document prints no decimals at all", () => {
    expect(amounts("TOTAL Rp 150.000\nTUNAI Rp 200.000\nKEMBALI Rp 50.000")).toEqual([[150000, "IDR"], [200000, "IDR"], [50000, "IDR"]]);
    expect(amounts("Zaduzenje:\n10.700 din\n+ 9.400 din\nUkupno:\t20.100 din")).toEqual([[10700, "RSD"], [9400, "RSD"], [20100, "RSD"]]);
  });

  it("keeps a dot before three digits a decimal point beside two-decimal amounts or on a three-decimal currency's document", () => {
    expect(amounts("Diesel 3.459 /gal\nTotal $41.51")).toEqual([[3.459, "USD"], [41.51, "USD"]]);
    expect(amounts("TOTAL 1.500 KWD")).toEqual([[1.5, "KWD"]]);
  });

  it("reads 'din' as the dinar only after an amount that ends its line or cell, never the Romanian word", () => {
    expect(amounts("Factura 12 din 03.05.2024")).toEqual([[12, null]]);
    expect(amounts("Pagina 1 din 2")).toEqual([[1, null], [2, null]]);
  });

  it("takes a Serbian 'Ukupno' as the total", () => {
    expect(field([[50, 100, "Zaduzenje:"], [60, 130, "10.700 din"], [60, 160, "+ 9.400 din"], [50, 200, "Ukupno:"], [200, 200, "20.100 din"]], "total")).toEqual({ amount: 20100, currency: "RSD" });
  });
});

describe("the French formula closing an invoice with its total in words", () => {
  it("names the currency after the number", () => {
    expect(labelledCurrencies("ARRETE A LA SOMME DE SOIXANTE QUATRE MILLE ARIARY TTC")).toEqual(["MGA"]);
    expect(labelledCurrencies("Arrêtée la présente facture à la somme de deux cent vingt-cinq euros")).toEqual(["EUR"]);
  });

  it("names none when no currency's name follows", () => {
    expect(labelledCurrencies("à la somme de trois cents francs")).toEqual([]);
    expect(labelledCurrencies("la somme de vos achats")).toEqual([]);
  });

  it("makes the ariary the currency of a shop's invoice whose amounts carry no sign", () => {
    expect(
      field([[50, 100, "TSARA VATSY"], [50, 300, "TOTAL Ar:"], [300, 300, "74.000"], [50, 400, "ARRETE A LA SOMME DE SOIXANTE QUATRE MILLE ARIARY TTC"]], "currency"),
    ).toBe("MGA");
  });
});
