import { describe, expect, it } from "vitest";
import { extractDocumentFields } from "../../../src/extraction/fields/index.js";
import { taxIdChecksum, validNip } from "../../../src/extraction/fields/tax-id.checksums.js";
import { extractTaxIds } from "../../../src/extraction/fields/tax-id.extractor.js";
import { pageOf } from "./page/page.helpers.js";

describe("the Polish NIP", () => {
  it("checks its check digit, also after 'PL'", () => {
    expect(validNip("8393172913")).toBe(true);
    expect(validNip("8393172914")).toBe(false);
    expect(validNip("1111111111")).toBe(false);
    expect(taxIdChecksum("PL8393172913")).toBe(true);
    expect(taxIdChecksum("PL8393172914")).toBe(false);
  });

  it("is a tax id without a label when printed in its hyphenation and its check digit passes", () => {
    expect(extractTaxIds("Witkac sp. z o.o.\n76-200 Słupsk\n839-31-72-913", 1).map((f) => f.value)).toEqual(["8393172913"]);
    expect(extractTaxIds("Witkac sp. z o.o.\n839-317-29-13", 1).map((f) => f.value)).toEqual(["8393172913"]);
    expect(extractTaxIds("Tel. 839-31-72-914\nKonto 839-317-29-14", 1)).toEqual([]);
  });

  it("makes the seller's NIP under its address the invoice's VAT id", () => {
    const vat = extractDocumentFields(
      [{ ...pageOf([
        [50, 60, "FAKTURA VAT nr 2/15", 14],
        [50, 100, "Sprzedawca"], [600, 100, "Nabywca"],
        [50, 120, "Witkac sp. z o.o."], [600, 120, "Gmina Czerwionka-Leszczyny"],
        [50, 140, "ul. Żeromskiego 11/6"], [600, 140, "ul. Wolności 2"],
        [50, 160, "76-200 Słupsk"], [600, 160, "44-230 Czerwionka"],
        [50, 180, "839-31-72-913"],
        [50, 300, "Razem do zapłaty:"], [600, 300, "701,10 zł"],
      ], 1), source: "text_layer" }],
      { documentType: "invoice", referenceDate: new Date("2015-03-01") },
    ).find((f) => f.name === "vat_id");
    expect(vat?.value).toBe("8393172913");
  });
});
