import { describe, expect, it } from "vitest";
import { extractDocumentFields } from "../../../../src/extraction/fields/index.js";
import type { AmountCandidate } from "../../../../src/extraction/fields/page/amounts.page.js";
import { rankTotals } from "../../../../src/extraction/fields/page/amounts.reconcile.js";
import { illegibleNamePenalty, isBranchOf, letterheadIssuers, notAName } from "../../../../src/extraction/fields/page/parties.page.js";
import { buildPage } from "../../../../src/extraction/page/page.builder.js";
import type { PageModel, RawWord } from "../../../../src/extraction/page/page.model.js";
import { pageOf } from "./page.helpers.js";

const opts = { referenceDate: new Date("2024-06-01"), documentType: "receipt" as const };

/** An OCR'd page from `[x, y, text, confidence, height]` rows: every word of a row read with that confidence. */
function ocrPage(rows: readonly [number, number, string, number, number?][], source: PageModel["source"] = "ocr"): PageModel {
  const words: RawWord[] = [];
  for (const [x, y, text, confidence, h = 10] of rows) {
    for (const m of text.matchAll(/\S+/g)) {
      if (m.index === undefined) continue;
      words.push({ text: m[0], x0: x + m.index * 0.8 * h, x1: x + (m.index + m[0].length) * 0.8 * h, y0: y, y1: y + h, confidence });
    }
  }
  return buildPage(words, { page: 1, width: 1000, height: 1000, source });
}

describe("issuer on OCR'd receipts", () => {
  it("passes over logo lettering OCR could hardly read for the name printed under it", () => {
    const page = ocrPage([
      [300, 100, "Rodozd", 0.02, 24],
      [250, 150, "HASHA PETROKIOSK", 0.92],
      [250, 170, "Lot PTD 198718 Tmn Sierra", 0.9],
      [250, 190, "81750 JOHOR BAHRU", 0.9],
      [100, 600, "TOTAL 12.50", 0.95],
    ]);
    expect(extractDocumentFields([page], opts).find((f) => f.name === "issuer")?.value).toBe("HASHA PETROKIOSK");
  });

  it("weighs a name down by how little of it OCR could read, never a text layer's", () => {
    const rows: [number, number, string, number][] = [[100, 100, "Rodozd", 0], [100, 130, "Hasha Petrokiosk", 0.9]];
    const ocr = ocrPage(rows);
    const [logo, name] = [ocr.blocks[0]!.lines[0]!, ocr.blocks.flatMap((b) => b.lines).find((l) => ocr.text.slice(l.start, l.end).startsWith("Hasha"))!];
    expect(illegibleNamePenalty(ocr, logo.start, logo.end)).toBeCloseTo(0.3);
    expect(illegibleNamePenalty(ocr, name.start, name.end)).toBe(0);
    const pdf = ocrPage(rows, "text_layer");
    expect(illegibleNamePenalty(pdf, pdf.blocks[0]!.lines[0]!.start, pdf.blocks[0]!.lines[0]!.end)).toBe(0);
  });

  it("takes the name printed alone over the same name printed again with its outlet", () => {
    const page = pageOf([
      [300, 80, "Rol o44", 16],
      [300, 100, "TAX INVOICE"],
      [300, 120, "NORTHWIND PIZZA"],
      [300, 140, "GST REF NO : 001694261248"],
      [300, 160, "NORTHWIND PIZZA PERMAS JAYA"],
      [300, 180, "No.12, Jalan Permas Jaya 10,"],
      [300, 200, "81750 Johor Bahru"],
      [100, 600, "GRAND TOTAL 3.90"],
    ]);
    expect(extractDocumentFields([page], opts).find((f) => f.name === "issuer")?.value).toBe("NORTHWIND PIZZA");
    // The outlet line sits on the address (it would score higher) but ranks below the name printed alone.
    const score = (v: string) => letterheadIssuers(page, page.text).find((c) => c.value === v)?.score ?? 0;
    expect(score("NORTHWIND PIZZA")).toBeGreaterThan(score("NORTHWIND PIZZA PERMAS JAYA"));
  });

  it("a longer printing that completes the name with a trade word or legal form is not an outlet", () => {
    expect(isBranchOf("NORTHWIND PIZZA PERMAS JAYA", "NORTHWIND PIZZA")).toBe(true);
    expect(isBranchOf("WESTERN EASTERN STATIONERY SDN BHD", "WESTERN EASTERN")).toBe(false);
    expect(isBranchOf("LAVENDER CONFECTIONERY", "LAVENDER")).toBe(false);
    expect(isBranchOf("NORTHWIND PIZZA", "NORTHWIND PIZZA")).toBe(false);
    expect(isBranchOf("SOUTHWIND PIZZA PERMAS", "NORTHWIND PIZZA")).toBe(false);
  });
});

