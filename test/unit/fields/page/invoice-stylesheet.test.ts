/**
 * Invoices laid out as a form (the German e-invoice viewers' rendering and many ERP prints): a title line with the
 * number and date ("Handelsrechnung Nr. 471102 vom 05.03.2018"), party blocks under "Verkäufer:" / "Käufer:" whose
 * first rows are labelled data ("Nummer : 549910"), the currency by a label, and a summary block of labelled sums.
 * Rules found on the ZUGFeRD reference samples (bench/invoices/einvoice-text.eval.ts); the data here is made up.
 */
import { describe, expect, it } from "vitest";
import { bestField, extractDocumentFields } from "../../../../src/extraction/fields/index.js";
import type { ExtractedField, FieldName, Money } from "../../../../src/extraction/extraction.types.js";
import { decideCurrency } from "../../../../src/extraction/fields/page/currency.evidence.js";
import { pageOf, type Placed } from "./page.helpers.js";

const opts = { referenceDate: new Date("2025-06-01"), documentType: "invoice" as const };

/** A form-style invoice: `title` rows at the top, the parties, then `sums` rows at the foot. */
function formInvoice(title: readonly string[], opt: { seller?: readonly string[]; buyer?: readonly string[]; sums?: readonly [string, string][]; extra?: readonly string[] } = {}): ExtractedField[] {
  const rows: string[] = [
    "Darstellung der Rechnungsdaten",
    "Version 2.1 vom 24.03.2020",
    ...title,
    "Währung : EUR",
    "Liefer- und Leistungsdatum : 28.02.2018",
    "Verkäufer:",
    ...(opt.seller ?? ["Nummer : 549910", "Globale Nummer: 4000001123452 (GTIN)", "Lieferant GmbH", "Lieferantenstraße 20", "DE 80333 München", "USt.-Id.-Nr. : DE123456789"]),
    "Käufer:",
    ...(opt.buyer ?? ["Nummer : GE2020211", "Kunden AG Mitte", "Kundenstraße 15", "DE 69876 Frankfurt"]),
    ...(opt.extra ?? ["Rechnung gemäß Bestellung vom 01.03.2018."]),
  ];
  const items: Placed[] = rows.map((t, i) => [50, 30 + 18 * i, t]);
  const sums = opt.sums ?? [["Rechnungssumme ohne USt.", "473,00"], ["Steuerbetrag", "56,87"], ["Bruttosumme", "529,87"], ["Zahlbetrag", "529,87"]];
  sums.forEach(([label, value], i) => items.push([50, 700 + 18 * i, label], [600, 700 + 18 * i, value]));
  return extractDocumentFields([pageOf(items)], opts);
}

const value = (fields: readonly ExtractedField[], name: FieldName): unknown => {
  const f = fields.find((x) => x.name === name) ?? bestField(fields, name);
  return f && typeof f.value === "object" ? (f.value as Money).amount : f?.value;
};

describe("a form-style invoice's title line: number and date together", () => {
  it("reads the number after a compound of Rechnung, not a party's 'Nummer', and the date after 'vom'", () => {
    const fields = formInvoice(["Handelsrechnung Nr. 471102 vom 05.03.2018"]);
    expect(value(fields, "invoice_number")).toBe("471102");
    expect(value(fields, "document_date")).toBe("2018-03-05");
  });

  it("keeps 'Bestellung vom' an order date", () => {
    const fields = formInvoice(["Handelsrechnung Nr. 471102 vom 05.03.2018"]);
    expect(fields.some((f) => f.name === "order_date" && f.value === "2018-03-01")).toBe(true);
  });

  it("reads an invoice correction's and a credit note's number", () => {
    expect(value(formInvoice(["Rechnungskorrektur Nr. RK21012345 vom 16.09.2018"]), "invoice_number")).toBe("RK21012345");
    const credit = formInvoice(["Gutschrift (Selbst ausgestellte Rechnung) Nr. 471102 vom", "05.03.2018"]);
    expect(value(credit, "invoice_number")).toBe("471102");
    expect(value(credit, "document_date")).toBe("2018-03-05");
  });

  it("reads the number of a title qualified by its issuer in the genitive, its date wrapped to the next row", () => {
    const fields = formInvoice(["Rechnung des Versicherers Nr. 01.234.567.8-2018-1 vom", "06.12.2018"]);
    expect(value(fields, "invoice_number")).toBe("01.234.567.8-2018-1");
    expect(value(fields, "document_date")).toBe("2018-12-06");
  });

  it("reads the date of a title that wrapped after its number, the next row opening with 'vom' / 'dated'", () => {
    const credit = formInvoice(["Gutschrift (Selbst ausgestellte Rechnung) Nr. 47110818", "vom 31.10.2018"]);
    expect(value(credit, "invoice_number")).toBe("47110818");
    expect(value(credit, "document_date")).toBe("2018-10-31");
    const english = extractDocumentFields([pageOf([[50, 40, "Acme Widgets Ltd", 20], [50, 60, "Version 2.1 of 24.03.2020"], [50, 120, "Invoice No. INV-2024-17"], [50, 138, "dated 03/05/2024"], [500, 600, "Total due 233,47 €"]])], opts);
    expect(value(english, "document_date")).toBe("2024-05-03");
  });

  it("reads a French credit note's number after its title word", () => {
    const fields = extractDocumentFields([pageOf([[50, 40, "Au Moulin SARL", 20], [50, 120, "Avoir AV-2017-0005"], [50, 160, "Date de facture 16/11/2017"], [500, 600, "Total TTC 233,47 €"]])], opts);
    expect(value(fields, "invoice_number")).toBe("AV-2017-0005");
  });
});

