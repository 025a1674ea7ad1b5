import { describe, expect, it } from "vitest";
import type { Money } from "../../../../src/extraction/extraction.types.js";
import { extractDocumentFields } from "../../../../src/extraction/fields/index.js";
import { pageOf, type Placed } from "./page.helpers.js";

const opts = { referenceDate: new Date("2024-06-01"), documentType: "receipt" as const };
const total = (rows: readonly Placed[]) => (extractDocumentFields([pageOf(rows)], opts).find((f) => f.name === "total")?.value as Money | undefined)?.amount;

describe("a payment summary under the bill", () => {
  it("takes its 'Total Amount' for the money handed over, not the bill's total", () => {
    const rows: Placed[] = [
      [50, 20, "Item name"], [300, 20, "Qty"], [450, 20, "Sale Price"],
      [50, 40, "Tall Classic Hot Chocolate"], [300, 40, "1"], [450, 40, "150.00"],
      [50, 60, "Grande Java Chip Frappuccino"], [300, 60, "1"], [450, 60, "208.00"],
      [50, 80, "Net Invoice Amount"],
      [450, 100, "674.99"],
      [50, 120, "Rounded Off Invoice Amount"],
      [50, 140, "*Dine In' Total"], [450, 140, "675.00"],
      [50, 180, "PAYMENT SUMMARY"],
      [50, 200, "Cash"],
      [50, 220, "Total Amount"], [450, 220, "1000.00"],
      [50, 240, "Amount Repaid"], [450, 240, "1000.00"],
      [450, 260, "1000.00"],
    ];
    expect(total(rows)).toBe(675);
  });
});
