import { describe, expect, it } from "vitest";
import type { Money } from "../../../../src/extraction/extraction.types.js";
import { extractDocumentFields } from "../../../../src/extraction/fields/index.js";
import { pageOf } from "./page.helpers.js";

const opts = { referenceDate: new Date("2024-06-01"), documentType: "invoice" as const };

describe("a tax table's total column", () => {
  it("totals on the row that adds up the rate rows above it, not on the first rate's row", () => {
    const page = pageOf([
      [500, 40, "INVOICE I/00002"],
      [500, 55, "Apr 01, 2015"],
      [60, 90, "From:\tTo:"],
      [60, 105, "Das Company\tJane Doe"],
      [60, 500, "TAX:\t%\tBase amount:\tTax amount:\tTotal:\tCurr.:"],
      [60, 515, "VAT\t6.00\t16.98\t1.02\t18.00 EUR"],
      [60, 530, "VAT\t21.00\t1136.36\t238.64\t1375.00 EUR"],
      [60, 545, "1153.34\t239.66\t1393.00 EUR"],
      [60, 580, "Please wire the amount due to our bank account using the following reference: 000000002"],
    ]);
    const total = extractDocumentFields([page], opts).find((f) => f.name === "total")?.value as Money | undefined;
    expect(total?.amount).toBe(1393);
  });
});
