import { describe, expect, it } from "vitest";
import { extractDocumentFields } from "../../src/extraction/fields/index.js";
import {
  AMOUNT_WHITELIST,
  BAND_PADDING,
  bandAmount,
  regionsToReread,
  replaceWords,
  rereadKeyRegions,
  valueBand,
  type ReadWord,
  type RegionReader,
} from "../../src/extraction/ocr.reread.js";
import type { BBox, PageLine, PageModel } from "../../src/extraction/page/page.model.js";
import { pageOf } from "./fields/page/page.helpers.js";

/** Every word's and line's span must index its text in the page text. */
function expectConsistent(page: PageModel): void {
  for (const b of page.blocks) {
    for (const l of b.lines) {
      expect(page.text.slice(l.start, l.end)).toBe(page.text.slice(l.words[0]?.start, l.words[l.words.length - 1]?.end));
      for (const w of l.words) expect(page.text.slice(w.start, w.end)).toBe(w.text);
    }
  }
}

/**
 * A receipt whose total row OCR read without its amount: the label is there, the value column right of it
 * (x 0.30–0.34 on the rows around) holds nothing on that row.
 */
function totalWithoutAmount(): PageModel {
  return pageOf([
    [50, 20, "KEDAI MAJU SDN BHD"],
    [50, 100, "DATE: 29/12/2017"],
    [50, 180, "SUB TOTAL"],
    [300, 180, "21.00"],
    [50, 195, "GST 6%"],
    [300, 195, " 1.26"],
    [50, 215, "NET TOTAL"],
    [50, 235, "CASH"],
    [300, 235, "50.00"],
    [50, 250, "CHANGE"],
    [300, 250, "27.75"],
  ], 0.95);
}

function lineOf(page: PageModel, start: string): PageLine {
  const line = page.blocks.flatMap((b) => b.lines).find((l) => page.text.slice(l.start, l.end).startsWith(start));
  if (!line) throw new Error(`no line ${start}`);
  return line;
}

/** A reader answering every crop with `words(box)`; records the crops and options it was asked for. */
function reader(words: (box: BBox) => ReadWord[]): RegionReader & { calls: { box: BBox; whitelist?: string; padding?: number }[] } {
  const calls: { box: BBox; whitelist?: string; padding?: number }[] = [];
  return {
    calls,
    recognizeRegion: async (_image, box, opts) => {
      calls.push({ box, whitelist: opts?.whitelist, padding: opts?.padding });
      const ws = words(box);
      return { text: ws.map((w) => w.text).join(" "), confidence: ws.length ? ws.reduce((n, w) => n + w.confidence, 0) / ws.length : 0, words: ws };
    },
  };
}

/** What tesseract gives for the band: a speck read as a digit at its left, the amount at the right of the value column. */
const readsAmountAt = (text: string, x0 = 0.3, x1 = 0.34) => (box: BBox): ReadWord[] => [
  { text: "7", confidence: 0.1, box: { x0: box.x0, x1: box.x0 + 0.005, y0: box.y0, y1: box.y1 } },
  { text, confidence: 0.8, box: { x0, x1, y0: box.y0, y1: box.y1 } },
];

