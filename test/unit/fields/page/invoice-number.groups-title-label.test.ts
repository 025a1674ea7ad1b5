import { describe, expect, it } from "vitest";
import { extractDocumentFields } from "../../../../src/extraction/fields/index.js";
import { pageOf, type Placed } from "./page.helpers.js";

const opts = { referenceDate: new Date("2024-06-01"), documentType: "invoice" as const };
/** A PDF's text layer (its labels are read as printed, not through OCR's misreadings). */
const invoiceNumber = (rows: readonly Placed[]) =>
  extractDocumentFields([{ ...pageOf([[50, 40, "Muster GmbH", 20], ...rows, [50, 400, "Summe 119,00"]]), source: "text_layer" as const }], opts).find((f) => f.name === "invoice_number")?.value;

describe("an invoice number in three or more digit groups", () => {
  it("joins every group, as a telecom prints its bill's number ('726 752 5181')", () => {
    expect(invoiceNumber([[50, 100, "Rechnungsnummer"], [600, 100, "726 752 5181"], [50, 120, "Datum"], [600, 120, "14.04.2026"]])).toBe("7267525181");
    expect(invoiceNumber([[50, 100, "Invoice No.: 0045 2264 5948"]])).toBe("004522645948");
  });

  it("keeps none of the groups when the last runs on into an amount or a date", () => {
    expect(invoiceNumber([[50, 100, "Invoice No.: 4512 300 125,50"]])).toBe("4512");
    expect(invoiceNumber([[50, 100, "Invoice No.: 4512 300 125.03.2024"]])).toBe("4512");
  });
});

describe("an invoice number labelled in the cell after the document's title", () => {
  it("reads 'FAKTURA⇥Nr: 110/06/2025' (the title, a column gap, a number label with its colon)", () => {
    expect(invoiceNumber([[50, 100, "FAKTURA"], [700, 100, "Nr: 110/06/2025"]])).toBe("110/06/2025");
    expect(invoiceNumber([[50, 100, "Invoice"], [700, 100, "No.: A-2024-17"]])).toBe("A-2024-17");
  });

  it("knows every language's title word there, as the other title labels do ('Invois⇥No: IV-2024-09')", () => {
    expect(invoiceNumber([[50, 100, "INVOIS"], [700, 100, "No: IV-2024-09"]])).toBe("IV-2024-09");
    expect(invoiceNumber([[50, 100, "FATURA"], [700, 100, "No: FT-2024-117"]])).toBe("FT-2024-117");
  });

  it("takes no header row's 'No' cell without its colon for the invoice's number", () => {
    expect(invoiceNumber([[50, 100, "Invoice"], [300, 100, "No"], [500, 100, "Description"], [50, 115, "1"], [300, 115, "2"], [500, 115, "Widget 4711"]])).toBeUndefined();
  });
});

describe("a short number after the bare title word heading its row", () => {
  it("reads 'Rechnung 10' printed alone on its row", () => {
    expect(invoiceNumber([[50, 100, "Rechnung 10"], [50, 115, "Datum: 19.08.2015"]])).toBe("10");
    expect(invoiceNumber([[50, 100, "Invoice 7"], [50, 115, "Date: 2024-05-03"]])).toBe("7");
  });

  it("takes no short number the title word reads in a sentence or before more text on its row", () => {
    expect(invoiceNumber([[50, 100, "Zahlbar innerhalb von 14 Tagen nach Rechnung 10"]])).toBeUndefined();
    expect(invoiceNumber([[50, 100, "Rechnung 10 Tage nach Erhalt fällig"]])).toBeUndefined();
  });
});

describe("the Czech invoice-number label", () => {
  it("reads 'Číslo faktury: 7' and 'Cislo faktury 2024017'", () => {
    expect(invoiceNumber([[50, 100, "Číslo faktury: 7"], [50, 115, "Datum vystavení: 2024-08-02"]])).toBe("7");
    expect(invoiceNumber([[50, 100, "Cislo faktury 2024017"]])).toBe("2024017");
  });
});

describe("a fiscal document's number printed over its series", () => {
  it("reads a bare 'Nº.:' whose cell has the series right under it ('Nº.: 000.109.017' over 'Série: 1')", () => {
    const rows: Placed[] = [[50, 100, "Rua das Flores, 40"], [400, 100, "Nº.: 000.109.017"], [410, 112, "Série: 1"], [50, 200, "FATURA / DUPLICATA"], [50, 212, "Número"], [200, 212, "001"]];
    expect(invoiceNumber(rows)).toBe("000.109.017");
    expect(invoiceNumber([[400, 100, "N° 0042"], [400, 112, "Serie A"]])).toBe("0042");
  });

  it("reads a bare 'Nº' without a series under it, or with its series in another column, only as a bare number label: any named label wins", () => {
    expect(invoiceNumber([[400, 100, "Nº.: 000.109.017"], [410, 112, "Folha 1/1"], [50, 150, "Invoice No.: 2024-117"]])).toBe("2024-117");
    expect(invoiceNumber([[400, 100, "Nº.: 000.109.017"], [50, 112, "Série: 1"], [50, 150, "Rechnungsnummer: RE-7"]])).toBe("RE-7");
  });
});
