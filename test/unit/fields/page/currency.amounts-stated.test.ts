import { describe, expect, it } from "vitest";
import { extractDocumentFields } from "../../../../src/extraction/fields/index.js";
import { labelledCurrencies } from "../../../../src/extraction/fields/page/currency.evidence.js";
import { pageOf } from "./page.helpers.js";

const opts = { referenceDate: new Date("2024-06-01"), documentType: "invoice" as const };

describe("a sentence stating the currency the amounts are in", () => {
  it("reads 'All values are in INR', 'All prices are in USD', 'Amounts shown in EUR' as the named currency", () => {
    expect(labelledCurrencies("All values are in INR")).toEqual(["INR"]);
    expect(labelledCurrencies("Terms: Net 30. All prices are in USD. For billing inquiries")).toEqual(["USD"]);
    expect(labelledCurrencies("Amounts shown in EUR")).toEqual(["EUR"]);
    expect(labelledCurrencies("All figures in Indian Rupees")).toEqual(["INR"]);
  });

  it("takes no word for a code ('prices in all markets' is not the lek)", () => {
    expect(labelledCurrencies("Our prices in all markets are final")).toEqual([]);
    expect(labelledCurrencies("values are in any case binding")).toEqual([]);
  });

  it("gives an invoice of bare numbers the currency its note under the table states", () => {
    const fields = extractDocumentFields([
      pageOf([
        [50, 40, "Tax Invoice"], [300, 40, "Invoice No: FANETR2500002032"],
        [300, 55, "Invoice Date: 18-06-2024"],
        [50, 80, "Sold By"], [50, 95, "MENSA BRAND TECHNOLOGIES PRIVATE LIMITED,"],
        [50, 110, "280/4, Dewas naka, Indore - 453771"],
        [50, 200, "Storage Box"], [500, 200, "1"], [600, 200, "326.00"], [700, 200, "326.00"],
        [600, 230, "TOTAL PRICE: 326.00"],
        [600, 250, "All values are in INR"],
      ]),
    ], opts);
    expect(fields.find((f) => f.name === "currency")?.value).toBe("INR");
  });
});