describe("the parties of a form-style invoice", () => {
  it("takes the seller's name under 'Verkäufer:' past its labelled number rows, though the name starts with a label word", () => {
    expect(value(formInvoice(["Handelsrechnung Nr. 471102 vom 05.03.2018"]), "issuer")).toBe("Lieferant GmbH");
  });

  it("passes over an identifier's acronym and number without a colon ('GLN 4000001123452')", () => {
    const seller = ["GLN 4000001123452", "Lief-Nr: 549910", "LIEFERANT GMBH", "Lieferantenstraße 20", "DE 80333 München"];
    expect(value(formInvoice(["Rechnungskorrektur Nr. RK4711 vom 16.09.2018"], { seller }), "issuer")).toBe("LIEFERANT GMBH");
  });

  it("passes over a labelled row whose colon and value stand in the next column", () => {
    const items: Placed[] = [
      [50, 30, "Darstellung der Rechnungsdaten"], [50, 60, "Handelsrechnung Nr. 471102 vom 05.03.2018"],
      [50, 100, "Verkäufer:"], [50, 118, "Nummer"], [250, 118, ": 549910"], [50, 136, "Lieferant GmbH"], [50, 154, "Lieferantenstraße 20"], [50, 172, "DE 80333 München"],
      [50, 200, "Käufer:"], [50, 218, "Nummer"], [250, 218, ": GE2020211"], [50, 236, "Kunden AG Mitte"], [50, 254, "Kundenstraße 15"], [50, 272, "DE 69876 Frankfurt"],
      [50, 700, "Bruttosumme"], [600, 700, "529,87"],
    ];
    expect(value(extractDocumentFields([pageOf(items)], opts), "issuer")).toBe("Lieferant GmbH");
  });

  it("joins a seller's name wrapped before its legal form", () => {
    const seller = ["Nummer : 549910", "Muster Hafter", "Versicherungsverein Musterstadt a.G.", "Musterstr. 12", "DE 12345 Musterstadt"];
    expect(value(formInvoice(["Rechnung Nr. 4711 vom 06.12.2018"], { seller }), "issuer")).toBe("Muster Hafter Versicherungsverein Musterstadt a.G.");
  });

  it("reads the buyer under 'Käufer:' as the recipient", () => {
    expect(value(formInvoice(["Handelsrechnung Nr. 471102 vom 05.03.2018"]), "recipient")).toBe("Kunden AG Mitte");
  });
});

describe("the currency a document names by a label", () => {
  it("wins over the amount rows and the country", () => {
    const text = "Währung\t: GBP\nUSt.-Id.-Nr. : DE123456789\nSteuerbetrag in EUR\t12,00 EUR\nZahlbetrag\t1021,91";
    expect(decideCurrency(text, null)).toEqual({ currency: "GBP", source: "label" });
  });

  it("is not a bare mention in a sentence, and two named currencies leave it to the amounts", () => {
    expect(decideCurrency("in der Buchwährung (GBP) ausgegeben\nTotal 10,00 EUR", null)).toEqual({ currency: "EUR", source: "amount_rows" });
    expect(decideCurrency("Currency: USD\nCurrency: EUR\nTotal 10,00 EUR", null)).toEqual({ currency: "EUR", source: "amount_rows" });
  });
});

