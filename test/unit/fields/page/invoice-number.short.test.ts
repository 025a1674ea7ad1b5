import { describe, expect, it } from "vitest";
import { extractDocumentFields } from "../../../../src/extraction/fields/index.js";
import { pageOf, type Placed } from "./page.helpers.js";

const refDate = new Date("2024-06-01");
const invoiceNumber = (rows: readonly Placed[]) =>
  extractDocumentFields([pageOf([[50, 40, "Muster GmbH", 20], ...rows, [50, 400, "Summe 119,00"]])], { documentType: "invoice", referenceDate: refDate }).find((f) => f.name === "invoice_number")?.value;

describe("a short invoice number right after a strong invoice-number label", () => {
  it("reads a one- or two-digit number after an invoice-number label", () => {
    expect(invoiceNumber([[50, 100, "Rechnung Nr. 42"], [500, 100, "Datum: 03.05.2024"]])).toBe("42");
    expect(invoiceNumber([[50, 100, "Invoice #7"], [500, 100, "Date: 2024-05-03"]])).toBe("7");
    expect(invoiceNumber([[50, 100, "Facture n° 12"], [500, 100, "Date : 03/05/2024"]])).toBe("12");
  });

  it("keeps a longer number under another invoice-number label above the short one", () => {
    expect(invoiceNumber([[50, 100, "Rechnung Nr. 7"], [50, 120, "Rechnungsnummer: RE-2024-0117"]])).toBe("RE-2024-0117");
    expect(invoiceNumber([[50, 100, "Invoice number: 2024-117"], [50, 120, "Invoice #7"]])).toBe("2024-117");
  });

  it("never takes a page number, an item position, a quantity, a day or a bare number label's value", () => {
    expect(invoiceNumber([[50, 100, "Seite 1 von 2"], [50, 120, "Page 2"], [50, 140, "Pos. 3 Beratung 100,00"], [50, 160, "Nr. 5"], [50, 180, "No. 12"]])).toBeUndefined();
    expect(invoiceNumber([[50, 100, "Invoice No. 3 March 2024"]])).toBeUndefined();
    expect(invoiceNumber([[50, 100, "Rechnung Nr. 12. März 2024"]])).toBeUndefined();
    expect(invoiceNumber([[50, 100, "Invoice No. 1 of 2"]])).toBeUndefined();
    expect(invoiceNumber([[50, 100, "Invoice # 2 pcs"]])).toBeUndefined();
    expect(invoiceNumber([[50, 100, "Invoice # 7,50"]])).toBeUndefined();
    // Not on the row below the label: there a table's first column (a position, a quantity) stands as often.
    expect(invoiceNumber([[50, 100, "Rechnungsnummer"], [50, 115, "1"]])).toBeUndefined();
  });
});
