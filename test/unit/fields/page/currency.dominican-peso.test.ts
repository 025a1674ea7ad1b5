import { describe, expect, it } from "vitest";
import { findAmounts } from "../../../../src/extraction/fields/money.js";
import { decideCurrency } from "../../../../src/extraction/fields/page/currency.evidence.js";

describe("the Dominican peso's sign 'RD$'", () => {
  it("marks an amount as DOP, not as US dollars", () => {
    expect(findAmounts("IMPORTE TOTAL EN RD$ 1,355.66", 0, false, null)[0]?.money).toEqual({ amount: 1355.66, currency: "DOP" });
    expect(findAmounts("Cargo fijo RD$127.83", 0, false, null)[0]?.money).toEqual({ amount: 127.83, currency: "DOP" });
  });

  it("decides a Dominican bill's currency", () => {
    const text = "Cargo fijo\tRD$\t127.83\nEnergía 199 kWh x RD$ 6.17\tRD$\t1,227.83\nIMPORTE TOTAL EN RD$\t1,355.66";
    expect(decideCurrency(text, null).currency).toBe("DOP");
  });

  it("leaves the Brazilian 'R$' and a bare '$' as they were", () => {
    expect(findAmounts("VALOR TOTAL: R$ 730,00", 0, false, null)[0]?.money.currency).toBe("BRL");
    expect(findAmounts("Total $ 12.00", 0, false, null)[0]?.money.currency).toBe("USD");
  });
});