describe("a form-style invoice's sums", () => {
  it("never takes the sum of the allowances or surcharges as the total", () => {
    const sums: [string, string][] = [["Gesamtbetrag der Zuschläge", "15,00"], ["Gesamtbetrag der Abschläge", "-21,55"], ["Rechnungssumme ohne USt.", "403,55"], ["Steuerbetrag", "76,67"], ["Bruttosumme", "480,22"]];
    expect(value(formInvoice(["Handelsrechnung Nr. 4711 vom 06.10.2018"], { sums }), "total")).toBe(480.22);
  });

  it("takes a correction's negative amount payable", () => {
    const sums: [string, string][] = [["Gesamtbetrag der Abschläge", "0,23"], ["Rechnungssumme ohne USt.", "-7,67"], ["Steuerbetrag", "-1,12"], ["Bruttosumme", "-8,79"], ["Zahlbetrag", "-8,79"]];
    expect(value(formInvoice(["Rechnungskorrektur Nr. RK4711 vom 16.09.2018"], { sums }), "total")).toBe(-8.79);
  });

  it("reads a compound tax label ('Steuerbetrag in EUR'): the gross total adds up, not the amount left after a prepayment", () => {
    const sums: [string, string][] = [["Rechnungssumme ohne USt.", "177,49"], ["Steuerbetrag in EUR", "20,16"], ["Bruttosumme", "197,65"], ["Erhaltene Anzahlungen", "-50,00"], ["Zahlbetrag", "147,65"]];
    const fields = formInvoice(["Handelsrechnung Nr. 4711 vom 06.10.2018"], { sums });
    expect(value(fields, "tax")).toBe(20.16);
    expect(value(fields, "total")).toBe(197.65);
    for (const label of ["USt.-Betrag", "MwSt-Betrag", "Umsatzsteuerbetrag", "Steuersumme"]) {
      const other = formInvoice(["Handelsrechnung Nr. 4711 vom 06.10.2018"], { sums: [["Nettobetrag", "448,99"], [label, "70,00"], ["Gesamtbetrag", "518,99"]] });
      expect(value(other, "tax"), label).toBe(70);
    }
  });

  it("reads 'Due payable' as the amount payable", () => {
    const fields = extractDocumentFields([pageOf([[50, 40, "Acme Widgets GmbH", 20], [50, 120, "Invoice # RE-4711"], [50, 600, "Net total: 496.00 €"], [50, 620, "VAT total: 75.04 €"], [50, 640, "Due payable: 571.04 €"]])], opts);
    expect(value(fields, "total")).toBe(571.04);
  });
});

/**
 * The viewers' second layout ("Handelsrechnung (380) Nr. 471102 vom 05.03.2018"): a document type code in brackets in
 * the title, party blocks headed by a bare word ("Verkäufer", no colon) over a label column and a value column.
 */
function labelledBlocksInvoice(title: string, opt: { seller?: readonly [string, string][]; buyer?: readonly [string, string][]; heading?: readonly [string, string]; extra?: readonly [string, string][] } = {}): ExtractedField[] {
  const [sellerHead, buyerHead] = opt.heading ?? ["Verkäufer", "Käufer/Leistungsempfänger"];
  const seller = opt.seller ?? [["Nummer:", "549910"], ["Globale Nummer:", "4000001123452 (GLN)"], ["Name:", "Lieferant GmbH"], ["Anschrift:", "Lieferantenstraße 20"], ["", "DE 80333 München"], ["USt.-Id.-Nr.:", "DE123456789"]];
  const buyer = opt.buyer ?? [["Nummer:", "GE2020211"], ["Name:", "Kunden AG Mitte"], ["Anschrift:", "Kundenstraße 15"], ["", "DE 69876 Frankfurt"]];
  const items: Placed[] = [[50, 20, "Beispiel-Rechnungen, (c) Verband 2022"], [50, 50, title], [50, 80, "Währung:"], [400, 80, "EUR"]];
  let y = 120;
  for (const [head, rows] of [[sellerHead, seller], [buyerHead, buyer], ["Zahlungsdaten", opt.extra ?? []]] as const) {
    items.push([50, y, head]);
    y += 18;
    for (const [label, v] of rows) {
      if (label) items.push([50, y, label]);
      items.push([400, y, v]);
      y += 18;
    }
    y += 20;
  }
  items.push([50, 700, "Bruttosumme"], [600, 700, "529,87"]);
  return extractDocumentFields([pageOf(items)], opts);
}

