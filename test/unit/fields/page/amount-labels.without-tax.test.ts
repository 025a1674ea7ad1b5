import { describe, expect, it } from "vitest";
import { amountCandidates } from "../../../../src/extraction/fields/page/amounts.page.js";
import { pageOf } from "./page.helpers.js";

const ctx = { decimalComma: true, dominantCurrency: "EUR" };
const roles = (rows: Parameters<typeof pageOf>[0]) => amountCandidates(pageOf(rows), ctx).map((c) => [c.role, c.token.money.amount]);

describe("a total 'without' tax is the subtotal", () => {
  it.each([
    ["Total sin IVA", "es"],
    ["Importe sin IVA", "es"],
    ["Total sans TVA", "fr"],
    ["Totale senza IVA", "it"],
    ["Totaal zonder btw", "nl"],
    ["Summe ohne MwSt.", "de"],
    ["Total without VAT", "en"],
  ])("%j (%s)", (label) => {
    expect(roles([[50, 100, `${label} 131.342,99`], [50, 120, "Total 152.551,67"]])).toEqual([["subtotal", 131342.99], ["total", 152551.67]]);
  });
});
