import { describe, expect, it } from "vitest";
import { extractDocumentFields } from "../../src/extraction/fields/index.js";
import type { OcrRegionResult } from "../../src/extraction/ocr.adapter.js";
import {
  AMOUNT_WHITELIST,
  isNumericDate,
  mergeNameReading,
  NAME_WHITELIST,
  nameRegions,
  nameRow,
  regionsToReread,
  replaceWords,
  rereadKeyRegions,
  type ReadWord,
  type RegionReader,
} from "../../src/extraction/ocr.reread.js";
import type { BBox, PageModel } from "../../src/extraction/page/page.model.js";
import { buildPage } from "../../src/extraction/page/page.builder.js";
import type { RawWord } from "../../src/extraction/page/page.model.js";
import { pageOf, type Placed } from "./fields/page/page.helpers.js";

/** The words of placed texts as the page helper lays them out (8 units per character of a 10-unit text), read 0.95 sure. */
function pageWords(items: readonly Placed[]): RawWord[] {
  return pageOf(items, 0.95).blocks.flatMap((b) => b.lines.flatMap((l) => l.words)).map((w) => ({ text: w.text, x0: w.box.x0 * 1000, x1: w.box.x1 * 1000, y0: w.box.y0 * 1000, y1: w.box.y1 * 1000, confidence: w.confidence }));
}

/** Every word's and line's span must index its text in the page text. */
function expectConsistent(page: PageModel): void {
  for (const b of page.blocks) {
    for (const l of b.lines) {
      expect(page.text.slice(l.start, l.end)).toBe(page.text.slice(l.words[0]?.start, l.words[l.words.length - 1]?.end));
      for (const w of l.words) expect(page.text.slice(w.start, w.end)).toBe(w.text);
    }
  }
}

/** A receipt whose total was misread with low confidence ("149_19"). */
function misreadReceipt(): PageModel {
  const page = pageOf([
    [50, 20, "KEDAI MAJU SDN BHD"],
    [50, 100, "DATE: 29/12/2017"],
    [50, 200, "TOTAL RM 149_19"],
    [50, 220, "CASH RM 20.00"],
    [50, 240, "CHANGE RM 5.90"],
  ]);
  // The total's value word was read unsure.
  for (const b of page.blocks) for (const l of b.lines) for (const w of l.words) if (w.text === "149_19") w.confidence = 0.1;
  return page;
}

/** A reader that answers a region by what lies under its box, from a table of "true" texts. */
function fakeReader(truth: (box: BBox) => string | null, confidence = 0.95): RegionReader & { calls: { box: BBox; whitelist?: string }[] } {
  const calls: { box: BBox; whitelist?: string }[] = [];
  return {
    calls,
    recognizeRegion: async (_image, box, opts) => {
      calls.push({ box, whitelist: opts?.whitelist });
      const text = truth(box);
      const r: OcrRegionResult = text === null ? { text: "", confidence: 0, words: [] } : { text, confidence, words: [{ text, confidence, box }] };
      return r;
    },
  };
}

