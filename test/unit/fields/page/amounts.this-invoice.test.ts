import { describe, expect, it } from "vitest";
import { amountCandidates } from "../../../../src/extraction/fields/page/amounts.page.js";
import { extractDocumentFields } from "../../../../src/extraction/fields/index.js";
import { pageOf, type Placed } from "./page.helpers.js";

const total = (rows: readonly Placed[]) =>
  (extractDocumentFields([pageOf(rows)], { documentType: "invoice", referenceDate: new Date("2026-01-01") }).find((f) => f.name === "total")?.value as { amount: number } | undefined)?.amount;
const roles = (rows: readonly Placed[]) => amountCandidates(pageOf(rows), { decimalComma: false, dominantCurrency: "GBP" }).map((c) => [c.role, c.token.money.amount]);

describe("'This Invoice' under the net total and the VAT is what the invoice charges", () => {
  const rows: Placed[] = [
    [50, 100, "Payment Terms:"], [500, 100, "Total"], [700, 100, "£ 116.50"],
    [50, 115, "30 Days from Date of Invoice"], [500, 115, "VAT @ 20.00%"], [700, 115, "£ 23.30"],
    [500, 130, "This Invoice"], [700, 130, "£ 139.80"],
    [50, 160, "Queries in respect of this invoice to be notified within 14 days. Late payment may attract"],
  ];

  it("takes the amount after 'This Invoice'", () => {
    expect(total(rows)).toBe(139.8);
  });

  it("reads 'Payment Terms' as no payment: the row's amount is its 'Total' cell's", () => {
    expect(roles([[50, 100, "Payment Terms:"], [500, 100, "Total"], [700, 100, "£ 116.50"]])).toEqual([["total", 116.5]]);
  });

  it("reads no total in a sentence about this invoice", () => {
    expect(roles([[50, 100, "This invoice was issued on 12/05/2024"], [50, 120, "Queries about this invoice within 14 days"]])).toEqual([]);
  });
});
