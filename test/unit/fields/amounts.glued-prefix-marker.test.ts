import { describe, expect, it } from "vitest";
import type { Money } from "../../../src/extraction/extraction.types.js";
import { extractDocumentFields } from "../../../src/extraction/fields/index.js";
import { pageOf } from "./page/page.helpers.js";
import { findAmounts } from "../../../src/extraction/fields/money.js";

describe("a currency marker glued to a number is that number's prefix, not the suffix of the amount before", () => {
  const read = (t: string) => findAmounts(t, 0, false, null).map((a) => [a.money.amount, a.money.currency, a.explicitCurrency]);

  it("keeps 'Rs.' on the whole-rupee total after the tax cell ('Total⇥Rs.36.46⇥Rs.239')", () => {
    expect(read("Total\tRs.36.46\tRs.239")).toEqual([[36.46, "INR", true], [239, "INR", true]]);
  });

  it("still reads a marker set apart by a space as the suffix ('12,50 € 3')", () => {
    expect(findAmounts("12,50 € 3", 0, true, null)[0]?.money).toEqual({ amount: 12.5, currency: "EUR" });
  });
});

describe("a total row of a tax cell and a larger total cell, each with its currency", () => {
  const total = (row: string) =>
    (extractDocumentFields([{ ...pageOf([[50, 40, "Tax Invoice"], [50, 420, row]]), source: "text_layer" as const }], { documentType: "invoice", referenceDate: new Date("2024-06-01") }).find((f) => f.name === "total")?.value as Money | undefined)?.amount;

  it("reads the larger last amount as the total ('Total⇥Rs.36.46⇥Rs.239')", () => {
    expect(total("Total\tRs.36.46\tRs.239")).toBe(239);
  });
});