describe("targeted re-OCR", () => {
  it("picks the doubtful value after an amount label, never a tax code or rate beside it", () => {
    const page = misreadReceipt();
    const regions = regionsToReread(page);
    expect(regions[0]?.kind).toBe("amount");
    expect(regions[0]?.line.words.slice(regions[0].from, regions[0].to).map((w) => w.text)).toEqual(["149_19"]);
    const coded = pageOf([[50, 200, "SUB-TOTAL (6ST) 15.0O"]], 0.5);
    const r = regionsToReread(coded)[0];
    expect(r?.line.words.slice(r.from, r.to).map((w) => w.text)).toEqual(["15.0O"]);
    // A value OCR split in two ("86 00") is one region.
    const split = regionsToReread(pageOf([[50, 200, "TOTAL RM 86 00"]]))[0];
    expect(split?.line.words.slice(split.from, split.to).map((w) => w.text)).toEqual(["86", "00"]);
  });

  it("leaves sure, well-formed readings alone", () => {
    expect(regionsToReread(pageOf([[50, 200, "TOTAL RM 12.50"], [50, 100, "DATE 29/12/2017"]], 0.97))).toEqual([]);
  });

  it("replaces a word and keeps every span consistent", () => {
    const page = misreadReceipt();
    const line = page.blocks.flatMap((b) => b.lines).find((l) => l.words.some((w) => w.text === "149_19"));
    if (!line) throw new Error("no line");
    const i = line.words.findIndex((w) => w.text === "149_19");
    const next = replaceWords(page, line, i, i + 1, [{ text: "14.10", confidence: 0.96, box: line.words[i]!.box }]);
    expect(next.text).toBe(page.text.replace("149_19", "14.10"));
    expectConsistent(next);
  });

  it("reads a misread total again with a digit whitelist, and the fields then add up", async () => {
    const page = misreadReceipt();
    const before = extractDocumentFields([page], { documentType: "receipt", referenceDate: new Date("2024-06-01") });
    expect((before.find((f) => f.name === "total")?.value as { amount: number } | undefined)?.amount).not.toBe(14.1);
    const reader = fakeReader(() => "14.10");
    const { page: fixed, report } = await rereadKeyRegions(new Uint8Array(), page, reader);
    expect(reader.calls[0]?.whitelist).toBe(AMOUNT_WHITELIST);
    expect(report).toMatchObject({ regions: 1, replaced: 1 });
    expect(fixed.text).toContain("TOTAL RM 14.10");
    expectConsistent(fixed);
    const after = extractDocumentFields([fixed], { documentType: "receipt", referenceDate: new Date("2024-06-01") });
    const total = after.find((f) => f.name === "total");
    expect((total?.value as { amount: number }).amount).toBe(14.1);
    expect(total?.checks?.find((c) => c.name === "tendered_minus_change")?.passed).toBe(true);
  });

  it("keeps the first reading when the re-read does not parse, or is no surer than a reading that does", async () => {
    const page = misreadReceipt();
    expect((await rereadKeyRegions(new Uint8Array(), page, fakeReader(() => "1419"))).page.text).toBe(page.text);
    const fine = pageOf([[50, 200, "TOTAL RM 12.50"]], 0.8);
    expect((await rereadKeyRegions(new Uint8Array(), fine, fakeReader(() => "12.80", 0.85))).page.text).toBe(fine.text);
  });

  it("keeps a currency marker glued to the value, not a misread digit, and refuses a reading from the row below", async () => {
    const page = pageOf([[50, 200, "GST 6% RMO. 08"]], 0.6);
    const fixed = await rereadKeyRegions(new Uint8Array(), page, fakeReader(() => "0.08"));
    expect(fixed.page.text).toBe("GST 6% RM0.08");
    const reader: RegionReader = {
      recognizeRegion: async (_i, box) => {
        const below = { ...box, y0: box.y1 + 0.001, y1: box.y1 + 0.011 };
        return { text: "9.62", confidence: 0.97, words: [{ text: "9.62", confidence: 0.97, box: below }] };
      },
    };
    const misread = misreadReceipt();
    expect((await rereadKeyRegions(new Uint8Array(), misread, reader)).page.text).toBe(misread.text);
  });

  it("does nothing when disabled or on a text-layer page", async () => {
    const reader = fakeReader(() => "14.10");
    expect((await rereadKeyRegions(new Uint8Array(), misreadReceipt(), reader, { maxRegions: 0 })).report.regions).toBe(0);
    expect((await rereadKeyRegions(new Uint8Array(), { ...misreadReceipt(), source: "text_layer" }, reader)).report.regions).toBe(0);
    expect(reader.calls).toHaveLength(0);
  });

  it("accepts only plausible numeric dates", () => {
    expect(isNumericDate("29/12/2017")).toBe(true);
    expect(isNumericDate("12/28/2017")).toBe(true);
    expect(isNumericDate("20180428")).toBe(true);
    expect(isNumericDate("29/12/201")).toBe(false);
    expect(isNumericDate("45/13/2017")).toBe(false);
  });
});

/** A receipt whose name line OCR read unsure in two words ("TQAST", "F&EB"), with a total read sure. */
function unsureName(): PageModel {
  const page = pageOf([
    [300, 20, "THE TQAST F&EB SDN BHD"],
    [300, 40, "LOT 21 JALAN PERMAS UTARA"],
    [300, 60, "81750 JOHOR BAHRU"],
    [50, 200, "TOTAL RM 12.50"],
    [50, 220, "CASH RM 20.00"],
    [50, 240, "CHANGE RM 7.50"],
  ], 0.95);
  for (const b of page.blocks) for (const l of b.lines) for (const w of l.words) if (w.text === "TQAST" || w.text === "F&EB") w.confidence = 0.4;
  return page;
}

