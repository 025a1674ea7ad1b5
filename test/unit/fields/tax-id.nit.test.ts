import { describe, expect, it } from "vitest";
import { extractDocumentFields } from "../../../src/extraction/fields/index.js";
import { extractTaxIds } from "../../../src/extraction/fields/tax-id.extractor.js";
import { pageOf } from "./page/page.helpers.js";

const opts = { referenceDate: new Date("2024-06-01"), documentType: "invoice" as const };

describe("the NIT, the tax identification number of Latin American invoices", () => {
  it("reads the number after 'NIT:' with its check digit (Guatemala, Colombia)", () => {
    expect(extractTaxIds("NIT: 1234567-8", 1).map((f) => f.value)).toEqual(["12345678"]);
    expect(extractTaxIds("N.I.T. 900.123.456-7", 1).map((f) => f.value)).toEqual(["9001234567"]);
  });

  it("takes nothing from a NIT column heading over a final consumer's 'CF'", () => {
    expect(extractTaxIds("CODIGO\tNIT\tVEND\tRUTA\nABC\tCF\tA12345", 1)).toEqual([]);
  });

  it("gives the seller's NIT under its name as the invoice's vat_id", () => {
    const fields = extractDocumentFields([
      pageOf([
        [400, 40, "FACTURA ELECTRÓNICA", 16],
        [100, 80, "Comercial Andina, Sociedad Anonima"],
        [100, 95, "Ciudad de Guatemala"],
        [100, 110, "NIT: 4567123-5"],
        [600, 80, "Fecha: 08/10/2022"],
        [100, 160, "Nombre: JUAN PEREZ"],
        [100, 175, "NIT: CF"],
        [600, 400, "TOTAL"], [800, 400, "1,250.00"],
      ]),
    ], opts);
    expect(fields.find((f) => f.name === "vat_id")?.value).toBe("45671235");
  });
});
