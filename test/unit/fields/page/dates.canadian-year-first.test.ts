import { describe, expect, it } from "vitest";
import { extractDocumentFields } from "../../../../src/extraction/fields/index.js";
import { pageOf, type Placed } from "./page.helpers.js";

const opts = { referenceDate: new Date("2026-06-01"), documentType: "receipt" as const };
const date = (rows: readonly Placed[]) => extractDocumentFields([pageOf(rows)], opts).find((f) => f.name === "document_date")?.value;

const slip = (cue: string, printed: string): Placed[] => [
  [50, 20, "DOLLAR CORNER"],
  [50, 40, "NOTE PAD"], [450, 40, "2.25 H"],
  [50, 60, "SUBTOTAL"], [450, 60, "$19.00"],
  [50, 80, cue], [450, 80, "$2.47"],
  [50, 100, "TOTAL"], [450, 100, "$21.47"],
  [50, 120, "TYPE: PURCHASE"],
  [50, 140, "DATE/TIME:"], [300, 140, `${printed} 09:35:51`],
  [50, 160, "APPROVED - THANK YOU"],
];

describe("a Canadian till's two-digit year-first date", () => {
  it("reads 25/11/03 on a receipt charging HST as 3 November 2025, not 25 November 2003", () => {
    expect(date(slip("HST 13%", "25/11/03"))).toBe("2025-11-03");
  });

  it("reads 23/07/12 as 12 July 2023", () => {
    expect(date(slip("HST 15%", "23/07/12"))).toBe("2023-07-12");
  });

  it("leaves the same date day-first without a Canadian cue", () => {
    expect(date(slip("GST 9%", "25/11/03"))).toBe("2003-11-25");
  });

  it("leaves a year-first reading after the reference date day-first", () => {
    expect(date(slip("HST 13%", "28/02/24"))).toBe("2024-02-28");
  });
});