/** A reader that reads the name line's words again as `texts`/`confs` (same boxes), and anything else as `other`. */
function nameReader(page: PageModel, texts: string[], confs: number[], other = "12.50"): RegionReader & { calls: { whitelist?: string }[] } {
  const line = page.blocks.flatMap((b) => b.lines).find((l) => page.text.slice(l.start, l.end).startsWith("THE"));
  const calls: { whitelist?: string }[] = [];
  return {
    calls,
    recognizeRegion: async (_image, box, opts) => {
      calls.push({ whitelist: opts?.whitelist });
      if (opts?.whitelist !== NAME_WHITELIST || !line) return { text: other, confidence: 0.95, words: [{ text: other, confidence: 0.95, box }] };
      const words: ReadWord[] = texts.map((text, i) => ({ text, confidence: confs[i] ?? 0, box: line.words[i]?.box ?? box }));
      return { text: texts.join(" "), confidence: confs.reduce((a, b) => a + b, 0) / confs.length, words };
    },
  };
}

describe("re-reading the company's name line", () => {
  it("reads the line chosen as the company again when OCR was unsure of it, and takes each word read surer", async () => {
    const page = unsureName();
    expect(nameRegions(page).map((r) => page.text.slice(r.line.start, r.line.end))).toEqual(["THE TQAST F&EB SDN BHD"]);
    const reader = nameReader(page, ["THE", "TOAST", "F&b3", "SDN", "BHD"], [0.93, 0.92, 0.13, 0.88, 0.88]);
    const { page: fixed, report } = await rereadKeyRegions(new Uint8Array(), page, reader);
    expect(reader.calls.every((c) => c.whitelist === NAME_WHITELIST)).toBe(true);
    expect(report).toMatchObject({ regions: 1, replaced: 1 });
    // "TOAST" was read surer; "F&b3" was not, so "F&EB" stays; the sure words keep their first reading.
    expect(fixed.text.split("\n")[0]).toBe("THE TOAST F&EB SDN BHD");
    expectConsistent(fixed);
    expect(extractDocumentFields([fixed], { documentType: "receipt", referenceDate: new Date("2024-06-01") }).find((f) => f.name === "issuer")?.value).toBe("THE TOAST F&EB SDN BHD");
  });

  it("keeps the first reading when the re-read is no surer, or adds digits", async () => {
    const page = unsureName();
    for (const [texts, confs] of [
      [["THE", "TOAST", "F&B", "SDN", "BHD"], [0.5, 0.45, 0.45, 0.5, 0.5]],
      [["THE", "TQAST", "F&EB 4", "SDN", "BHD"], [0.95, 0.95, 0.95, 0.95, 0.95]],
    ] as [string[], number[]][]) {
      const { page: after } = await rereadKeyRegions(new Uint8Array(), page, nameReader(page, texts, confs));
      expect(after.text, texts.join(" ")).toBe(page.text);
    }
  });

  it("counts the name line in the per-page limit, after the total", async () => {
    const page = unsureName();
    const total = page.blocks.flatMap((b) => b.lines).flatMap((l) => l.words).find((w) => w.text === "12.50");
    if (total) total.confidence = 0.3;
    const one = nameReader(page, ["THE", "TOAST", "F&EB", "SDN", "BHD"], [0.95, 0.95, 0.95, 0.95, 0.95]);
    expect((await rereadKeyRegions(new Uint8Array(), page, one, { maxRegions: 1 })).report.regions).toBe(1);
    expect(one.calls.map((c) => c.whitelist)).toEqual([AMOUNT_WHITELIST]);
    const two = nameReader(page, ["THE", "TOAST", "F&EB", "SDN", "BHD"], [0.95, 0.95, 0.95, 0.95, 0.95]);
    expect((await rereadKeyRegions(new Uint8Array(), page, two, { maxRegions: 2 })).report.regions).toBe(2);
  });

  it("adds the start of a name the first reading dropped, when read sure, and ignores words from another row", () => {
    const box = (x0: number, x1: number, y0 = 0.2) => ({ x0, x1, y0, y1: y0 + 0.01 });
    const current: ReadWord[] = [
      { text: "SIF", confidence: 0.6, box: box(0.44, 0.47) },
      { text: "SDN", confidence: 0.8, box: box(0.48, 0.51) },
      { text: "BHD", confidence: 0.8, box: box(0.52, 0.55) },
    ];
    const read: ReadWord[] = [
      { text: "SELASIH", confidence: 0.9, box: box(0.33, 0.39) },
      { text: "EKSLUSIF", confidence: 0.88, box: box(0.4, 0.47) },
      { text: "SDN", confidence: 0.9, box: box(0.48, 0.51) },
      { text: "BHD", confidence: 0.9, box: box(0.52, 0.55) },
      { text: "TAMAN", confidence: 0.99, box: box(0.33, 0.4, 0.22) },
    ];
    expect(mergeNameReading(current, read).map((w) => w.text)).toEqual(["SELASIH", "EKSLUSIF", "SDN", "BHD"]);
  });
});

