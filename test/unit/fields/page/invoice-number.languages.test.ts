import { describe, expect, it } from "vitest";
import { extractDocumentFields } from "../../../../src/extraction/fields/index.js";
import { pageOf, type Placed } from "./page.helpers.js";

const opts = { referenceDate: new Date("2024-06-01"), documentType: "invoice" as const };
const invoiceNumber = (items: readonly Placed[]) =>
  extractDocumentFields([pageOf([[50, 40, "Acme Widgets Ltd", 20], ...items, [500, 600, "Total 10.00"]])], opts).find((f) => f.name === "invoice_number")?.value;

describe("invoice number labels written with a sign or an abbreviation", () => {
  it.each([
    ["Fattura N°: 20245757", "20245757"],
    ["Factura nº: 2024/912", "2024/912"],
    ["Facture N°: F-2024-118", "F-2024-118"],
    ["Fattura n.: RE-2024-2832", "RE-2024-2832"],
    ["Fattura n. FT425598", "FT425598"],
    ["N. fattura FAC-2024-5449", "FAC-2024-5449"],
    ["Re.-Nr.: 20244240", "20244240"],
    ["Re.-Nr. RE-2024-0117", "RE-2024-0117"],
  ])("reads %j", (text, value) => {
    expect(invoiceNumber([[50, 200, text]])).toBe(value);
  });

  it("reads the value in the next column after an abbreviated label", () => {
    expect(invoiceNumber([[50, 200, "Fattura n."], [300, 200, "FT425598"]])).toBe("FT425598");
  });

  it("reads the value under an abbreviated label that ends its cell in a row of labels", () => {
    const items: Placed[] = [
      [50, 200, "FATTURA N."], [250, 200, "DATA"], [450, 200, "SCADENZA"],
      [50, 215, "2024-9386"], [250, 215, "15/07/2024"], [450, 215, "14/08/2024"],
    ];
    expect(invoiceNumber(items)).toBe("2024-9386");
  });

  it("keeps an order number labelled 'Nº de pedido' apart when the labels stand over their values", () => {
    const items: Placed[] = [
      [50, 200, "Nº de pedido"], [250, 200, "Factura nº"], [450, 200, "Contrato nº"], [650, 200, "Fecha de emisión"],
      [50, 215, "4556744391"], [250, 215, "2024/912"], [450, 215, "V-2024-490"], [650, 215, "06-05-2024"],
    ];
    expect(invoiceNumber(items)).toBe("2024/912");
  });

  it.each([
    ["Factura nº", "96-41514"],
    ["N. fattura", "20244670"],
  ])("reads the value under %j", (label, value) => {
    expect(invoiceNumber([[300, 200, label], [300, 215, value], [50, 200, "Vencimiento"], [50, 215, "14/04/2025"]])).toBe(value);
  });
});

describe("a bare number label on an invoice", () => {
  it("is the invoice number when no other label names one", () => {
    expect(invoiceNumber([[50, 200, "Factuur", 16], [400, 230, "Nummer:"], [500, 230, "553989"], [400, 245, "Datum:"], [500, 245, "12-03-2025"]])).toBe("553989");
  });

  it("gives way to an invoice-number label", () => {
    expect(invoiceNumber([[400, 230, "Nummer: 553989"], [400, 245, "Factuurnummer: 2025-0117"]])).toBe("2025-0117");
  });

  it("is not a customer or order number label", () => {
    expect(invoiceNumber([[400, 230, "Klantnummer: 553989"], [400, 245, "Ordernummer: 7781"]])).toBeUndefined();
  });
});

describe("a document number on an invoice that names no invoice number", () => {
  it("is the invoice number (Belegnummer)", () => {
    expect(invoiceNumber([[50, 200, "Rechnung", 16], [400, 230, "Belegnummer: 596119"], [400, 245, "Projekt: KM/ch"]])).toBe("596119");
  });

  it("gives way to an invoice-number label", () => {
    expect(invoiceNumber([[400, 230, "Belegnummer: 596119"], [400, 245, "Rechnungsnummer: 2025-0117"]])).toBe("2025-0117");
  });
});

describe("a credit note's own number", () => {
  // A credit note is numbered in the seller's invoice sequence: its number is the document's number, as
  // "Gutschrift Nr." and "Avoir n°" already are.
  it.each([
    ["Credit note No. 1234567890", "1234567890"],
    ["Credit Note #: CN-2024-017", "CN-2024-017"],
    ["Creditnota nr. 2024-0031", "2024-0031"],
    ["Note de crédit n° NC-118", "NC-118"],
    ["Nota de crédito Nº: R-2024-7", "R-2024-7"],
    ["Nota di credito n. NC/2024/12", "NC/2024/12"],
  ])("reads %j", (text, value) => {
    expect(invoiceNumber([[50, 200, text]])).toBe(value);
  });
});
