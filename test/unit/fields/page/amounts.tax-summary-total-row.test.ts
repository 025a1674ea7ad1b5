import { describe, expect, it } from "vitest";
import type { Money } from "../../../../src/extraction/extraction.types.js";
import { extractDocumentFields } from "../../../../src/extraction/fields/index.js";
import { pageOf, type Placed } from "./page.helpers.js";

const opts = { referenceDate: new Date("2024-06-01"), documentType: "invoice" as const };
const amounts = (rows: readonly Placed[]) => {
  const fields = extractDocumentFields([{ ...pageOf(rows), source: "text_layer" as const }], opts);
  const amount = (name: string) => (fields.find((f) => f.name === name)?.value as Money | undefined)?.amount;
  return { total: amount("total"), subtotal: amount("subtotal"), tax: amount("tax") };
};

const head: Placed[] = [[600, 40, "TAX INVOICE"], [600, 55, "Invoice# 9028"], [50, 60, "Acme Trading LLC"], [600, 70, "Invoice Date : Sep 23, 2024"]];

describe("a tax summary's total row beside the document's total", () => {
  it("reads the row's first amount as the sum of the nets and its second as the tax, the total printed elsewhere as their sum", () => {
    const rows: Placed[] = [
      ...head,
      [50, 200, "Agenda\t290\t20.00\t696.00\t5800.00"], [50, 215, "Clip\t200000\t0.15\t300.00\t30000.00"],
      [560, 300, "TOTAL\tOMR36796.00"],
      [50, 360, "Tax Summary"], [50, 375, "Tax Details\tTaxable Amount (OMR)\tTax Amount (OMR)"],
      [50, 390, "VAT (12%)\t5800.00\t696.00"], [50, 405, "VAT (1%)\t30000.00\t300.00"],
      [50, 420, "Total\tOMR35800.00\tOMR996.00"],
    ];
    expect(amounts(rows)).toEqual({ total: 36796, subtotal: 35800, tax: 996 });
  });

  it("leaves the row a total where no total printed elsewhere is the sum of its two amounts", () => {
    const rows: Placed[] = [
      ...head,
      [50, 200, "Agenda\t290\t20.00\t696.00\t5800.00"], [50, 215, "Clip\t200000\t0.15\t300.00\t30000.00"],
      [50, 360, "Tax Summary"], [50, 375, "Tax Details\tTaxable Amount (OMR)\tTax Amount (OMR)"],
      [50, 390, "VAT (12%)\t5800.00\t696.00"], [50, 405, "VAT (1%)\t30000.00\t300.00"],
      [50, 420, "Total\tOMR35800.00\tOMR996.00"],
    ];
    expect(amounts(rows).total).toBe(35800);
  });
});
