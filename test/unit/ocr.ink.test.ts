import { afterAll, describe, expect, it } from "vitest";
import sharp from "sharp";
import { createOcrPool, type OcrPool } from "../../src/extraction/ocr.adapter.js";
import { readUncoveredInk, type LineReader } from "../../src/extraction/ocr.ink.js";
import { prepareForOcr } from "../../src/extraction/ocr-image.preparer.js";
import type { OcrBlockTree } from "../../src/extraction/ocr.words.js";
import type { RawWord } from "../../src/extraction/page/page.model.js";
import { framedInvoiceSvg } from "../support/framed-invoice.js";
import { hasTesseract } from "../support/native-tesseract.js";

const WIDTH = 789;
const HEIGHT = 260;
/** The frame around the value: 10 px print in a dashed box at the top right, beside a bold title (the layout psm 4 skips). */
const FRAME = { x: 532, y: 52, width: 230, height: 19 };
const invoiceSvg = (): string => framedInvoiceSvg("dashed", 10, FRAME.x, FRAME.y);

describe.each([
  { engine: "wasm" as const, skip: false },
  { engine: "native" as const, skip: !hasTesseract },
])("OCR pool ($engine engine): ink no word covers", ({ engine, skip }) => {
  let pool: OcrPool | undefined;
  afterAll(async () => {
    await pool?.close();
  });

  it.skipIf(skip)("reads a framed value the page read (psm 4) skipped, and adds it to the page model on its row, in page coordinates", async () => {
    const image = new Uint8Array(await sharp(Buffer.from(invoiceSvg())).png().toBuffer());
    pool = createOcrPool({ size: 1, engine, inkRegions: 0 });
    const without = await pool.recognize(image);
    await pool.close();
    // The premise: the single-column read leaves the framed value out entirely.
    expect(without.text.replace(/\s+/g, "")).not.toContain("KTRM2024");
    expect(without.ink).toEqual({ regions: 0, words: 0 });

    pool = createOcrPool({ size: 1, engine });
    const withInk = await pool.recognize(image);
    expect(withInk.ink.regions).toBeGreaterThanOrEqual(1);
    const words = withInk.page.blocks.flatMap((b) => b.lines.flatMap((l) => l.words));
    const value = words.find((w) => w.text.includes("KTRM20240700815263"));
    expect(value).toBeDefined();
    const box = value!.box;
    // Inside the frame, normalised to the page like every other word.
    expect(box.x0 * WIDTH).toBeGreaterThan(FRAME.x);
    expect(box.x1 * WIDTH).toBeLessThan(FRAME.x + FRAME.width);
    expect(box.y0 * HEIGHT).toBeGreaterThan(FRAME.y);
    expect(box.y1 * HEIGHT).toBeLessThan(FRAME.y + FRAME.height);
    // Its label was read with it, on the same line of the rebuilt page, and the page's other text is unchanged.
    const line = withInk.page.blocks.flatMap((b) => b.lines).find((l) => l.words.includes(value!));
    expect(withInk.text.slice(line!.start, line!.end)).toMatch(/Ref\s+No/);
    expect(withInk.text).toContain("Northwind Traders");
    expect(withInk.text).toContain("319.00");
    // No frame marks or other punctuation-only words came in.
    expect(words.filter((w) => /^[|[\]{}!;:_-]+$/.test(w.text) && w.box.x0 * WIDTH > FRAME.x)).toEqual([]);
  }, 60_000);
});

/** A line reader that returns fixed readings (one per call), each word spread over the crop's inner width. */
function fakeReader(readings: { text: string; confidence: number }[][]): { reader: LineReader; calls: () => number } {
  let calls = 0;
  const reader: LineReader = async (pgm) => {
    const header = pgm.subarray(0, 20).toString("latin1").split(/\s+/);
    const w = Number(header[1]);
    const h = Number(header[2]);
    const words = readings[Math.min(calls, readings.length - 1)] ?? [];
    calls += 1;
    const margin = Math.round(h / 4);
    const step = (w - 2 * margin) / Math.max(1, words.length);
    const tree: OcrBlockTree = {
      blocks: [
        {
          paragraphs: [
            {
              lines: [
                {
                  words: words.map((word, i) => ({
                    text: word.text,
                    confidence: word.confidence * 100,
                    bbox: { x0: margin + i * step + 2, y0: margin, x1: margin + (i + 1) * step - 2, y1: h - margin },
                  })),
                },
              ],
            },
          ],
        },
      ],
    };
    return tree;
  };
  return { reader, calls: () => calls };
}

