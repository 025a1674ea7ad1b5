import { describe, expect, it } from "vitest";
import type { Money } from "../../../../src/extraction/extraction.types.js";
import { extractDocumentFields } from "../../../../src/extraction/fields/index.js";
import { pageOf, type Placed } from "./page.helpers.js";

const opts = { referenceDate: new Date("2025-06-01"), documentType: "invoice" as const };

/** A Swedish invoice: "Summa att betala" under "Belopp före moms" and "Moms", the VAT number as "Momsreg.nr.". */
const swedish = (totals: readonly Placed[]) =>
  extractDocumentFields([
    pageOf([
      [50, 40, "Faktura", 20],
      [50, 80, "Exempelbyrån Konsult AB"],
      [500, 80, "Kundföretag AB"],
      [50, 95, "Storgatan 6"],
      [500, 95, "Köpvägen 12"],
      [500, 110, "SE998877665501"],
      [50, 130, "Fakturanummer   Fakturadatum   Förfallodag"],
      [50, 145, "20457   26.12.2024   25.01.2025"],
      [50, 200, "Arbete   166   h   600,00 kr   99 600,00 kr"],
      ...totals,
      [50, 700, "Org.nr. 556677-8899"],
      [50, 715, "Momsreg.nr. SE556677889901"],
    ]),
  ], opts);
const amount = (fields: ReturnType<typeof swedish>, name: string) => (fields.find((f) => f.name === name)?.value as Money | undefined)?.amount;

describe("Swedish invoice labels", () => {
  const fields = swedish([
    [500, 400, "Belopp före moms"], [800, 400, "99 600,00 kr"],
    [500, 415, "Moms 25 %"], [800, 415, "24 900,00 kr"],
    [500, 430, "Summa att betala"], [800, 430, "124 500,00 kr"],
  ]);

  it("reads the amount payable, the amount before VAT and the VAT", () => {
    expect(amount(fields, "total")).toBe(124500);
    expect(amount(fields, "subtotal")).toBe(99600);
    expect(amount(fields, "tax")).toBe(24900);
  });

  it("reads the seller's VAT registration number after Momsreg.nr., not the buyer's unlabelled one", () => {
    expect(fields.find((f) => f.name === "vat_id")?.value).toBe("SE556677889901");
  });

  it("reads whole kronor grouped with a space before kr (124 500 kr) as one amount in SEK", () => {
    const whole = swedish([
      [500, 400, "Belopp före moms"], [800, 400, "99 600 kr"],
      [500, 415, "Moms totalt"], [800, 415, "24 900 kr"],
      [500, 430, "Summa att betala"], [800, 430, "124 500 kr"],
    ]);
    expect(whole.find((f) => f.name === "total")?.value).toEqual({ amount: 124500, currency: "SEK" });
    expect(amount(whole, "subtotal")).toBe(99600);
  });

  it("reads a bare Att betala and Momsregistreringsnummer", () => {
    const other = swedish([[500, 430, "Att betala"], [800, 430, "1 250,00 kr"], [50, 730, "Momsregistreringsnummer: SE556677889901"]]);
    expect(amount(other, "total")).toBe(1250);
    expect(other.find((f) => f.name === "vat_id")?.value).toBe("SE556677889901");
  });
});
