import { describe, expect, it } from "vitest";
import { extractDocumentFields } from "../../../../src/extraction/fields/index.js";
import { accessKeyIssuerCnpj } from "../../../../src/extraction/fields/page/nfe.access-key.js";
import { pageOf, type Placed } from "./page.helpers.js";

const vatId = (rows: readonly Placed[]) =>
  extractDocumentFields([pageOf(rows)], { referenceDate: new Date("2025-12-01"), documentType: "invoice" }).find((f) => f.name === "vat_id")?.value;

/** An NF-e access key: state 29, 2025-11, CNPJ 09.206.720/0001-82, model 55, series 001, number 114427, check digit 0. */
const KEY = "2925 1109 2067 2000 0182 5500 1000 1144 2717 1231 3100";

describe("the access key of a Brazilian fiscal note names the issuer's CNPJ", () => {
  it("reads the CNPJ from digits 7–20 of a key whose check digits hold", () => {
    expect(accessKeyIssuerCnpj(`CHAVE DE ACESSO\n${KEY}`)).toBe("09206720000182");
    expect(accessKeyIssuerCnpj(KEY.replace(/ /g, ""))).toBe("09206720000182");
  });

  it("reads nothing from 44 digits whose check digit fails, nor from a shorter run", () => {
    expect(accessKeyIssuerCnpj(KEY.replace(/00$/, "01"))).toBeNull();
    expect(accessKeyIssuerCnpj(KEY.slice(0, -5))).toBeNull();
  });

  it("makes the issuer's CNPJ the vat_id over the buyer's, printed twice in the buyer's blocks", () => {
    const rows: Placed[] = [
      [50, 20, "RECEBEMOS DE EMEK DISTRIBUIDORA DE DOCES LTDA OS PRODUTOS E/OU SERVIÇOS CONSTANTES DA NOTA FISCAL ELETRÔNICA"],
      [50, 60, "IDENTIFICAÇÃO DO EMITENTE"], [450, 60, "DANFE"], [700, 60, "CHAVE DE ACESSO"],
      [50, 72, "EMEK DISTRIBUIDORA DE DOCES LTDA"], [700, 72, KEY, 8],
      [50, 84, "Rua da Nigeria, 10"], [50, 96, "SALVADOR - BA"],
      [50, 120, "INSCRIÇÃO ESTADUAL"], [400, 120, "INSCRIÇÃO MUNICIPAL"], [800, 120, "CNPJ / CPF"],
      [50, 132, "075774365"], [800, 132, "09.206.720/0001-82"],
      [50, 150, "DESTINATÁRIO / REMETENTE"],
      [50, 162, "NOME / RAZÃO SOCIAL"], [600, 162, "CNPJ / CPF"], [800, 162, "DATA DA EMISSÃO"],
      [50, 174, "A. M. S. INDUSTRIA E COMERCIO DE ARTEFATOS"], [600, 174, "03.198.283/0001-16"], [800, 174, "10/11/2025"],
      [50, 220, "FATURA"], [50, 232, "NOME / RAZÃO SOCIAL"], [600, 232, "CNPJ / CPF"], [600, 244, "03.198.283/0001-16"],
      [600, 300, "V. TOTAL DA NOTA"], [600, 312, "3.954,42"],
    ];
    expect(vatId(rows)).toBe("09206720000182");
  });
});
