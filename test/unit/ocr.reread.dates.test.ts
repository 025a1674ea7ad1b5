import { describe, expect, it } from "vitest";
import { extractDocumentFields } from "../../src/extraction/fields/index.js";
import type { OcrRegionResult } from "../../src/extraction/ocr.adapter.js";
import { afterDay, DATE_CONFIRM_PADDING, DATE_WHITELIST, dateOfReading, regionsToReread, rereadKeyRegions, withinBudget, type RegionReader } from "../../src/extraction/ocr.reread.js";
import { pageOf, type Placed } from "./fields/page/page.helpers.js";

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

describe("targeted re-OCR of a date: readings a single line of the crop does not give", () => {
  it("reads the crop as a block when the first reading's box swallowed the rule under the date", async () => {
    const page = pageOf([[50, 100, "Date X 12- - 2017 18: 45: 28"], [50, 200, "TOTAL 62.80"]]);
    const blocks: boolean[] = [];
    const reader: RegionReader = {
      recognizeRegion: async (_image, box, opts) => {
        blocks.push(opts?.block === true);
        // One line: nothing (the dashes under the date confuse it); a block: the date and the dashes' row.
        const words = opts?.block ? [{ text: "12-11-2017", confidence: 0.44, box }, { text: "----", confidence: 0.2, box }] : [];
        const r: OcrRegionResult = { text: words.map((w) => w.text).join(" "), confidence: 0.3, words };
        return r;
      },
    };
    const { page: fixed, report } = await rereadKeyRegions(new Uint8Array(), page, reader);
    expect(blocks).toEqual([false, true]);
    expect(report.regions).toBe(2);
    expect(fixed.text).toContain("Date X 12-11-2017 18: 45: 28");
  });

  it("drops the time's first digit a crop caught after a four-digit year", async () => {
    expect(dateOfReading("03/06/20175")).toBe("03/06/2017");
    expect(dateOfReading("03/06/2017")).toBe("03/06/2017");
    expect(dateOfReading("21-06-175")).toBe("21-06-175");
    const page = pageOf([[50, 100, "Date © D3/MNE/E017 5:02:54 PM"], [50, 200, "TOTAL 62.80"]]);
    const reader: RegionReader = {
      recognizeRegion: async (_image, box) => ({ text: "03/06/20175", confidence: 0.1, words: [{ text: "03/06/20175", confidence: 0.1, box }] }),
    };
    const { page: fixed } = await rereadKeyRegions(new Uint8Array(), page, reader);
    expect(fixed.text).toContain("03/06/2017 5:02:54");
  });
});

describe("targeted re-OCR: a doubtful date within the page's budget", () => {
  // Unsure total, two unsure tax/cash amounts and an unsure date: with 3 regions, the amounts would take them all.
  const rows: Placed[] = [
    [50, 100, "Date: 12/11/2017"],
    [50, 200, "TOTAL 62.80"],
    [50, 220, "GST 3.49"],
    [50, 240, "CASH 70.00"],
  ];
  const kinds = (page: ReturnType<typeof pageOf>, max: number) => withinBudget(regionsToReread(page), max).map((r) => r.kind);

  it("gives the date the last place, taken from a tax or cash amount", async () => {
    const page = pageOf(rows, 0.7);
    expect(kinds(page, 3)).toEqual(["amount", "amount", "date"]);
    const whitelists: (string | undefined)[] = [];
    const reader: RegionReader = {
      recognizeRegion: async (_image, box, opts) => {
        whitelists.push(opts?.whitelist);
        return { text: "", confidence: 0, words: [] };
      },
    };
    await rereadKeyRegions(new Uint8Array(), page, reader, { maxRegions: 3 });
    expect(whitelists).toContain(DATE_WHITELIST);
  });

  it("never takes a total's place, nor adds a region", () => {
    const totals = pageOf([[50, 100, "Date: 12/11/2017"], [50, 200, "TOTAL 62.80"], [50, 220, "Total Payable 62.80"]], 0.7);
    expect(kinds(totals, 2)).toEqual(["amount", "amount"]);
    expect(kinds(pageOf(rows, 0.7), 1)).toEqual(["amount"]);
  });
});

describe("targeted re-OCR never dates a page after it was read", () => {
  // A blurred 3 read as 8 by both crops: "19.09.23" → "19.09.28", in 2028.
  const page = () => pageOf([[50, 100, "Bon 7043 Kasse 2 19.09.23 11:17"], [50, 200, "SUMME 62,58"]], 0.7);
  const reader: RegionReader = {
    recognizeRegion: async (_image, box) => ({ text: "19.09.28", confidence: 0.66, words: [{ text: "19.09.28", confidence: 0.66, box }] }),
  };

  it("keeps the first reading when the re-read date is after today", async () => {
    const { page: kept } = await rereadKeyRegions(new Uint8Array(), page(), reader, { today: new Date("2024-06-01") });
    expect(kept.text).toContain("19.09.23 11:17");
  });

  it("takes the same re-read once today is past it", async () => {
    const { page: taken } = await rereadKeyRegions(new Uint8Array(), page(), reader, { today: new Date("2029-01-01") });
    expect(taken.text).toContain("19.09.28 11:17");
  });

  it("judges a date by the earliest order of its day and month", () => {
    const today = new Date("2024-06-01");
    expect(afterDay("19.09.28", today)).toBe(true);
    expect(afterDay("2024-06-02", today)).toBe(true);
    expect(afterDay("20240601", today)).toBe(false);
    expect(afterDay("02/06/2024", today)).toBe(false); // 2 June or 6 February: the earlier is not after today
    expect(afterDay("13/06/2024", today)).toBe(true);
    expect(afterDay("19.09.23", today)).toBe(false);
    expect(afterDay("D3/MNE/E017", today)).toBe(false);
  });
});
