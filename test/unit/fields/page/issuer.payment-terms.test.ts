import { describe, expect, it } from "vitest";
import { extractDocumentFields } from "../../../../src/extraction/fields/index.js";
import { notAName } from "../../../../src/extraction/fields/page/parties.page.js";
import { pageOf } from "./page.helpers.js";

describe("payment terms are no seller's name", () => {
  it("takes the seller's name under a payment term printed at the top of the page", () => {
    const page = pageOf([
      [700, 30, "INVOICE", 20],
      [50, 60, "Net 30", 14],
      [50, 80, "Jane Miller"],
      [600, 80, "Date: Oct 29, 2020"],
      [50, 110, "Bill To:"],
      [50, 125, "Fake Client"],
      [600, 400, "Total: $1.00"],
    ]);
    const issuer = extractDocumentFields([page], { documentType: "invoice", referenceDate: new Date("2024-06-01") }).find((f) => f.name === "issuer");
    expect(issuer?.value).toBe("Jane Miller");
  });

  it("knows the usual wordings of a payment term, and still takes a name with a number in it", () => {
    for (const term of ["Net 30", "NET 15 DAYS", "Net30", "2/10 Net 30", "30 days net", "Due on receipt", "Payable upon receipt", "Cash on Delivery"]) expect(notAName(term), term).toBe(true);
    for (const name of ["Net Solutions Ltd", "Network 30 Studios", "Receipt Bank Ltd"]) expect(notAName(name), name).toBe(false);
  });
});
