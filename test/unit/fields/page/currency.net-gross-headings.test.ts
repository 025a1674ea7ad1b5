import { describe, expect, it } from "vitest";
import { decideCurrency } from "../../../../src/extraction/fields/page/currency.evidence.js";

/** Rows of a call-detail annex: bare amounts, no currency sign on any of them. */
const rows = "1\t2015-09-01 10:12\t600123456\t1:20\t0,25\t0,31\n2\t2015-09-02 11:40\t600654321\t0:45\t0,12\t0,15";

describe("the currency a net or gross column's heading names", () => {
  it("takes it from 'netto PLN' / 'brutto PLN' headings over bare amounts", () => {
    expect(decideCurrency(`Lp.\tData\tNumer\tCzas\tnetto PLN\tbrutto PLN\n${rows}`, null).currency).toBe("PLN");
    expect(decideCurrency(`Pos\tArtikel\tNetto EUR\tBrutto EUR\n${rows}`, null).currency).toBe("EUR");
  });

  it("takes it from 'kwota', 'cena', 'wartość' headings and a payment slip's 'Payment Rs'", () => {
    expect(decideCurrency(`Usługa\tKwota zł\n${rows}`, null).currency).toBe("PLN");
    expect(decideCurrency(`Towar\tCena PLN\tWartość PLN\n${rows}`, null).currency).toBe("PLN");
    expect(decideCurrency(`Payment Date\tSignature\tCash\tcheque\tPayment Rs\n${rows}`, null).currency).toBe("INR");
  });

  it("takes none from a heading row without a currency, nor from a word that only contains a heading word", () => {
    expect(decideCurrency(`Lp.\tData\tnetto\tbrutto\n${rows}`, null).currency).toBeNull();
    expect(decideCurrency(`Repayment schedule CHF\n${rows}`, null).currency).toBeNull();
  });
});
