import { describe, expect, it } from "vitest";
import type { Money } from "../../../../src/extraction/extraction.types.js";
import { extractDocumentFields } from "../../../../src/extraction/fields/index.js";
import { amountCandidates } from "../../../../src/extraction/fields/page/amounts.page.js";
import { pageOf, type Placed } from "./page.helpers.js";

const opts = { referenceDate: new Date("2024-06-01"), documentType: "receipt" as const };
const field = (rows: readonly Placed[], name: string) => extractDocumentFields([pageOf(rows)], opts).find((f) => f.name === name);
const amount = (rows: readonly Placed[]) => (field(rows, "total")?.value as Money | undefined)?.amount;

describe("German till receipts as OCR reads them", () => {
  it("reads the total after a misread SUMME", () => {
    const rows: Placed[] = [
      [60, 200, "Kaffee"],
      [450, 200, "5,99 B"],
      [60, 240, "SUNME EUR"],
      [450, 240, "12,34"],
      [60, 260, "Geg. EUR"],
      [450, 260, "20,00"],
      [60, 300, "12.03.2024 14:35"],
    ];
    expect(amount(rows)).toBe(12.34);
  });

  it("reads misread money-given and change rows as what they are", () => {
    const page = pageOf([
      [60, 240, "SUMME EUR"],
      [450, 240, "12,34"],
      [60, 260, "Gegebcn BAR EUR"],
      [450, 260, "20,00"],
      [60, 280, "Rückge1d BAR EUR"],
      [450, 280, "7,66"],
    ]);
    const roles = amountCandidates(page, { decimalComma: true, dominantCurrency: "EUR" }).map((c) => [c.role, c.token.money.amount]);
    expect(roles).toEqual([["total", 12.34], ["tendered", 20], ["change", 7.66]]);
  });

  it("takes the amount the card terminal's slip charged when the receipt's own total is unreadable", () => {
    const rows: Placed[] = [
      [60, 200, "Joghurt"],
      [450, 200, "0,79 A"],
      [60, 220, "Kaffee Bohnen 1kg"],
      [450, 220, "15,99 B"],
      [60, 240, "S#### EUR"],
      [60, 300, "Kartenzahlung"],
      [60, 340, "girocard"],
      [60, 360, "Betrag EUR"],
      [450, 360, "6,78"],
      [60, 380, "Datum: 12.03.2024 Uhrzeit: 14:35:12 Uhr"],
    ];
    expect(amount(rows)).toBe(6.78);
  });

  it("does not take a coupon's validity or a best-before date for the receipt's date", () => {
    const rows: Placed[] = [
      [60, 100, "Coupon gültig bis 30.04.2024"],
      [60, 140, "Milch 3,5%"],
      [450, 140, "1,09 A"],
      [60, 160, "Butter"],
      [450, 160, "2,29 A"],
      [60, 200, "SUMME EUR"],
      [450, 200, "3,38"],
      [60, 220, "Geg. BAR EUR"],
      [450, 220, "5,00"],
      [60, 300, "12.03.2024 14:35 Bon 1234"],
    ];
    expect(field(rows, "document_date")?.value).toBe("2024-03-12");
  });
});

describe("the fiscal module's transaction time on a German receipt", () => {
  it("dates the receipt by its TSE start, though it says start, and not by another date printed above", () => {
    const rows: Placed[] = [
      [60, 100, "Sonderverkauf am 01.04.2024"],
      [60, 140, "Milch 3,5%"],
      [450, 140, "1,09 A"],
      [60, 200, "SUMME EUR"],
      [450, 200, "1,09"],
      [60, 300, "TSE-Transaktion: 1234"],
      [60, 320, "TSE-Start: 2024-03-12T14:35:12.000"],
      [60, 340, "TSE-Stop: 2024-03-12T14:35:40.000"],
    ];
    expect(field(rows, "document_date")?.value).toBe("2024-03-12");
  });
});

describe("a dotted date OCR misread to a month over 12", () => {
  it("is not read month-first, nor does it turn the document's other dates month-first", () => {
    // "06.10.2023" printed under the TSE block, read with its 1 as a 3; the TSE time with its T read as 7.
    const rows: Placed[] = [
      [60, 140, "Milch 3,5%"],
      [450, 140, "1,09 A"],
      [60, 200, "SUMME EUR"],
      [450, 200, "1,09"],
      [60, 300, "TSE-Stop: 2023-10-06721:47:40.000"],
      [60, 340, "06.30.2023 21:47 Bon-Nr.:2807"],
    ];
    expect(field(rows, "document_date")?.value).toBe("2023-10-06");
  });
});

describe("a German receipt's total row that OCR garbled to a bare number", () => {
  it("takes the amount the card paid, not a whole number left of the printed cents", () => {
    const rows: Placed[] = [
      [60, 200, "Kaese Scheiben"],
      [450, 200, "3,38 B"],
      [60, 220, "Waschmittel"],
      [450, 220, "4,45 A"],
      [60, 240, "Zu zahlen EUR"],
      [450, 240, "7 yg"],
      [60, 260, "Geg. EC-Cash"],
      [400, 260, "EUR 22,21"],
      [60, 300, "Kundenbeleg"],
      [60, 320, "Betrag EUR"],
      [450, 320, "22,21"],
    ];
    expect(amount(rows)).toBe(22.21);
  });
});