describe("a document type code in brackets in the title", () => {
  it("reads the number and the date past the code", () => {
    const fields = labelledBlocksInvoice("Handelsrechnung (380) Nr. 471102 vom 05.03.2018");
    expect(value(fields, "invoice_number")).toBe("471102");
    expect(value(fields, "document_date")).toBe("2018-03-05");
  });

  it("past a qualifying word or a bracketed note before the code, and in English", () => {
    expect(value(labelledBlocksInvoice("Schlussrechnung Bau (877) Nr. 181301674 vom 25.04.2018"), "invoice_number")).toBe("181301674");
    expect(value(labelledBlocksInvoice("Gutschrift (Selbst ausgestellte Rechnung) (389) Nr. 47110818 vom 31.10.2018"), "invoice_number")).toBe("47110818");
    const en = labelledBlocksInvoice("Commercial invoice (380) No. INV-2024-77 dated 03.05.2024");
    expect(value(en, "invoice_number")).toBe("INV-2024-77");
    expect(value(en, "document_date")).toBe("2024-05-03");
  });
});

describe("a party block headed by a bare word over labelled rows", () => {
  it("takes the seller's name from its 'Name:' row, not a label of the rows above", () => {
    expect(value(labelledBlocksInvoice("Handelsrechnung (380) Nr. 471102 vom 05.03.2018"), "issuer")).toBe("Lieferant GmbH");
  });

  it("reads 'Firma', 'Company', 'Raison sociale' rows under 'Seller' / 'Vendeur' headings", () => {
    const firma = labelledBlocksInvoice("Rechnung Nr. 4711 vom 05.03.2018", { seller: [["Nummer:", "549910"], ["Firma:", "Muster Handel GmbH"], ["Anschrift:", "Hauptstraße 1"]] });
    expect(value(firma, "issuer")).toBe("Muster Handel GmbH");
    const company = labelledBlocksInvoice("Invoice No. 4711 dated 05.03.2018", { heading: ["Seller", "Buyer"], seller: [["ID:", "549910"], ["Company:", "Acme Widgets Ltd"], ["Address:", "1 High Street"]], buyer: [["ID:", "7731"], ["Company:", "Buyer Corp"]] });
    expect(value(company, "issuer")).toBe("Acme Widgets Ltd");
    expect(value(company, "recipient")).toBe("Buyer Corp");
    const vendeur = labelledBlocksInvoice("Facture n° F-4711 du 05.03.2018", { heading: ["Vendeur", "Acheteur"], seller: [["Identifiant :", "549910"], ["Raison sociale :", "Au Moulin SARL"], ["Adresse :", "1 rue du Port"]] });
    expect(value(vendeur, "issuer")).toBe("Au Moulin SARL");
  });

  it("reads the buyer's name under a heading of two party words, past a salutation", () => {
    expect(value(labelledBlocksInvoice("Handelsrechnung (380) Nr. 471102 vom 05.03.2018"), "recipient")).toBe("Kunden AG Mitte");
    const person = labelledBlocksInvoice("Handelsrechnung (380) Nr. 471102 vom 05.03.2018", { buyer: [["", "Herrn"], ["Name:", "Max Mustermann"], ["Anschrift:", "Musterstr. 11"]] });
    expect(value(person, "recipient")).toBe("Max Mustermann");
  });

  it("joins a name that wrapped around its label row", () => {
    const seller: [string, string][] = [["Nummer:", "549910"], ["", "Muster Hafter"], ["Name:", "Versicherungsverein Musterstadt a.G."], ["Anschrift:", "Musterstr. 12"]];
    expect(value(labelledBlocksInvoice("Rechnung des Versicherers (575) Nr. 01.234.567.8-2018-1 vom 06.12.2018", { seller }), "issuer")).toBe("Muster Hafter Versicherungsverein Musterstadt a.G.");
  });
});

describe("the payee account's name", () => {
  it("is a payment detail, never the issuer, though a seller word labels it", () => {
    for (const label of ["Verkäufer-Kontoname :", "Supplier account name:", "Vendor account holder:", "Titulaire du compte vendeur :", "Verkäufer Kontoinhaber:"]) {
      const items: Placed[] = [
        [50, 20, "Darstellung der Rechnungsdaten"], [50, 50, "Handelsrechnung Nr. 471102 vom 05.03.2018"],
        [50, 90, "Nummer : 549910"], [50, 108, "Lieferant GmbH"], [50, 126, "Lieferantenstraße 20"], [50, 144, "DE 80333 München"],
        [50, 300, "Zahlungsdaten"], [50, 318, `${label} Global Finance Services`], [50, 336, "IBAN : DE12 1234 4321 9876 00"],
        [50, 700, "Bruttosumme"], [600, 700, "529,87"],
      ];
      const issuer = value(extractDocumentFields([pageOf(items)], opts), "issuer");
      expect(issuer, label).toBe("Lieferant GmbH");
    }
  });
});
