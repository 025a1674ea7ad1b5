import { describe, expect, it } from "vitest";
import { extractDocumentFields } from "../../../../src/extraction/fields/index.js";
import { footerIssuers, notAName } from "../../../../src/extraction/fields/page/parties.page.js";
import { pageOf } from "./page.helpers.js";

const opts = { referenceDate: new Date("2024-06-01"), documentType: "invoice" as const };
const field = (page: ReturnType<typeof pageOf>, name: string) => extractDocumentFields([page], opts).find((f) => f.name === name)?.value;

describe("issuer and recipient on invoices", () => {
  // A title instead of a letterhead, the recipient left, the invoice's data in a right column on the same rows,
  // and the issuer's name only in the footer beside its VAT id.
  const page = pageOf([
    [60, 50, "INVOICE", 20],
    [60, 90, "Bill To:"], [60, 105, "Acme Corporation"], [60, 120, "12 High Street"], [60, 135, "London W1 2AB"],
    [600, 90, "Invoice # INV-0042"], [600, 105, "Date: March 3, 2024"], [600, 120, "Due Date: April 2, 2024"],
    [400, 430, "Total £120.00"],
    [60, 900, "Brightside Consulting Ltd, 5 Mill Lane, Leeds LS1 4AB. VAT GB123456789", 7],
  ]);

  it("reads the recipient in the label's column, not the text of the column beside it", () => {
    expect(field(page, "recipient")).toBe("Acme Corporation");
  });

  it("takes the issuer from the footer line that carries a legal form and the company's VAT id", () => {
    expect(field(page, "issuer")).toBe("Brightside Consulting Ltd");
    expect(footerIssuers(page, page.text).map((c) => c.value)).toEqual(["Brightside Consulting Ltd"]);
  });

  it("never takes a bank named in the footer", () => {
    const bank = pageOf([[60, 900, "Bankverbindung: Nordbank AG | IBAN DE89 3704 0044 0532 0130 00", 7]]);
    expect(footerIssuers(bank, bank.text)).toEqual([]);
  });

  it("a labelled value is not a name: an invoice number, a date, a customer number", () => {
    expect(notAName("Invoice # INV-0042")).toBe(true);
    expect(notAName("Invoice date 03/03/2024")).toBe(true);
    expect(notAName("Customer no. 5521")).toBe(true);
    expect(notAName("Data Technologies")).toBe(false);
  });

  it("a British postcode on its own line and a Spanish or Italian street are not names", () => {
    expect(notAName("M5 7AB")).toBe(true);
    expect(notAName("SW1A 1AA")).toBe(true);
    expect(notAName("Viale Lanega, 135")).toBe(true);
    expect(notAName("Corso Brentina, 4")).toBe(true);
    expect(notAName("Paseo Valdeluz, 12")).toBe(true);
    expect(notAName("Viale Servizi S.r.l.")).toBe(false);
  });

  it("the issuer is neither the recipient nor a line that starts with the recipient's name", () => {
    // No footer: the only company-looking top line is the recipient's row, merged with the column beside it.
    const noFooter = pageOf([
      [60, 50, "INVOICE", 20],
      [60, 90, "Bill To:"], [60, 105, "Acme Corporation"], [60, 120, "12 High Street"], [60, 135, "London W1 2AB"],
      [600, 90, "Invoice # INV-0042"], [600, 105, "Date: March 3, 2024"], [600, 120, "Due Date: April 2, 2024"],
      [400, 430, "Total £120.00"],
    ]);
    const issuer = extractDocumentFields([noFooter], opts).find((f) => f.name === "issuer");
    expect(issuer === undefined || !String(issuer.value).startsWith("Acme Corporation") || issuer.confidence < 0.3).toBe(true);
  });
});

describe("document date labels", () => {
  it("reads an issue date under its compound and multi-word labels, not the service period or the due date", () => {
    for (const label of ["Ausstellungsdatum:", "Datum der Rechnung:", "Uitgiftedatum:", "Data di emissione:", "Fecha de expedición:"]) {
      const page = pageOf([
        [60, 20, "Northwind GmbH", 20],
        [60, 200, "Leistungszeitraum: 01.02.2024 - 29.02.2024"],
        [60, 215, "Fällig am: 17.03.2024"],
        [60, 230, `${label} 03.03.2024`],
        [60, 400, "Gesamtbetrag 119,00 EUR"],
      ]);
      expect(field(page, "document_date"), label).toBe("2024-03-03");
    }
  });
});

