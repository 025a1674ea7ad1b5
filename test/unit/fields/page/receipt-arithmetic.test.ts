import { describe, expect, it } from "vitest";
import type { Money } from "../../../../src/extraction/extraction.types.js";
import { extractDocumentFields } from "../../../../src/extraction/fields/index.js";
import { amountCandidates } from "../../../../src/extraction/fields/page/amounts.page.js";
import { checkTenderedMinusChange } from "../../../../src/extraction/fields/page/amounts.reconcile.js";
import { pageOf, type Placed } from "./page.helpers.js";

const opts = { referenceDate: new Date("2024-06-01"), documentType: "receipt" as const };
const total = (rows: readonly Placed[]) => (extractDocumentFields([pageOf(rows)], opts).find((f) => f.name === "total")?.value as Money | undefined)?.amount;
const roles = (rows: readonly Placed[]) =>
  amountCandidates(pageOf(rows), { decimalComma: false, dominantCurrency: null }).map((c) => [c.role, c.token.money.amount, c.score >= 0.85]);

describe("labels that start at the same place: the longest wording names the row", () => {
  it("reads 'Total GST' as the tax, not as a bare 'Total'", () => {
    expect(roles([[50, 120, "Total GST (RM)"], [450, 120, "1.21"]])).toEqual([["tax", 1.21, false]]);
  });

  it("reads '(Excluded GST) Sub Total' as the subtotal, not as the tax its first label word names", () => {
    expect(roles([[50, 100, "(Excluded GST) Sub Total (RM)"], [450, 100, "20.10"]])).toEqual([["subtotal", 20.1, true]]);
  });

  it("reads 'Total (GST Incl)' as a total including tax, however OCR read its bracket", () => {
    expect(roles([[50, 140, "TOTAL <GST INCL)"], [450, 140, "21.31"]])).toEqual([["total", 21.31, true]]);
    expect(roles([[50, 140, "Total (VAT included)"], [450, 140, "21.31"]])).toEqual([["total", 21.31, true]]);
  });
});

describe("totals the arithmetic implies on OCR'd receipts", () => {
  it("applies a printed rounding to subtotal + tax when the printed total is misread", () => {
    const rows: Placed[] = [
      [50, 60, "PAINT BRUSH 2IN"], [450, 60, "20.10"],
      [50, 100, "(Excluded GST) Sub Total (RM)"], [450, 100, "20.10"],
      [50, 120, "Total GST (RM)"], [450, 120, "1.21"],
      [50, 140, "Rounding (RM) :"], [450, 140, "-0.01"],
      [50, 160, "Total (RM) :"], [450, 160, "21.36"],
    ];
    expect(total(rows)).toBe(21.3);
  });

  it("takes tendered − change when no total label was read and the amount is printed on the receipt", () => {
    const rows: Placed[] = [
      [50, 60, "Desc"], [400, 60, "Amt (RM)"],
      [50, 100, "Mineral water 1.5l ea"], [450, 100, "3.70"],
      [50, 140, "Cash"], [450, 140, "10.00"],
      [50, 160, "CHANGE"], [450, 160, "6.30"],
      [50, 180, "# ITEMS SOLD 1"],
    ];
    expect(total(rows)).toBe(3.7);
  });
});

describe("European till vocabulary", () => {
  const eur = (rows: readonly Placed[]) => amountCandidates(pageOf(rows), { decimalComma: true, dominantCurrency: "EUR" }).map((c) => [c.role, c.token.money.amount]);

  it("reads German money-given and change wordings", () => {
    expect(eur([[50, 100, "SUMME EUR"], [450, 100, "12,34"], [50, 120, "Bar bezahlt"], [450, 120, "20,00"], [50, 140, "Wechselgeld"], [450, 140, "7,66"]])).toEqual([
      ["total", 12.34], ["tendered", 20], ["change", 7.66],
    ]);
  });

  it("reads French, Dutch, Spanish, Italian and Portuguese payable, tendered and change wordings", () => {
    expect(eur([[50, 100, "TOTAL A PAYER"], [450, 100, "12,40"]]).map((r) => r[0])).toEqual(["total"]);
    expect(eur([[50, 100, "ENTREGADO"], [450, 100, "20,00"], [50, 120, "CONTANTE"], [450, 120, "20,00"], [50, 140, "IMPORTO PAGATO"], [450, 140, "20,00"], [50, 160, "DINHEIRO"], [450, 160, "20,00"]]).map((r) => r[0])).toEqual([
      "tendered", "tendered", "tendered", "tendered",
    ]);
    expect(eur([[50, 100, "TROCO"], [450, 100, "7,60"]])).toEqual([["change", 7.6]]);
    expect(eur([[50, 100, "A RENDRE"], [450, 100, "7,60"]])).toEqual([["change", 7.6]]);
    expect(eur([[50, 100, "Pinnen"], [450, 100, "12,40"]])).toEqual([["tendered", 12.4]]);
  });

  it("makes 'Total à payer' outrank a bare total above it", () => {
    const rows: Placed[] = [[50, 100, "Total"], [450, 100, "10,40"], [50, 120, "Total à payer"], [450, 120, "12,40"]];
    const cands = amountCandidates(pageOf(rows), { decimalComma: true, dominantCurrency: "EUR" });
    expect(cands.find((c) => c.token.money.amount === 12.4)?.score).toBeGreaterThan(0.9);
  });
});

