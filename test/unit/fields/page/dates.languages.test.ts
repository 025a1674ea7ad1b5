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

describe("a date label ending its row", () => {
  // Labels above values; in reading order the row of values follows the last label directly.
  it("does not take the first value of the row below as its own", () => {
    const items: Placed[] = [
      [50, 200, "Vencimiento"], [300, 200, "Factura nº"], [500, 200, "Fecha de factura"],
      [50, 215, "14/04/2025"], [300, 215, "96-41514"], [500, 215, "15/03/2025"],
    ];
    expect(date(items)).toBe("2025-03-15");
  });

  it("keeps an order date at the row's end apart from the document date", () => {
    const items: Placed[] = [
      [50, 200, "Datum factuur"], [400, 200, "Besteldatum"],
      [50, 215, "10/09/2024"], [400, 215, "14/08/2024"],
    ];
    expect(date(items)).toBe("2024-09-10");
  });
});
