import { describe, expect, it } from "vitest";
import { amountCandidates } from "../../../../src/extraction/fields/page/amounts.page.js";
import { extractDocumentFields } from "../../../../src/extraction/fields/index.js";
import { pageOf, type Placed } from "./page.helpers.js";

const refDate = new Date("2024-06-01");
const total = (rows: readonly Placed[]) => (extractDocumentFields([pageOf(rows)], { documentType: "invoice", referenceDate: refDate }).find((f) => f.name === "total")?.value as { amount: number } | undefined)?.amount;
const roles = (rows: readonly Placed[], decimalComma = true) => amountCandidates(pageOf(rows), { decimalComma, dominantCurrency: "EUR" }).map((c) => [c.role, c.token.money.amount]);

describe("a prepayment is part of the document's total, not taken off it", () => {
  it("reads prepayment labels in each language as a role of their own", () => {
    expect(roles([[50, 100, "Acompte : 20,00"], [50, 120, "Vorauszahlung 10,00"], [50, 140, "bereits bezahlt 11,00"], [50, 160, "Anzahlung 12,00"], [50, 180, "Déjà réglé 13,00"]])).toEqual(
      [["prepaid", 20], ["prepaid", 10], ["prepaid", 11], ["prepaid", 12], ["prepaid", 13]],
    );
    expect(roles([[50, 100, "Prepayment 150.00"], [50, 120, "Amount already paid 20.00"], [50, 140, "Advance payment 30.00"]], false)).toEqual([["prepaid", 150], ["prepaid", 20], ["prepaid", 30]]);
  });

  it("takes the grand total when the amount due is it less a printed prepayment (French)", () => {
    expect(
      total([
        [50, 100, "Détail TVA Taux Base TVA Montant TVA"], [50, 115, "20,00% 100,00 20,00"],
        [600, 140, "TOTAL HT TOTAL TVA TOTAL TTC"], [600, 155, "100,00 20,00 120,00"],
        [600, 180, "Acompte : 20,00"], [600, 220, "NET A PAYER 100,00 EUR"],
      ]),
    ).toBe(120);
  });

  it("takes the grand total when the amount due is it less a printed prepayment (German, English)", () => {
    expect(total([[50, 100, "Nettobetrag 200,00"], [50, 115, "MwSt 19% 38,00"], [50, 130, "Bruttobetrag 238,00"], [50, 150, "abzüglich Vorauszahlung 38,00"], [50, 170, "Zahlbetrag 200,00"]])).toBe(238);
    expect(total([[50, 100, "Subtotal $200.00"], [50, 115, "Tax $20.00"], [50, 130, "Total $220.00"], [50, 150, "Amount paid in advance $20.00"], [50, 170, "Balance due $200.00"]])).toBe(220);
  });

  it("counts a prepayment printed as a deduction, and a credit note's negative amounts, the same way", () => {
    expect(total([[50, 100, "Total TTC 120,00"], [50, 120, "Acompte versé -20,00"], [50, 140, "Net à payer 100,00"]])).toBe(120);
    expect(
      total([
        [600, 140, "TOTAL HT TOTAL TVA TOTAL TTC"], [600, 155, "-100,00 0,00 -100,00"],
        [600, 180, "Acompte : -10,00"], [600, 220, "NET A PAYER -90,00 EUR"],
      ]),
    ).toBe(-100);
  });

  it("changes nothing when no prepayment is printed, or when the amount due is not the total less it", () => {
    expect(total([[50, 100, "Subtotal $200.00"], [50, 115, "Tax $20.00"], [50, 130, "Total $220.00"], [50, 150, "Discount $20.00"], [50, 170, "Balance due $200.00"]])).toBe(200);
    expect(total([[50, 100, "Total $220.00"], [50, 150, "Prepayment $0.00"], [50, 170, "Balance due $220.00"]])).toBe(220);
    expect(total([[50, 100, "Total $220.00"], [50, 150, "Prepayment $50.00"], [50, 170, "Balance due $220.00"]])).toBe(220);
  });
});
