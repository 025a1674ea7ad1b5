import { describe, expect, it } from "vitest";
import { extractDocumentFields } from "../../../../src/extraction/fields/index.js";
import { pageOf, type Placed } from "./page.helpers.js";

const opts = { referenceDate: new Date("2026-06-01"), documentType: "invoice" as const };
const documentDate = (items: readonly Placed[]) =>
  extractDocumentFields([pageOf([[50, 40, "Acme Widgets Ltd", 20], ...items, [500, 600, "Total 10.00"]])], opts).find((f) => f.name === "document_date")?.value;

describe("the date of the invoice a document refers to", () => {
  // A credit note or corrected invoice names the invoice it corrects, with that invoice's date: an earlier
  // document's date, never this one's, however strongly its label says "invoice date".
  it.each([
    ["DATE DE FACTURE ASSOCIÉE : 01/01/2026"],
    ["Date de la facture d'origine : 01/01/2026"],
    ["Original invoice date: 01/01/2026"],
    ["Datum der ursprünglichen Rechnung: 01.01.2026"],
    ["Fecha de la factura rectificada: 01/01/2026"],
    ["Data fattura di riferimento: 01/01/2026"],
    ["Oorspronkelijke factuurdatum: 01-01-2026"],
  ])("is not the document date: %j", (text) => {
    expect(documentDate([[600, 80, "Date : 31/01/2026"], [50, 300, text]])).toBe("2026-01-31");
  });
});

describe("the dates of a service period", () => {
  // The first and last day of the service billed are when the work was done, not when the invoice was issued; the
  // first day often comes before the issue date, and may repeat another date of the page.
  const references = (start: string, end: string): Placed[] => [
    [600, 80, "FACTURE N° : F20260023"],
    [600, 95, "Date : 31/01/2026"],
    [50, 300, "N° DE FACTURE ASSOCIÉE : F20260003"],
    [50, 315, "DATE DE FACTURE ASSOCIÉE : 01/01/2026"],
    [50, 330, `${start} 01/01/2026`],
    [50, 345, `${end} 31/12/2026`],
  ];
  it.each([
    ["DATE DE DEBUT DE PRESTATION :", "DATE DE FIN DE PRESTATION :"],
    ["Start of service:", "End of service:"],
    ["Service start date:", "Service end date:"],
    ["Leistungsbeginn:", "Leistungsende:"],
    ["Fecha de inicio del servicio:", "Fecha de fin del servicio:"],
    ["Data inizio periodo:", "Data fine periodo:"],
    ["Begindatum:", "Einddatum:"],
  ])("is not the document date: %j … %j", (start, end) => {
    expect(documentDate(references(start, end))).toBe("2026-01-31");
  });
});