describe("readUncoveredInk", async () => {
  // One uncovered line of print on an otherwise read page.
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1000" height="400"><rect width="100%" height="100%" fill="white"/>
${[60, 100, 140, 180].map((y) => `<text x="40" y="${y}" font-family="sans-serif" font-size="18">Consulting hours and travel ${y}.50</text>`).join("")}
<text x="600" y="300" font-family="sans-serif" font-size="18">Order ABC1234567</text></svg>`;
  const prep = await prepareForOcr(new Uint8Array(await sharp(Buffer.from(svg)).png().toBuffer()));
  const page = { pgm: prep.data, geometry: prep.geometry! };
  const read: RawWord[] = [60, 100, 140, 180].map((y) => ({ text: "line", confidence: 0.95, x0: 36, y0: y - 18, x1: 420, y1: y + 6 }));

  it("adds words read surely, in original pixels, and nothing when the region reads unsure as a whole", async () => {
    const sure = await readUncoveredInk(page, read, fakeReader([[{ text: "Order", confidence: 0.93 }, { text: "ABC1234567", confidence: 0.88 }]]).reader);
    expect(sure.words.map((w) => w.text)).toEqual(["Order", "ABC1234567"]);
    expect(sure.report).toEqual({ regions: 1, words: 2 });
    expect(sure.words[0]!.x0).toBeGreaterThan(590);
    expect(sure.words[1]!.y1).toBeLessThan(310);
    const noise = await readUncoveredInk(page, read, fakeReader([[{ text: "Ta", confidence: 0.14 }, { text: "ew", confidence: 0.24 }, { text: "We", confidence: 0.21 }]]).reader);
    expect(noise.words).toEqual([]);
  });

  it("takes a long identifier read unsure only when a second crop reads it the same, without the frame's marks", async () => {
    const agreeing = fakeReader([
      [{ text: "Order", confidence: 0.95 }, { text: "ABC1234567;", confidence: 0.4 }],
      [{ text: "Order", confidence: 0.95 }, { text: "ABC1234567:", confidence: 0.3 }],
    ]);
    const taken = await readUncoveredInk(page, read, agreeing.reader);
    expect(agreeing.calls()).toBe(2);
    expect(taken.words.map((w) => w.text)).toEqual(["Order", "ABC1234567"]);
    const differing = fakeReader([
      [{ text: "Order", confidence: 0.95 }, { text: "ABC1234567", confidence: 0.4 }],
      [{ text: "Order", confidence: 0.95 }, { text: "A8C1Z34567", confidence: 0.3 }],
    ]);
    expect((await readUncoveredInk(page, read, differing.reader)).words.map((w) => w.text)).toEqual(["Order"]);
    // Short words read unsure are not confirmed by repetition: garbage repeats too easily.
    const short = fakeReader([[{ text: "Order", confidence: 0.95 }, { text: "Ln", confidence: 0.45 }]]);
    expect((await readUncoveredInk(page, read, short.reader)).words.map((w) => w.text)).toEqual(["Order"]);
  });

  it("drops punctuation-only words and frame marks at a word's ends, reads nothing when off or out of time", async () => {
    const marks = await readUncoveredInk(page, read, fakeReader([[{ text: "|", confidence: 0.9 }, { text: "Order", confidence: 0.95 }, { text: "ABC1234567|", confidence: 0.9 }]]).reader);
    expect(marks.words.map((w) => w.text)).toEqual(["Order", "ABC1234567"]);
    const never = fakeReader([[{ text: "Order", confidence: 0.95 }]]);
    expect((await readUncoveredInk(page, read, never.reader, { maxRegions: 0 })).words).toEqual([]);
    expect((await readUncoveredInk(page, read, never.reader, { mayRead: () => false })).report.regions).toBe(0);
    expect(never.calls()).toBe(0);
  });
});
