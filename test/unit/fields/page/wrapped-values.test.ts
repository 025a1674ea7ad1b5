import { describe, expect, it } from "vitest";
import { extractDocumentFields } from "../../../../src/extraction/fields/index.js";
import { completesLegalForm } from "../../../../src/extraction/fields/page/parties.page.js";
import { extractTaxIds } from "../../../../src/extraction/fields/tax-id.extractor.js";
import { pageOf } from "./page.helpers.js";

/*
 * Values a browser's layout wrapped onto the next line (bench/invoices --family html): a long company name broken
 * inside its legal form in the letterhead, and a tax id after a label that ends a sentence's line.
 */

const opts = { referenceDate: new Date("2025-06-01"), documentType: "invoice" as const };

describe("a letterhead name wrapped inside its legal form", () => {
  it("joins the rest of the form from the next line", () => {
    expect(completesLegalForm("Brühstedt Systeme UG", "(haftungsbeschränkt)")).toBe(true);
    expect(completesLegalForm("Nordi Markt", "GmbH")).toBe(false);
    expect(completesLegalForm("Acme GmbH", "Musterstraße 5")).toBe(false);
  });

  it("beside the title in the next column, the name is read whole", () => {
    const page = pageOf([
      [60, 40, "Brühstedt Systeme UG", 18], [760, 40, "RECHNUNG", 20],
      [60, 62, "(haftungsbeschränkt)", 18], [700, 66, "Rechnungsnummer"], [860, 66, "FA976422"],
      [60, 90, "Gräfaustraße 154"], [700, 81, "Rechnungsdatum"], [860, 81, "17.04.2025"],
      [60, 105, "91102 Wendingen"],
      [60, 150, "RECHNUNGSEMPFÄNGER"],
      [60, 165, "Caldfield Works Corp."],
      [60, 180, "49 Kellwick Street"],
      [500, 300, "Gesamtbetrag"], [800, 300, "850,00 €"],
    ]);
    expect(extractDocumentFields([page], opts).find((f) => f.name === "issuer")?.value).toBe("Brühstedt Systeme UG (haftungsbeschränkt)");
  });
});

describe("a tax id after a label that ends its line", () => {
  it("is read from the start of the next line when its letters say it is one (a country prefix)", () => {
    const text = "If you have any questions, contact us at billing@example.co.uk. VAT number:\nGB 334 7476 83\nGorrcombe Consulting Ltd";
    expect(extractTaxIds(text, 1).map((f) => f.value)).toContain("GB334747683");
  });

  it("wrapped at one of its own spaces, is read whole when the whole passes its check digits", () => {
    const text = "If you have any questions, contact us at billing@example.co.uk. VAT number: GB 746 7455\n95\nFenncombe Design Ltd";
    expect(extractTaxIds(text, 1).map((f) => f.value)).toEqual(["GB746745595"]);
    // A number complete on its line is not run on into the next line's digits.
    expect(extractTaxIds("VAT number: GB 746 7455 95\n12 34", 1).map((f) => f.value)).toEqual(["GB746745595"]);
  });

  it("is not the first cell of a table row under a `Tax` column heading", () => {
    const text = "Description\tQty\tPrice\tTax\n12345678 Widget\t1\t9.99\t1.90";
    expect(extractTaxIds(text, 1)).toEqual([]);
  });
});
