import { describe, expect, it } from "vitest";
import { extractDocumentFields } from "../../../../src/extraction/fields/index.js";
import { pageOf, type Placed } from "./page.helpers.js";

const opts = { referenceDate: new Date("2025-06-01"), documentType: "invoice" as const };
const date = (items: readonly Placed[]) =>
  extractDocumentFields([pageOf([[50, 40, "Officine Brenteo S.r.l.", 20], ...items, [500, 600, "Totale 10,00"]])], opts).find((f) => f.name === "document_date")?.value;

describe("dates with Italian month names", () => {
  it.each([
    ["Data fattura: 18 febbraio 2024", "2024-02-18"],
    ["Data documento 3 settembre 2024", "2024-09-03"],
    ["Data emissione: 27 dicembre 2024", "2024-12-27"],
  ])("reads %j", (text, iso) => {
    expect(date([[50, 200, text]])).toBe(iso);
  });

  it("reads the document date under its label beside a delivery date", () => {
    expect(date([[50, 200, "Data consegna"], [300, 200, "Data documento"], [50, 215, "13 febbraio 2024"], [300, 215, "18 febbraio 2024"]])).toBe("2024-02-18");
  });
});
