import { describe, expect, it } from "vitest";
import { findDates } from "../../../../src/extraction/fields/dates.extractor.js";
import { extractDocumentFields } from "../../../../src/extraction/fields/index.js";
import { pageOf, type Placed } from "./page.helpers.js";

const ctx = { monthFirst: false, referenceDate: new Date("2025-06-01") };
const isoDates = (text: string) => findDates(text, ctx).map((h) => h.iso);

describe("written dates with Czech and Polish month names in the genitive", () => {
  it.each([
    ["23. listopadu 2023", "2023-11-23"],
    ["1. ledna 2024", "2024-01-01"],
    ["Datum vystavení: 15. března 2024", "2024-03-15"],
    ["5 października 2024", "2024-10-05"],
    ["Data wystawienia: 12 lutego 2025", "2025-02-12"],
  ])("reads %j", (text, iso) => {
    expect(isoDates(text)).toEqual([iso]);
  });

  it("is the document date of a Czech invoice that prints only that date", () => {
    const rows: Placed[] = [[200, 40, "Faktura", 20], [200, 70, "Jaroslav Novák"], [200, 85, "23. listopadu 2023"], [500, 600, "Celkem 1 200 Kč"]];
    const date = extractDocumentFields([pageOf(rows)], { referenceDate: new Date("2025-06-01"), documentType: "invoice" }).find((f) => f.name === "document_date")?.value;
    expect(date).toBe("2023-11-23");
  });

  it("reads no month name without a year after it", () => {
    expect(isoDates("Do 23. listopadu")).toEqual([]);
  });
});
