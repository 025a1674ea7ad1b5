import { describe, expect, it } from "vitest";
import { extractDocumentFields } from "../../../../src/extraction/fields/index.js";
import { pageOf } from "./page.helpers.js";

const opts = { referenceDate: new Date("2026-01-01"), documentType: "invoice" as const };

describe("'To:' and 'From:' heading two address blocks on a row that goes on with the invoice's details", () => {
  it("reads the name under 'From:' as the issuer and the one under 'To:' as the recipient", () => {
    const fields = extractDocumentFields([
      pageOf([
        [20, 20, "Page 1 of 2 Invoice Number: 598527 Invoice Date: 24/03/2026"],
        [20, 40, "To:"], [300, 40, "From:"], [620, 40, "Invoice Number"], [820, 40, "598527"],
        [20, 55, "Blair Example Limited"], [300, 55, "NORTHWIND WHOLESALE LTD"], [620, 55, "Week Number"], [820, 55, "13"],
        [20, 70, "Main Street"], [300, 70, "TRAMORE ROAD"], [620, 70, "Date"], [820, 70, "24/03/2026"],
        [20, 85, "Dromore West"], [300, 85, "CORK"], [620, 85, "Invoice Type"], [820, 85, "CH"],
        [20, 100, "Co Sligo"], [300, 100, "VAT Registration No."], [500, 100, "IE 8G05913L"],
        [600, 400, "Sub-Total"], [700, 400, "€100.00"], [600, 415, "VAT"], [700, 415, "€13.50"], [600, 430, "Invoice Total"], [700, 430, "€113.50"],
      ]),
    ], opts);
    expect(fields.find((f) => f.name === "issuer")?.value).toBe("NORTHWIND WHOLESALE LTD");
    expect(fields.find((f) => f.name === "recipient")?.value).toBe("Blair Example Limited");
  });
});
