import { describe, expect, it } from "vitest";
import type { ExtractedField, FieldName } from "../../../src/extraction/extraction.types.js";
import { bestField, extractFields } from "../../../src/extraction/fields/index.js";
import { expectWellFormed } from "./helpers.js";

/**
 * The text-only extractors read labels in English, Dutch, German, French, Spanish, Italian and Malay, on the value's
 * line or on the line above it, and give a label the confidence its English equivalent gets.
 */
const run = (text: string, documentType: "invoice" | "receipt" = "invoice"): ExtractedField[] => {
  const fields = extractFields([text], { documentType, referenceDate: new Date("2026-01-01") });
  expectWellFormed(fields, [text]);
  return fields;
};
const valueOf = (f: ExtractedField | undefined): string | undefined => (f === undefined ? undefined : typeof f.value === "string" ? f.value : String(f.value.amount));
/** A letterhead over the labelled row, so every case is a document, not a lone line. */
const doc = (row: string): string => `Acme Trading Ltd\n1 Main Road\n${row}`;

type Case = [language: string, row: string, field: FieldName, value: string];

const labelledValues: Case[] = [
  ["en", "Invoice No: 10023", "invoice_number", "10023"],
  ["en", "Due Date: 1 November 2019", "due_date", "2019-11-01"],
  ["nl", "Klantnummer: K-1002", "customer_number", "K-1002"],
  ["nl", "Uw referentie: PRJ-17", "reference", "PRJ-17"],
  ["nl", "Betalen vóór: 02-06-2019", "due_date", "2019-06-02"],
  ["nl", "Totaal te betalen  € 363,00", "total", "363"],
  ["de", "Rechnung Nr. 2019-555 vom 03.09.2019", "invoice_number", "2019-555"],
  ["de", "Rechnung Nr. 2019-555 vom 03.09.2019", "document_date", "2019-09-03"],
  ["de", "Kundennummer: 10-4432", "customer_number", "10-4432"],
  ["de", "Bestellnummer: BE-77812", "order_number", "BE-77812"],
  ["de", "Bon-Nr. 4471", "reference", "4471"],
  ["fr", "Date d'échéance : 14 avril 2019", "due_date", "2019-04-14"],
  ["fr", "Date limite de paiement : 02/05/2019", "due_date", "2019-05-02"],
  ["fr", "N° client : CL-0091", "customer_number", "CL-0091"],
  ["fr", "Code client : 411DUP", "customer_number", "411DUP"],
  ["fr", "Bon de commande : BC-7781", "order_number", "BC-7781"],
  ["es", "Número de factura: 2019/117", "invoice_number", "2019/117"],
  ["es", "Nº de cliente: 4432", "customer_number", "4432"],
  ["es", "Código de cliente: C-1180", "customer_number", "C-1180"],
  ["es", "Nº de pedido: PED-881", "order_number", "PED-881"],
  ["es", "Base imponible  850,00 €", "subtotal", "850"],
  ["it", "FATTURA N. 45/2019", "invoice_number", "45/2019"],
  ["it", "Codice cliente: CL-778", "customer_number", "CL-778"],
  ["it", "Numero ordine: ORD-4451", "order_number", "ORD-4451"],
  ["it", "Totale documento  EUR 488,00", "total", "488"],
  ["it", "Netto a pagare  976,00 €", "total", "976"],
  ["it", "Imponibile  400,00", "subtotal", "400"],
  ["ms", "No. Invois: INV-88812", "invoice_number", "INV-88812"],
  ["ms", "Nombor Invois: TJ-2019-88", "invoice_number", "TJ-2019-88"],
  ["ms", "No. Pelanggan: P-3321", "customer_number", "P-3321"],
  ["ms", "No. Pesanan: PS-119", "order_number", "PS-119"],
  ["ms", "No. Rujukan: RJ-88", "reference", "RJ-88"],
  ["ms", "Tarikh Akhir Bayaran: 04/09/2019", "due_date", "2019-09-04"],
  ["ms", "Jumlah Besar  RM 95.40", "total", "95.4"],
  ["ms", "Jumlah Kecil  RM 90.00", "subtotal", "90"],
  ["ms", "SST 6%  RM 5.40", "tax", "5.4"],
  ["en", "Invoice Ref: INV-5521", "invoice_number", "INV-5521"],
  ["fr", "Total hors taxes  100,00 €", "subtotal", "100"],
  ["fr", "Montant TVA  20,00 €", "tax", "20"],
];