/** Sets the confidence of the words whose text is in `texts`. */
function unsure(page: PageModel, texts: readonly string[], confidence: number): void {
  for (const b of page.blocks) for (const l of b.lines) for (const w of l.words) if (texts.includes(w.text)) w.confidence = confidence;
}

/**
 * Grows the box of the word `text` down by `by` and right to `x1` (normalised): the first reading swallowed the
 * row under it, and its box spans the words it garbled.
 */
function swallow(page: PageModel, text: string, by: number, x1: number): void {
  for (const b of page.blocks) for (const l of b.lines) for (const w of l.words) if (w.text === text) w.box = { ...w.box, x1, y1: w.box.y1 + by };
}

/** A reader that answers a name crop read as a block with `rows` (one row of words each, stacked in the crop), and a line read with `line`. */
function blockReader(rows: string[][], line = "wears"): RegionReader & { calls: { box: BBox; block?: boolean }[] } {
  const calls: { box: BBox; block?: boolean }[] = [];
  return {
    calls,
    recognizeRegion: async (_image, box, opts) => {
      calls.push({ box, block: opts?.block });
      if (opts?.whitelist !== NAME_WHITELIST) return { text: "", confidence: 0, words: [] };
      if (!opts.block) return { text: line, confidence: 0.3, words: [{ text: line, confidence: 0.3, box }] };
      // Words laid out from the crop's left edge, 0.0064 per character (8-unit text of the page helper).
      const h = (box.y1 - box.y0) / rows.length;
      const words: ReadWord[] = rows.flatMap((ws, r) => {
        let x = box.x0;
        return ws.map((text) => {
          const word = { text, confidence: 0.92, box: { x0: x, x1: x + 0.0064 * text.length, y0: box.y0 + r * h, y1: box.y0 + (r + 0.8) * h } };
          x += 0.0064 * (text.length + 1);
          return word;
        });
      });
      return { text: words.map((w) => w.text).join(" "), confidence: 0.92, words };
    },
  };
}

