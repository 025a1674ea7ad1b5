import { describe, expect, it } from "vitest";
import { extractDocumentFields } from "../../../src/extraction/fields/index.js";
import { validRucPy } from "../../../src/extraction/fields/tax-id.checksums.js";
import { extractTaxIds } from "../../../src/extraction/fields/tax-id.extractor.js";
import { pageOf } from "./page/page.helpers.js";

describe("the Paraguayan RUC", () => {
  it("checks its digit after the hyphen (digits weighted 2, 3, 4 … from the right, 11 less the sum mod 11)", () => {
    expect(validRucPy("4849678-2")).toBe(true);
    expect(validRucPy("80001694-7")).toBe(true);
    expect(validRucPy("4849678-3")).toBe(false);
    expect(validRucPy("48496782")).toBe(false);
  });

  it("reads the number after 'RUC:' as a tax id, a passing check digit scoring over a failing one", () => {
    const good = extractTaxIds("RUC: 4849678-2", 1).find((f) => f.name === "vat_id");
    const bad = extractTaxIds("RUC: 4849678-3", 1).find((f) => f.name === "vat_id");
    expect(good?.value).toBe("48496782");
    expect(good?.confidence ?? 0).toBeGreaterThan(bad?.confidence ?? 0);
  });

  it("gives a Paraguayan e-invoice's seller its RUC", () => {
    const fields = extractDocumentFields([
      pageOf([
        [50, 40, "ALDO ADRIANO AYALA SOSA"], [500, 40, "Actividades económicas:"], [750, 40, "RUC: 4849678-2"],
        [750, 55, "Timbrado: 18583670"],
        [750, 70, "Factura electrónica"],
        [750, 85, "N°: 001-001-0000020"],
        [50, 120, "Fecha y Hora de Emisión: 2026-02-25T09:36:22"],
        [50, 150, "Moneda: Guarani"],
        [50, 250, "Total Operación:"], [800, 250, "11.550.000"],
      ]),
    ], { referenceDate: new Date("2026-12-07"), documentType: "invoice" });
    expect(fields.find((f) => f.name === "vat_id")?.value).toBe("48496782");
  });
});
