import { describe, expect, it } from "vitest";
import { extractDocumentFields } from "../../../src/extraction/fields/index.js";
import { validCnpj } from "../../../src/extraction/fields/tax-id.checksums.js";
import { extractTaxIds } from "../../../src/extraction/fields/tax-id.extractor.js";
import { pageOf } from "./page/page.helpers.js";

describe("the CNPJ, the federal tax number of Brazilian companies", () => {
  it("checks its two check digits", () => {
    expect(validCnpj("19671783000163")).toBe(true);
    expect(validCnpj("19671783000164")).toBe(false);
    expect(validCnpj("11111111111111")).toBe(false);
  });

  it("reads it after 'CNPJ:' whole, its slash and dash included", () => {
    expect(extractTaxIds("CNPJ: 19.671.783/0001-63", 1).map((f) => f.value)).toContain("19671783000163");
    expect(extractTaxIds("CNPJ: 19671783000163", 1).map((f) => f.value)).toContain("19671783000163");
  });

  it("takes a CNPJ in its own punctuation without a label when its check digits pass (a DANFE's value row)", () => {
    expect(extractTaxIds("INSCRIÇÃO ESTADUAL\tCNPJ / CPF\n6990343720091\t19.671.783/0001-63", 1).map((f) => f.value)).toContain("19671783000163");
    expect(extractTaxIds("Protocolo 19.671.783/0001-64", 1)).toEqual([]);
  });
});

describe("a DANFE's issuer: the name under 'IDENTIFICAÇÃO DO EMITENTE'", () => {
  it("takes the company under the issuer's heading, its 'LTDA' a legal form", () => {
    const fields = extractDocumentFields([
      { ...pageOf([
        [600, 60, "NF-e", 14],
        [50, 100, "IDENTIFICAÇÃO DO EMITENTE"],
        [500, 100, "DANFE", 14],
        [50, 130, "R. ACME IND. E COMERCIO LTDA"],
        [500, 130, "0 - ENTRADA"],
        [50, 145, "RUA DAS FLORES, 400"],
        [50, 160, "UBA - MG Fone: (32) 3539-3293"],
        [500, 160, "Nº.: 000.109.017"],
        [50, 200, "DESTINATÁRIO / REMETENTE"],
        [50, 215, "RAZÃO SOCIAL"],
        [50, 230, "NUTRI DISTRIBUIDORA"],
        [50, 400, "VALOR TOTAL DA NOTA"], [700, 400, "303,40"],
      ]), source: "text_layer" as const },
    ], { referenceDate: new Date("2025-02-01"), documentType: "invoice" });
    expect(fields.find((f) => f.name === "issuer")?.value).toBe("R. ACME IND. E COMERCIO LTDA");
  });
});
