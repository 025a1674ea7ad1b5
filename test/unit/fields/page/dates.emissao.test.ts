import { describe, expect, it } from "vitest";
import { extractDocumentFields } from "../../../../src/extraction/fields/index.js";
import { pageOf } from "./page.helpers.js";

const opts = { referenceDate: new Date("2026-12-07"), documentType: "invoice" as const };
const dateOf = (fields: ReturnType<typeof extractDocumentFields>) => fields.find((f) => f.name === "document_date")?.value;

describe("the Portuguese issue-date labels", () => {
  it("reads the date after a bare 'Emissão:' over a 'Mês' / 'Vencimento' and a date in a sentence", () => {
    const fields = extractDocumentFields([
      pageOf([
        [50, 40, "NOTA FISCAL DE SERVIÇOS DE COMUNICAÇÃO - MOD 21"],
        [50, 60, "Claro NXT Telecomunicações S.A"], [500, 60, "Número: 0220041453"], [700, 60, "Emissão:"], [780, 60, "16/09/2025"],
        [500, 80, "I.E: ISENTO"], [700, 80, "Vencimento"], [780, 80, "08/10/2025"],
        [50, 120, "Existem débitos anteriores a data de geração dessa Fatura (01/09/2025) no valor de 147.56."],
        [50, 300, "TOTAL DA NOTA FISCAL"], [780, 300, "51,70"],
      ]),
    ], opts);
    expect(dateOf(fields)).toBe("2025-09-16");
  });

  it("reads the date after 'Data de emissão'", () => {
    const fields = extractDocumentFields([
      pageOf([[50, 40, "Fatura FA-00001"], [50, 60, "Data de emissão: 14-05-2026 18:32"], [50, 80, "Check-in: 17-05-2026"], [50, 200, "Total pago: 300.00 €"]]),
    ], opts);
    expect(dateOf(fields)).toBe("2026-05-14");
  });
});
