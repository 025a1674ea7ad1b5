import { describe, expect, it } from "vitest";
import { extractDocumentFields } from "../../../../src/extraction/fields/index.js";
import { pageOf } from "./page.helpers.js";

const opts = { referenceDate: new Date("2024-06-01"), documentType: "invoice" as const };

describe("a number word joined to its title by a hyphen", () => {
  it("labels the invoice number ('Invoice-ID:', 'Invoice-No.')", () => {
    const one = extractDocumentFields([pageOf([[60, 40, "Invoice-ID: RE20248731, Total: 238 EUR"]])], opts);
    expect(one.find((f) => f.name === "invoice_number")?.value).toBe("RE20248731");
    const two = extractDocumentFields([pageOf([[60, 40, "Northwind Traders GmbH"], [600, 80, "Invoice-No.: 2024-0117"], [600, 95, "Date: 03/03/2024"], [400, 430, "Total 120.00 EUR"]])], opts);
    expect(two.find((f) => f.name === "invoice_number")?.value).toBe("2024-0117");
  });
});
