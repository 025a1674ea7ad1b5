import { describe, expect, it } from "vitest";
import type { FieldName } from "../../../../src/extraction/extraction.types.js";
import { extractDocumentFields } from "../../../../src/extraction/fields/index.js";
import { pageOf, type Placed } from "./page.helpers.js";

/**
 * Label → value by position on the page, with the label vocabularies of English, Dutch, German, French, Spanish,
 * Italian and Malay: the value stands right of its label on the same row, or under it on the row below.
 */
const field = (items: readonly Placed[], name: FieldName, documentType: "invoice" | "receipt" = "invoice"): string | undefined => {
  const page = pageOf([[50, 40, "Acme Trading Ltd", 20], [50, 70, "1 Main Road"], ...items]);
  const f = extractDocumentFields([page], { referenceDate: new Date("2026-01-01"), documentType }).find((x) => x.name === name);
  return f === undefined ? undefined : typeof f.value === "string" ? f.value : String(f.value.amount);
};

type Case = [language: string, label: string, value: string, field: FieldName, expected: string];

const cases: Case[] = [
  ["nl", "Uw referentie", "PRJ-17", "reference", "PRJ-17"],
  ["nl", "Betalen vóór", "02-06-2019", "due_date", "2019-06-02"],
  ["nl", "Afleverdatum", "10-10-2019", "delivery_date", "2019-10-10"],
  ["de", "Bon-Nr.", "4471", "reference", "4471"],
  ["de", "Debitoren-Nr.", "D-4410", "customer_number", "D-4410"],
  ["fr", "Code client", "411DUP", "customer_number", "411DUP"],
  ["fr", "Bon de commande", "BC-7781", "order_number", "BC-7781"],
  ["fr", "Date limite de paiement", "02/05/2019", "due_date", "2019-05-02"],
  ["es", "Nº de cliente", "4432", "customer_number", "4432"],
  ["es", "Código de cliente", "C-1180", "customer_number", "C-1180"],
  ["es", "Fecha de pedido", "10/07/2019", "order_date", "2019-07-10"],
  ["it", "Scontrino n.", "0042", "reference", "0042"],
  ["it", "Cod. cliente", "00451", "customer_number", "00451"],
  ["it", "Netto a pagare", "976,00 €", "total", "976"],
  ["ms", "Nombor Invois", "TJ-2019-88", "invoice_number", "TJ-2019-88"],
  ["ms", "No. Bil", "B-10021", "invoice_number", "B-10021"],
  ["ms", "No. Resit", "10044", "reference", "10044"],
  ["ms", "Kod Pelanggan", "KP-221", "customer_number", "KP-221"],
  ["ms", "Tarikh Tamat", "14/11/2019", "due_date", "2019-11-14"],
  ["ms", "No. Akaun", "A-221", "customer_number", "A-221"],
  ["en", "Cust. No.", "C-221", "customer_number", "C-221"],
  ["en", "Sales Order", "SO-221", "order_number", "SO-221"],
  ["en", "Supply Date", "01/08/2019", "delivery_date", "2019-08-01"],
  ["en", "Dispatch Date", "01/08/2019", "delivery_date", "2019-08-01"],
  ["nl", "Vervaldag", "05-09-2019", "due_date", "2019-09-05"],
  ["de", "Kd.-Nr.", "K-221", "customer_number", "K-221"],
  ["de", "Liefertermin", "01.08.2019", "delivery_date", "2019-08-01"],
  ["fr", "N° commande", "C-221", "order_number", "C-221"],
  ["fr", "Montant TVA", "20,00 €", "tax", "20"],
  ["es", "Su pedido", "P-221", "order_number", "P-221"],
  ["it", "Fattura numero", "F-221", "invoice_number", "F-221"],
  ["it", "Rif. ordine", "O-221", "order_number", "O-221"],
];

describe("a label of the vocabulary with its value right of it", () => {
  it.each(cases)("%s: %j then %j gives the %s %j", (_lang, label, value, name, expected) => {
    expect(field([[50, 200, label], [400, 200, value]], name)).toBe(expected);
  });
});

describe("a label of the vocabulary with its value under it", () => {
  it.each(cases)("%s: %j over %j gives the %s %j", (_lang, label, value, name, expected) => {
    expect(field([[50, 200, label], [50, 215, value]], name)).toBe(expected);
  });
});

describe("the recipient after a recipient label of another language", () => {
  it.each([
    ["nl", "Factuur aan", "Bouwbedrijf Smit B.V."],
    ["fr", "Destinataire", "Librairie Martin SAS"],
    ["nl", "Afnemer", "Globex Holding B.V."],
    ["ms", "Kepada Pelanggan", "Kedai Buku Ilmu Sdn Bhd"],
  ])("%s: the name under %j", (_lang, label, name) => {
    expect(field([[50, 200, label], [50, 215, name], [50, 230, "Dorpsstraat 4"], [500, 300, "Totaal"], [600, 300, "10,00"]], "recipient")).toBe(name);
  });
});

describe("money handed over and given back on a receipt, in other languages", () => {
  const receipt = (rows: readonly (readonly [string, string])[]): Placed[] => rows.map(([label, value], i): Placed[] => [[50, 200 + 15 * i, label], [400, 200 + 15 * i, value]]).flat();
  it.each([
    ["es", [["TOTAL", "2,10"], ["EFECTIVO", "5,00"], ["DEVOLUCIÓN", "2,90"]], "2.9"],
    ["es", [["TOTAL", "5,00"], ["ENTREGADO", "10,00"], ["A DEVOLVER", "5,00"]], "5"],
    ["ms", [["JUMLAH", "RM 10.60"], ["WANG DITERIMA", "RM 20.00"], ["WANG DIPULANGKAN", "RM 9.40"]], "9.4"],
  ] as const)("%s: %j gives the change", (_lang, rows, change) => {
    expect(field(receipt(rows), "change", "receipt")).toBe(change);
  });

  it("ms: the money received is what was tendered", () => {
    expect(field(receipt([["JUMLAH", "RM 10.60"], ["WANG DITERIMA", "RM 20.00"], ["WANG DIPULANGKAN", "RM 9.40"]]), "tendered", "receipt")).toBe("20");
  });
});