describe("payments printed negative", () => {
  it("counts a payment printed with a minus sign as tendered, so tendered − change finds the total", () => {
    // The total row is unreadable and the subtotal lost a digit ("11.2"); the items, the payment and the change agree on 11.25.
    const page = pageOf([
      [100, 300, "Desc & Code Qty Price Amount"],
      [100, 320, "CAKE 1.00 4.55 4.55"],
      [100, 340, "BREAD 1.00 3.90 3.90"],
      [100, 360, "TART 1.00 2.80 2.80"],
      [100, 400, "Total Inclusive of Tax JZ"],
      [100, 420, "Rounding Adjustment 0.00"],
      [100, 440, "SubTotal 11.2"],
      [100, 460, "Payment -20.00"],
      [100, 480, "Change 8.75"],
    ]);
    const total = extractDocumentFields([page], opts).find((f) => f.name === "total");
    expect(total?.value).toEqual({ amount: 11.25, currency: null });
    expect(total?.checks).toContainEqual({ name: "tendered_minus_change", passed: true, expected: 11.25, actual: 11.25 });
  });
});

describe("a subtotal read one digit off", () => {
  let y = 0;
  const cand = (role: AmountCandidate["role"], amount: number, score = 0.8): AmountCandidate => {
    y += 0.01;
    return { role, page: 1, token: { start: 0, end: 1, money: { amount, currency: null }, explicitCurrency: false, hasDecimals: true }, score, labelBox: { x0: 0.1, y0: 0.5 + y, x1: 0.2, y1: 0.51 + y }, label: role };
  };

  it("sights the total of a document without tax that tendered − change implies", () => {
    // SubTotal 11.20 (printed 11.25) / GST 0.00 / Payment 20.00 / Change 8.75
    const cs = [cand("subtotal", 11.2), cand("tax", 0), cand("tendered", 20), cand("change", 8.75)];
    expect(rankTotals(cs, [], [])[0]?.amount).toBe(11.25);
  });

  it("does not when the two differ by a printed rounding: the subtotal is then the amount before rounding", () => {
    // SUBTOTAL 38.37 / TOTAL 38.37 / CASH 40.35 / ROUNDING 0.02 / CHANGE 2.00
    const cs = [cand("subtotal", 38.37), cand("tax", 0), cand("total", 38.37, 0.9), cand("tendered", 40.35), cand("rounding", 0.02), cand("change", 2)];
    expect(rankTotals(cs, [], [])[0]?.amount).toBe(38.37);
  });
});

describe("lines that are never a party name", () => {
  it("a street written as one word with its type and house number (German, Dutch), unless a legal form names a company", () => {
    expect(notAName("Domstr. 20")).toBe(true);
    expect(notAName("Hauptstraße 5")).toBe(true);
    expect(notAName("Kerkstraat 12a")).toBe(true);
    expect(notAName("Northwind AG - Uferweg 40-42 - D-63571 Gelnhausen")).toBe(false);
    expect(notAName("Wegmann Feinkost")).toBe(false);
  });

  it("greetings, the till's staff line, a place with its region, a row opening with a long bare number", () => {
    expect(notAName('"THANK YOU AND DO VISIT US')).toBe(true);
    expect(notAName("Herzlich Willkommen")).toBe(true);
    expect(notAName("Cashier [P.NISANTHI]")).toBe(true);
    expect(notAName("Shah Alam, Selangor.")).toBe(true);
    expect(notAName("Gelnhausen, Deutschland")).toBe(true);
    expect(notAName("3180404 cefp ref")).toBe(true);
    expect(notAName("99 SPEED MART S/B")).toBe(false);
    expect(notAName("Selangor Dredging Berhad")).toBe(false);
  });

  it("a bracket OCR lost inside the name does not make the line a continuation of the line above", () => {
    const page = ocrPage([
      [300, 80, "JE Ee amen. cen", 0.1],
      [250, 100, "GARDENIA BAKERIES KL ) SDN BHD (139386 X)", 0.9, 14],
      [250, 125, "Lot 3, Jalan Pelabur 23/1,", 0.9],
      [250, 140, "40300 Shah Alam, Selangor.", 0.9],
      [100, 600, "TOTAL 12.50", 0.95],
    ]);
    expect(extractDocumentFields([page], opts).find((f) => f.name === "issuer")?.value).toBe("GARDENIA BAKERIES KL ) SDN BHD");
    expect(letterheadIssuers(page, page.text).map((c) => c.value)).toContain("GARDENIA BAKERIES KL ) SDN BHD");
  });
});

