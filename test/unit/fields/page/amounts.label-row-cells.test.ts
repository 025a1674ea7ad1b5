import { describe, expect, it } from "vitest";
import { extractDocumentFields } from "../../../../src/extraction/fields/index.js";
import { AMOUNT_LABELS } from "../../../../src/extraction/fields/page/labels.vocabulary.js";
import { pageOf } from "./page.helpers.js";

const opts = { referenceDate: new Date("2026-01-01"), documentType: "invoice" as const };

describe("a row of labels in cells over a row of values (a bill's summary strip)", () => {
  const bill = pageOf([
    [50, 40, "TAX INVOICE", 14], [600, 60, "Example Broadband Limited"], [600, 75, "GSTIN : 29AACCA8907B1ZU"],
    [50, 120, "Invoice No. : KA-B1-1234"],
    [50, 160, "Billing Period"], [200, 160, "Invoice Date"], [350, 160, "Amount Payable"], [500, 160, "Due Date"], [620, 160, "Amount After Due Date"],
    [50, 180, "Sep, 2025"], [200, 180, "01/09/2025"], [360, 180, "₹3,363"], [500, 180, "25/09/2025"], [640, 180, "₹3,481"],
  ]);
  const fields = extractDocumentFields([bill], opts);

  it("reads each label's amount in its own cell below, not the row's rightmost amount (another label's)", () => {
    expect(fields.find((f) => f.name === "total")?.value).toEqual({ amount: 3363, currency: "INR" });
  });

  it("reads the date under 'Invoice Date', not a date pieced together from the year of one cell and the next cell's day and month", () => {
    expect(fields.find((f) => f.name === "document_date")?.value).toBe("2025-09-01");
  });
});

describe("'Invoice Total' names the amount payable", () => {
  it("is a strong total wording, as 'Rechnungsbetrag' and 'Totale fattura' are, above a section's bare 'Total'", () => {
    const strong = (text: string) => AMOUNT_LABELS.some((l) => l.role === "total" && l.strength >= 0.9 && l.re.test(text));
    expect(strong("Invoice Total")).toBe(true);
    expect(strong("Total Invoice Amount")).toBe(true);
    expect(strong("MEAT Total")).toBe(false);
  });
});
