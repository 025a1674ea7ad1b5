/**
 * Labels as ERP prints abbreviate them: German number labels with a hyphen or a cut word ("Rechn.-Nr.", "Rg.-Nr.",
 * "Beleg-Nr.", "Bestell-Nr."), French amount labels with dotted initials ("Montant H.T.", "T.V.A.", "Montant T.T.C.").
 * The data is made up.
 */
import { describe, expect, it } from "vitest";
import { bestField, extractDocumentFields } from "../../../../src/extraction/fields/index.js";
import type { ExtractedField, FieldName, Money } from "../../../../src/extraction/extraction.types.js";
import { pageOf, type Placed } from "./page.helpers.js";

const opts = { referenceDate: new Date("2025-06-01"), documentType: "invoice" as const };

const value = (fields: readonly ExtractedField[], name: FieldName): unknown => {
  const f = fields.find((x) => x.name === name) ?? bestField(fields, name);
  return f && typeof f.value === "object" ? (f.value as Money).amount : f?.value;
};

const german = (rows: readonly Placed[]): ExtractedField[] =>
  extractDocumentFields([pageOf([[50, 40, "Müller Haustechnik GmbH", 20], [50, 70, "Hauptstr. 5"], [50, 85, "80331 München"], [50, 150, "Kunde AG"], [50, 165, "Ringstr. 1"], [50, 180, "10115 Berlin"], ...rows, [500, 600, "Summe netto"], [700, 600, "100,00 €"], [500, 620, "zzgl. 19 % MwSt."], [700, 620, "19,00 €"], [500, 640, "Summe brutto"], [700, 640, "119,00 €"]])], opts);

describe("abbreviated German number labels", () => {
  it("reads the invoice number after 'Rechn.-Nr.' and 'Rg.-Nr.'", () => {
    expect(value(german([[500, 150, "Rechn.-Nr.: 24-0117"], [500, 170, "Datum: 12.03.2024"]]), "invoice_number")).toBe("24-0117");
    expect(value(german([[500, 150, "Rg.-Nr. 24-0118"], [500, 170, "Datum: 12.03.2024"]]), "invoice_number")).toBe("24-0118");
  });

  it("reads a hyphenated document number as the invoice's when nothing else names it, and keeps 'Bestell-Nr.' an order number", () => {
    const fields = german([[500, 150, "Beleg-Nr.: 24-0119"], [500, 170, "Bestell-Nr.: B-778"], [500, 190, "Datum: 12.03.2024"]]);
    expect(value(fields, "invoice_number")).toBe("24-0119");
    expect(fields.some((f) => f.name === "order_number" && f.value === "B-778")).toBe(true);
  });
});

describe("French amount labels with dotted initials", () => {
  it("reads 'Montant H.T.' as the subtotal and 'T.V.A.' as the tax beside 'Montant T.T.C.'", () => {
    const fields = extractDocumentFields([pageOf([[50, 40, "Boulangerie Martin SARL", 20], [50, 70, "12 rue de la Paix"], [50, 85, "75002 Paris"], [50, 250, "Facture N° F2024-0117"], [50, 270, "Date : 12/03/2024"], [500, 600, "Montant H.T."], [700, 600, "100,00"], [500, 620, "T.V.A. 20 %"], [700, 620, "20,00"], [500, 640, "Montant T.T.C."], [700, 640, "120,00"]])], opts);
    expect(value(fields, "subtotal")).toBe(100);
    expect(value(fields, "tax")).toBe(20);
    expect(value(fields, "total")).toBe(120);
  });
});

describe("compound total labels", () => {
  it("reads German compounds of the amount payable and English 'Gross amount' as the total, not the subtotal above", () => {
    for (const label of ["Rechnungsendbetrag", "Gesamtrechnungsbetrag", "Brutto-Rechnungsbetrag", "Gesamtbruttobetrag", "Endsumme", "Zu zahlender Betrag", "Fälliger Betrag", "Gross amount"]) {
      const rows: Placed[] = [[50, 40, "Müller Haustechnik GmbH", 20], [50, 70, "Hauptstr. 5"], [50, 85, "80331 München"], [500, 150, "Rechnungsnummer: 24-0117"], [500, 170, "Datum: 12.03.2024"], [500, 580, "Zwischensumme"], [700, 580, "119,00 €"], [500, 600, "Versand"], [700, 600, "10,00 €"], [500, 620, label], [700, 620, "129,00 €"], [500, 640, "enthaltene MwSt. 19 %"], [700, 640, "20,60 €"]];
      const fields = extractDocumentFields([pageOf(rows)], opts);
      expect(value(fields, "total"), label).toBe(129);
    }
  });
});
