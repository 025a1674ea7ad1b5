import { describe, expect, it } from "vitest";
import type { ExtractedField, FieldName } from "../../../src/extraction/extraction.types.js";
import { bestField, extractFields } from "../../../src/extraction/fields/index.js";
import { expectWellFormed } from "./helpers.js";

/**
 * The text-only extractors read dates, amounts and parties by labels in English, Dutch, German, French, Spanish,
 * Italian and Malay, on the value's line or on the line above it, and give a label the confidence its English
 * equivalent gets. Identifiers by these labels are the page model's (page/labels.languages.test.ts): the text-only
 * identifier candidates join the page model's in the served path, where more of them, unguarded by geometry, cost
 * invoice numbers on unseen e-invoices.
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
  ["en", "Due Date: 1 November 2019", "due_date", "2019-11-01"],
  ["nl", "Betalen vóór: 02-06-2019", "due_date", "2019-06-02"],
  ["nl", "Totaal te betalen  € 363,00", "total", "363"],
  ["de", "Rechnung Nr. 2019-555 vom 03.09.2019", "document_date", "2019-09-03"],
  ["fr", "Date d'échéance : 14 avril 2019", "due_date", "2019-04-14"],
  ["fr", "Date limite de paiement : 02/05/2019", "due_date", "2019-05-02"],
  ["es", "Base imponible  850,00 €", "subtotal", "850"],
  ["it", "Totale documento  EUR 488,00", "total", "488"],
  ["it", "Netto a pagare  976,00 €", "total", "976"],
  ["it", "Imponibile  400,00", "subtotal", "400"],
  ["ms", "Tarikh Akhir Bayaran: 04/09/2019", "due_date", "2019-09-04"],
  ["ms", "Jumlah Besar  RM 95.40", "total", "95.4"],
  ["ms", "Jumlah Kecil  RM 90.00", "subtotal", "90"],
  ["ms", "SST 6%  RM 5.40", "tax", "5.4"],
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
    ["fr", "Date d'échéance\n14/04/2019", "due_date", "2019-04-14"],
    ["ms", "Tarikh Invois\n12/09/2019", "document_date", "2019-09-12"],
  ];
  it.each(below)("%s: %j gives the %s %j", (_lang, rows, field, value) => {
    expect(valueOf(bestField(run(doc(rows)), field))).toBe(value);
  });
});

describe("a label of another language is as sure as its English equivalent", () => {
  it.each([
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