describe("re-reading an amount row whose value OCR missed", () => {
  it("reads the band right of the total's label out to the value column of the rows around, first", () => {
    const page = totalWithoutAmount();
    const region = regionsToReread(page)[0];
    expect(region?.kind).toBe("amount");
    expect(region?.priority).toBe(0);
    expect(page.text.slice(region!.line.start, region!.line.end)).toBe("NET TOTAL");
    const band = region?.band as BBox;
    const label = lineOf(page, "NET TOTAL").box;
    expect(band.x0).toBeGreaterThanOrEqual(label.x1);
    expect(band.x0).toBeLessThan(0.3);
    expect(band.x1).toBeGreaterThanOrEqual(0.34);
    expect(band.x1).toBeLessThan(0.4);
    expect([band.y0, band.y1]).toEqual([label.y0, label.y1]);
  });

  it("reads the band instead of a value too short to be an amount, and keeps the crop of a value that only needs a closer look", () => {
    const garbled = pageOf([[50, 200, "NET TOTAL"], [300, 200, "0.5"], [50, 220, "CASH"], [300, 220, "22.25"]], 0.6);
    const r = regionsToReread(garbled)[0];
    expect(r?.band).toBeDefined();
    expect(r?.line.words.slice(r.from, r.to).map((w) => w.text)).toEqual(["0.5"]);
    const misread = regionsToReread(pageOf([[50, 200, "NET TOTAL"], [300, 200, "22_25"], [50, 220, "CASH"], [300, 220, "22.25"]], 0.6))[0];
    expect(misread?.band).toBeUndefined();
    expect(misread?.line.words.slice(misread.from, misread.to).map((w) => w.text)).toEqual(["22_25"]);
    // An amount read with a speck after it: the row has its value, and the speck's crop is read as before.
    const speck = regionsToReread(pageOf([[50, 200, "Betrag EUR 26,54"], [300, 200, "I"], [50, 220, "Bar 30,00"], [300, 220, "3,46"]], 0.6))[0];
    expect(speck?.band).toBeUndefined();
  });

  it("reads the band of the total's row only, never of prose or a tax note, nor of a row whose value was read onto a line of its own", () => {
    const prose = pageOf([[50, 200, "STRICTLY NO CASH REFUND"], [50, 220, "TOTAL 12.50"], [300, 240, "END"]], 0.95);
    expect(regionsToReread(prose).filter((r) => r.band)).toEqual([]);
    // Other amount rows without a value (cash, change, rounding) gained nothing on the shared receipts and misread a value.
    const others = pageOf([[50, 200, "TOTAL"], [300, 200, "12.50"], [50, 220, "CASH"], [50, 240, "CHANGE"], [300, 240, "7.50"]], 0.95);
    expect(regionsToReread(others).filter((r) => r.band)).toEqual([]);
    // A rate after the label: the value printed there is the tax, not the total.
    const taxNote = pageOf([[50, 200, "TOTAL INCLUDES 6% GST"], [50, 220, "CASH 50.00"], [300, 240, "27.75"]], 0.95);
    expect(regionsToReread(taxNote).filter((r) => r.band)).toEqual([]);
    // The uncovered-ink step's words join the page as a line of their own: the band was read already.
    const page = totalWithoutAmount();
    const line = lineOf(page, "NET TOTAL");
    const after = line.words.length;
    expect(valueBand(page, line, after)).not.toBeNull();
    const value = { text: "22.25", confidence: 0.9, box: { x0: 0.3, x1: 0.34, y0: line.box.y0, y1: line.box.y1 }, start: 0, end: 5 };
    const withInk: PageModel = { ...page, blocks: [...page.blocks, { box: value.box, lines: [{ words: [value], box: value.box, start: 0, end: 5 }] }] };
    expect(valueBand(withInk, line, after)).toBeNull();
  });

  it("adds the band's amount to the row, and the total is then found and checked against cash and change", async () => {
    const page = totalWithoutAmount();
    const r = reader(readsAmountAt("22.25"));
    const { page: fixed, report } = await rereadKeyRegions(new Uint8Array(), page, r);
    expect(r.calls[0]).toMatchObject({ whitelist: AMOUNT_WHITELIST, padding: BAND_PADDING });
    expect(report).toMatchObject({ regions: 1, replaced: 1 });
    expect(fixed.text).toContain("NET TOTAL\t22.25\n");
    expectConsistent(fixed);
    expect(lineOf(fixed, "NET TOTAL").words.map((w) => w.text)).toEqual(["NET", "TOTAL", "22.25"]);
    const total = extractDocumentFields([fixed], { documentType: "receipt", referenceDate: new Date("2024-06-01") }).find((f) => f.name === "total");
    expect((total?.value as { amount: number }).amount).toBe(22.25);
    expect(total?.checks?.find((c) => c.name === "tendered_minus_change")?.passed).toBe(true);
  });

  it("replaces the garbled words the amount covers, and only those", async () => {
    const page = pageOf([[50, 200, "NET TOTAL"], [300, 200, "0.5"], [50, 220, "CASH"], [300, 220, "22.25"]], 0.6);
    const { page: fixed } = await rereadKeyRegions(new Uint8Array(), page, reader(readsAmountAt("22.25", 0.298, 0.338)));
    expect(fixed.text.split("\n")[0]).toBe("NET TOTAL\t22.25");
    expectConsistent(fixed);
  });

  it("keeps the row as read when the band gives no amount, or one centred on the row above or below", async () => {
    const page = totalWithoutAmount();
    expect((await rereadKeyRegions(new Uint8Array(), page, reader(readsAmountAt("2225")))).page.text).toBe(page.text);
    const below = (box: BBox): ReadWord[] => [{ text: "50.00", confidence: 0.9, box: { x0: 0.3, x1: 0.34, y0: box.y1 + 0.002, y1: box.y1 + 0.012 } }];
    expect((await rereadKeyRegions(new Uint8Array(), page, reader(below))).page.text).toBe(page.text);
  });
});

describe("the amount a band's reading gives", () => {
  const w = (text: string, x0: number): ReadWord => ({ text, confidence: 0.8, box: { x0, x1: x0 + 0.02, y0: 0.5, y1: 0.51 } });
  it("is its rightmost amount, joined from the fewest fragments that parse", () => {
    expect(bandAmount([w("7", 0.1), w("118.35", 0.8)])?.text).toBe("118.35");
    expect(bandAmount([w(".00", 0.85), w("15", 0.8)])?.text).toBe("15.00");
    expect(bandAmount([w("15.", 0.8), w("00", 0.85)])?.text).toBe("15.00");
    expect(bandAmount([w("1", 0.7), w("15.00", 0.8)])?.text).toBe("15.00");
    expect(bandAmount([w("2225", 0.8)])).toBeNull();
    expect(bandAmount([])).toBeNull();
  });
});

describe("inserting words into a row", () => {
  it("sets them off by a tab after the given word and keeps every span consistent", () => {
    const page = totalWithoutAmount();
    const line = lineOf(page, "NET TOTAL");
    const next = replaceWords(page, line, 2, 2, [{ text: "22.25", confidence: 0.8, box: { x0: 0.3, x1: 0.34, y0: line.box.y0, y1: line.box.y1 } }]);
    expect(next.text).toBe(page.text.replace("NET TOTAL\n", "NET TOTAL\t22.25\n"));
    expectConsistent(next);
    expect(replaceWords(page, line, 0, 0, [{ text: "x", confidence: 1, box: line.box }])).toBe(page);
  });
});
