import { describe, expect, it } from "vitest";
import type { Money } from "../../../../src/extraction/extraction.types.js";
import { extractDocumentFields } from "../../../../src/extraction/fields/index.js";
import { pageOf, type Placed } from "./page.helpers.js";

const opts = { referenceDate: new Date("2024-06-01"), documentType: "receipt" as const };
const total = (rows: readonly Placed[]) => (extractDocumentFields([pageOf(rows)], opts).find((f) => f.name === "total")?.value as Money | undefined)?.amount;

describe("a till's closing row: the tax, then the balance payable", () => {
  it("takes the balance after the tax amount on the same row (\"TAX .00 BAL 101.33\") as the total", () => {
    const rows: Placed[] = [
      [50, 20, "CORNER MARKET - SPRINGFIELD, IL 62701"],
      [50, 40, "BACON LS NP"], [450, 40, "4.99"],
      [50, 60, "BACON LS NP"], [450, 60, "4.99"],
      [50, 80, "FLOUR ALMOND NP"], [450, 80, "11.99"],
      [50, 100, "CHKN BRST BNLSS SK NP"], [450, 100, "18.80"],
      [50, 120, "HEAVY CREAM NP"], [450, 120, "3.39"],
      [50, 140, "xxx TAX"], [250, 140, ".00"], [350, 140, "BAL"], [450, 140, "44.16"],
    ];
    expect(total(rows)).toBe(44.16);
  });

  it("leaves a gift card's remaining balance alone", () => {
    const rows: Placed[] = [
      [50, 40, "COFFEE"], [450, 40, "4.30"],
      [50, 60, "TOTAL"], [450, 60, "4.30"],
      [50, 80, "GIFT CARD"], [450, 80, "4.30"],
      [50, 100, "End Bal $"], [450, 100, "12.70"],
    ];
    expect(total(rows)).toBe(4.3);
  });
});
