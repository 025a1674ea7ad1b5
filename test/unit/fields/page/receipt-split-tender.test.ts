import { describe, expect, it } from "vitest";
import type { Money } from "../../../../src/extraction/extraction.types.js";
import { extractDocumentFields } from "../../../../src/extraction/fields/index.js";
import { pageOf, type Placed } from "./page.helpers.js";

const opts = { referenceDate: new Date("2024-06-01"), documentType: "receipt" as const };
const total = (rows: readonly Placed[]) => (extractDocumentFields([pageOf(rows)], opts).find((f) => f.name === "total")?.value as Money | undefined)?.amount;

describe("a bill paid with two tenders", () => {
  it("keeps the printed total that a gift card plus cash less the change add up to, not the cash less the change", () => {
    const rows: Placed[] = [
      [50, 60, "EGGS 1/2 DOZ ORGANIC BROWN"], [450, 60, "2.69"],
      [50, 80, "BANANAS ORGANIC"], [450, 80, "1.45"],
      [50, 120, "SUBTOTAL"], [450, 120, "$50.43"],
      [50, 140, "TOTAL"], [450, 140, "$50.43"],
      [50, 160, "TJ GIFT CARD"], [450, 160, "$50.00"],
      [50, 170, "Gift Card#: 6114388565943665"],
      [50, 180, "Purchase $"], [450, 180, "50.00"],
      [50, 190, "End Bal $"], [450, 190, "0.00"],
      [50, 200, "Lane # 01 Cashier # 2222"],
      [50, 210, "01/31/16 16:08 Ref/Seq # 016327"],
      [50, 240, "CASH"], [450, 240, "$1.00"],
      [50, 260, "CHANGE"], [450, 260, "$0.57"],
    ];
    expect(total(rows)).toBe(50.43);
  });

  it("still takes the cash less the change when one payment was made and the printed total is a one-digit slip of it", () => {
    const rows: Placed[] = [
      [50, 60, "COFFEE"], [450, 60, "4.30"],
      [50, 100, "TOTAL"], [450, 100, "4.80"],
      [50, 140, "CASH"], [450, 140, "10.00"],
      [50, 160, "CHANGE"], [450, 160, "5.70"],
    ];
    expect(total(rows)).toBe(4.3);
  });
});
