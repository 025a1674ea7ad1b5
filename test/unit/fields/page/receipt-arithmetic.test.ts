import { describe, expect, it } from "vitest";
import type { Money } from "../../../../src/extraction/extraction.types.js";
import { extractDocumentFields } from "../../../../src/extraction/fields/index.js";
import { amountCandidates } from "../../../../src/extraction/fields/page/amounts.page.js";
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
