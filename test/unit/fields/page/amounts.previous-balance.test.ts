import { describe, expect, it } from "vitest";
import { amountCandidates, type AmountCandidate } from "../../../../src/extraction/fields/page/amounts.page.js";
import { rankTotals } from "../../../../src/extraction/fields/page/amounts.reconcile.js";
import { extractDocumentFields } from "../../../../src/extraction/fields/index.js";
import { pageOf, type Placed } from "./page.helpers.js";

const refDate = new Date("2024-06-01");
const total = (rows: readonly Placed[]) => (extractDocumentFields([pageOf(rows)], { documentType: "invoice", referenceDate: refDate }).find((f) => f.name === "total")?.value as { amount: number } | undefined)?.amount;
const roles = (rows: readonly Placed[], decimalComma = true) => amountCandidates(pageOf(rows), { decimalComma, dominantCurrency: "EUR" }).map((c) => [c.role, c.token.money.amount]);

describe("a balance carried forward is not this document's total", () => {
  it("reads previous-balance labels in each language as a role of their own", () => {
    expect(roles([[50, 100, "Ausstehende Forderung 220,00"], [50, 120, "Vorsaldo 10,00"], [50, 140, "Saldo Vortrag 11,00"], [50, 160, "Solde antérieur 12,00"], [50, 180, "Saldo anterior 13,00"], [50, 200, "Saldo precedente 14,00"], [50, 220, "Vorig saldo 15,00"], [50, 240, "Openstaand saldo 16,00"], [50, 260, "Baki terdahulu 17,00"]])).toEqual(
      [["previous_balance", 220], ["previous_balance", 10], ["previous_balance", 11], ["previous_balance", 12], ["previous_balance", 13], ["previous_balance", 14], ["previous_balance", 15], ["previous_balance", 16], ["previous_balance", 17]],
    );
    expect(roles([[50, 100, "Previous balance 150.00"], [50, 120, "Balance brought forward 20.00"], [50, 140, "Arrears 30.00"], [50, 160, "Outstanding balance 40.00"]], false)).toEqual(
      [["previous_balance", 150], ["previous_balance", 20], ["previous_balance", 30], ["previous_balance", 40]],
    );
  });

  it("takes the document's own total, not the amount payable that adds the previous balance to it (German)", () => {
    expect(total([[50, 100, "Beratung 200,00"], [50, 115, "Material 20,00"], [50, 140, "Summe 220,00"], [50, 160, "Ausstehende Forderung 220,00"], [50, 180, "zu zahlender Betrag 440,00"]])).toBe(220);
  });

  it("takes the document's own total, not the amount payable that adds the previous balance to it (English)", () => {
    expect(total([[50, 100, "Total current charges $220.00"], [50, 120, "Previous balance $150.00"], [50, 140, "Total amount due $370.00"]])).toBe(220);
  });

  it("finds the own total printed without a total label when the amount payable less the previous balance gives it", () => {
    expect(
      total([
        [50, 100, "Haftpflicht 80,00 €"], [50, 115, "Vollkasko 140,00 €"], [50, 130, "vierteljährlicher Beitrag inklusive 19 % Versicherungsteuer 220,00 €"],
        [50, 145, "in diesem Beitrag enthaltene Versicherungsteuer (35,13 €)"], [50, 160, "Ausstehende Forderung am Ausstellungstag 220,00 €"], [50, 175, "zu zahlender Beitrag 440,00 €"],
      ]),
    ).toBe(220);
  });

  it("never raises an amount payable that the ranking had put under another total", () => {
    const cand = (role: AmountCandidate["role"], amount: number, y: number, score: number, start: number): AmountCandidate => ({
      role, page: 1, score, label: "", labelBox: { x0: 0.1, y0: y, x1: 0.3, y1: y + 0.01 },
      token: { start, end: start + 6, money: { amount, currency: "USD" }, explicitCurrency: true, hasDecimals: true },
    });
    const own = cand("total", 220, 0.2, 0.75, 10);
    const payable = cand("total", 370, 0.6, 0.45, 30);
    const grand = cand("total", 500, 0.5, 0.95, 50);
    const without = rankTotals([own, payable, grand], [], []).find((o) => o.amount === 370)?.score ?? 0;
    const withBalance = rankTotals([own, cand("previous_balance", 150, 0.3, 0.85, 20), payable, grand], [], []).find((o) => o.amount === 370)?.score ?? 0;
    expect(withBalance).toBeLessThanOrEqual(without);
  });

  it("changes nothing when no previous balance is printed, or when the amount payable is not the total plus it", () => {
    expect(total([[50, 100, "Total $220.00"], [50, 120, "Late fee $10.00"], [50, 140, "Amount due $230.00"]])).toBe(230);
    expect(total([[50, 100, "Previous balance $100.00"], [50, 120, "Payment received $100.00"], [50, 140, "Total $220.00"], [50, 160, "Amount due $220.00"]])).toBe(220);
  });
});
