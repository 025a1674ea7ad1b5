import { describe, expect, it } from "vitest";
import { extractDocumentFields } from "../../../../src/extraction/fields/index.js";
import { pageFromText } from "../../../../src/extraction/page/page.builder.js";
import { decideCurrency } from "../../../../src/extraction/fields/page/currency.evidence.js";
import { pageOf } from "./page.helpers.js";

const opts = { referenceDate: new Date("2024-06-01"), documentType: "invoice" as const };

describe("issuer vs recipient", () => {
  it("takes the large letterhead as issuer and the block after Rechnungsempfänger as recipient; never a table header", () => {
    const page = pageOf([
      [50, 30, "Beschreibung Menge Preis Betrag"],
      [50, 60, "Nordlicht Technik GmbH", 28],
      [50, 100, "Hauptstraße 5, 10115 Berlin"],
      [50, 200, "Rechnungsempfänger:"],
      [50, 215, "Südwind Handel AG"],
      [50, 230, "Ringstraße 9, 80331 München"],
      [50, 400, "Rechnungsnummer: R-2024-118"],
      [50, 420, "Gesamtbetrag 119,00 EUR"],
    ]);
    const fields = extractDocumentFields([page], opts);
    expect(fields.find((f) => f.name === "issuer")?.value).toBe("Nordlicht Technik GmbH");
    expect(fields.find((f) => f.name === "recipient")?.value).toBe("Südwind Handel AG");
    expect(fields.find((f) => f.name === "invoice_number")?.value).toBe("R-2024-118");
  });

  it("reads a letterhead row with a title and a name side by side as two parts, not one name", () => {
    // The PDF text layer puts the title left and the company right on one row: the builder renders the gutter as a tab.
    const page = pageOf([
      [50, 30, "FACTUUR ."],
      [600, 30, "Northwind B.V."],
      [600, 45, "Weena 664"],
      [600, 60, "3012 CN Rotterdam"],
      [50, 200, "Factuurnummer: 993548900"],
      [50, 420, "Totaal 119,00 EUR"],
    ]);
    expect(page.text.split("\n")[0]).toBe("FACTUUR .\tNorthwind B.V.");
    expect(extractDocumentFields([page], opts).find((f) => f.name === "issuer")?.value).toBe("Northwind B.V.");
  });

  it("drops a department printed after the letterhead name", () => {
    const page = pageOf([
      [50, 30, "Lumen Service Abonné", 14],
      [50, 50, "75371 Paris Cedex 08"],
      [50, 200, "Facture n°562044387 du 02 Juillet 2015"],
      [50, 420, "Somme à payer 29.99 € TTC"],
    ]);
    expect(extractDocumentFields([page], opts).find((f) => f.name === "issuer")?.value).toBe("Lumen");
  });

  it("prefers the name that agrees with the e-mail domain over a plain top line", () => {
    const page = pageOf([
      [50, 30, "Welcome to our store", 12],
      [50, 60, "Brightside Supplies", 12],
      [50, 90, "orders@brightside.co.uk"],
      [50, 300, "Total 5.00"],
    ]);
    expect(extractDocumentFields([page], opts).find((f) => f.name === "issuer")?.value).toBe("Brightside Supplies");
  });
});

