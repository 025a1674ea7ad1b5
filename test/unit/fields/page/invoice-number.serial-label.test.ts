import { describe, expect, it } from "vitest";
import { extractDocumentFields } from "../../../../src/extraction/fields/index.js";
import { pageOf, type Placed } from "./page.helpers.js";

const opts = { referenceDate: new Date("2024-06-01"), documentType: "invoice" as const };
const invoiceNumber = (rows: readonly Placed[]) =>
  extractDocumentFields([{ ...pageOf([[50, 40, "Intl Conf Publications"], ...rows, [500, 400, "Total Invoice Amount 7750.0"]]), source: "text_layer" as const }], opts).find((f) => f.name === "invoice_number")?.value;

describe("an invoice's serial number", () => {
  it("reads the value under or after 'Invoice Serial #' / 'Invoice Serial No.' as the invoice number", () => {
    expect(invoiceNumber([[600, 100, "Invoice Serial #:"], [610, 115, "431186/154"], [600, 130, "Invoice Date: May 03, 2024"]])).toBe("431186/154");
    expect(invoiceNumber([[50, 100, "Invoice Serial No. GST/24-25/0117"]])).toBe("GST/24-25/0117");
  });

  it("reads no product's serial number as the invoice's", () => {
    expect(invoiceNumber([[50, 100, "Serial No. SN-88231-X"]])).toBeUndefined();
  });
});
