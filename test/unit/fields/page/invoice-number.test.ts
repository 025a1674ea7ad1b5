import { describe, expect, it } from "vitest";
import { extractDocumentFields } from "../../../../src/extraction/fields/index.js";
import { pageOf, type Placed } from "./page.helpers.js";

const opts = { referenceDate: new Date("2024-06-01"), documentType: "invoice" as const };
const invoiceNumber = (items: readonly Placed[]) =>
  extractDocumentFields([pageOf([[50, 40, "Acme Widgets Ltd", 20], ...items, [500, 600, "Total 10.00"]])], opts).find((f) => f.name === "invoice_number")?.value;

describe("invoice number labels", () => {
  it.each([
    ["Invoice No. 4512-A", "4512-A"],
    ["Inv # 88123", "88123"],
    ["Invoice Nbr: 88123", "88123"],
    ["Factuurnr. 2024-0117", "2024-0117"],
    ["Rechnungs-Nr. RE-30064443", "RE-30064443"],
    ["Rechnungsnummer: 30064443", "30064443"],
    ["N° de facture : F2024-118", "F2024-118"],
    ["Facture N° F2024-118", "F2024-118"],
    ["Factura n.º 2024/117", "2024/117"],
    ["Nº Factura: A-00231", "A-00231"],
    ["Fattura n. 117/2024", "117/2024"],
    ["No. Invois: INV-00231", "INV-00231"],
    ["No Invois 00231", "00231"],
    ["Invoice Number - 00231", "00231"],
    ["lnvoice No: 00231", "00231"],
    ["Invoice N0. 00231", "00231"],
  ])("reads %j", (text, value) => {
    expect(invoiceNumber([[50, 200, text]])).toBe(value);
  });
});

describe("invoice number values", () => {
  it("joins a number printed in two groups", () => {
    expect(invoiceNumber([[50, 200, "Invoice No.: 2024 000117"]])).toBe("2024000117");
    expect(invoiceNumber([[50, 200, "Invoice No.: INV 000117"]])).toBe("INV000117");
  });

  it("keeps a prefix before a sequence number and its year joined by a slash or dash", () => {
    expect(invoiceNumber([[50, 200, "Invoice No.: FV 12/2023"]])).toBe("FV12/2023");
    expect(invoiceNumber([[50, 200, "Rechnung Nr. RE 7-2024"]])).toBe("RE7-2024");
    // A date after a prefix is no such number.
    expect(invoiceNumber([[50, 200, "Invoice No.: ABC 12/05/2024"]])).not.toBe("ABC12/05/2024");
  });

  it("keeps a prefix before a sequence, its zero-padded month and its year, padded as no date is (FV 1/05/2021)", () => {
    expect(invoiceNumber([[50, 200, "Faktura nr FV 1/05/2021"], [50, 215, "Data wystawienia: 2021-05-02"]])).toBe("FV1/05/2021");
    expect(invoiceNumber([[50, 200, "Invoice No.: ABC 01/05/2024"]])).not.toBe("ABC01/05/2024");
  });

  it("does not join a date after the number", () => {
    expect(invoiceNumber([[50, 200, "Invoice No. 4512 02.03.2024"]])).toBe("4512");
  });

  it("reads the value on the next line under its label", () => {
    expect(invoiceNumber([[50, 200, "Factuurnummer"], [50, 215, "993548900"]])).toBe("993548900");
    expect(invoiceNumber([[600, 200, "Invoice No."], [300, 200, "Date"], [600, 215, "INV-7781"], [300, 215, "02/03/2024"]])).toBe("INV-7781");
  });

  it.each([
    ["an ISO date", [[50, 200, "Invoice No."], [50, 215, "2024-03-02"]]],
    ["a dotted date", [[50, 200, "Invoice No."], [50, 215, "02.03.2024"]]],
    ["a phone number", [[50, 200, "Invoice No."], [50, 215, "+31 20 794 6095"]]],
    ["an IBAN", [[50, 200, "Invoice No."], [50, 215, "NL91 ABNA 0417 1643 00"]]],
    ["a Dutch postcode", [[50, 200, "Invoice No."], [50, 215, "3012 CN Rotterdam"]]],
    ["a German postcode", [[50, 200, "Invoice No."], [50, 215, "10115 Berlin"]]],
    ["a British postcode", [[50, 200, "Invoice No."], [50, 215, "SW1A 1AA"]]],
  ] as [string, Placed[]][])("is never %s", (_what, items) => {
    expect(invoiceNumber(items)).toBeUndefined();
  });

  it("keeps customer and order numbers apart from the invoice number", () => {
    const page = pageOf([
      [50, 40, "Acme Widgets Ltd", 20],
      [50, 200, "Customer No. 6669263"],
      [50, 215, "Order No. 12572103"],
      [50, 230, "Invoice No. 993548900"],
      [500, 600, "Total 10.00"],
    ]);
    const fields = extractDocumentFields([page], opts);
    expect(fields.find((f) => f.name === "invoice_number")?.value).toBe("993548900");
    expect(fields.find((f) => f.name === "customer_number")?.value).toBe("6669263");
    expect(fields.find((f) => f.name === "order_number")?.value).toBe("12572103");
  });

  it("does not take the order number for the invoice number when only the order is numbered", () => {
    expect(invoiceNumber([[50, 200, "Invoice"], [50, 230, "Order No. 12572103"]])).toBeUndefined();
  });
});

