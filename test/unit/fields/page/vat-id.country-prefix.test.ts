import { describe, expect, it } from "vitest";
import { extractTaxIds } from "../../../../src/extraction/fields/tax-id.extractor.js";

const best = (text: string) => [...extractTaxIds(text, 1)].sort((a, b) => b.confidence - a.confidence)[0]?.value;

describe("one registration printed with and without its country prefix", () => {
  it("is the VAT id with the prefix, though the national number stands under a stronger label", () => {
    const text = [
      "Servicios Brightside S.L.\tFactura",
      "IVA ESB12345674",
      "Número de la factura ES4-0042",
      "Total\t121,00 €",
      "Registro Mercantil de Madrid • Tomo 12, Hoja M-345 • NIF B12345674",
    ].join("\n");
    expect(best(text)).toBe("ESB12345674");
  });

  it("leaves another company's national number alone", () => {
    const text = ["IVA ESB12345674", "Registro Mercantil de Madrid • NIF A58818501"].join("\n");
    expect(best(text)).toBe("A58818501");
  });
});
