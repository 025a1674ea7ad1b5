import { describe, expect, it } from "vitest";
import { extractDocumentFields } from "../../../../src/extraction/fields/index.js";
import { misreadLabelWord, ocrLabelView, ocrWordDistance } from "../../../../src/extraction/fields/page/labels.ocr.js";
import { pageOf } from "./page.helpers.js";

describe("label words as OCR misreads them", () => {
  it("reads look-alike digits in label words as letters, keeping the line's length", () => {
    expect(ocrLabelView("T0TAL ROUNDED RM 30.90")).toBe("TOTAL ROUNDED RM 30.90");
    expect(ocrLabelView("SUBT0TAL 12.00")).toBe("SUBTOTAL 12.00");
    expect(ocrLabelView("R0UND1NG -0.01")).toBe("ROUNDING -0.01");
    expect(ocrLabelView("CHAN6E 1.00")).toBe("CHANGE 1.00");
    expect(ocrLabelView("Tota1 9.00").length).toBe("Tota1 9.00".length);
  });

  it("allows one other wrong letter only in long words no common word is one letter from", () => {
    expect(misreadLabelWord("TUTAL")).toBe("TOTAL");
    expect(misreadLabelWord("Charge")).toBeNull();
    expect(misreadLabelWord("POUNDING")).toBeNull();
    expect(misreadLabelWord("2017")).toBeNull();
    expect(misreadLabelWord("Totals")).toBeNull();
  });

  it("finds the total and its arithmetic behind misread labels on an OCR'd page", () => {
    const page = pageOf([
      [100, 100, "SUBT0TAL 8.49"],
      [100, 120, "GST 6% 0.51"],
      [100, 140, "T0TAL 9.00"],
      [100, 160, "Service Charge 1.00"],
    ]);
    const fields = extractDocumentFields([page], { documentType: "receipt", referenceDate: new Date("2024-01-01") });
    const total = fields.find((f) => f.name === "total");
    expect(total?.value).toMatchObject({ amount: 9 });
    expect(total?.raw).toBe("9.00");
    expect(total?.checks?.find((c) => c.name === "subtotal_plus_tax")?.passed).toBe(true);
    expect(fields.find((f) => f.name === "subtotal")?.value).toMatchObject({ amount: 8.49 });
    expect(fields.find((f) => f.name === "change")).toBeUndefined();
  });
});

describe("a till's change written with ue for ü", () => {
  it("reads Rueckgeld, and OCR's Rueckgela, as the change, so what was handed over less it gives the total", () => {
    expect(misreadLabelWord("Rueckgela")).toBe("RUECKGELD");
    // The SUMME row lost; the item row, the payment and the change remain.
    const rows = (change: string) =>
      pageOf([
        [100, 100, "Super E10 30,69 l x 1,738"], [500, 100, "53,34 A"],
        [100, 120, "Gegeben"], [500, 120, "60,00"],
        [100, 140, change], [500, 140, "6,66"],
      ]);
    for (const change of ["Rueckgeld EUR", "Rueckgela EUR"]) {
      const fields = extractDocumentFields([rows(change)], { documentType: "receipt", referenceDate: new Date("2024-01-01") });
      expect(fields.find((f) => f.name === "change")?.value).toMatchObject({ amount: 6.66 });
      expect(fields.find((f) => f.name === "total")?.value).toMatchObject({ amount: 53.34 });
    }
  });
});

describe("compound invoice labels as OCR misreads them", () => {
  it("reads a German or Dutch compound label with one wrong letter", () => {
    expect(misreadLabelWord("Rechnungshummer")).toBe("RECHNUNGSNUMMER");
    expect(misreadLabelWord("Factuumummer")).toBeNull();
    expect(misreadLabelWord("Kundennurnmer")).toBeNull();
    expect(misreadLabelWord("Factuurdatun")).toBe("FACTUURDATUM");
  });

  it("finds the invoice number behind a misread label in a header beside the recipient", () => {
    const page = pageOf([
      [50, 40, "Meridian Media GmbH", 20],
      [50, 200, "Rechnungsempfänger"],
      [500, 200, "Rechnungshummer"],
      [800, 200, "2024-9217"],
      [50, 215, "Atelier Moreau"],
      [500, 215, "Rechnungsdatum"],
      [800, 215, "13.10.2023"],
      [500, 230, "Kundennummer"],
      [800, 230, "495591"],
      [500, 600, "Gesamtbetrag 8.928,87 EUR"],
    ]);
    const fields = extractDocumentFields([page], { documentType: "invoice", referenceDate: new Date("2024-01-01") });
    expect(fields.find((f) => f.name === "invoice_number")?.value).toBe("2024-9217");
  });
});

