import { describe, expect, it } from "vitest";
import { extractDocumentFields } from "../../../../src/extraction/fields/index.js";
import { extractTaxIds } from "../../../../src/extraction/fields/tax-id.extractor.js";
import { pageOf, type Placed } from "./page.helpers.js";

const opts = { referenceDate: new Date("2024-06-01"), documentType: "invoice" as const };
const fieldsOf = (rows: readonly Placed[]) =>
  extractDocumentFields([{ ...pageOf(rows), source: "text_layer" as const }], opts);

/** A Dominican electricity bill's header: the seller's RNC, its NCF, the NCF's expiry, the holder's own RNC/cédula. */
const BILL: Placed[] = [
  [50, 40, "RNC: 1-01-82021-7"], [600, 40, "Duplicado"],
  [50, 55, "Empresa Distribuidora de Electricidad del Este, S.A."], [600, 55, "CONDICIÓN FISCAL: Factura de Consumo"],
  [50, 70, "OFICINA: LAS AMERICAS"], [600, 70, "NCF"], [700, 70, "B0241461604"],
  [600, 85, "Fecha Vencimiento NCF: 31/12/2023"],
  [50, 100, "FECHA DE EMISIÓN:"], [250, 100, "18/04/2023"],
  [50, 115, "RNC - CÉDULA: 40237684168"],
  [600, 300, "IMPORTE TOTAL EN RD$"], [800, 300, "1,355.66"],
];

describe("a Dominican invoice's fiscal number and tax number", () => {
  it("reads the NCF (Número de Comprobante Fiscal) as the invoice number", () => {
    expect(fieldsOf(BILL).find((f) => f.name === "invoice_number")?.value).toBe("B0241461604");
  });

  it("reads an e-NCF after its colon", () => {
    const rows: Placed[] = [[50, 40, "Comercial Ejemplo, SRL"], [500, 40, "Factura de Crédito Fiscal Electrónica"], [500, 55, "e-NCF: E310000000123"], [500, 600, "Total RD$ 2,360.00"]];
    expect(fieldsOf(rows).find((f) => f.name === "invoice_number")?.value).toBe("E310000000123");
  });

  it("reads no NCF label before a date", () => {
    const rows: Placed[] = [[50, 40, "Comercial Ejemplo, SRL"], [500, 55, "Vencimiento NCF: 31/12/2023"], [500, 600, "Total RD$ 2,360.00"]];
    expect(fieldsOf(rows).find((f) => f.name === "invoice_number")?.value).toBeUndefined();
  });

  it("reads the number after 'RNC:' as the seller's tax id", () => {
    expect(extractTaxIds("RNC: 1-01-82021-7", 1).find((f) => f.name === "vat_id")?.value).toBe("101820217");
    expect(fieldsOf(BILL).find((f) => f.name === "vat_id")?.value).toBe("101820217");
  });
});
