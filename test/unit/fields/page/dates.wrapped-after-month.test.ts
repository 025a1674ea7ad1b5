import { describe, expect, it } from "vitest";
import { extractDocumentFields } from "../../../../src/extraction/fields/index.js";
import { pageOf, type Placed } from "./page.helpers.js";

const opts = { referenceDate: new Date("2024-06-01"), documentType: "invoice" as const };
const documentDate = (rows: readonly Placed[]) =>
  extractDocumentFields([{ ...pageOf([[50, 40, "Intl Conf Publications"], ...rows, [500, 400, "Total Invoice Amount 7750.00"]]), source: "text_layer" as const }], opts).find((f) => f.name === "document_date")?.value;

describe("a date wrapped after its month in a narrow cell", () => {
  it("reads the month ending the label's cell with the day and year under it", () => {
    const rows: Placed[] = [[50, 100, "Purchaser email: someone@example.com"], [640, 100, "Invoice Date: May"], [50, 112, "Purchaser phone: +919391657468"], [664, 112, "03, 2024"]];
    expect(documentDate(rows)).toBe("2024-05-03");
  });

  it("reads nothing when the row below holds no day and year", () => {
    const rows: Placed[] = [[640, 100, "Invoice Date: May"], [640, 112, "Payment terms: 30 days"]];
    expect(documentDate(rows)).toBeUndefined();
  });
});
