import { describe, expect, it } from "vitest";
import { extractDocumentFields } from "../../../../src/extraction/fields/index.js";
import { notAName } from "../../../../src/extraction/fields/page/parties.page.js";
import { pageOf, type Placed } from "./page.helpers.js";

const opts = { referenceDate: new Date("2024-06-01"), documentType: "invoice" as const };

describe("a Brazilian fiscal note's title is no party name", () => {
  it.each(["DANFE", "Documento Auxiliar da Nota Fiscal", "Documento Auxiliar da Nota Fiscal Eletrônica", "NOTA FISCAL ELETRÔNICA", "Nota Fiscal de Serviços Eletrônica"])(
    "%j is not a name",
    (line) => expect(notAName(line)).toBe(true),
  );

  it("keeps a company whose name holds the words ('Nota Fiscal Fácil Ltda' is not the title alone)", () => {
    expect(notAName("Nota Fiscal Fácil Ltda")).toBe(false);
  });

  it("names the seller printed below the DANFE's title block, not the title", () => {
    const rows: Placed[] = [
      [50, 20, "RECEBEMOS DE B2W Companhia Digital OS PRODUTOS E/OU SERVIÇOS CONSTANTES DA NOTA FISCAL ELETRÔNICA INDICADA ABAIXO."],
      [700, 40, "NF-e"],
      [400, 60, "DANFE"],
      [380, 72, "Documento Auxiliar da Nota Fiscal"],
      [420, 84, "Eletrônica"],
      [150, 96, "B2W Companhia Digital", 12],
      [100, 108, "Est de Miguel Pereira 125 Carretao lote 151/30"],
      [130, 120, "São Miguel - 23893890 - Seropedica - RJ"],
      [50, 150, "NATUREZA DA OPERAÇÃO"], [600, 150, "CNPJ"], [600, 162, "00.776.574/0013-90"],
      [50, 180, "DESTINATÁRIO / REMETENTE"], [50, 192, "EDUARDO RIBEIRO"], [600, 192, "DATA DA EMISSÃO"], [600, 204, "14/11/2020"],
      [600, 300, "V. TOTAL DA NOTA"], [600, 312, "599,99"],
    ];
    const issuer = extractDocumentFields([{ ...pageOf(rows), source: "text_layer" as const }], opts).find((f) => f.name === "issuer")?.value;
    expect(issuer).not.toMatch(/documento|auxiliar|danfe/i);
  });
});