describe("a number before the row's next label is not a postcode", () => {
  it.each([["Invoice No. 12345 Cashier: Ali"], ["Invoice No. 12345 Page 1 of 2"], ["Invoice No. 12345 Date: 02.03.2024"]])("reads 12345 in %j", (text) => {
    expect(invoiceNumber([[50, 200, text]])).toBe("12345");
  });
});

describe("an invoice number a scan's OCR spaced apart", () => {
  it.each([
    ["Invoice number FA- 2025- 2506", "FA-2025-2506"],
    ["Factuurnummer: 2024/ 124", "2024/124"],
    ["Rechnungsnummer: RE- 2025-4920", "RE-2025-4920"],
  ])("reads %j whole", (text, value) => {
    expect(invoiceNumber([[50, 200, text]])).toBe(value);
  });

  it("reads a value under its label whole", () => {
    expect(invoiceNumber([[50, 200, "Facture n°"], [300, 200, "Date"], [50, 215, "RE- 2025- 4920"], [300, 215, "06. 02. 2025"]])).toBe("RE-2025-4920");
  });

  it("does not join a spaced date range into a number", () => {
    expect(invoiceNumber([[50, 200, "Rechnungsnummer: 01- 03-2024"], [50, 215, "Invoice No. 4512"]])).toBe("4512");
  });
});

describe("an invoice number spaced apart at a sentence's end", () => {
  it("reads it whole before the full stop", () => {
    expect(invoiceNumber([[50, 200, "Please pay within 30 days quoting invoice FA-2025- 2506."]])).toBe("FA-2025-2506");
  });
});

describe("labels a scan's OCR misread", () => {
  it("reads a hyphenated label with a space after its hyphen", () => {
    expect(invoiceNumber([[50, 200, "Rechnungs- Nr.: 20245717"]])).toBe("20245717");
  });

  it("reads the number after a Nº read as N.2", () => {
    expect(invoiceNumber([[50, 200, "Factura N.2: 344874"]])).toBe("344874");
  });
});

describe("compound number labels a scan's OCR misread (rn read as m, m and n confused)", () => {
  const ocrNumber = (items: readonly Placed[]) =>
    extractDocumentFields([pageOf([[50, 40, "Logistiek Haversloot BV", 20], ...items, [500, 600, "Totaal 10,00"]])], opts).find((f) => f.name === "invoice_number")?.value;

  it.each([
    ["Factuumummer:", "21-66326"],
    ["Factmurmummer", "2024/124"],
    ["Factuumr.:", "43764"],
    ["Facthurmr.", "20245355"],
  ])("reads the number after %j", (label, value) => {
    expect(ocrNumber([[50, 200, label], [250, 200, value]])).toBe(value);
  });

  it("keeps a misread customer number label a customer number", () => {
    expect(ocrNumber([[50, 200, "Klanmummer"], [250, 200, "C231205"], [50, 215, "Factuurnummer:"], [250, 215, "21-66326"]])).toBe("21-66326");
  });
});
