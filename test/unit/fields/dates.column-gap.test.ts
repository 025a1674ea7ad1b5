import { describe, expect, it } from "vitest";
import { findDates } from "../../../src/extraction/fields/dates.extractor.js";
import { extractDocumentFields } from "../../../src/extraction/fields/index.js";
import { pageOf } from "./page/page.helpers.js";

const ctx = { monthFirst: false, referenceDate: new Date("2026-01-01") };

describe("a date is read inside its cell", () => {
  it("never from one cell's year and the next cell's day and month ('Sep, 2025⇥01/09/2025')", () => {
    const text = "Sep, 2025\t01/09/2025\t₹3,363\t25/09/2025";
    const isos = findDates(text, ctx).map((h) => h.iso);
    expect(isos).toContain("2025-09-01");
    expect(isos).not.toContain("2025-01-09");
  });
});

describe("a service line's 'From Date' and 'To Date'", () => {
  it("are the service period's days, not the document's date", () => {
    const fields = extractDocumentFields([
      pageOf([
        [50, 40, "INVOICE", 14], [600, 40, "24 March 2026"], [600, 60, "Example Broadband Limited"],
        [50, 160, "Plan Name"], [250, 160, "From Date"], [400, 160, "To Date"], [550, 160, "Net Amount"],
        [50, 180, "Premium 3M"], [250, 180, "25/09/2025"], [400, 180, "24/12/2025"], [550, 180, "2,850.00"],
        [450, 220, "Total"], [550, 220, "2,850.00"],
      ]),
    ], { referenceDate: new Date("2026-06-01"), documentType: "invoice" });
    expect(fields.find((f) => f.name === "document_date")?.value).toBe("2026-03-24");
  });
});
