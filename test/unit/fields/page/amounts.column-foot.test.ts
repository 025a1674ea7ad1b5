import { describe, expect, it } from "vitest";
import { extractDocumentFields } from "../../../../src/extraction/fields/index.js";
import type { PageModel } from "../../../../src/extraction/page/page.model.js";
import { pageOf, type Placed } from "./page.helpers.js";

const textLayerPage = (items: readonly Placed[]): PageModel => ({ ...pageOf(items, 1), source: "text_layer" });
const opts = { documentType: "invoice" as const, referenceDate: new Date("2025-06-01") };
const total = (items: readonly Placed[]) => extractDocumentFields([textLayerPage(items)], opts).find((f) => f.name === "total")?.value;

/**
 * A tax breakdown printed as a table under a heading row of amount labels: one row per tax rate, then a row that
 * sums each column and carries no label of its own (only the currency in the rate column).
 */
const breakdown = (rows: readonly [string, string, string, string][], sum: [string, string, string]): Placed[] => [
  [60, 40, "RECHNUNG", 14],
  [60, 80, "Musterlieferant GmbH"],
  [600, 80, "Rechnungsnummer: R-2024-118"],
  [600, 95, "Rechnungsdatum: 06.08.2024"],
  [60, 150, "Artikel"], [700, 150, "Nettowert"],
  [60, 170, "Zitronensäure 100ml"], [700, 170, "100,00"],
  [60, 500, "Warenwert"], [200, 500, "Nettobetrag"], [350, 500, "MwSt-Betrag"], [500, 500, "MwSt-%"], [700, 500, "Endbetrag"],
  ...rows.flatMap(([net, tax, rate, gross], i): Placed[] => [[60, 520 + 20 * i, net], [200, 520 + 20 * i, net], [350, 520 + 20 * i, tax], [500, 520 + 20 * i, rate], [700, 520 + 20 * i, gross]]),
  [60, 520 + 20 * rows.length + 20, sum[0]], [200, 520 + 20 * rows.length + 20, sum[0]], [350, 520 + 20 * rows.length + 20, sum[1]], [500, 520 + 20 * rows.length + 20, "EUR"], [700, 520 + 20 * rows.length + 20, sum[2]],
  [60, 700, "Musterlieferant GmbH · USt-IdNr: DE123456789"],
];

describe("the foot of a total column that sums the rows above it", () => {
  it("is the total, not the first rate's row under the heading", () => {
    const items = breakdown(
      [
        ["321,40", "61,07", "19,0", "382,47"],
        ["127,59", "8,93", "7,0", "136,52"],
      ],
      ["448,99", "70,00", "518,99"],
    );
    expect(total(items)).toMatchObject({ amount: 518.99 });
  });

  it("is a correction's total when every row is negative", () => {
    const items = breakdown(
      [
        ["-4,85", "-0,92", "19,0", "-5,77"],
        ["-2,82", "-0,20", "7,0", "-3,02"],
      ],
      ["-7,67", "-1,12", "-8,79"],
    );
    expect(total(items)).toMatchObject({ amount: -8.79 });
  });

  it("sums three rates as well", () => {
    const items = breakdown(
      [
        ["100,00", "19,00", "19,0", "119,00"],
        ["50,00", "3,50", "7,0", "53,50"],
        ["10,00", "0,00", "0,0", "10,00"],
      ],
      ["160,00", "22,50", "182,50"],
    );
    expect(total(items)).toMatchObject({ amount: 182.5 });
  });
});
