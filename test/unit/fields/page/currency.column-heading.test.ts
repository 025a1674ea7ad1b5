import { describe, expect, it } from "vitest";
import { decideCurrency } from "../../../../src/extraction/fields/page/currency.evidence.js";

const items = "1\tBeratung\t2\t4.00\t8.00\n2\tMaterial\t1\t3.00\t3.00\nGesamtbetrag:\t10.00";

describe("the currency an amount column's heading names in brackets", () => {
  it("takes the currency from 'Einzel ( € )', 'Gesamt ( € )' or 'Valor (R$)' over bare amounts", () => {
    expect(decideCurrency(`Pos\tProdukt\tMenge\tEinzel ( € )\tGesamt ( € )\n${items}`, null).currency).toBe("EUR");
    expect(decideCurrency(`Item\tQty\tValor (R$)\n${items}`, null).currency).toBe("BRL");
    expect(decideCurrency(`Item\tQty\tUnit (USD)\tSum (USD)\n${items}`, null).currency).toBe("USD");
  });

  it("takes none from brackets that hold no currency marker ('Menge (Stk)', 'Zahlung (KORT)')", () => {
    expect(decideCurrency(`Pos\tProdukt\tMenge (Stk)\tEinzel\tGesamt\n${items}`, null).currency).toBeNull();
    expect(decideCurrency(`KONTANTFAKTURA (KORT)\n${items}`, null).currency).toBeNull();
  });
});
