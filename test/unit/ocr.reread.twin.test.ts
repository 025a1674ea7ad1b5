import { describe, expect, it } from "vitest";
import { extractDocumentFields } from "../../src/extraction/fields/index.js";
import { acceptedTwinName, nameRegions, replaceWords, rereadKeyRegions, twinRow, type ReadWord, type RegionReader } from "../../src/extraction/ocr.reread.js";
import type { BBox, PageLine, PageModel, PageWord } from "../../src/extraction/page/page.model.js";

/** One OCR'd word: text, box on a 1000×1000 page, confidence. */
type W = [text: string, x0: number, y0: number, x1: number, y1: number, confidence: number];

const box = (ws: readonly { box: BBox }[]): BBox => ({
  x0: Math.min(...ws.map((w) => w.box.x0)),
  y0: Math.min(...ws.map((w) => w.box.y0)),
  x1: Math.max(...ws.map((w) => w.box.x1)),
  y1: Math.max(...ws.map((w) => w.box.y1)),
});

/** A page built line by line as OCR gave the lines (the page builder would join rows this close). */
function ocrLines(rows: readonly (readonly W[])[]): PageModel {
  let text = "";
  const lines: PageLine[] = rows.map((row, i) => {
    if (i > 0) text += "\n";
    const words: PageWord[] = row.map(([t, x0, y0, x1, y1, confidence], k) => {
      if (k > 0) text += " ";
      const start = text.length;
      text += t;
      return { text: t, start, end: text.length, confidence, box: { x0: x0 / 1000, y0: y0 / 1000, x1: x1 / 1000, y1: y1 / 1000 } };
    });
    return { words, box: box(words), start: words[0]!.start, end: words[words.length - 1]!.end };
  });
  const all = lines.flatMap((l) => l.words);
  return { page: 1, width: 1000, height: 1000, source: "ocr", text, blocks: [{ box: box(lines), lines }], confidence: all.reduce((n, w) => n + w.confidence, 0) / all.length };
}

/** "Broadview Marketing Sdn Bhd" OCR read as two rows at the same height, neither of them the name. */
function splitName(): PageModel {
  return ocrLines([
    [["Broad", 75, 165, 160, 185, 0.85], ["Yiew", 165, 165, 230, 185, 0.8], ["Market", 240, 165, 330, 185, 0.61], ["Sen", 480, 166, 530, 186, 0.55], ["1)", 745, 166, 770, 186, 0]],
    [["v", 335, 170, 350, 190, 0.82], ["tng", 355, 170, 400, 190, 0.6], ["Bhd", 560, 168, 610, 188, 0.63], ["(Z2R364", 620, 168, 740, 188, 0.15]],
    [["No.", 200, 200, 240, 215, 0.9], ["9-G,", 245, 200, 290, 215, 0.9], ["Jalan", 300, 200, 360, 215, 0.9], ["Dinar", 365, 200, 430, 215, 0.9]],
    [["TOTAL", 100, 600, 180, 615, 0.95], ["18.00", 500, 600, 570, 615, 0.95]],
  ]);
}

const reading: ReadWord[] = [
  ["Broadview", 75, 165, 230, 187, 0.78],
  ["Marketing", 240, 165, 400, 187, 0.81],
  ["Sdn", 480, 166, 530, 187, 0.89],
  ["Bhd", 560, 167, 610, 187, 0.89],
  ["(728364-M)", 620, 167, 740, 187, 0.44],
].map(([text, x0, y0, x1, y1, confidence]) => ({ text: text as string, confidence: confidence as number, box: { x0: (x0 as number) / 1000, y0: (y0 as number) / 1000, x1: (x1 as number) / 1000, y1: (y1 as number) / 1000 } }));