describe("label words with their stroke letters misread (i, m, n, r, u)", () => {
  it("reads a stroke letter read as another, or two read as one, as half an error", () => {
    expect(misreadLabelWord("mumber")).toBe("NUMBER");
    expect(misreadLabelWord("mmmber")).toBe("NUMBER");
    expect(misreadLabelWord("fathura")).toBe("FATTURA");
    expect(misreadLabelWord("UStIdNe")).toBe("USTIDNR");
    expect(ocrWordDistance("Rechmmgsmmmer", "RECHNUNGSNUMMER")).toBe(1.5);
    expect(ocrLabelView("Rechmmgsmmmer: 20245717")).toBe("    RECHNUNG#: 20245717");
    expect(ocrLabelView("Rechmumgsdatum: 19.09.2024")).toBe("RECHNUNGSDATUM: 19.09.2024");
    expect(ocrLabelView("RECEHNING Nr. 25-73479")).toBe(" RECHNUNG Nr. 25-73479");
  });

  it("reads a compound label OCR's spacing split in two as one word, keeping the line's length", () => {
    expect(ocrLabelView("Rechnungsdat um 04.09.2024")).toBe("RECHNUNGSDATUM  04.09.2024");
    expect(ocrLabelView("Rechnung vom 04.09.2024")).toBe("Rechnung vom 04.09.2024");
  });

  it("leaves ordinary words alone: no word of a sentence becomes a label", () => {
    const words = [
      "member", "members", "summer", "hummer", "Chamber", "minimum", "Mumbai", "Monument", "Rechnen", "Rechner", "Rechnungen",
      "Rechnungswesen", "Rechnungsadresse", "Rechtsanwalt", "Anmerkung", "Bemerkung", "Kundendienst", "Kundennummern",
      "Auftragsnummern", "Ordnung", "Ordentlich", "Nummern", "Innung", "Zahlung", "Rundung", "Bestellung", "Unterschrift",
      "Mitnahme", "Totals", "Charge", "Amounts", "Balanced", "Factory", "Features", "Factual", "Fattoria", "Fatturare",
      "Fracture", "Furniture", "Fortune", "Nombre", "Numero", "Datei", "Daten", "dates", "Number", "Nummer", "Invoices",
    ];
    const sentence = words.join(" ");
    expect(ocrLabelView(sentence)).toBe(sentence);
    expect(ocrLabelView("Rechnung an Kunde, Rechnung vom Mai, Summe der Posten, Datum um 10 Uhr")).toBe("Rechnung an Kunde, Rechnung vom Mai, Summe der Posten, Datum um 10 Uhr");
  });

  it("finds the invoice number and date behind such labels on an OCR'd page", () => {
    const page = pageOf([
      [50, 40, "Garrbury Hub Pty Ltd", 20],
      [500, 100, "Invoice mumber"],
      [700, 100, "99FC0F66-0019"],
      [500, 115, "Rechnungsdat um"],
      [700, 115, "19.09.2024"],
      [500, 600, "Total $356.40"],
    ]);
    const fields = extractDocumentFields([page], { documentType: "invoice", referenceDate: new Date("2025-06-01") });
    expect(fields.find((f) => f.name === "invoice_number")?.value).toBe("99FC0F66-0019");
    const german = pageOf([
      [50, 40, "Brührode Maschinenbau GmbH", 20],
      [500, 100, "Rechmmgsmmmer: 20245717"],
      [500, 115, "Rechmumgsdatum: 19.09.2024"],
      [500, 130, "Auftragsdatum: 26.08.2024"],
      [500, 600, "Gesamtbetrag 845,72 EUR"],
    ]);
    const de = extractDocumentFields([german], { documentType: "invoice", referenceDate: new Date("2025-06-01") });
    expect(de.find((f) => f.name === "invoice_number")?.value).toBe("20245717");
    expect(de.find((f) => f.name === "document_date")?.value).toBe("2024-09-19");
  });
});

describe("an Italian number label whose dot OCR lost", () => {
  it("reads \"N fattura\", its N a column apart, as the invoice number's label", () => {
    const page = pageOf([
      [50, 40, "Lanano Costruzioni Srl", 20],
      [50, 100, "N"],
      [90, 100, "fattura"],
      [250, 100, "12-41623"],
      [50, 115, "Data fattura"],
      [250, 115, "27/01/2024"],
      [500, 600, "Totale € 46.477,88"],
    ]);
    const fields = extractDocumentFields([page], { documentType: "invoice", referenceDate: new Date("2025-06-01") });
    expect(fields.find((f) => f.name === "invoice_number")?.value).toBe("12-41623");
  });
});

describe("number labels of a scanned header", () => {
  it("reads a scan's \"Nº:\" read as \"N 2:\" after the title word as the number's label", () => {
    const page = pageOf([
      [50, 40, "Benares Servicios S.A.", 20],
      [500, 100, "Factura N 2: 20246493"],
      [500, 115, "Fecha de emisión: 19-02-2024"],
      [500, 600, "TOTAL 15.363,33"],
    ]);
    const fields = extractDocumentFields([page], { documentType: "invoice", referenceDate: new Date("2025-06-01") });
    expect(fields.find((f) => f.name === "invoice_number")?.value).toBe("20246493");
  });

  it("reads a misread label over its value in a header row that the scan tilted", () => {
    // Each cell sits a little higher than the one before it: the page was fed askew.
    const page = pageOf([
      [50, 40, "Aldhovenlaan 18"],
      [89, 308, "Facthurmr.", 13], [250, 306, "Datum fachnr", 13], [414, 305, "Vervaldahm", 13], [576, 303, "Project", 13], [740, 301, "Besteldahm", 13],
      [90, 323, "20245355", 14], [254, 321, "10/09/2024", 14], [416, 321, "09/11/2024", 14], [577, 318, "P8478", 14], [743, 316, "14/08/2024", 14],
      [500, 600, "Totaal incl. BTW 975,66 EUR"],
    ]);
    const fields = extractDocumentFields([page], { documentType: "invoice", referenceDate: new Date("2025-06-01") });
    expect(fields.find((f) => f.name === "invoice_number")?.value).toBe("20245355");
  });
});
