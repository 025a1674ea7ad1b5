import { describe, expect, it } from "vitest";
import { extractDocumentFields } from "../../../../src/extraction/fields/index.js";
import { LEGAL_FORM } from "../../../../src/extraction/fields/page/labels.vocabulary.js";
import { pageOf, type Placed } from "./page.helpers.js";

const opts = { referenceDate: new Date("2024-06-01"), documentType: "invoice" as const };
const issuer = (rows: readonly Placed[]) => extractDocumentFields([{ ...pageOf(rows), source: "text_layer" as const }], opts).find((f) => f.name === "issuer")?.value;

describe("Turkish legal forms", () => {
  it("knows 'Limited Şirketi', 'Anonim Şirketi' and their abbreviations, in capitals with a dotted İ too", () => {
    for (const name of ["ÖRNEK YAZILIM LİMİTED ŞİRKETİ", "Örnek Gıda Anonim Şirketi", "Örnek Tekstil Ltd. Şti.", "ÖRNEK İNŞAAT A.Ş."]) expect(LEGAL_FORM.test(name), name).toBe(true);
  });

  it("reads no legal form in a plain word ('Aşure', 'limitedly')", () => {
    expect(LEGAL_FORM.test("Aşure Tatlıcısı")).toBe(false);
  });
});

describe("a company name wrapped before its trade words", () => {
  const sender = (first: string): Placed[] => [
    [50, 40, first], [500, 40, "e-Arşiv"], [50, 55, "SANAYİ VE TİCARET LİMİTED ŞİRKETİ"], [50, 70, "Mücahitler Mah 52083 Nolu Cad"],
    [500, 120, "Fatura Numarası"], [500, 135, "DK02023000000052"], [50, 300, "Ödenecek Tutar 5.400,00 TL"],
  ];

  it("reads the name's distinctive first line and the trade words under it as one name", () => {
    expect(issuer(sender("DİGİTAL KÜRE YAZILIM REKLAM BİLİŞİM"))).toBe("DİGİTAL KÜRE YAZILIM REKLAM BİLİŞİM SANAYİ VE TİCARET LİMİTED ŞİRKETİ");
  });

  it("keeps an English name over a line of trade words whole too", () => {
    const rows: Placed[] = [[50, 40, "NORTHERN STAR LOGISTICS"], [50, 55, "TRADING & SERVICES SDN BHD"], [50, 70, "No. 12 Jalan Bukit"], [50, 300, "Total RM 120.00"]];
    expect(issuer(rows)).toBe("NORTHERN STAR LOGISTICS TRADING & SERVICES SDN BHD");
  });

  it("does not join a second line that names a company of its own", () => {
    const rows: Placed[] = [[50, 40, "NORTHERN STAR"], [50, 55, "Kaya Holding Turizm A.Ş."], [50, 70, "Atatürk Cad. 5"], [50, 300, "Toplam 120,00 TL"]];
    expect(issuer(rows)).toBe("Kaya Holding Turizm A.Ş.");
  });
});
