import { describe, expect, it } from "vitest";
import { extractDocumentFields } from "../../../../src/extraction/fields/index.js";
import { findAmounts } from "../../../../src/extraction/fields/money.js";
import { pageOf } from "./page.helpers.js";

const opts = { referenceDate: new Date("2024-06-01"), documentType: "invoice" as const };

/** A Polish invoice as invoicing programs print it: seller and buyer side by side, the amount payable in złoty. */
const polish = pageOf([
  [300, 40, "Faktura nr FA 15/2024", 16],
  [50, 80, "Data wystawienia: 2024-03-14"],
  [500, 80, "Data sprzedaży: 2024-03-11"],
  [50, 95, "Termin płatności: 2024-03-28"],
  [500, 95, "Metoda płatności: przelew"],
  [50, 130, "Sprzedawca"],
  [500, 130, "Nabywca"],
  [50, 145, "Wisła Serwis"],
  [500, 145, "Odra Handel"],
  [50, 160, "ul. Długa 5"],
  [500, 160, "ul. Krótka 9"],
  [50, 175, "00-950 Warszawa"],
  [500, 175, "80-001 Gdańsk"],
  [50, 190, "NIP: 5260250274"],
  [500, 190, "NIP: 5841003419"],
  [50, 260, "Stawka VAT   Wartość netto   Kwota VAT   Wartość brutto"],
  [50, 275, "23%   1 000,00   230,00   1 230,00"],
  [600, 300, "Do zapłaty   1 230,00 zł"],
]);

describe("Polish invoice labels", () => {
  const fields = extractDocumentFields([polish], opts);
  const value = (name: string) => fields.find((f) => f.name === name)?.value;

  it("reads the number after 'Faktura nr' and the date of issue, not the date of sale", () => {
    expect(value("invoice_number")).toBe("FA15/2024");
    expect(value("document_date")).toBe("2024-03-14");
    expect(value("due_date")).toBe("2024-03-28");
  });

  it("takes the party under 'Sprzedawca' as the issuer and its NIP as the tax id, the one under 'Nabywca' as the recipient", () => {
    expect(value("issuer")).toBe("Wisła Serwis");
    expect(value("recipient")).toBe("Odra Handel");
    expect(value("vat_id")).toBe("5260250274");
  });

  it("takes the amount 'Do zapłaty' in złoty as the total", () => {
    expect(value("total")).toEqual({ amount: 1230, currency: "PLN" });
    expect(value("currency")).toBe("PLN");
  });

  it("reads zł after an amount as the złoty", () => {
    expect(findAmounts("Razem 27,06 zł", 0, true, null).map((t) => t.money)).toContainEqual({ amount: 27.06, currency: "PLN" });
  });
});
