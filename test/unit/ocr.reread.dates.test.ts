import { describe, expect, it } from "vitest";
import { extractDocumentFields } from "../../src/extraction/fields/index.js";
import type { OcrRegionResult } from "../../src/extraction/ocr.adapter.js";
import { DATE_CONFIRM_PADDING, DATE_WHITELIST, regionsToReread, rereadKeyRegions, type RegionReader } from "../../src/extraction/ocr.reread.js";
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

describe("targeted re-OCR of a date that parses but was read unsure", () => {
  /** A reader that answers each crop by its padding: the default crop, and the wider one that confirms. */
  function byPadding(first: string, wider: string): RegionReader & { paddings: (number | undefined)[] } {
    const paddings: (number | undefined)[] = [];
    return {
      paddings,
      recognizeRegion: async (_image, box, opts) => {
        paddings.push(opts?.padding);
        const text = opts?.padding === DATE_CONFIRM_PADDING ? wider : first;
        const r: OcrRegionResult = { text, confidence: 0.6, words: [{ text, confidence: 0.6, box }] };
        return r;
      },
    };
  }
  // "18-11-18" printed, the first page read "16-11-18" (a closed 8 read as 6) at 0.7.
  const unsure = () => pageOf([[50, 100, "16-11-18 13:58 POS 2153"], [50, 200, "TOTAL 62.80"]], 0.7);

  it("takes the new date when two crops of different margins read it alike", async () => {
    const reader = byPadding("18-11-18", "18-11-18");
    const { page, report } = await rereadKeyRegions(new Uint8Array(), unsure(), reader);
    expect(reader.paddings).toContain(DATE_CONFIRM_PADDING);
    expect(page.text).toContain("18-11-18 13:58");
    expect(report.replaced).toBeGreaterThanOrEqual(1);
  });

  it("keeps the first reading when the two crops disagree, or the wider one reads the first date", async () => {
    expect((await rereadKeyRegions(new Uint8Array(), unsure(), byPadding("18-11-18", "16-11-18"))).page.text).toContain("16-11-18 13:58");
    expect((await rereadKeyRegions(new Uint8Array(), unsure(), byPadding("18-11-18", "13-11-18"))).page.text).toContain("16-11-18 13:58");
  });

  it("asks for no confirming crop when the first re-read agrees with the page or does not parse", async () => {
    const same = byPadding("16-11-18", "18-11-18");
    expect((await rereadKeyRegions(new Uint8Array(), unsure(), same)).page.text).toContain("16-11-18 13:58");
    expect(same.paddings).not.toContain(DATE_CONFIRM_PADDING);
    const broken = byPadding("16-1118", "18-11-18");
    await rereadKeyRegions(new Uint8Array(), unsure(), broken);
    expect(broken.paddings).not.toContain(DATE_CONFIRM_PADDING);
  });
});
