import { describe, expect, it } from "vitest";
import type { Money } from "../../../../src/extraction/extraction.types.js";
import { extractDocumentFields } from "../../../../src/extraction/fields/index.js";
import { amountCandidates } from "../../../../src/extraction/fields/page/amounts.page.js";
import { findMisreadDates } from "../../../../src/extraction/fields/page/dates.ocr.js";
import { pageOf } from "./page.helpers.js";

const opts = { referenceDate: new Date("2024-06-01"), documentType: "receipt" as const };
const total = (rows: Parameters<typeof pageOf>[0]): number | undefined => (extractDocumentFields([pageOf(rows)], opts).find((f) => f.name === "total")?.value as Money | undefined)?.amount;

describe("fields of photographed receipts (OCR)", () => {
  it("reads a total whose decimal point OCR read as a space ('Total RH 86 00')", () => {
    expect(
      total([
        [100, 100, "PETRO TRADING SDN BHD"],
        [100, 300, "V-Power 97         RH    86"],
        [100, 320, "Total              RH 86 00"],
        [100, 340, "Visa               RH    86 00"],
      ]),
    ).toBe(86);
  });

  it("never takes a card number under a payment word for an amount", () => {
    const page = pageOf([
      [100, 100, "PETRO TRADING SDN BHD"],
      [100, 320, "Total              RM ?"],
      [100, 400, "Loyalty Card"],
      [100, 420, "6018840126306675"],
      [100, 440, "Points Awarded     35"],
    ]);
    expect(amountCandidates(page, { decimalComma: false, dominantCurrency: null }).map((c) => c.token.money.amount)).toEqual([]);
  });

  it("reads a day whose two digits OCR both read as letters ('IB-11-18')", () => {
    expect(findMisreadDates("IB-11-18 13:58 SHOT 2153", { monthFirst: false, minYear: 2000, maxYear: 2030 }).map((d) => d.iso)).toEqual(["2018-11-18"]);
  });
});