describe("credit and adjustment notes", () => {
  it("takes a negative payable total when no positive amount is labelled as the document's total", () => {
    const rows: Placed[] = [
      [50, 60, "Total 0% supplies:"], [450, 60, "12.98"],
      [50, 80, "Total 6% supplies (excl. GST):"], [450, 80, "-13.87"],
      [50, 100, "GST:"], [450, 100, "-0.84"],
      [50, 120, "Total 6% supplies (Inc. GST):"], [450, 120, "-14.71"],
      [50, 140, "Total Payable:"], [450, 140, "-1.73"],
    ];
    expect(total(rows)).toBe(-1.73);
  });

  it("keeps the positive total when a negative balance is printed under it, or the minus stands apart", () => {
    expect(total([[50, 100, "Grand Total"], [450, 100, "50.00"], [50, 120, "Paid"], [450, 120, "55.00"], [50, 140, "Balance Due"], [450, 140, "-5.00"]])).toBe(50);
    expect(total([[50, 100, "Item"], [450, 100, "12.50"], [50, 140, "Amount Due"], [400, 140, "- 12.50"]])).toBe(12.5);
  });
});

describe("change printed negative", () => {
  it("takes 'Rückgeld -1,82' as the change, so tendered − change checks the total", () => {
    const rows: Placed[] = [[60, 100, "BANANE"], [450, 100, "1,99 B"], [60, 160, "zu zahlen"], [450, 160, "3,18"], [60, 180, "Bar"], [450, 180, "5,00"], [60, 200, "Rückgeld"], [450, 200, "-1,82"]];
    const f = extractDocumentFields([pageOf(rows)], opts).find((x) => x.name === "total");
    expect(f?.checks).toContainEqual({ name: "tendered_minus_change", passed: true, expected: 3.18, actual: 3.18 });
  });
});

describe("cash paid after a rounding", () => {
  it("checks the total by tendered − change give or take the printed rounding, and corrects a total read one digit off", () => {
    const rows: Placed[] = [
      [50, 60, "HAND WASH 250ML"], [450, 60, "12.90"],
      [50, 100, "SUBTOTAL"], [450, 100, "38.37"],
      [50, 120, "TOTAL (GST INCL)"], [450, 120, "38.57"],
      [50, 140, "CASH"], [450, 140, "40.35"],
      [50, 160, "ROUNDING ADJUSTMENTS"], [450, 160, "0.02"],
      [50, 180, "CHANGE DUE"], [450, 180, "2.00"],
    ];
    expect(total(rows)).toBe(38.37);
  });

  it("keeps the rounded total when the amount paid is printed as a total", () => {
    const rows: Placed[] = [
      [50, 100, "TOTAL"], [450, 100, "41.52"],
      [50, 120, "ROUNDING"], [450, 120, "-0.02"],
      [50, 140, "TOTAL ROUNDED"], [450, 140, "41.50"],
      [50, 160, "CASH"], [450, 160, "50.00"],
      [50, 180, "CHANGE"], [450, 180, "8.50"],
    ];
    expect(total(rows)).toBe(41.5);
  });
});

