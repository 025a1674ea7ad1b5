import { describe, expect, it } from "vitest";
import { extractDocumentFields } from "../../../../src/extraction/fields/index.js";
import { idMatcher } from "../../../../src/extraction/fields/identifiers.extractor.js";
import { pageOf } from "./page.helpers.js";

describe("an invoice number printed in comma-joined digit groups", () => {
  it("reads 'Invoice No: 00,00,0001' as one identifier", () => {
    const page = pageOf([
      [50, 40, "ACME TRADING LTD", 14],
      [600, 40, "INVOICE", 16],
      [600, 70, "Invoice No: 00,00,0001"],
      [600, 85, "Date: 12/03/2024"],
      [50, 120, "Bill To: Beta Stores"],
      [600, 300, "Total   1,250.00"],
    ]);
    const fields = extractDocumentFields([page], { referenceDate: new Date("2024-06-01"), documentType: "invoice" });
    expect(fields.find((f) => f.name === "invoice_number")?.value).toBe("00000001");
  });

  it("does not read an amount's thousands or lakh grouping, or a decimal amount, as such an identifier", () => {
    expect(idMatcher(": 1,250,000", 0)?.value).not.toBe("1250000");
    expect(idMatcher(": 1,00,000", 0)?.value).not.toBe("100000");
    expect(idMatcher(": 12,34,56.00", 0)?.value).not.toBe("123456");
  });
});
