import { describe, expect, it } from "vitest";
import { extractDocumentFields } from "../../../../src/extraction/fields/index.js";
import { pageOf, type Placed } from "./page.helpers.js";

const opts = { referenceDate: new Date("2024-06-01"), documentType: "invoice" as const };
const vat = (rows: readonly Placed[]) => extractDocumentFields([{ ...pageOf(rows), source: "text_layer" as const }], opts).find((f) => f.name === "vat_id")?.value;

// A simplified DANFE: the buyer's block ("DESTINATÁRIO") printed over the seller's ("EMITENTE"), each a heading over
// "NOME:" and the party's tax number.
const danfe: Placed[] = [
  [60, 40, "DANFE SIMPLIFICADO - ETIQUETA"], [50, 70, "NOTA: 123456 SÉRIE: 1"], [50, 82, "EMISSÃO: 2023-06-26"],
  [150, 100, "DESTINATÁRIO"], [50, 112, "NOME: Jhon Doe"], [50, 124, "CPF/CNPJ: 123.456.789-09 IE: UF: SP"], [50, 136, "ENDEREÇO: Rua das Flores, 0 -"],
  [150, 160, "EMITENTE"], [50, 172, "NOME: Empresa Teste"], [50, 184, "CNPJ: 11.222.333/0001-81 IE: 1234567 UF: RJ"],
  [50, 200, "VALOR TOTAL DA NOTA: R$ 1375,04"],
];

describe("a Brazilian DANFE's parties", () => {
  it("takes the seller's CNPJ under 'EMITENTE' over the buyer's number under 'DESTINATÁRIO' printed above it", () => {
    expect(vat(danfe)).toBe("11222333000181");
  });
});