describe("re-reading a company name beside another column", () => {
  /** A letter-style invoice: a large title and its tagline left, the issuer's small name and address right, on the same rows. */
  function titleBesideName(): PageModel {
    const page = pageOf([
      [80, 57, "FACTUUR.", 22],
      [750, 57, "Coble.", 9],
      [80, 80, "Dat betaal ik zelf wel.", 15],
      [750, 90, "3012 CN Rotterdam", 8],
      [750, 107, "Nederland", 8],
      [80, 130, "Pino Bluebird", 10],
      [80, 148, "Sessamestreet 32", 10],
      [80, 166, "1025 RX Amsterdam", 10],
      [80, 200, "Factuurnummer: 993548900", 10],
      [500, 600, "Totaal 717,97", 10],
    ], 0.93);
    // Page OCR read the row at the title's height: the small name garbled, sure of nothing, its box down into the next row.
    unsure(page, ["Coble."], 0);
    swallow(page, "Coble.", 0.016, 0.835);
    return page;
  }

  it("reads the garbled name's column again, as a block, and the name becomes the issuer", async () => {
    const page = titleBesideName();
    const issuer = (p: PageModel) => extractDocumentFields([p], { documentType: "invoice", referenceDate: new Date("2024-06-01") }).find((f) => f.name === "issuer")?.value;
    expect(issuer(page)).toBe("Dat betaal ik zelf wel");
    const regions = nameRegions(page);
    expect(regions.map((r) => r.line.words.slice(r.from, r.to).map((w) => w.text).join(" "))).toEqual(["Coble."]);
    expect(regions[0]).toMatchObject({ column: true, block: true });
    const reader = blockReader([["Coolblue", "B.V."], ["Weena", "664"]]);
    const { page: fixed, report } = await rereadKeyRegions(new Uint8Array(), page, reader);
    // The crop stays in the name's column (the title is not read into the name), widened to the address under it.
    expect(reader.calls).toHaveLength(1);
    expect(reader.calls[0]?.box.x0).toBeGreaterThanOrEqual(0.74);
    expect(reader.calls[0]?.box.x1).toBeGreaterThanOrEqual(0.75 + 0.0064 * "3012 CN Rotterdam".length - 0.001);
    expect(report.replaced).toBe(1);
    expect(fixed.text.split("\n")[0]).toBe("FACTUUR.\tCoolblue B.V.");
    expectConsistent(fixed);
    expect(issuer(fixed)).toBe("Coolblue B.V.");
  });

  it("reads a name whose legal form OCR lost beside a title again, though another line is the issuer now", async () => {
    // The left column's company (a holding printed large) is the issuer as the page stands.
    const page = pageOf([
      [80, 57, "FACTUUR.", 22],
      [750, 57, "Coolblue B..", 9],
      [80, 80, "Acme Holding B.V.", 20],
      [750, 90, "3012 CN Rotterdam", 8],
      [750, 107, "Nederland", 8],
      [80, 200, "Factuurnummer: 993548900", 10],
      [500, 600, "Totaal 717,97", 10],
    ], 0.93);
    unsure(page, ["B.."], 0.66);
    expect(extractDocumentFields([page], { documentType: "invoice", referenceDate: new Date("2024-06-01") }).find((f) => f.name === "issuer")?.value).toBe("Acme Holding B.V.");
    expect(nameRegions(page).map((r) => r.line.words.slice(r.from, r.to).map((w) => w.text).join(" "))).toEqual(["Coolblue B.."]);
    const reader: RegionReader = {
      recognizeRegion: async (_image, box) => {
        const words: ReadWord[] = [
          { text: "Coolblue", confidence: 0.93, box: { ...box, x1: box.x0 + 0.0576 } },
          { text: "B.V.", confidence: 0.92, box: { ...box, x0: box.x0 + 0.064 } },
        ];
        return { text: "Coolblue B.V.", confidence: 0.92, words };
      },
    };
    const { page: fixed } = await rereadKeyRegions(new Uint8Array(), page, reader);
    expect(fixed.text.split("\n")[0]).toBe("FACTUUR.\tCoolblue B.V.");
  });

  it("leaves a name read surely beside a title alone", () => {
    const page = pageOf([
      [80, 57, "INVOICE", 22],
      [750, 57, "Acme Supplies Ltd", 9],
      [750, 90, "12 Market Street", 8],
      [500, 600, "Total 10.00", 10],
    ], 0.93);
    expect(nameRegions(page)).toEqual([]);
  });

  it("keeps another column's text beside the name out of the crop, and takes the row its surely read word is on", async () => {
    // "pilin" spans "Acme Cloud Services," (0.700–0.827) and reaches down into the row under it.
    const words: RawWord[] = [
      { text: "pilin", x0: 700, x1: 827, y0: 20, y1: 44, confidence: 0.08 },
      { text: "Inc.", x0: 835, x1: 860, y0: 20, y1: 28, confidence: 0.95 },
      ...pageWords([[60, 36, "See the tax statement attached at the end of this invoice", 10], [700, 52, "Seattle, WA 98109-5210, US", 8], [500, 600, "Total 4.11", 10]]),
    ];
    const page = buildPage(words, { page: 1, width: 1000, height: 1000, source: "ocr" });
    const regions = nameRegions(page);
    expect(regions.map((r) => r.line.words.slice(r.from, r.to).map((w) => w.text).join(" "))).toEqual(["pilin Inc."]);
    expect(regions[0]?.block).toBe(true);
    const reader = blockReader([["Acme", "Cloud", "Services,", "Inc."], ["410", "Terry", "Avenue", "North"]]);
    const { page: fixed } = await rereadKeyRegions(new Uint8Array(), page, reader);
    expect(reader.calls[0]?.box.x0).toBeGreaterThanOrEqual(0.69);
    expect(fixed.text).toContain("Acme Cloud Services, Inc.");
    expectConsistent(fixed);
  });
});

describe("the row of a block re-read that holds the name", () => {
  const w = (text: string, y0: number, confidence = 0.9): ReadWord => ({ text, confidence, box: { x0: 0.7, x1: 0.75, y0, y1: y0 + 0.006 } });
  it("is the row of the first reading's sure words, else the top row", () => {
    const read = [w("410", 0.85), w("Terry", 0.85), w("Amazon", 0.836), w("Inc.", 0.836)];
    expect(nameRow([{ confidence: 0.95, box: { x0: 0.8, x1: 0.83, y0: 0.837, y1: 0.843 } }], read).map((x) => x.text)).toEqual(["Amazon", "Inc."]);
    expect(nameRow([{ confidence: 0.1, box: { x0: 0.7, x1: 0.8, y0: 0.836, y1: 0.86 } }], read).map((x) => x.text)).toEqual(["Amazon", "Inc."]);
    expect(nameRow([{ confidence: 0.95, box: { x0: 0.8, x1: 0.83, y0: 0.85, y1: 0.856 } }], read).map((x) => x.text)).toEqual(["410", "Terry"]);
  });
});
