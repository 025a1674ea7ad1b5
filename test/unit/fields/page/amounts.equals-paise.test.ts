import { describe, expect, it } from "vitest";
import { extractDocumentFields } from "../../../../src/extraction/fields/index.js";
import { findAmounts } from "../../../../src/extraction/fields/money.js";
import { pageOf } from "./page.helpers.js";

const total = (rows: Parameters<typeof pageOf>[0]) =>
  (extractDocumentFields([pageOf(rows)], { documentType: "invoice", referenceDate: new Date("2026-01-01") }).find((f) => f.name === "total")?.value as { amount: number } | undefined)?.amount;

describe("rupees and paise set apart by an equals sign ('13,098=00')", () => {
  it("reads the sign as the decimal point", () => {
    expect(findAmounts("Grand Total Rs ; 13,098=00", 0, false, "INR").map((t) => [t.money.amount, t.hasDecimals])).toEqual([[13098, true]]);
    expect(findAmounts("Rs 999=50", 0, false, "INR").map((t) => t.money.amount)).toEqual([999.5]);
  });

  it("takes the grand total written so, not the total before tax", () => {
    expect(
      total([
        [50, 100, "Total Rs"], [400, 100, "11,100=00"],
        [50, 130, "Add : CGST @ 9 %"], [300, 130, "Rs ;"], [400, 130, "999=00"],
        [50, 150, "Add : SGST @ 9 %"], [300, 150, "Rs ;"], [400, 150, "999=00"],
        [50, 170, "Grand Total"], [300, 170, "Rs ; 13,098=00"],
      ]),
    ).toBe(13098);
  });

  it("reads no amount in an equation or a query string", () => {
    expect(findAmounts("x=12 page=3", 0, false, null).map((t) => t.money.amount)).toEqual([12, 3]);
    expect(findAmounts("2+2=4", 0, false, null).map((t) => t.money.amount)).toEqual([2, 2, 4]);
  });
});
