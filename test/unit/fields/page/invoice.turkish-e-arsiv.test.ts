import { describe, expect, it } from "vitest";
import { extractDocumentFields } from "../../../../src/extraction/fields/index.js";
import { pageOf } from "./page.helpers.js";

const opts = { referenceDate: new Date("2026-01-01"), documentType: "invoice" as const };
const field = (fields: ReturnType<typeof extractDocumentFields>, name: string): unknown => fields.find((f) => f.name === name)?.value;

/**
 * A Turkish e-Arşiv invoice as a web portal lays it out: the seller's block with its two-line trade name, the buyer
 * under "Sayın", and each value on the row under its label ("Fatura Numarası" over the number, "Vergi No" over the
 * tax number, the buyer's and the seller's).
 */
const labelsOverValues = () =>
  extractDocumentFields([
    pageOf([
      [50, 40, "DİGİTAL KÜRE YAZILIM REKLAM BİLİŞİM"], [600, 40, "e-Arşiv"],
      [50, 55, "SANAYİ VE TİCARET LİMİTED ŞİRKETİ"],
      [50, 70, "Mücahitler Mah 52083 Nolu Cad"],
      [50, 85, "Şehitkamil, GAZİANTEP – Türkiye"], [600, 85, "Sayın"],
      [50, 100, "Telefon"], [600, 100, "Muhammet Yanık"],
      [50, 115, "0 (342) 606 05 55"], [600, 115, "Kırşehir Merkez, Kırşehir – Türkiye"],
      [50, 130, "E-posta"], [600, 130, "Vergi No"],
      [50, 145, "muhasebe@digitalkure.com"], [600, 145, "28556297880"],
      [50, 160, "Vergi No"],
      [50, 175, "2951078814 (Gazikent)"],
      [50, 190, "Ticaret Sicil No"], [600, 190, "Fatura Numarası"],
      [50, 205, "62755"], [600, 205, "DK02023000000052"],
      [50, 220, "Mersis No"], [600, 220, "Fatura Tarihi"],
      [50, 235, "0295 1078 8140 0001"], [600, 235, "13.09.2023 – 17:06:17"],
      [50, 260, "Yazılım Danışmanlık"], [500, 260, "1"], [800, 260, "4.500,00 TL"],
      [500, 280, "Mal Hizmet Toplam Tutarı"], [800, 280, "4.500,00 TL"],
      [500, 295, "Hesaplanan KDV (%20.0)"], [800, 295, "900,00 TL"],
      [500, 310, "Vergiler Dahil Toplam Tutar"], [800, 310, "5.400,00 TL"],
      [500, 325, "Ödenecek Tutar"], [800, 325, "5.400,00 TL"],
    ]),
  ], opts);

/** An e-Arşiv invoice printed from a browser: the print's own date and time stand in the page's header. */
const browserPrint = () =>
  extractDocumentFields([
    pageOf([
      [20, 10, "1/31/23, 10:58 AM"], [700, 10, "earsiv.mhtml"],
      [200, 40, "MNG KARGO YURTİÇİ VE YURTDIŞI TAŞIMACILIK A.Ş."],
      [200, 55, "VKN : 6080712084"],
      [50, 90, "SAYIN"], [650, 90, "Fatura Tipi : SATIS"],
      [50, 105, "IDENTIFY TURKEY BİLGİ TEKNOLOJİLERİ SAN."], [650, 105, "Fatura No : EEA2023000266107"],
      [650, 120, "Fatura Tarihi : 12-01-2023"],
      [650, 135, "Fatura Zamanı : 08:35:59"],
      [50, 200, "KARGO TAŞIMA HİZMET BEDELİ"], [800, 200, "64,58 TL"],
      [500, 240, "Vergiler Dahil Toplam Tutar"], [800, 240, "76,20 TL"],
      [500, 255, "Ödenecek Tutar"], [800, 255, "76,20 TL"],
    ]),
  ], opts);

describe("a Turkish e-Arşiv invoice", () => {
  it("dates the invoice by 'Fatura Tarihi', not by the browser's print date in the header", () => {
    expect(field(browserPrint(), "document_date")).toBe("2023-01-12");
    expect(field(labelsOverValues(), "document_date")).toBe("2023-09-13");
  });

  it("reads the number under 'Fatura Numarası'", () => {
    expect(field(labelsOverValues(), "invoice_number")).toBe("DK02023000000052");
  });

  it("reads the seller's tax number on the row under its 'Vergi No' label, its tax office in brackets after it", () => {
    expect(field(labelsOverValues(), "vat_id")).toBe("2951078814");
  });
});