describe("labels in seven languages, the value on the label's line", () => {
  it.each(labelledValues)("%s: %j gives the %s %j", (_lang, row, field, value) => {
    expect(valueOf(bestField(run(doc(row)), field))).toBe(value);
  });
});

describe("labels in seven languages, the value on the line below", () => {
  const below: Case[] = [
    ["nl", "Factuurnr.\nF19-0311", "invoice_number", "F19-0311"],
    ["de", "Kunden-Nr.\n33871", "customer_number", "33871"],
    ["fr", "Date d'échéance\n14/04/2019", "due_date", "2019-04-14"],
    ["es", "Número de factura\n2019/117", "invoice_number", "2019/117"],
    ["it", "Numero fattura\n2019/0031", "invoice_number", "2019/0031"],
    ["ms", "Nombor Invois\nTJ-2019-88", "invoice_number", "TJ-2019-88"],
    ["ms", "Tarikh Invois\n12/09/2019", "document_date", "2019-09-12"],
  ];
  it.each(below)("%s: %j gives the %s %j", (_lang, rows, field, value) => {
    expect(valueOf(bestField(run(doc(rows)), field))).toBe(value);
  });
});

describe("a label of another language is as sure as its English equivalent", () => {
  it.each([
    ["Invoice Number: 2019/117", "Número de factura: 2019/117", "invoice_number"],
    ["Invoice Number: INV-88812", "No. Invois: INV-88812", "invoice_number"],
    ["Order Number: PED-881", "Nº de pedido: PED-881", "order_number"],
    ["Due Date: 14/04/2019", "Date d'échéance : 14/04/2019", "due_date"],
    ["Date: 05/08/2019", "Tarikh: 05/08/2019", "document_date"],
    ["Grand Total  RM 95.40", "Jumlah Besar  RM 95.40", "total"],
    ["Total  EUR 488,00", "Totale  EUR 488,00", "total"],
    ["Subtotal  RM 90.00", "Jumlah Kecil  RM 90.00", "subtotal"],
  ] as const)("%j and %j", (english, other, field) => {
    const a = bestField(run(doc(english)), field);
    const b = bestField(run(doc(other)), field);
    expect(b?.value).toEqual(a?.value);
    expect(b?.confidence).toBeCloseTo(a?.confidence ?? -1, 5);
  });
});

describe("issuer and recipient in other languages", () => {
  it("takes the letterhead, not a label line naming the customer, as the issuer", () => {
    const fields = run("Servicios Ibéricos S.L.\nCalle Mayor 5, 28013 Madrid\nFACTURA\nCliente: Comercial López S.A.\nImporte total  1.028,50 €");
    expect(bestField(fields, "issuer")?.value).toBe("Servicios Ibéricos S.L.");
    expect(bestField(fields, "recipient")?.value).toBe("Comercial López S.A.");
  });

  it("reads a partnership's name whole when it starts with a seller word (Lieferant GmbH & Co. KG)", () => {
    expect(bestField(run("Lieferant GmbH & Co. KG\nRechnung Nr. 2019-555 vom 03.09.2019\nGesamtbetrag 119,00 EUR"), "issuer")?.value).toBe("Lieferant GmbH & Co. KG");
  });

  it("never takes a street line of another language as a receipt's issuer", () => {
    const fields = run("BAKKER BART\nStationsplein 2 Utrecht\nBonnummer: 88123\nTotaal  5,60", "receipt");
    expect(bestField(fields, "issuer")?.value).toBe("BAKKER BART");
  });
});