describe("a total rounded and then paid exactly", () => {
  const rows = (paid: string): Parameters<typeof pageOf>[0] => [
    [100, 300, "Total (Excluding GST): 35.60"],
    [100, 320, "Serv. Charge (10%): 3.56"],
    [100, 340, "GST Payable: 2.36"],
    [100, 360, "Total (Inclusive of GST): 41.52"],
    [100, 380, "Rounding Adj: -0.02"],
    [100, 400, "Server: Khong"],
    [100, 420, paid],
  ];

  it("takes the amount after the rounding when a card paid exactly that, its own label lost", () => {
    const total = extractDocumentFields([pageOf(rows("VISA 41.50"))], opts).find((f) => f.name === "total");
    expect((total?.value as { amount: number }).amount).toBe(41.5);
  });

  it("keeps the total as printed when the payment does not show the rounding", () => {
    const total = extractDocumentFields([pageOf(rows("VISA 41.52"))], opts).find((f) => f.name === "total");
    expect((total?.value as { amount: number }).amount).toBe(41.52);
  });
});

describe("a receipt that labels no total", () => {
  it("pays its subtotal when the tax is included in it", () => {
    const page = pageOf([
      [100, 300, "1 SEAFOOD 23.40 ZRL"],
      [100, 320, "1 SILKEN TOFU 1.10 SR"],
      [100, 360, "SUBTOTAL: 44.90"],
      [100, 380, "6% GST 0.38"],
      [100, 400, "CASH 100.00"],
    ]);
    const total = extractDocumentFields([page], opts).find((f) => f.name === "total");
    expect((total?.value as { amount: number }).amount).toBe(44.9);
  });

  it("does not pay the subtotal when the subtotal plus its tax is printed below, its label lost", () => {
    const page = pageOf([
      [100, 360, "SUB TOTAL : RM 68.87"],
      [100, 380, "GST/TAX 6% : RM 4.13"],
      [100, 400, "TO : RM 73.00"],
      [100, 420, "CHANGE: RM 0.00"],
    ]);
    const total = extractDocumentFields([page], opts).find((f) => f.name === "total");
    expect((total?.value as { amount: number }).amount).not.toBe(68.87);
  });
});

describe("a name stacked over two lines whose trade word OCR split or garbled", () => {
  const issuer = (first: string, second: string) =>
    extractDocumentFields([pageOf([[300, 80, "3180404"], [300, 100, first], [300, 120, second], [300, 140, "CO REG NO : 210038-K"], [300, 160, "No. 42, Jalan Maju 3,"], [100, 600, "TOTAL 5.00"]])], opts).find((f) => f.name === "issuer")?.value;

  it("joins the short first line to the second when the second opens with a trade word misread", () => {
    expect(issuer("NORTHERN SOUTHERN", "ST TIONERY SDN. BHD")).toBe("NORTHERN SOUTHERN ST TIONERY SDN. BHD");
    expect(issuer("NORTHERN SOUTHERN", "STAITONERY SDN. BHD")).toBe("NORTHERN SOUTHERN STAITONERY SDN. BHD");
  });

  it("does not join a brand to a company name that opens with no trade word", () => {
    expect(issuer("QUICKSHOP", "MAXWELL RESOURCES SDN BHD")).not.toContain("QUICKSHOP");
  });
});
