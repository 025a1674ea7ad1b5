import { describe, expect, it } from "vitest";
import { extractDocumentFields } from "../../../../src/extraction/fields/index.js";
import { pageOf, type Placed } from "./page.helpers.js";

const issuer = (rows: readonly Placed[]) =>
  extractDocumentFields([pageOf(rows)], { referenceDate: new Date("2024-06-01"), documentType: "invoice" }).find((f) => f.name === "issuer")?.value;

/** A DANFE whose seller block is a logo (no name in the text): only the receipt stub names the seller. */
const danfe = (stub: string): Placed[] => [
  [50, 20, stub],
  [50, 32, "DATA DE RECEBIMENTO"], [300, 32, "IDENTIFICAÇÃO E ASSINATURA DO RECEBEDOR"], [700, 32, "NF-e"], [700, 44, "No. 025.994.070"],
  [400, 70, "DANFE"], [380, 82, "Documento Auxiliar da Nota Fiscal"], [420, 94, "Eletrônica"],
  [400, 110, "0 - ENTRADA"], [400, 122, "1 - SAÍDA"],
  [100, 140, "Est de Miguel Pereira 125 Carretao"], [100, 152, "São Miguel - 23893890 - Seropedica - RJ"],
  [50, 180, "NATUREZA DA OPERAÇÃO"], [600, 180, "CNPJ"], [600, 192, "00.776.574/0013-90"],
  [50, 210, "DESTINATÁRIO / REMETENTE"], [50, 222, "EDUARDO RIBEIRO"], [600, 222, "DATA DA EMISSÃO"], [600, 234, "14/11/2020"],
  [600, 300, "V. TOTAL DA NOTA"], [600, 312, "599,99"],
];

describe("the seller a DANFE's receipt stub names ('RECEBEMOS DE … OS PRODUTOS')", () => {
  it("is the issuer, company or sole trader, where the seller block prints no name", () => {
    expect(issuer(danfe("RECEBEMOS DE B2W Companhia Digital OS PRODUTOS E/OU SERVIÇOS CONSTANTES DA NOTA FISCAL ELETRÔNICA INDICADA ABAIXO."))).toBe("B2W Companhia Digital");
    expect(issuer(danfe("Recebemos de JOSE CARLOS DA SILVA os produtos constantes da nota fiscal indicada ao lado"))).toBe("JOSE CARLOS DA SILVA");
  });
});
