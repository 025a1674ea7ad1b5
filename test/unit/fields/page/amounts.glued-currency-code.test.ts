import { describe, expect, it } from "vitest";
import type { Money } from "../../../../src/extraction/extraction.types.js";
import { extractDocumentFields } from "../../../../src/extraction/fields/index.js";
import { findAmounts } from "../../../../src/extraction/fields/money.js";
import { decideCurrency } from "../../../../src/extraction/fields/page/currency.evidence.js";
import { pageOf, type Placed } from "./page.helpers.js";

const opts = { referenceDate: new Date("2026-02-01"), documentType: "invoice" as const };
const total = (items: readonly Placed[]) =>
  (extractDocumentFields([pageOf([[50, 40, "Hurtownia Przykładowa sp. z o.o.", 20], ...items])], opts).find((f) => f.name === "total")?.value as Money | undefined)?.amount;

describe("an amount with its currency's code printed against it (259,33PLN)", () => {
  it("is an amount in that currency", () => {
    const [token] = findAmounts("259,33PLN", 0, true, null);
    expect(token?.money).toEqual({ amount: 259.33, currency: "PLN" });
    expect(findAmounts("12.50EUR", 0, false, null)[0]?.money).toEqual({ amount: 12.5, currency: "EUR" });
  });

  it("gives an invoice whose every amount is printed so its total", () => {
    const items: Placed[] = [
      [50, 300, "Nazwa"], [400, 300, "Stawka VAT"], [800, 300, "Wartość brutto"],
      [50, 315, "Zestaw farb"], [400, 315, "23.00"], [800, 315, "105,98PLN"],
      [50, 330, "Pędzle"], [400, 330, "23.00"], [800, 330, "153,35PLN"],
      [500, 500, "Razem brutto"], [800, 500, "259,33PLN"],
    ];
    expect(total(items)).toBe(259.33);
  });

  it("is an amount too with a symbol spelt in its own alphabet printed against it (9zł, 120Kč)", () => {
    expect(findAmounts("Razem 9zł", 6, true, null)[0]?.money).toEqual({ amount: 9, currency: "PLN" });
    expect(findAmounts("1 234,50zł", 0, true, null)[0]?.money).toEqual({ amount: 1234.5, currency: "PLN" });
    expect(findAmounts("120Kč", 0, true, null)[0]?.money).toEqual({ amount: 120, currency: "CZK" });
    // The word the symbol abbreviates is no symbol: "3 złote" in words is not an amount glued to "zł".
    expect(findAmounts("3złote", 0, true, null)).toEqual([]);
  });

  it("gives a document whose amount rows are whole units with the symbol against them its currency", () => {
    const text = ["Faktura", "Lp\tNazwa\tIlość\tCena\tWartość", "1\tWiaderko\t10\t9zł\t90zł", "2\tŁopatka\t10\t19zł\t190zł"].join("\n");
    expect(decideCurrency(text, null)).toEqual({ currency: "PLN", source: "amount_rows" });
  });

  it("does not take a bare sign before whole units for the currency (OCR reads other signs as '$')", () => {
    expect(decideCurrency(["Invoice", "- $60067"].join("\n"), null).source).not.toBe("amount_rows");
  });

  it("keeps letters that are no currency's code out (a quantity, a size)", () => {
    expect(findAmounts("1.5L", 0, false, null)).toEqual([]);
    expect(findAmounts("24x30cm", 0, false, null).map((t) => t.money.amount)).not.toContain(30);
    expect(findAmounts("12.50EURO", 0, false, null)).toEqual([]);
  });
});

describe("the currency of a document's amount rows", () => {
  it("reads every marker the amounts know, a dollar's country prefix included (S$, HK$, CAD)", () => {
    expect(decideCurrency(["Invoice", "Subtotal\tS$ 120.00", "GST\tS$ 10.80"].join("\n"), null)).toEqual({ currency: "SGD", source: "amount_rows" });
    expect(decideCurrency(["Invoice", "Subtotal\tHK$ 120.00", "Total\tHK$ 120.00"].join("\n"), null)).toEqual({ currency: "HKD", source: "amount_rows" });
    expect(decideCurrency(["Invoice", "Consulting\t120.00 CAD"].join("\n"), null)).toEqual({ currency: "CAD", source: "amount_rows" });
  });

  it("takes no yen sign on an amount row for the currency (OCR reads the rupee sign as '¥')", () => {
    expect(decideCurrency(["Invoice", "Total\t¥ 1,200.00"].join("\n"), null).currency).not.toBe("JPY");
  });
});
