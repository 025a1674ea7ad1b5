import { describe, expect, it } from "vitest";
import { extractDocumentFields } from "../../../src/extraction/fields/index.js";
import { misreadMonth, withReadableMonths } from "../../../src/extraction/fields/dates.misread-months.js";
import { pageOf } from "./page/page.helpers.js";

const documentDate = (line: string) =>
  extractDocumentFields([pageOf([[50, 40, "Acme Widgets Ltd", 20], [50, 200, line], [500, 600, "Total 10.00"]])], { referenceDate: new Date("2025-06-01"), documentType: "invoice" }).find((f) => f.name === "document_date")?.value;

describe("month names a scan's OCR misread", () => {
  it.each([
    ["Rechnungsdatum: 24. Marz 2025", "2025-03-24"],
    ["Rechnungsdatum: 26. Miirz 2024", "2024-03-26"],
    ["Date de facturation 11 aofit 2024", "2024-08-11"],
    ["Date de facturation: 11 ao(t 2024", "2024-08-11"],
    ["Factuurdatum 3 Decernber 2024", "2024-12-03"],
  ])("reads the document date of %j", (line, iso) => {
    expect(documentDate(line)).toBe(iso);
  });

  it("keeps the text's length and every other character", () => {
    const text = "Datum: 26. Miirz 2024, Lieferung 2. Marz 2024";
    const view = withReadableMonths(text);
    expect(view).toHaveLength(text.length);
    expect(view).toBe("Datum: 26  Mar   2024, Lieferung 2  Mar  2024");
  });

  it("leaves months as printed, words far from any month and short words alone", () => {
    expect(misreadMonth("März")).toBeNull();
    expect(misreadMonth("Items")).toBeNull();
    expect(misreadMonth("Main")).toBeNull();
    expect(withReadableMonths("Invoice 12 Main 2024")).toBe("Invoice 12 Main 2024");
  });
});
