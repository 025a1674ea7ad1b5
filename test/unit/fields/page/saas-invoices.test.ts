import { describe, expect, it } from "vitest";
import { findAmounts } from "../../../../src/extraction/fields/money.js";
import { extractDocumentFields } from "../../../../src/extraction/fields/index.js";
import type { AmountCandidate } from "../../../../src/extraction/fields/page/amounts.page.js";
import { checkSubtotalPlusTax } from "../../../../src/extraction/fields/page/amounts.reconcile.js";
import { RECIPIENT_LABEL } from "../../../../src/extraction/fields/page/labels.vocabulary.js";
import { cleanPartyName } from "../../../../src/extraction/fields/page/parties.page.js";
import { pageOf } from "./page.helpers.js";

const opts = (documentType: "invoice" | "receipt") => ({ referenceDate: new Date("2025-06-01"), documentType });
const field = (page: ReturnType<typeof pageOf>, name: string, type: "invoice" | "receipt" = "invoice") => extractDocumentFields([page], opts(type)).find((f) => f.name === name)?.value;

describe("SaaS and cloud invoices (bench/invoices --family saas)", () => {
  it("`Remit to:` and `Pay to:` name the payee, not the recipient; a bare `To:` still names the recipient", () => {
    expect(RECIPIENT_LABEL.test("Remit to:")).toBe(false);
    expect(RECIPIENT_LABEL.test("Make checks payable to:")).toBe(false);
    expect(RECIPIENT_LABEL.test("Pay to:")).toBe(false);
    expect(RECIPIENT_LABEL.test("To:")).toBe(true);
  });

  it("takes the issuer from `Issued by` when the same name heads the `Remit to` block", () => {
    // A cloud statement: a logo, the recipient's address first, the issuer only beside the remittance details.
    const page = pageOf([
      [600, 40, "Account number: 890147654930"],
      [60, 90, "Tax Invoice", 18],
      [60, 130, "Billing address:"], [400, 130, "Invoice Number: 558492650"],
      [60, 145, "Thornbury Analytics Limited"], [400, 145, "Invoice Date: 1 October 2024"],
      [60, 160, "674 Hartwick Road"],
      [60, 175, "Brynfield LS12 4NL"],
      [60, 300, "Total for this invoice"], [800, 300, "GBP 4061.50"],
      [60, 400, "Remit to:"], [400, 400, "Issued by Gorrstead Ltd"],
      [60, 415, "Gorrstead Ltd"], [400, 415, "466 Pellford Avenue"],
      [60, 430, "Bank: Brynley Bank"], [400, 430, "VAT Reg: GB426143713"],
    ]);
    expect(field(page, "issuer")).toBe("Gorrstead Ltd");
    const recipient = extractDocumentFields([page], opts("invoice")).find((f) => f.name === "recipient");
    expect(recipient?.value).toBe("Thornbury Analytics Limited");
    // The payee is not even an alternative recipient.
    expect((recipient?.alternatives ?? []).map((a) => a.value)).not.toContain("Gorrstead Ltd");
  });

  it("a company's name in a sentence ends at its legal form", () => {
    expect(cleanPartyName("Brynford Ltd is the merchant of record for Pellley Analytics LLC.")).toBe("Brynford Ltd");
    expect(cleanPartyName("Brackford Networks Limited as reseller of Hartwell LLC products")).toBe("Brackford Networks Limited");
    expect(cleanPartyName("Kessler Haustechnik GmbH & Co. KG")).toBe("Kessler Haustechnik GmbH & Co. KG");
  });

  it("a receipt that prints only `Receipt #` has that as its number; an invoice number, when printed, wins", () => {
    const only = pageOf([
      [700, 60, "RECEIPT", 20],
      [600, 100, "Receipt #: 8618-1526"], [600, 115, "Date paid: 11 Nov 2024"], [600, 130, "Payment method: Visa - 5621"],
      [60, 150, "Bill To"], [60, 165, "Noah Thornmore"],
      [500, 300, "Total"], [800, 300, "€1,306.80"],
    ]);
    expect(field(only, "invoice_number", "receipt")).toBe("8618-1526");
    const both = pageOf([
      [60, 60, "Receipt", 20],
      [60, 100, "Invoice number"], [250, 100, "3F9A21C7-0004"],
      [60, 115, "Receipt number"], [250, 115, "2531-2229"],
      [60, 130, "Date paid"], [250, 130, "March 5, 2025"],
      [500, 300, "Amount paid"], [800, 300, "$49.00"],
    ]);
    expect(field(both, "invoice_number", "receipt")).toBe("3F9A21C7-0004");
  });

  it("`$164.43 CAD`: a dollar sign with a currency code after the amount is that currency", () => {
    expect(findAmounts("Total\t$164.43 CAD", 0, false, null)[0]?.money.currency).toBe("CAD");
    expect(findAmounts("Total\t$1,164.43 AUD", 0, false, "USD")[0]?.money).toEqual({ amount: 1164.43, currency: "AUD" });
    expect(findAmounts("Total\t$164.43", 0, false, null)[0]?.money.currency).toBe("USD");
  });

  it("a discount printed with its minus sign under the subtotal comes off it: subtotal − discount + tax = total", () => {
    let y = 0.5;
    const cand = (role: AmountCandidate["role"], amount: number): AmountCandidate => {
      y += 0.02;
      return { role, page: 1, token: { start: 0, end: 1, money: { amount, currency: null }, explicitCurrency: false, hasDecimals: true }, score: 0.8, labelBox: { x0: 0.5, y0: y, x1: 0.6, y1: y + 0.01 }, label: role };
    };
    expect(checkSubtotalPlusTax(69.3, [cand("subtotal", 77), cand("discount", -7.7), cand("tax", 0)])?.check).toEqual({ name: "subtotal_plus_tax", passed: true, expected: 69.3, actual: 69.3 });
    expect(checkSubtotalPlusTax(64.8, [cand("subtotal", 60), cand("discount", -6), cand("tax", 10.8)])?.check.passed).toBe(true);
    // Unsigned, a discount may already be inside the subtotal: it is not taken off.
    expect(checkSubtotalPlusTax(64.8, [cand("subtotal", 60), cand("discount", 6), cand("tax", 10.8)])?.check.passed).toBe(false);

    // The receipt as printed: the labelled total, not the subtotal the items add up to.
    const rows: [string, string][] = [["Subtotal", "€77.00"], ["Discount (10% off)", "-€7.70"], ["VAT (0%)", "€0.00"], ["Total", "€69.30"], ["Amount paid", "€69.30"]];
    const page = pageOf([
      [700, 60, "RECEIPT", 20], [600, 100, "Receipt #: 2602-1972"], [600, 115, "Date paid: 6 Apr 2025"],
      [60, 200, "Description"], [500, 200, "Qty"], [650, 200, "Rate"], [800, 200, "Amount"],
      [60, 215, "Team plan"], [500, 215, "1"], [650, 215, "€28.00"], [800, 215, "€28.00"],
      [60, 230, "Usage overage"], [500, 230, "1"], [650, 230, "€49.00"], [800, 230, "€49.00"],
      ...rows.flatMap(([label, value], i): [number, number, string][] => [[500, 260 + 15 * i, label], [800, 260 + 15 * i, value]]),
    ]);
    expect(field(page, "total", "receipt")).toEqual({ amount: 69.3, currency: "EUR" });
  });
});