describe("identifier and date labels OCR misread", () => {
  it("reads 'lnvoice No' and 'D4te' on an OCR'd page as the labels they are", () => {
    // pageOf builds an OCR'd page.
    const page = pageOf([
      [60, 20, "Northwind Traders", 20],
      [60, 200, "lnvoice No: 88213"],
      [60, 215, "D4te: 03/03/2024"],
      [60, 400, "Total 119.00"],
    ]);
    expect(field(page, "invoice_number")).toBe("88213");
    expect(field(page, "document_date")).toBe("2024-03-03");
  });
});

describe("an issuer block beside the recipient block", () => {
  // The issuer's name and address in the left column, "Bill to" and the customer's in the right one, on the same rows.
  const page = pageOf([
    [60, 40, "Invoice", 20],
    [60, 80, "Invoice number"], [260, 80, "8F3A2C1D-0007"],
    [60, 95, "Date of issue"], [260, 95, "March 5, 2024"],
    [60, 150, "Brightlane Analytics"], [560, 150, "Bill to"],
    [60, 165, "500 Market Street"], [560, 165, "Jordan Miller"],
    [60, 180, "San Francisco, California 94105"], [560, 180, "Miller Consulting LLC"],
    [60, 195, "billing@brightlane.io"], [560, 195, "42 Elm Road"],
    [500, 400, "Total $49.00"],
  ]);

  it("takes the issuer from the left column, not the company in the recipient's column on the same rows", () => {
    expect(field(page, "issuer")).toBe("Brightlane Analytics");
  });

  it("never reads a bare label, an id or a month-name date as a name", () => {
    expect(notAName("Invoice number")).toBe(true);
    expect(notAName("Date of issue")).toBe(true);
    expect(notAName("Rechnungsdatum")).toBe(true);
    expect(notAName("8F3A2C1D-0007")).toBe(true);
    expect(notAName("March 5, 2024")).toBe(true);
    expect(notAName("5. März 2024")).toBe(true);
    expect(notAName("Marks & Spencer")).toBe(false);
    expect(notAName("7-Eleven Malaysia")).toBe(false);
  });
});

describe("recipient labels, invoice numbers and dollar currencies across languages", () => {
  const invoice = (recipientLabel: string) =>
    pageOf([
      [60, 40, "Studio Esempio S.r.l.", 20],
      [60, 70, "Via Roma 1, 20121 Milano"],
      [560, 120, recipientLabel], [560, 135, "Officina Verdi S.n.c."], [560, 150, "Corso Italia 3"],
      [60, 200, "Fattura n. 57/2024 del 15/03/2024"],
      [500, 400, "Totale documento EUR 1.464,00"],
    ]);

  it("reads the recipient under Spett.le, Cliente:, Aan: and To:", () => {
    for (const label of ["Spett.le", "Cliente:", "Aan:", "To:"]) expect(field(invoice(label), "recipient")).toBe("Officina Verdi S.n.c.");
  });

  it("reads an invoice number after \"n.\" in a title line", () => {
    expect(field(invoice("Spett.le"), "invoice_number")).toBe("57/2024");
  });

  it("tells Canadian and Australian dollars from US dollars by their prefix", () => {
    const page = (amount: string) => pageOf([[60, 40, "Maple Media Inc.", 20], [60, 200, `Total due ${amount}`]]);
    expect(field(page("CA$1,695.00"), "currency")).toBe("CAD");
    expect(field(page("AU$99.00"), "currency")).toBe("AUD");
  });
});

describe("a letter-style invoice without a recipient label", () => {
  it("reads the recipient under the sender's small-print return line in the envelope window", () => {
    const page = pageOf([
      [600, 40, "Nordlicht Software GmbH", 20],
      [600, 65, "Hafenstraße 12"], [600, 80, "20457 Hamburg"],
      [80, 150, "Nordlicht Software GmbH · Hafenstraße 12 · 20457 Hamburg", 6],
      [80, 180, "Bäckerei Sonnenschein"], [80, 195, "Lindenallee 7"], [80, 210, "80331 München"],
      [600, 260, "Rechnungsnummer: RE-2024-0815"],
      [500, 500, "Rechnungsbetrag 141,61 €"],
    ]);
    expect(field(page, "recipient")).toBe("Bäckerei Sonnenschein");
    expect(field(page, "issuer")).toBe("Nordlicht Software GmbH");
  });
});