describe("a name line OCR split into two rows", () => {
  it("finds the other row at the same height across the same stretch, and no row beside or under it", () => {
    const page = splitName();
    const [a, b, c] = page.blocks[0]!.lines;
    expect(twinRow(page.blocks[0]!.lines, a!)).toBe(b);
    expect(twinRow(page.blocks[0]!.lines, c!)).toBeUndefined();
    const beside = ocrLines([[["ACME", 50, 100, 150, 115, 0.9], ["MART", 160, 100, 250, 115, 0.9]], [["Receipt", 600, 100, 700, 115, 0.9], ["#12", 710, 100, 750, 115, 0.9]]]);
    expect(twinRow(beside.blocks[0]!.lines, beside.blocks[0]!.lines[0]!)).toBeUndefined();
    // A row whose box handwriting above made three times as tall, reaching down into the name's row.
    const tall = ocrLines([[["(P)", 40, 66, 200, 131, 0.1], ["Py", 300, 110, 340, 131, 0.59], ["Sdn.", 600, 112, 660, 131, 0.93]], [["Cash", 260, 116, 330, 133, 0.75], ["Bhd", 680, 116, 740, 133, 0.92]]]);
    expect(twinRow(tall.blocks[0]!.lines, tall.blocks[0]!.lines[1]!)).toBeUndefined();
  });

  it("reads both rows as one line and replaces both with the reading", async () => {
    const page = splitName();
    const regions = nameRegions(page);
    expect(regions).toHaveLength(1);
    expect(regions[0]?.twin).toBe(page.blocks[0]!.lines[1]);
    const calls: BBox[] = [];
    const reader: RegionReader = {
      recognizeRegion: async (_image, b, opts) => {
        calls.push(b);
        return opts?.whitelist && /[A-Z]/.test(opts.whitelist) ? { text: reading.map((w) => w.text).join(" "), confidence: 0.76, words: reading } : { text: "", confidence: 0, words: [] };
      },
    };
    const { page: fixed, report } = await rereadKeyRegions(new Uint8Array(), page, reader, { germanNames: false });
    // One crop over both rows.
    expect(calls.some((b) => b.x0 <= 0.075 && b.x1 >= 0.74 && b.y0 <= 0.165 && b.y1 >= 0.19)).toBe(true);
    expect(report.replaced).toBeGreaterThanOrEqual(1);
    expect(fixed.text.split("\n").slice(0, 2)).toEqual(["Broadview Marketing Sdn Bhd (728364-M)", "No. 9-G, Jalan Dinar"]);
    expect(fixed.blocks[0]!.lines).toHaveLength(3);
    for (const l of fixed.blocks[0]!.lines) for (const w of l.words) expect(fixed.text.slice(w.start, w.end)).toBe(w.text);
    expect(extractDocumentFields([fixed], { documentType: "receipt", referenceDate: new Date("2024-06-01") }).find((f) => f.name === "issuer")?.value).toBe("Broadview Marketing Sdn Bhd");
  });

  it("leaves the rows as they are when a region on the other row was patched first, and loses none of its words", async () => {
    const page = splitName();
    // The other row also holds a date OCR read unsure, which its own re-read patches first.
    const b = page.blocks[0]!.lines[1]!;
    const dated = ocrLines([
      page.blocks[0]!.lines[0]!.words.map((w) => [w.text, w.box.x0 * 1000, w.box.y0 * 1000, w.box.x1 * 1000, w.box.y1 * 1000, w.confidence] as W),
      [...b.words.map((w) => [w.text, w.box.x0 * 1000, w.box.y0 * 1000, w.box.x1 * 1000, w.box.y1 * 1000, w.confidence] as W), ["21/O5/17", 750, 168, 790, 188, 0.3]],
      ...page.blocks[0]!.lines.slice(2).map((l) => l.words.map((w) => [w.text, w.box.x0 * 1000, w.box.y0 * 1000, w.box.x1 * 1000, w.box.y1 * 1000, w.confidence] as W)),
    ]);
    const reader: RegionReader = {
      recognizeRegion: async (_image, _b, opts) =>
        opts?.whitelist && /[A-Z]/.test(opts.whitelist)
          ? { text: reading.map((w) => w.text).join(" "), confidence: 0.76, words: reading }
          : { text: "21/05/17", confidence: 0.95, words: [{ text: "21/05/17", confidence: 0.95, box: { x0: 0.75, y0: 0.168, x1: 0.79, y1: 0.188 } }] },
    };
    const { page: fixed } = await rereadKeyRegions(new Uint8Array(), dated, reader, { germanNames: false, today: new Date("2024-06-01") });
    expect(fixed.text).toContain("21/05/17");
    expect(fixed.text).toContain("Broad Yiew Market Sen");
  });

  it("takes the reading whole or not at all", () => {
    const page = splitName();
    const old = page.blocks[0]!.lines.slice(0, 2).flatMap((l) => l.words);
    expect(acceptedTwinName(old, reading)?.map((w) => w.text)).toEqual(["Broadview", "Marketing", "Sdn", "Bhd", "(728364-M)"]);
    // No surer than the rows, or no longer a name with its legal form: the rows stay.
    expect(acceptedTwinName(old, reading.map((w) => ({ ...w, confidence: 0.5 })))).toBeNull();
    expect(acceptedTwinName(old, reading.slice(0, 2))).toBeNull();
  });

  it("drops the words of a line read into another, and the line with them", () => {
    const page = splitName();
    const [a, b] = page.blocks[0]!.lines;
    const next = replaceWords(page, a!, 0, a!.words.length, reading, new Set(b!.words));
    expect(next.text.split("\n")[0]).toBe("Broadview Marketing Sdn Bhd (728364-M)");
    expect(next.blocks[0]!.lines).toHaveLength(3);
  });
});
