import { describe, expect, it } from "vitest";
import type { Money } from "../../../../src/extraction/extraction.types.js";
import { extractDocumentFields } from "../../../../src/extraction/fields/index.js";
import { findAmounts } from "../../../../src/extraction/fields/money.js";
import { decideCurrency } from "../../../../src/extraction/fields/page/currency.evidence.js";
import { validVkn } from "../../../../src/extraction/fields/tax-id.checksums.js";
import { extractTaxIds } from "../../../../src/extraction/fields/tax-id.extractor.js";
import { pageOf } from "./page.helpers.js";

const opts = { referenceDate: new Date("2026-01-01"), documentType: "invoice" as const };

/** A Turkish e-Fatura print as GİB's viewers lay it out: the seller's block, the buyer's under "SAYIN", the data table. */
const eFatura = () =>
  extractDocumentFields([
    pageOf([
      [50, 40, "ÖRNEK MAKİNE SANAYİ VE TİCARET LTD.ŞTİ.", 12],
      [50, 55, "FEVZİ ÇAKMAK MAH. 12/G KARATAY/ KONYA"],
      [50, 70, "Vergi Dairesi: SELÇUK VERGİ DAİRESİ"],
      [50, 85, "VKN: 0591102979"],
      [50, 120, "SAYIN"],
      [50, 135, "DENEME YAPI İNŞAAT LTD.ŞTİ."],
      [50, 150, "VKN: 4860538447"],
      [600, 120, "Fatura No:"], [750, 120, "ABC2025000001508"],
      [600, 135, "Fatura Tarihi:"], [750, 135, "16-10-2025"],
      [50, 200, "Ürün / Hizmet Cinsi"], [500, 200, "Miktar"], [800, 200, "Tutar"],
      [50, 215, "Kabin ön cam"], [500, 215, "1,0 ADET"], [800, 215, "4.800,00TL"],
      [500, 260, "Mal Hizmet Toplam Tutarı"], [800, 260, "4.800,00TL"],
      [500, 275, "Hesaplanan KDV(%20)"], [800, 275, "960,00TL"],
      [500, 290, "Vergiler Dahil Toplam Tutar"], [800, 290, "5.760,00TL"],
      [500, 305, "Ödenecek Tutar"], [800, 305, "5.760,00TL"],
      [50, 350, "AKBANK IBAN NO:TR78 0004 6007 7388 8000 0943 34"],
    ]),
  ], opts);

describe("a Turkish e-Fatura", () => {
  it("reads the invoice number after 'Fatura No:'", () => {
    expect(eFatura().find((f) => f.name === "invoice_number")?.value).toBe("ABC2025000001508");
  });

  it("reads the lira printed as 'TL' after an amount, against it or spaced off, as TRY", () => {
    expect(findAmounts("4.800,00TL", 0, true, null)[0]?.money).toEqual({ amount: 4800, currency: "TRY" });
    expect(findAmounts("30.000,00 TL", 0, true, null)[0]?.money).toEqual({ amount: 30000, currency: "TRY" });
    expect(decideCurrency(["Mal Hizmet Toplam Tutarı\t4.800,00TL", "Ödenecek Tutar\t5.760,00TL"].join("\n"), null)).toEqual({ currency: "TRY", source: "amount_rows" });
    const fields = eFatura();
    expect((fields.find((f) => f.name === "total")?.value as Money | undefined)?.amount).toBe(5760);
    expect(fields.find((f) => f.name === "currency")?.value).toBe("TRY");
  });

  it("reads the seller's VKN (Vergi Kimlik Numarası) as its tax id, its check digit checked", () => {
    expect(validVkn("0591102979")).toBe(true);
    expect(validVkn("4860538447")).toBe(true);
    expect(validVkn("0591102978")).toBe(false);
    expect(extractTaxIds("VKN: 0591102979", 1).map((f) => f.value)).toEqual(["0591102979"]);
    expect(extractTaxIds("Vergi Kimlik No: 0340365711", 1).map((f) => f.value)).toEqual(["0340365711"]);
    expect(extractTaxIds("Vergi Kimlik Numarası: 0340365711", 1).map((f) => f.value)).toEqual(["0340365711"]);
    const [good] = extractTaxIds("VKN: 0591102979", 1);
    const [bad] = extractTaxIds("VKN: 0591102978", 1);
    expect(good?.confidence ?? 0).toBeGreaterThan(bad?.confidence ?? 1);
    expect(eFatura().find((f) => f.name === "vat_id")?.value).toBe("0591102979");
  });
});
