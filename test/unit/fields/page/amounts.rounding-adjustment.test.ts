import { describe, expect, it } from "vitest";
import { amountCandidates } from "../../../../src/extraction/fields/page/amounts.page.js";
import { pageOf } from "./page.helpers.js";

const ctx = { decimalComma: true, dominantCurrency: "ARS" };

/** The roles the amount reading gives the one amount on a row of `label` and `value`. */
function rolesOf(label: string, value: string, decimalComma = true): string[] {
  const page = pageOf([[50, 240, label], [400, 240, value]]);
  return amountCandidates(page, { ...ctx, decimalComma }).map((c) => c.role);
}

describe("a rounding line", () => {
  it("under one unit of the currency is the adjustment, not a rounded total: rounding to whole pesos adjusts by up to 0.99", () => {
    expect(rolesOf("Ajuste redondeo factura anterior", "0,22")).toEqual(["rounding"]);
    expect(rolesOf("Redondeo", "-0,33")).toEqual(["rounding"]);
  });

  it("over a large amount prints the rounded total ('ROUNDING RM 182.00')", () => {
    expect(rolesOf("ROUNDING", "RM 182.00", false)).toEqual(["total"]);
  });
});
