import { describe, expect, it } from "vitest";
import { extractDocumentFields } from "../../../../src/extraction/fields/index.js";
import { pageOf, type Placed } from "./page.helpers.js";

const opts = { referenceDate: new Date("2025-09-01"), documentType: "invoice" as const };

/**
 * A multilingual invoice prints each label in several languages, slash-separated, and wraps it over two rows
 * ("Beleg-Nr./Document No./" over "No. du document/Num. de comprobante"); the value stands under the label's last row.
 */
const multilingual = (label: readonly Placed[], valueY: number, value: string) =>
  extractDocumentFields([
    pageOf([
      [50, 40, "Muster Museum GmbH, Hauptstr. 1, 70546 Stuttgart"],
      [600, 60, "Rechnung/Invoice/"],
      [600, 75, "Facture/Factura"],
      [50, 100, "Erika Mustermann"],
      [50, 115, "Hauptstraße 8"],
      [50, 130, "63457 Hanau"],
      ...label,
      [600, valueY, value],
      [600, 190, "Datum/Date"],
      [600, 205, "26.07.2025"],
      [50, 400, "Endbetrag"],
      [600, 400, "EUR 40.00"],
    ]),
  ], opts);
const invoiceNumber = (fields: ReturnType<typeof multilingual>) => fields.find((f) => f.name === "invoice_number")?.value;

describe("a number label that wraps onto the next row", () => {
  it("reads the document number under the label's continuation row", () => {
    const fields = multilingual([[600, 100, "Beleg-Nr./Document No./"], [600, 115, "No. du document/Num. de comprobante"]], 130, "458c10e4-fbd7-4a7f-948a-e22c8c3a00c1");
    expect(invoiceNumber(fields)).toBe("458C10E4-FBD7-4A7F-948A-E22C8C3A00C1");
  });

  it("reads an invoice number under a wrapped invoice-number label", () => {
    const fields = multilingual([[600, 100, "Rechnungs-Nr./Invoice No./"], [600, 115, "Numéro de la pièce/Comprobante"]], 130, "RE-2025-0815");
    expect(invoiceNumber(fields)).toBe("RE-2025-0815");
  });

  it("still reads a value right under a label that does not wrap", () => {
    const fields = multilingual([[600, 100, "Beleg-Nr./Document No."]], 115, "RE-2025-0815");
    expect(invoiceNumber(fields)).toBe("RE-2025-0815");
  });

  it("does not reach two rows down under a label that ends its row without a slash", () => {
    const fields = multilingual([[600, 100, "Beleg-Nr."], [600, 115, "siehe Anlage"]], 130, "RE-2025-0815");
    expect(invoiceNumber(fields)).toBeUndefined();
  });
});
