import { describe, expect, it } from "vitest";
import { extractDocumentFields } from "../../../../src/extraction/fields/index.js";
import { amountCandidates } from "../../../../src/extraction/fields/page/amounts.page.js";
import { pageOf } from "./page.helpers.js";

const ctx = { decimalComma: true, dominantCurrency: "EUR" };
const roles = (rows: Parameters<typeof pageOf>[0]) => amountCandidates(pageOf(rows), ctx).map((c) => [c.role, c.token.money.amount, c.label]);

describe("the invoice's total named after the invoice", () => {
  it("'Total factura' (ES) outweighs a plain 'Total …' row above it; 'Total da fatura' (PT) is a total", () => {
    const page = pageOf([
      [50, 40, "Ver contenido de factura"], [300, 60, "Nº Documento: 0018953777"], [600, 60, "Fecha de la factura: 09-07-2021"],
      [400, 100, "Total materiales:"], [600, 100, "46,35 EUR"], [400, 120, "Recargos:"], [600, 120, "-46,35 EUR"],
      [400, 140, "Impuestos:"], [600, 140, "9,73 EUR"], [400, 160, "Total factura:"], [600, 160, "9,73 EUR"],
    ]);
    const total = extractDocumentFields([page], { referenceDate: new Date("2026-12-07"), documentType: "invoice" }).find((f) => f.name === "total");
    expect(total?.value).toEqual({ amount: 9.73, currency: "EUR" });
    expect(roles([[400, 100, "TOTAL DA FATURA 106,43"]])).toEqual([["total", 106.43, "TOTAL DA FATURA"]]);
  });

  it("reads 'Gesamtpreis (inkl. MwSt.)' as the gross total", () => {
    expect(roles([[400, 100, "Gesamtpreis (inkl. MwSt.) EUR 5.154,50"]])).toEqual([["total", 5154.5, "Gesamtpreis (inkl. MwSt.)"]]);
    expect(roles([[400, 100, "Bruttopreis inkl. MwSt. 12,00"]])[0]?.[2]).toMatch(/^Bruttopreis inkl\. MwSt/);
  });
});

describe("an amount label at the start of a cell", () => {
  it("is a label after a long first cell and a column gap", () => {
    expect(roles([[50, 700, "http://store.example.com/de/open/salespolicies"], [560, 700, "Gesamtbetrag EUR 5.154,50"]])).toEqual([["total", 5154.5, "Gesamtbetrag"]]);
  });

  it("is not one deep inside a sentence", () => {
    expect(roles([[50, 700, "Bitte beachten Sie, dass der Gesamtbetrag 5.154,50 sofort fällig ist"]])).toEqual([]);
  });
});

describe("a table's last heading cell", () => {
  it("is no label of the row it heads when no amount follows it in its cell", () => {
    const headings: Parameters<typeof pageOf>[0] = [
      [50, 100, "Sl.No"], [120, 100, "Part no &Description"], [300, 100, "Unit Price"], [380, 100, "Basic Value"], [460, 100, "Taxable Value"], [540, 100, "IGST"], [600, 100, "TCS Amount"], [700, 100, "Total Invoice Value"],
      [50, 120, "23"], [120, 120, "2175678"], [300, 120, "7548.00"], [380, 120, "90576.00"], [460, 120, "90576.00"], [540, 120, "16304.00"], [700, 120, "106880.00"],
    ];
    expect(amountCandidates(pageOf(headings), { decimalComma: false, dominantCurrency: "INR" }).filter((c) => c.role === "total")).toEqual([]);
  });
});