describe("party names as printed", () => {
  const field = (items: Parameters<typeof pageOf>[0], name: string) => extractDocumentFields([pageOf(items)], opts).find((f) => f.name === name)?.value;

  it('takes the issuer out of a "Receipt from …" / "Rechnung von …" title', () => {
    expect(field([[50, 40, "Receipt from Loomwave", 24], [50, 90, "Invoice #2291-7730"], [50, 120, "Amount paid $49.00"], [50, 400, "Questions? support@example.org"]], "issuer")).toBe("Loomwave");
    expect(field([[50, 40, "Rechnung von Nordlicht Studio", 24], [50, 90, "Rechnungsnummer: R-118"], [50, 400, "Gesamtbetrag 119,00 EUR"]], "issuer")).toBe("Nordlicht Studio");
  });

  it("keeps the period a legal form's abbreviation ends with (S.L., Inc.), and drops other trailing punctuation", () => {
    expect(field([[50, 40, "Talleres Ruiz S.L.", 24], [50, 80, "C/ Mayor 12, 28013 Madrid"], [50, 120, "Factura nº: A-2024/118"], [50, 400, "Total factura 1.210,00 €"]], "issuer")).toBe("Talleres Ruiz S.L.");
    expect(field([[50, 40, "Nimbus Hosting Inc.", 24], [50, 80, "548 Market Street"], [50, 120, "Invoice number 8F3A-0004"], [50, 400, "Total $24.20"]], "issuer")).toBe("Nimbus Hosting Inc.");
    expect(field([[50, 40, "Nordlicht Technik GmbH,", 24], [50, 80, "Hauptstraße 5, 10115 Berlin"], [50, 120, "Rechnungsnummer: R-1"], [50, 400, "Gesamtbetrag 119,00 EUR"]], "issuer")).toBe("Nordlicht Technik GmbH");
  });

  it("skips the salutation line of the address window (Firma, Herrn) for the recipient", () => {
    const page = pageOf([
      [50, 100, "Kraftwerk Medien GmbH · Lindenstraße 8 · 50674 Köln", 7],
      [50, 120, "Firma"],
      [50, 135, "Bäckerei Sonnenschein OHG"],
      [50, 150, "Hauptstraße 22"],
      [50, 165, "80331 München"],
      [600, 120, "Rechnungsnummer: RE-10482"],
      [50, 300, "Rechnung", 16],
      [600, 500, "Rechnungsbetrag 1.428,00 €"],
    ]);
    expect(extractDocumentFields([page], opts).find((f) => f.name === "recipient")?.value).toBe("Bäckerei Sonnenschein OHG");
  });
});

describe("letterhead names on receipts", () => {
  const receipt = { referenceDate: new Date("2024-06-01"), documentType: "receipt" as const };
  const issuer = (items: Parameters<typeof pageOf>[0]) => extractDocumentFields([pageOf(items)], receipt).find((f) => f.name === "issuer")?.value;

  it("drops the registration number printed after the name", () => {
    expect(issuer([[50, 20, "KEDAI MAJU CO. (M) BHD (126926-H)"], [50, 40, "3RD FLR, JLN JEJAKA, TAMAN MALURI"], [50, 300, "TOTAL 9.00"]])).toBe("KEDAI MAJU CO. (M) BHD");
  });

  it("drops a registration number OCR misread in its brackets", () => {
    expect(issuer([[50, 20, "88 QUICK MART S/B {S19537-X!"], [50, 40, "LOT 5, JALAN ANGSA"], [50, 300, "TOTAL 9.00"]])).toBe("88 QUICK MART S/B");
    expect(issuer([[50, 20, "MENTOR INITIAL SDN BHD (1206674-T1)"], [50, 40, "LOT 5, JALAN ANGSA"], [50, 300, "TOTAL 9.00"]])).toBe("MENTOR INITIAL SDN BHD");
  });

  it("cuts an address printed after the legal form on the name's line", () => {
    expect(issuer([[50, 20, "BEMAS (SP) SDN. BHD. (Y No 49, Jalan Dinar G U3/G, Subang"], [50, 40, "40150 SHAH ALAM"], [50, 300, "TOTAL 9.00"]])).toBe("BEMAS (SP) SDN. BHD.");
  });

  it("joins a short name line stacked over its trade word and legal form", () => {
    expect(issuer([[50, 20, "3180404"], [50, 40, "NORTH SOUTH"], [50, 60, "STATIONERY SDN. BHD"], [50, 80, "CO REG NO : 210038-K"], [50, 300, "TOTAL 1.38"]])).toBe("NORTH SOUTH STATIONERY SDN. BHD");
    expect(issuer([[50, 20, "THE TEA HOUSE"], [50, 40, "& COFFEE LEAF (M) SDN. BHD."], [50, 60, "LOT 2, JALAN 5"], [50, 300, "TOTAL 1.38"]])).toBe("THE TEA HOUSE & COFFEE LEAF (M) SDN. BHD.");
  });

  it("does not join a brand line over a full company name, and never takes a CO. NO. line", () => {
    expect(issuer([[50, 20, "GHEE SENG"], [50, 40, "GS DISTRIBUTOR & MARKETING SDN BHD"], [50, 60, "(1097826-H)"], [50, 300, "TOTAL 25.00"]])).toBe("GS DISTRIBUTOR & MARKETING SDN BHD");
    expect(issuer([[50, 20, "(CO. NO. JM0195368-D)"], [50, 40, "PASAR MINI SENG"], [50, 60, "LOT 5, JALAN BESAR"], [50, 300, "TOTAL 5.00"]])).toBe("PASAR MINI SENG");
  });
});

