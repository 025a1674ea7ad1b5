import { describe, expect, it } from "vitest";
import { extractDocumentFields } from "../../src/extraction/fields/index.js";
import type { OcrRegionResult } from "../../src/extraction/ocr.adapter.js";
import { DATE_WHITELIST, regionsToReread, rereadKeyRegions, type RegionReader } from "../../src/extraction/ocr.reread.js";
import { pageOf } from "./fields/page/page.helpers.js";

const words = (page: ReturnType<typeof pageOf>) => regionsToReread(page).map((r) => r.line.words.slice(r.from, r.to).map((w) => w.text));

describe("targeted re-OCR of a date too broken to look like one", () => {
  it("reads again the value after a date label, up to the time of day", () => {
    expect(words(pageOf([[50, 100, "Date X 12- - 2017 18: 45: 28"]]))).toEqual([["12-", "-", "2017"]]);
    expect(words(pageOf([[50, 100, "Date: 2uss"]]))).toEqual([["2uss"]]);
  });

  it("leaves a labelled date alone that reads as printed or names its month, and rows without a date label", () => {
    expect(words(pageOf([[50, 100, "Date: 25/12/2018 12:31"]], 0.97))).toEqual([]);
    expect(words(pageOf([[50, 100, "Date : 25 May 2017 09:41am"]]))).toEqual([]);
    expect(words(pageOf([[50, 100, "Cashier 12 - 2017"]]))).toEqual([]);
  });

  it("patches the page with the re-read date, which the fields then take", async () => {
    const page = pageOf([[50, 100, "Date X 12- - 2017 18: 45: 28"], [50, 200, "TOTAL 62.80"]]);
    const calls: (string | undefined)[] = [];
    const reader: RegionReader = {
      recognizeRegion: async (_image, box, opts) => {
        calls.push(opts?.whitelist);
        const r: OcrRegionResult = { text: "12-11-2017", confidence: 0.93, words: [{ text: "12-11-2017", confidence: 0.93, box }] };
        return r;
      },
    };
    const { page: fixed } = await rereadKeyRegions(new Uint8Array(), page, reader);
    expect(calls).toEqual([DATE_WHITELIST]);
    expect(fixed.text).toContain("Date X 12-11-2017 18: 45: 28");
    const date = extractDocumentFields([fixed], { documentType: "receipt", referenceDate: new Date("2024-06-01") }).find((f) => f.name === "document_date");
    expect(date?.value).toBe("2017-11-12");
  });
});
