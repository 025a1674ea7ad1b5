import { describe, expect, it } from "vitest";
import { extractDocumentFields } from "../../../../src/extraction/fields/index.js";
import { pageOf, type Placed } from "./page.helpers.js";

const invoiceNumber = (rows: readonly Placed[]) =>
  extractDocumentFields([pageOf(rows)], { documentType: "invoice", referenceDate: new Date("2025-06-01") }).find((f) => f.name === "invoice_number")?.value;

/**
 * A QuickBooks-like header: "Date" and "Invoice #" cells at the right of the seller's address, their values one row
 * down in the same columns; the address's next line, in the left column, stands between label and value.
 */
const header = (between: readonly Placed[]): Placed[] => [
  [196, 55, "Sability, LP", 16], [805, 55, "Invoice", 16],
  [196, 91, "12545 Silver Fox Ct."], [687, 91, "Date"], [822, 91, "Invoice #"],
  ...between,
  [668, 123, "5/31/2025"], [835, 123, "24527"],
  [682, 173, "Terms"], [824, 173, "Due Date"],
];

describe("a header cell's value under it, past a line of another column", () => {
  it("reads the invoice number under \"Invoice #\" when the address's next line stands between them at the left", () => {
    expect(invoiceNumber(header([[196, 106, "Roswell, GA 30075"]]))).toBe("24527");
  });

  it("reads it as before with nothing between", () => {
    expect(invoiceNumber(header([]))).toBe("24527");
  });

  it("still stops at a row with something under the label", () => {
    expect(invoiceNumber(header([[822, 107, "see below"]]))).not.toBe("24527");
  });
});
