import { describe, expect, it } from "vitest";
import { extractDocumentFields } from "../../../../src/extraction/fields/index.js";
import { pageOf, type Placed } from "./page.helpers.js";

const opts = { referenceDate: new Date("2024-06-01"), documentType: "invoice" as const };
/** A PDF's text layer (its labels are read as printed, not through OCR's misreadings). */
const invoiceNumber = (rows: readonly Placed[]) =>
  extractDocumentFields([{ ...pageOf([...rows, [50, 400, "Celkem 629,20"]]), source: "text_layer" as const }], opts).find((f) => f.name === "invoice_number")?.value;

describe("a Czech tax document's title and its number sign", () => {
  it("reads 'Daňový doklad č. 4': the title of a Czech tax invoice, 'č.' (číslo) its number sign", () => {
    expect(invoiceNumber([[50, 40, "Daňový doklad č. 4"], [50, 70, "Dodavatel: Můj E-shop s.r.o."]])).toBe("4");
    expect(invoiceNumber([[50, 40, "DAŇOVÝ DOKLAD č. 2024017"], [50, 70, "Dodavatel: Firma s.r.o."]])).toBe("2024017");
  });

  it("reads no number after 'č.' that is not a number ('č. ú.' of a bank account)", () => {
    expect(invoiceNumber([[50, 40, "Daňový doklad č. ú. banky"], [50, 70, "Dodavatel: Firma s.r.o."]])).toBeUndefined();
  });
});

describe("a Brazilian fiscal note's 'NOTA:' before its series", () => {
  it("reads 'NOTA: 123456 SÉRIE: 1' on a simplified DANFE", () => {
    const rows: Placed[] = [[50, 40, "DANFE SIMPLIFICADO - ETIQUETA"], [50, 70, "NOTA: 123456 SÉRIE: 1"], [50, 85, "EMISSÃO: 2023-06-26"]];
    expect(invoiceNumber(rows)).toBe("123456");
  });

  it("reads no 'Nota:' that is a remark", () => {
    expect(invoiceNumber([[50, 40, "FATTURA"], [50, 70, "Nota: 30 giorni data fattura"]])).toBeUndefined();
  });
});