describe("currency evidence", () => {
  it("takes the marker next to the amount; RM is MYR", () => {
    expect(decideCurrency("TOTAL RM 9.00", "MYR")).toEqual({ currency: "MYR", source: "amount" });
    expect(decideCurrency("SHOP\nTOTAL (RM)   9.00", null)).toEqual({ currency: "MYR", source: "amount_rows" });
  });

  it("takes any ISO 4217 code a currency label names, not only those whose symbols it knows", () => {
    expect(decideCurrency("Emisor\tMoneda: GTQ\nTotales\t954.00\t12680.00", null)).toEqual({ currency: "GTQ", source: "label" });
    expect(decideCurrency("Invoice 17\nCurrency: KES\nTotal 1,250.00", null)).toEqual({ currency: "KES", source: "label" });
    // Three letters after a currency label that are no currency code name none.
    expect(decideCurrency("Currency: TBD\nTotal 12.00", null).currency).toBeNull();
  });

  it("ignores a stray symbol on an address line and falls back to country evidence", () => {
    const text = "Harbour Shop\nUnit $3, 12 Harbour Road\nTotal 12.50\nIBAN DE89 3704 0044 0532 0130 00";
    expect(decideCurrency(text, null)).toEqual({ currency: "EUR", source: "country" });
    expect(decideCurrency("Kedai Runcit\nNo 5 Jalan Besar\n+60 3-5542 3228\nJumlah 9.00", null)).toEqual({ currency: "MYR", source: "country" });
  });

  it("takes the currency of the country a document without any currency marker names, by name or phone prefix", () => {
    expect(decideCurrency("Nordisk Design AB\nStorgatan 1, 111 22 Stockholm, Sweden\nFaktura 4411\nTotalt 1 250,00", null)).toEqual({ currency: "SEK", source: "country" });
    expect(decideCurrency("Loja Azul Lda\nRua Augusta 10, Lisboa\nTel. +351 21 342 1234\nTotal 45,90", null)).toEqual({ currency: "EUR", source: "country" });
    // "00" and two digits open many numbers: after "00" only the common countries' codes count.
    expect(decideCurrency("Invoice 00551234\nTotal 45.90", null)).toEqual({ currency: null, source: "none" });
  });

  it("reads an OCR'd yen sign by the total as the rupee sign OCR misread when the document comes from India", () => {
    const text = "Sold By : Acme Retail Pvt. Ltd.\nBangalore, Karnataka, India - 560067\nGrand Total\t¥ 319.00";
    expect(decideCurrency(text, "JPY", { ocr: true })).toEqual({ currency: "INR", source: "country" });
    // A text layer's yen sign is what was printed; without other country evidence the yen stands.
    expect(decideCurrency(text, "JPY")).toEqual({ currency: "JPY", source: "amount" });
    expect(decideCurrency("Grand Total\t¥ 3,190", "JPY", { ocr: true })).toEqual({ currency: "JPY", source: "amount" });
  });

  it("takes the currency of an OCR'd invoice from India whose total carries a yen sign", () => {
    const page = pageOf([
      [50, 20, "Sold By : Acme Retail Pvt. Ltd.", 14],
      [50, 40, "Warehouse Address: 12 Hosur Road, Bangalore, Karnataka, India - 560067"],
      [50, 300, "Invoice No: 4512"],
      [500, 600, "Grand Total ¥ 319.00"],
    ]);
    expect(extractDocumentFields([page], opts).find((f) => f.name === "currency")?.value).toBe("INR");
  });
});

