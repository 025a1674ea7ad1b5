import { describe, expect, it } from "vitest";
import type { Money } from "../../../../src/extraction/extraction.types.js";
import { resolveBareDollar } from "../../../../src/extraction/fields/dollar.country.js";
import { extractDocumentFields } from "../../../../src/extraction/fields/index.js";
import { labelledCurrencies } from "../../../../src/extraction/fields/page/currency.evidence.js";
import { pageOf } from "./page.helpers.js";

const opts = { referenceDate: new Date("2026-12-07"), documentType: "invoice" as const };
const valueOf = (fields: ReturnType<typeof extractDocumentFields>, name: string) => fields.find((f) => f.name === name)?.value;
const amountOf = (fields: ReturnType<typeof extractDocumentFields>) => (valueOf(fields, "total") as Money | undefined)?.amount;

describe("invoice-number labels", () => {
  it("reads a bare 'N' between the title and the number as a number sign ('FACTURE N FAC-2024-0042', the º lost)", () => {
    const fields = extractDocumentFields([
      pageOf([
        [50, 40, "FACTURE N FAC-2024-0042"],
        [50, 55, "Date: 15/03/2024"],
        [50, 70, "Fournisseur: ACME SAS - SIREN 123456789"],
        [50, 200, "Total TTC: 1800.00 EUR"],
      ]),
    ], opts);
    expect(valueOf(fields, "invoice_number")).toBe("FAC-2024-0042");
  });

  it("reads the number after 'NOTA FISCAL Nº' (a Brazilian utility bill's fiscal note)", () => {
    const fields = extractDocumentFields([
      pageOf([
        [50, 40, "Companhia Energética Exemplo"],
        [50, 55, "CNPJ: 07.047.251/0001-70"],
        [400, 90, "NOTA FISCAL Nº 055984051 - SÉRIE ÚNICA / DATA DE EMISSÃO: 16/03/2023"],
        [50, 120, "Código do cliente 9642273"],
        [50, 300, "TOTAL"], [800, 300, "257,34"],
      ]),
    ], opts);
    expect(valueOf(fields, "invoice_number")).toBe("055984051");
  });
});

describe("total labels", () => {
  it("takes 'Total Operación' (a Paraguayan e-invoice) for the total, not the VAT under it", () => {
    const fields = extractDocumentFields([
      pageOf([
        [50, 40, "Factura electrónica N°: 001-001-0000020"],
        [50, 60, "Fecha y Hora de Emisión: 2026-02-25T09:36:22"],
        [50, 150, "010"], [100, 150, "Honorarios Profesionales"], [500, 150, "11.550.000"], [650, 150, "1.00"], [800, 150, "11.550.000"],
        [50, 180, "Total Operación:"], [800, 180, "11.550.000"],
        [50, 195, "Total IVA:"], [800, 195, "1.050.000"],
        [50, 210, "IVA 10%:"], [800, 210, "1.050.000"],
      ]),
    ], opts);
    expect(amountOf(fields)).toBe(11550000);
  });
});

describe("currencies named by the country's documents", () => {
  it("reads 'Moneda: Guarani' as the Paraguayan guaraní", () => {
    expect(labelledCurrencies("Moneda: Guarani")).toEqual(["PYG"]);
    expect(labelledCurrencies("Moneda: Guaraní")).toEqual(["PYG"]);
  });

  it("reads a bare $ as the Argentinian peso on a bill that names AFIP's authorisation code or the provincial turnover tax", () => {
    expect(resolveBareDollar("FACTURA N°: 0003-29717086\nFecha Vto. C.E.S.P.: 07/07/2025\nTOTAL $ 31.228,00")).toBe("ARS");
    expect(resolveBareDollar("Impuestos Provinciales Leyes 6922/8398 IIBB 3,09%\nTOTAL $ 31.228,00")).toBe("ARS");
    expect(resolveBareDollar("CAE N°: 74123456789012 Responsable inscripto ante la AFIP\nTOTAL $ 100,00")).toBe("ARS");
    expect(resolveBareDollar("TOTAL $ 100,00")).toBe("USD");
  });
});
