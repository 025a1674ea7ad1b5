import { describe, expect, it } from "vitest";
import { findAmounts } from "../../../../src/extraction/fields/money.js";
import { decideCurrency } from "../../../../src/extraction/fields/page/currency.evidence.js";

describe("an ISO code of a currency whose sign is no marker", () => {
  it("marks an amount, printed against it or a space away", () => {
    expect(findAmounts("TOTAL OMR39500.00", 6, false, null)[0]?.money).toEqual({ amount: 39500, currency: "OMR" });
    expect(findAmounts("Amount due LKR 12,500.00", 11, false, null)[0]?.money).toEqual({ amount: 12500, currency: "LKR" });
    expect(findAmounts("Total 1,250.00 QAR", 6, false, null)[0]?.money).toEqual({ amount: 1250, currency: "QAR" });
  });

  it("decides the document's currency over a country named in the buyer's address", () => {
    const text = "Bill To:\nBTG Pactual\nPoland\nSub Total\t1500.00\t38000.00\nTOTAL\tOMR39500.00\nTotal\tOMR38000.00\tOMR1500.00";
    expect(decideCurrency(text, null).currency).toBe("OMR");
  });

  it("is not read into an English word in capitals", () => {
    expect(findAmounts("BALL PEN 10.00", 9, false, null)[0]?.money.currency ?? null).toBeNull();
  });
});
