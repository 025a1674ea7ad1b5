import { describe, expect, it } from "vitest";
import { extractDocumentFields } from "../../../../src/extraction/fields/index.js";
import { labelledCurrencies } from "../../../../src/extraction/fields/page/currency.evidence.js";
import { pageOf } from "./page.helpers.js";

const opts = { referenceDate: new Date("2024-06-01"), documentType: "invoice" as const };

describe("a currency named in words after a currency label", () => {
  it("reads the currency's name as the label's currency ('waluta: polski złoty', 'Currency: Euro')", () => {
    expect(labelledCurrencies("Forma płatności: gotówka , waluta: polski złoty")).toEqual(["PLN"]);
    expect(labelledCurrencies("Waluta: złoty")).toEqual(["PLN"]);
    expect(labelledCurrencies("Currency: Euro")).toEqual(["EUR"]);
    expect(labelledCurrencies("Währung: Schweizer Franken")).toEqual(["CHF"]);
    expect(labelledCurrencies("Currency: Pounds Sterling")).toEqual(["GBP"]);
    expect(labelledCurrencies("Currency: US Dollars")).toEqual(["USD"]);
  });

  it("still reads an ISO code after the label, and nothing from a bank statement's value date", () => {
    expect(labelledCurrencies("Zahlungsart: Überweisung, Währung: EUR")).toEqual(["EUR"]);
    expect(labelledCurrencies("Valuta: 12.03.2024")).toEqual([]);
    expect(labelledCurrencies("Currency: Dollars")).toEqual([]);
  });

  it("gives an invoice whose amounts carry no marker the currency its payment line names", () => {
    const fields = extractDocumentFields([
      pageOf([
        [300, 40, "Faktura VAT nr VAT/Z/4/2024", 16],
        [50, 80, "SPRZEDAWCA:"], [500, 80, "Data wystawienia: 11-01-2024"],
        [50, 95, "Zielarnia Jaskółka"], [500, 95, "Termin płatności: 11-01-2024"],
        [50, 110, "NIP: 123456789"],
        [50, 150, "NABYWCA:"], [50, 165, "Zdrowe Życie Sp. z o.o."],
        [500, 300, "WARTOŚĆ NETTO"], [750, 300, "231,94"],
        [500, 315, "VAT"], [750, 315, "8,85"],
        [500, 330, "Razem do zapłaty"], [750, 330, "240,79"],
        [50, 380, "Forma płatności: gotówka , waluta: polski złoty"],
      ]),
    ], opts);
    expect(fields.find((f) => f.name === "total")?.value).toEqual({ amount: 240.79, currency: "PLN" });
    expect(fields.find((f) => f.name === "currency")?.value).toBe("PLN");
  });
});
