import type { ExtractedField } from "../../../src/extraction/extraction.types.js";
import { buildContext, extractDocumentFields } from "../../../src/extraction/fields/index.js";
import type { PageModel } from "../../../src/extraction/page/page.model.js";
import { pageOf, type Placed } from "../fields/page/page.helpers.js";

export const REFERENCE_DATE = new Date("2024-07-01");

/** Two invoices of one issuer with labels Folio's vocabulary does not know, values laid out differently, and one invoice of another issuer. */
export function nordlicht(invoice: { number: string; date: string; delivered: string; total: string }, layout: "near" | "far"): PageModel {
  const x = layout === "near" ? 260 : 640;
  const y = layout === "near" ? 230 : 160;
  const items: Placed[] = [
    [50, 40, "Nordlicht Werkstatt GmbH", 20],
    [50, 70, "Hafenstrasse 4, 20457 Hamburg"],
    [50, 90, "USt-IdNr. DE123456789"],
    [50, y, "Vorgang"],
    [x, y, invoice.number],
    [50, y + 30, "Erstellt"],
    [x, y + 30, invoice.date],
    // A date under a generic label the machine takes for the invoice date.
    [50, 120, `Datum der Lieferung: ${invoice.delivered}`],
    [50, 500, "Summe"],
    [640, 500, `${invoice.total} EUR`],
  ];
  return pageOf(items, 1);
}

export function sonnenhof(): PageModel {
  return pageOf(
    [
      [50, 40, "Sonnenhof Baeckerei GmbH", 20],
      [50, 90, "USt-IdNr. DE987654321"],
      [50, 200, "Rechnungsnummer: SB-1001"],
      [50, 230, "Rechnungsdatum: 12.06.2024"],
      [50, 260, "Vorgang"],
      [640, 260, "K-77"],
      [50, 500, "Summe"],
      [640, 500, "48,00 EUR"],
    ],
    1,
  );
}

export function machineFields(page: PageModel): ExtractedField[] {
  return extractDocumentFields([page], { referenceDate: REFERENCE_DATE, documentType: "invoice" });
}

export function readContext(page: PageModel) {
  return buildContext([page.text], { referenceDate: REFERENCE_DATE, documentType: "invoice" });
}

export const field = (fields: readonly ExtractedField[], name: string) => fields.find((f) => f.name === name);
