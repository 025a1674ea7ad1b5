import { describe, expect, it } from "vitest";
import { extractDocumentFields } from "../../../../src/extraction/fields/index.js";
import { findDates } from "../../../../src/extraction/fields/dates.extractor.js";
import { notAName } from "../../../../src/extraction/fields/page/parties.page.js";
import { pageOf, type Placed } from "./page.helpers.js";

const opts = { referenceDate: new Date("2026-06-01"), documentType: "invoice" as const };
const ctx = { monthFirst: false, referenceDate: opts.referenceDate };
const field = (rows: readonly Placed[], name: string) => extractDocumentFields([pageOf(rows)], opts).find((f) => f.name === name)?.value;

describe("invoices of online services", () => {
  it("reads the tax id under an `Auftraggeber` heading as the customer's: the seller's, in the footer, is the vat_id", () => {
    // A subscription invoice: three address blocks side by side (who ordered, who is billed, where the service is
    // used), the customer's tax id under the first, the seller's name and tax id only at the foot of the page.
    const rows: Placed[] = [
      [700, 40, "Rechnung"], [640, 60, "Rechnungsdatum: 17/03/2026"], [640, 75, "Rechnungsnummer: K0700X9BOV"],
      [60, 200, "Auftraggeber"], [400, 200, "Rechnungsempfänger"], [700, 200, "Dienstnutzungsadresse"],
      [60, 215, "BLAUWAL"], [400, 215, "BLAUWAL"], [700, 215, "BLAUWAL"],
      [60, 230, "Lindenallee 12"], [400, 230, "Lindenallee 12"], [700, 230, "Lindenallee 12"],
      [60, 245, "Ulm Baden-Württemberg 89073"], [400, 245, "Ulm Baden-Württemberg 89073"], [700, 245, "Ulm Baden-Württemberg 89073"],
      [60, 260, "Deutschland"], [400, 260, "Deutschland"], [700, 260, "Deutschland"],
      [60, 275, "USt-IdNr.: DE811569869"],
      [60, 400, "Summe:"], [800, 400, "11,70"],
      [150, 900, "Nordlicht Cloud Operations Ltd, 1 Harbour Place, Dublin 18, Irland"], [400, 915, "USt-IdNr. IE9876543X"],
    ];
    expect(field(rows, "vat_id")).toBe("IE9876543X");
  });

  it("takes the company payments are to be sent to as the issuer when no letterhead names one", () => {
    // An order portal's invoice: section headings, the customer's addresses, the seller only in the remittance slip.
    const rows: Placed[] = [
      [60, 40, "INVOICE SUMMARY"],
      [60, 60, "Customer Number: 69200630001"], [560, 60, "Invoice Number: 2646567"],
      [560, 75, "Invoice Date: 01/15/2024"],
      [60, 110, "BILLING AND PAYMENT"], [560, 110, "SHIPPING"],
      [60, 125, "Bill to address:"], [560, 125, "Ship To address:"],
      [60, 140, "HARBOR VIEW HOTEL"], [560, 140, "Jane Miller"],
      [60, 155, "3519 Lakeside Way"], [560, 155, "3519 LAKESIDE WAY"],
      [60, 300, "Invoice Total:"], [800, 300, "$70.50"],
      [70, 600, "REMITTANCE"],
      [70, 615, "Please send all payments with remittance copy to:"], [600, 615, "Please contact us if you have any"],
      [70, 630, "Northgate Uniform Corporation"], [600, 630, "questions."],
      [70, 645, "97627 Eagle Way"],
      [70, 660, "Chicago, IL 60678-7627"],
      [70, 690, "Circle one: VISA | MASTER CARD | DISCOVER"],
      [80, 710, "Card No: ____________"], [400, 710, "Exp Date: ________"], [700, 710, "Please Pay This Amount:"],
      [80, 725, "Name on Card: ____________"], [400, 725, "Signature: ________"], [700, 725, "$0.00"],
      [880, 950, "Page 1 of 1"],
    ];
    expect(field(rows, "issuer")).toBe("Northgate Uniform Corporation");
  });

  it("never reads a section heading of generic words as a party's name", () => {
    for (const heading of ["BILLING AND PAYMENT", "Invoice Summary", "Order details", "Payment information", "REMITTANCE", "Line Summary"]) expect(notAName(heading), heading).toBe(true);
    for (const name of ["Northgate Uniform Corporation", "Payment Solutions GmbH", "Summit Billing LLC"]) expect(notAName(name), name).toBe(false);
  });

  it("reads a German month name after a day printed without its full stop (`01 Dezember 2025`) as a date", () => {
    expect(findDates("Rechnungsdatum 01 Dezember 2025", ctx).map((d) => d.iso)).toEqual(["2025-12-01"]);
    expect(findDates("15 Januar 2024 · 3 Juli 2023 · 9 März 2022 · 30 Oktober 2021", ctx).map((d) => d.iso)).toEqual(["2024-01-15", "2023-07-03", "2022-03-09", "2021-10-30"]);
  });

  it("takes a marketplace invoice's date under its joint invoice/delivery date label, not the order date", () => {
    // The invoice and delivery date share one value, their joint label wrapped at the slash; the order date, labelled
    // on one row, is earlier.
    const rows: Placed[] = [
      [800, 40, "Rechnung"],
      [560, 80, "Rechnungsdatum"],
      [560, 95, "/Lieferdatum"], [760, 95, "01 Dezember 2025"],
      [560, 110, "Rechnungsnummer"], [760, 110, "DE54E2GMOAEUI"],
      [60, 200, "Bestelldatum"], [300, 200, "28 November 2025"],
      [60, 400, "Gesamtpreis"], [800, 400, "266,24 €"],
    ];
    expect(field(rows, "document_date")).toBe("2025-12-01");
  });
});