describe("a bare $ is the dollar of the country the document comes from", () => {
  const fieldsOf = (text: string) => extractDocumentFields([pageFromText(text, 1)], opts);
  const value = (text: string, name: string) => fieldsOf(text).find((f) => f.name === name)?.value;

  it("Canada (GST/HST business number, province and postal code): CAD", () => {
    const text = "Maple Byte Consulting Inc.\n220 King St W, Toronto, ON M5H 1K4\nGST/HST No. 123456782 RT0001\nInvoice #: 1042\nDate: 2024-03-12\nConsulting $1,000.00\nHST 13% $130.00\nTotal $1,130.00";
    expect(value(text, "currency")).toBe("CAD");
    expect(value(text, "total")).toEqual({ amount: 1130, currency: "CAD" });
  });

  it("Australia (ABN, state and postcode): AUD, and its numeric dates are day-first", () => {
    const text = "Coral Coast Web Pty Ltd\n15 Ocean Pde, Cairns QLD 4870\nABN 51 824 753 556\nTAX INVOICE\nInvoice No. 7781\nDate 12/03/2024\nWebsite hosting $300.00\nGST $30.00\nTotal (inc GST) $330.00";
    expect(value(text, "currency")).toBe("AUD");
    expect(value(text, "document_date")).toBe("2024-03-12");
  });

  it("Mexico and Argentina print their peso as a bare $: MXN, ARS", () => {
    const mx = "Servicios Digitales del Bajío S.A. de C.V.\nRFC: SDB120314AB1\nAv. Juárez 120, Guadalajara, Jalisco, México\nFactura: A-2231\nFecha: 12/03/2024\nSubtotal $1,000.00\nIVA 16% $160.00\nTotal $1,160.00";
    expect(value(mx, "currency")).toBe("MXN");
    expect(value(mx, "total")).toEqual({ amount: 1160, currency: "MXN" });
    const ar = "Estudio Contable Río S.R.L.\nCUIT: 30-71234567-9\nAv. Corrientes 1234, Buenos Aires, Argentina\nFactura B 0003-00001234\nFecha: 12/03/2024\nTotal $ 24.200,00";
    expect(value(ar, "currency")).toBe("ARS");
  });

  it("New Mexico is in the United States: USD", () => {
    expect(value("Mesa Tiles LLC\n12 Canyon Rd, Santa Fe, New Mexico\nInvoice #: 88\nDate: 2024-03-12\nTotal $450.00", "currency")).toBe("USD");
  });

  it("Singapore: SGD", () => {
    expect(value("Lion City Print Pte. Ltd.\n10 Anson Road #12-01, Singapore 079903\nInvoice No: LCP-5512\nDate: 12 Mar 2024\nBrochures $500.00\nGST 9% $45.00\nTotal $545.00", "currency")).toBe("SGD");
  });

  it("stays USD for a US document, for a printed USD, and when US and other evidence disagree", () => {
    expect(value("Acme Plumbing\n1200 Elm Street, Springfield, IL 62704\nInvoice # 58213\nBalance Due $1,318.03", "currency")).toBe("USD");
    expect(value("Nimbus Hosting\nBill to: Prairie Foods, Calgary, AB T2P 1J9, Canada\nAmount due $24.20 USD\nTotal $24.20", "currency")).toBe("USD");
    expect(value("Acme Plumbing\n1200 Elm Street, Springfield, IL 62704, USA\nShip to: Toronto, ON M5H 1K4, Canada\nTotal $99.00", "currency")).toBe("USD");
  });
});

describe("phone numbers", () => {
  it("never reads a date range or a VAT number as a phone", () => {
    const page = pageFromText("Leistungszeitraum 01.05.2014 - 31.05.2014\nUSt-IdNr. DE 232 446 240\nTel. +49 30 1234567", 1);
    const phones = extractDocumentFields([page], opts).filter((f) => f.name === "phone");
    expect(phones.map((p) => p.value)).toEqual(["+49301234567"]);
    expect(phones[0]?.alternatives ?? []).toEqual([]);
  });
});
