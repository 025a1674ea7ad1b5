import { describe, expect, it } from "vitest";
import sharp from "sharp";
import { findUncoveredInk, type InkBox } from "../../src/extraction/ink.uncovered.js";
import { boxToOriginal, boxToPrepared, pgmPixels, toPgm, type PreparedGeometry } from "../../src/extraction/ocr-image.preparer.js";

const W = 1000;
const H = 700;
const FONT = 18;

/** Lines of text (left column, y of each baseline) that the "OCR" read: their boxes are the covered ones. */
const READ_LINES = [120, 160, 200, 240, 280].map((y, i) => ({ y, text: `Billing line ${i + 1}: Consulting hours 1${i}4.50` }));

function pageSvg(extras: string): string {
  const read = READ_LINES.map((l) => `<text x="40" y="${l.y}" font-family="sans-serif" font-size="${FONT}">${l.text}</text>`).join("");
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}"><rect width="${W}" height="${H}" fill="white"/>${read}${extras}</svg>`;
}

/** The covered boxes: each read line's extent, as an OCR word box would give it. */
const COVERED: InkBox[] = READ_LINES.map((l) => ({ x0: 36, y0: l.y - FONT, x1: 460, y1: l.y + 6 }));

/** A value inside a dashed frame, to the right of the read column (the shape psm 4 skipped on a scanned invoice). */
const BOXED =
  `<rect x="620" y="60" width="330" height="40" fill="none" stroke="black" stroke-width="1.5" stroke-dasharray="4 3"/>` +
  `<text x="632" y="87" font-family="sans-serif" font-size="${FONT}">INV_2024_00041759</text>`;

async function grey(svg: string): Promise<{ data: Buffer; width: number; height: number }> {
  const { data, info } = await sharp(Buffer.from(svg)).greyscale().toColourspace("b-w").raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

describe("findUncoveredInk", () => {
  it("returns exactly the line of text no word covers: the value inside a dashed frame, without the frame", async () => {
    const page = await grey(pageSvg(BOXED));
    const regions = findUncoveredInk(page.data, page.width, page.height, COVERED);
    expect(regions).toHaveLength(1);
    const r = regions[0]!;
    // Inside the frame (620–950 × 60–100), around the value's glyphs.
    expect(r.x0).toBeGreaterThanOrEqual(628);
    expect(r.x0).toBeLessThanOrEqual(640);
    expect(r.x1).toBeGreaterThan(790);
    expect(r.x1).toBeLessThan(950);
    expect(r.y0).toBeGreaterThan(62);
    expect(r.y1).toBeLessThan(98);
    expect(r.glyphs).toBeGreaterThanOrEqual(12);
  });

  it("finds nothing when every line is covered, on a blank page, or without covered print", async () => {
    const page = await grey(pageSvg(BOXED));
    const all = [...COVERED, { x0: 625, y0: 64, x1: 945, y1: 96 }];
    expect(findUncoveredInk(page.data, page.width, page.height, all)).toEqual([]);
    const blank = await grey(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}"><rect width="${W}" height="${H}" fill="white"/></svg>`);
    expect(findUncoveredInk(blank.data, blank.width, blank.height, [])).toEqual([]);
    expect(findUncoveredInk(page.data, page.width, page.height, COVERED, { maxRegions: 0 })).toEqual([]);
  });

  it("ignores table rules, frames, a filled logo, a barcode, speckle and a signature-like scrawl", async () => {
    const bars = Array.from({ length: 40 }, (_, i) => `<rect x="${600 + i * 8 + (i % 3)}" y="420" width="${2 + (i % 3)}" height="60" fill="black"/>`).join("");
    let seed = 7;
    const rand = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    const specks = Array.from({ length: 300 }, () => `<rect x="${Math.floor(rand() * W)}" y="${Math.floor(rand() * H)}" width="2" height="2" fill="black"/>`).join("");
    const noise =
      `<line x1="20" y1="320" x2="980" y2="320" stroke="black" stroke-width="2"/>` +
      `<line x1="20" y1="330" x2="980" y2="330" stroke="black" stroke-width="1" stroke-dasharray="6 4"/>` +
      `<rect x="520" y="360" width="100" height="40" fill="none" stroke="black" stroke-width="2"/>` +
      `<rect x="600" y="20" width="140" height="24" fill="black"/>` +
      `<circle cx="300" cy="520" r="60" fill="none" stroke="black" stroke-width="3"/>` +
      `<path d="M 600 600 C 640 540, 680 660, 720 590 S 800 560, 830 620" fill="none" stroke="black" stroke-width="3"/>` +
      bars +
      specks;
    const page = await grey(pageSvg(noise));
    expect(findUncoveredInk(page.data, page.width, page.height, COVERED)).toEqual([]);
  });

  it("searches a large page on a reduced copy and reports boxes in the page's own pixels", async () => {
    const svg = pageSvg(BOXED);
    const { data, info } = await sharp(Buffer.from(svg)).resize({ width: 2 * W }).greyscale().toColourspace("b-w").raw().toBuffer({ resolveWithObject: true });
    const covered = COVERED.map((b) => ({ x0: 2 * b.x0, y0: 2 * b.y0, x1: 2 * b.x1, y1: 2 * b.y1 }));
    const regions = findUncoveredInk(data, info.width, info.height, covered);
    expect(regions).toHaveLength(1);
    expect(regions[0]!.x0).toBeGreaterThan(1240);
    expect(regions[0]!.x1).toBeLessThan(1900);
  });
});

describe("prepared-image geometry", () => {
  it("boxToPrepared inverts boxToOriginal (up to the upright box around a rotated one)", () => {
    const g: PreparedGeometry = { scale: 1.5, rotation: 2, scaledWidth: 1500, scaledHeight: 2100, width: 1572, height: 2151 };
    const box = { x0: 300, y0: 400, x1: 420, y1: 430 };
    const back = boxToOriginal(g, boxToPrepared(g, box));
    expect(back.x0).toBeLessThanOrEqual(box.x0 + 1e-6);
    expect(back.x1).toBeGreaterThanOrEqual(box.x1 - 1e-6);
    expect(back.x0).toBeGreaterThan(box.x0 - 10);
    expect(back.y1).toBeLessThan(box.y1 + 20);
    const flat = { ...g, rotation: 0 };
    expect(boxToOriginal(flat, boxToPrepared(flat, box))).toEqual(box);
  });

  it("pgmPixels reads a PGM's size and pixels", () => {
    const raw = Buffer.from([1, 2, 3, 4, 5, 6]);
    const px = pgmPixels(toPgm(raw, 3, 2));
    expect(px?.width).toBe(3);
    expect(px?.height).toBe(2);
    expect([...px!.data]).toEqual([1, 2, 3, 4, 5, 6]);
    expect(pgmPixels(Buffer.from("not a pgm"))).toBeNull();
  });
});
