import { describe, expect, it } from "vitest";
import { amountCandidates } from "../../../../src/extraction/fields/page/amounts.page.js";
import { extractDocumentFields } from "../../../../src/extraction/fields/index.js";
import { pageOf, type Placed } from "./page.helpers.js";

const total = (rows: readonly Placed[]) =>
  (extractDocumentFields([pageOf(rows)], { documentType: "invoice", referenceDate: new Date("2026-12-01") }).find((f) => f.name === "total")?.value as { amount: number } | undefined)?.amount;
const roles = (rows: readonly Placed[]) => amountCandidates(pageOf(rows), { decimalComma: false, dominantCurrency: "INR" }).map((c) => [c.role, c.token.money.amount]);

describe("a bare 'To pay' cell before its amount is the amount payable", () => {
  // A pharmacy wholesaler's GST invoice: the rounded amount payable under the unrounded total and its round-off.
  const rows: Placed[] = [
    [50, 700, "For NEW EXAMPLE MEDISALES LLP"], [560, 700, "Total Amt"], [700, 700, ":"], [800, 700, "10338.37"],
    [560, 730, "Round Off"], [700, 730, ":"], [800, 730, "-.37"],
    [300, 760, "Authorised Signatory"], [560, 760, "TO PAY"], [700, 760, "`"], [800, 760, "10338.00"],
  ];

  it("takes the amount after 'TO PAY', not the total before rounding", () => {
    expect(total(rows)).toBe(10338);
  });

  it("reads 'To pay:' at a row's start as a total", () => {
    expect(roles([[500, 100, "To pay:"], [700, 100, "EUR 1.972,00"]])).toEqual([["total", 1972]]);
  });

  it("reads no total in a sentence that asks to pay", () => {
    expect(roles([[50, 100, "Please remember to pay within 30 days of the invoice date 100.00"]])).toEqual([]);
  });
});