describe("the sum row of a German receipt's tax table (net, tax, gross)", () => {
  const head: Placed[] = [
    [50, 60, "Kaffee"], [450, 60, "11,55 B"],
    [50, 80, "Wein"], [450, 80, "10,48 A"],
    [50, 120, "SUMME EUR"], [450, 120, "22,03"],
    [50, 140, "Kartenzahlung"], [400, 140, "EUR 22,03"],
    [50, 200, "Steuer  %   Netto  Steuer  Brutto"],
  ];

  it("does not outweigh the receipt's own total when its gross does not add up from its net and tax (a misread)", () => {
    const rows: Placed[] = [...head, [50, 220, "A= 19,0%"], [250, 220, "8,81  1,67  10,48"], [50, 240, "Gesamtbetrag"], [250, 240, "19,68  2,43  22,83"]];
    expect(total(rows)).toBe(22.03);
  });

  it("stays a strong total when it adds up", () => {
    const rows: Placed[] = [
      [50, 60, "Kaffee"], [450, 60, "11,55 B"],
      [50, 120, "SUMME EUR"], [450, 120, "22,83"],
      [50, 200, "Steuer  %   Netto  Steuer  Brutto"],
      [50, 240, "Gesamtbetrag"], [250, 240, "19,60  2,43  22,03"],
    ];
    const found = amountCandidates(pageOf(rows), { decimalComma: true, dominantCurrency: "EUR" }).find((c) => c.token.money.amount === 22.03);
    expect(found?.score).toBeGreaterThanOrEqual(0.85);
  });
});

describe("the sum row of a tax table of which OCR read only the net", () => {
  it("reads the amount under the net column as the net, not the total", () => {
    // "Gesamt 21,50 1,50 23,00" read as "Gesamt 21,50": the amount stands under "Netto", the till's total is SUMME.
    const rows: Placed[] = [
      [50, 60, "Laugenbrezel"], [450, 60, "3,60 B"],
      [50, 120, "SUMME EUR"], [300, 120, "23,00"],
      [50, 140, "Kartenzahlung"], [400, 140, "EUR 23,09"],
      [50, 200, "Steuer"], [180, 200, "%"], [250, 200, "Netto"], [350, 200, "Steuer"], [450, 200, "Brutto"],
      [50, 220, "B= 7,0%"], [250, 220, "21,50"],
      [50, 240, "Gesamt"], [250, 240, "21,50"],
    ];
    expect(total(rows)).toBe(23);
    const cands = amountCandidates(pageOf(rows), { decimalComma: true, dominantCurrency: "EUR" });
    expect(cands.find((c) => c.label === "Gesamt")?.role).toBe("subtotal");
    // Under the gross column the same row is the total.
    const gross: Placed[] = [...rows.slice(0, -1), [50, 240, "Gesamt"], [450, 240, "23,00"]];
    expect(amountCandidates(pageOf(gross), { decimalComma: true, dominantCurrency: "EUR" }).find((c) => c.label === "Gesamt")?.role).toBe("total");
  });
});

describe("the sum row of a tax table whose tax OCR could not read as money", () => {
  it("weighs no more than the till's own total, so the payment's arithmetic decides", () => {
    const rows: Placed[] = [
      [50, 60, "Kaffee"], [450, 60, "18,92 B"],
      [50, 120, "SUMME EUR"], [450, 120, "18,92"],
      [50, 140, "Gegeben BAR EUR"], [450, 140, "25,00"],
      [50, 160, "Rückgeld BAR"], [450, 160, "6,08"],
      [50, 200, "MWST%  MWST  +  Netto  =  Brutto"],
      [50, 240, "Gesamtbetrag"], [250, 240, "16,51  2:41  18,02 ="],
    ];
    expect(total(rows)).toBe(18.92);
    const cands = amountCandidates(pageOf(rows), { decimalComma: true, dominantCurrency: "EUR" });
    const summe = cands.find((c) => c.label === "SUMME");
    const table = cands.find((c) => c.label === "Gesamtbetrag");
    expect(table?.score).toBeLessThanOrEqual(summe?.score ?? 0);
  });
});

describe("a card payment of exactly the total, with no change printed", () => {
  it("backs that total against a tax table's sum row whose gross OCR garbled", () => {
    const rows: Placed[] = [
      [50, 60, "Kaese"], [450, 60, "17,76 B"],
      [50, 80, "Waschmittel"], [450, 80, "4,45 A"],
      [50, 120, "Geg. EC-Cash"], [400, 120, "EUR 22,21"],
      [50, 200, "Steuer  %   Netto  Steuer  Brutto"],
      [50, 240, "Summe"], [250, 240, "20,34  i bog HERR 5"],
      [50, 300, "Betrag EUR"], [450, 300, "22,21"],
    ];
    expect(total(rows)).toBe(22.21);
    const cands = amountCandidates(pageOf(rows), { decimalComma: true, dominantCurrency: "EUR" });
    expect(checkTenderedMinusChange(22.21, cands)?.check.passed).toBe(true);
    // A payment of another amount with its change unread says nothing about the total.
    expect(checkTenderedMinusChange(20.34, cands)).toBeNull();
  });
});
