import { describe, expect, it } from "vitest";
import { extractDocumentFields } from "../../../../src/extraction/fields/index.js";
import { pageOf, type Placed } from "./page.helpers.js";

const opts = { referenceDate: new Date("2024-06-01"), documentType: "invoice" as const };
/** A PDF's text layer (its labels are read as printed, not through OCR's misreadings). */
const invoiceNumber = (rows: readonly Placed[]) =>
  extractDocumentFields([{ ...pageOf([[50, 40, "Muster SARL", 20], ...rows, [50, 400, "Total TTC 119,00"]]), source: "text_layer" as const }], opts).find((f) => f.name === "invoice_number")?.value;

describe("a bare number sign opening a cell", () => {
  it("reads the number after 'n°' or 'N°:' when no label names the invoice number", () => {
    expect(invoiceNumber([[50, 100, "Adresse"], [150, 100, "970 Avenue Fabre 38250 Lans"], [700, 100, "n° 875"], [400, 150, "FACTURE"]])).toBe("875");
    expect(invoiceNumber([[50, 100, "COMERCIO AL POR MENOR"], [600, 100, "Factura electrónica"], [600, 115, "N°: 001-001-0000020"]])).toBe("001-001-0000020");
  });

  it("keeps a short lead group and the groups of three after it together ('N° 26 614 600 353')", () => {
    expect(invoiceNumber([[400, 100, "Facture du 29/07/2021"], [400, 115, "N° 26 614 600 353"], [700, 115, "146,62 €"]])).toBe("26614600353");
  });

  it("reads no sign followed by words, no 'No.' (a street address opens with one) and no amount spaced in thousands", () => {
    expect(invoiceNumber([[50, 100, "N° de compte : 4 06 7 004 546 438"]])).toBeUndefined();
    expect(invoiceNumber([[50, 100, "No. 12, Jalan Bukit Bintang 55100"]])).toBeUndefined();
    expect(invoiceNumber([[50, 100, "Invoice No.: 12 345,00"]])).toBeUndefined();
  });
});

describe("a number sign down the column of a title alone in its cell", () => {
  it("reads the number after the series under a fiscal e-invoice's title ('FACTURA CAMBIARIA ELECTRÓNICA' / 'Serie: A1' / 'No.: 123456789')", () => {
    const rows: Placed[] = [[450, 100, "Lachona"], [700, 100, "FACTURA CAMBIARIA ELECTRÓNICA"], [740, 115, "Serie: ABCD1234"], [400, 130, "Lachona, Sociedad Anonima"], [740, 140, "No.: 123456789"], [420, 155, "Ciudad de Guatemala"], [700, 155, "Fecha: 08/10/2022"]];
    expect(invoiceNumber(rows)).toBe("123456789");
  });

  it("reads a Polish 'FAKTURA VAT' cell over 'nr 2/15': a sign without its dot, a sequence and a two-digit year", () => {
    const rows: Placed[] = [[450, 118, "FAKTURA VAT"], [660, 118, "Miejsce wystawienia"], [840, 118, "Słupsk"], [660, 130, "Data wystawienia"], [840, 130, "2015-02-18"], [470, 142, "nr 2/15"], [660, 142, "Data sprzedaży"], [840, 142, "2015-02-18"]];
    expect(invoiceNumber(rows)).toBe("2/15");
  });

  it("reads no number in another column, nor one more than three rows down", () => {
    expect(invoiceNumber([[450, 100, "Lachona"], [700, 100, "FACTURA ELECTRÓNICA"], [100, 115, "No.: 123456789"]])).toBeUndefined();
    const far: Placed[] = [[450, 100, "Lachona"], [700, 100, "FACTURA"], [700, 115, "Serie: A"], [100, 130, "Calle 5"], [100, 145, "Zona 1"], [100, 160, "Guatemala"], [740, 175, "No.: 123456789"]];
    expect(invoiceNumber(far)).toBeUndefined();
  });
});
