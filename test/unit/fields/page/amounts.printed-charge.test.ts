import { describe, expect, it } from "vitest";
import { extractDocumentFields } from "../../../../src/extraction/fields/index.js";
import type { PageModel } from "../../../../src/extraction/page/page.model.js";
import { pageOf, type Placed } from "./page.helpers.js";

const refDate = new Date("2024-06-01");

const textPage = (items: readonly Placed[]): PageModel => ({ ...pageOf(items, 1), source: "text_layer" });
const total = (rows: readonly Placed[]) =>
  (extractDocumentFields([textPage(rows)], { documentType: "invoice", referenceDate: refDate }).find((f) => f.name === "total")?.value as { amount: number } | undefined)?.amount;

/** A US template's item table: 20 × 12.00 + 10 × 5.00 = 290.00, the subtotal. */
const ITEMS: readonly Placed[] = [
  [50, 300, "QUANTITY"], [250, 300, "DESCRIPTION"], [600, 300, "UNIT PRICE"], [850, 300, "TOTAL"],
  [50, 320, "20"], [250, 320, "Box Chassis"], [600, 320, "$12.00"], [850, 320, "$240.00"],
  [50, 340, "10"], [250, 340, "Top Loader Tape"], [600, 340, "$5.00"], [850, 340, "$50.00"],
];
const foot = (charge: Placed | null, totalRow: string): Placed[] => [
  ...ITEMS,
  [600, 380, "SUBTOTAL"], [850, 380, "$290.00"],
  [600, 400, "SALES TAX"], [850, 400, "$18.85"],
  ...(charge ? [charge, [850, 420, "$10.00"] as Placed] : []),
  [600, 440, totalRow], [850, 440, "$318.85"],
];

describe("a total that is subtotal + tax + a charge printed on the page is read as printed, not as a one-digit slip", () => {
  it("keeps the total due when shipping and handling, printed below the tax, makes up the difference", () => {
    expect(total(foot([500, 420, "SHIPPING & HANDLING"], "TOTAL DUE"))).toBe(318.85);
  });

  it("keeps it for any charge line the vocabulary has no role for (freight, a fee)", () => {
    expect(total(foot([600, 420, "Freight"], "Total"))).toBe(318.85);
    expect(total(foot([600, 420, "Service fee"], "Amount due"))).toBe(318.85);
  });

  it("still reads a total one digit off subtotal + tax as a slip when the difference is printed nowhere", () => {
    expect(total(foot(null, "TOTAL DUE"))).toBe(308.85);
  });
});
