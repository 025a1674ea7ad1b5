import { describe, expect, it } from "vitest";
import { extractDocumentFields } from "../../../../src/extraction/fields/index.js";
import { pageOf } from "./page.helpers.js";

const opts = { referenceDate: new Date("2026-12-07"), documentType: "invoice" as const };
const dateOf = (fields: ReturnType<typeof extractDocumentFields>) => fields.find((f) => f.name === "document_date")?.value;

describe("an issue-date label in a row of label cells", () => {
  it("reads the date under 'Fecha emisión:' (Spanish, no 'de'), not a later labelled date of another kind", () => {
    const fields = extractDocumentFields([
      pageOf([
        [600, 40, "FACTURA N°: 0003-27355121"],
        [600, 60, "Fecha emisión:"], [780, 60, "Vencimiento actual:"],
        [600, 75, "27/08/2024"], [780, 75, "Ver Talón"],
        [400, 95, "Fecha Vto. C.E.S.P.: 31/08/2024"],
        [50, 300, "TOTAL"], [800, 300, "$ 161.883,00"],
      ]),
    ], opts);
    expect(dateOf(fields)).toBe("2024-08-27");
  });
});
