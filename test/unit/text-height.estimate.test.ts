import { describe, expect, it } from "vitest";
import sharp from "sharp";
import { MAX_TEXT_SCALE, prepareForOcr } from "../../src/extraction/ocr-image.preparer.js";
import { estimateTextHeight } from "../../src/extraction/text-height.estimate.js";

/** Lines of mixed-case text at `fontSize` px on a white page, with optional extras (rules, a filled logo box). */
function pageSvg(width: number, height: number, fontSize: number, extras = ""): string {
  const lineGap = Math.round(fontSize * 1.6);
  const rows = Math.min(30, Math.floor((height - 80) / lineGap));
  const lines = Array.from(
    { length: rows },
    (_, i) => `<text x="30" y="${60 + i * lineGap}" font-family="sans-serif" font-size="${fontSize}">Invoice line ${i + 1}: Consulting hours, total 1${i}4.50 EUR</text>`,
  );
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="${width}" height="${height}" fill="white"/>${lines.join("")}${extras}</svg>`;
}

async function grey(svg: string): Promise<{ data: Buffer; width: number; height: number }> {
  const { data, info } = await sharp(Buffer.from(svg)).greyscale().toColourspace("b-w").raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

describe("estimateTextHeight", () => {
  it("measures print between the x-height and the cap height of its font size, in proportion to it", async () => {
    const heights: number[] = [];
    for (const size of [12, 24, 40]) {
      const page = await grey(pageSvg(1200, 1600, size));
      const est = estimateTextHeight(page.data, page.width, page.height);
      expect(est).not.toBeNull();
      expect(est!.height).toBeGreaterThanOrEqual(0.45 * size);
      expect(est!.height).toBeLessThanOrEqual(0.85 * size);
      heights.push(est!.height);
    }
    expect(heights[2]! / heights[1]!).toBeGreaterThan(1.4);
    expect(heights[2]! / heights[1]!).toBeLessThan(2);
  });

  it("is not moved by table rules, underlines or a filled logo box", async () => {
    const plain = await grey(pageSvg(1200, 1600, 16));
    const extras =
      `<rect x="900" y="20" width="200" height="120" fill="black"/>` +
      Array.from({ length: 20 }, (_, i) => `<rect x="20" y="${70 + i * 26}" width="1100" height="2" fill="black"/>`).join("");
    const busy = await grey(pageSvg(1200, 1600, 16, extras));
    const a = estimateTextHeight(plain.data, plain.width, plain.height)!.height;
    const b = estimateTextHeight(busy.data, busy.width, busy.height)!.height;
    expect(Math.abs(a - b)).toBeLessThanOrEqual(1);
  });

  it("measures a page larger than the estimate's working size in the page's own pixels", async () => {
    const small = await grey(pageSvg(1500, 2000, 20));
    const large = await grey(pageSvg(3000, 4000, 40));
    const a = estimateTextHeight(small.data, small.width, small.height)!.height;
    const b = estimateTextHeight(large.data, large.width, large.height)!.height;
    expect(b / a).toBeGreaterThan(1.6);
    expect(b / a).toBeLessThan(2.4);
  });

  it("measures letters, not the dashes of separator rows nor the dots of broken print", async () => {
    const plain = await grey(pageSvg(700, 1400, 20));
    const separators = Array.from({ length: 12 }, (_, i) => `<text x="30" y="${75 + i * 64}" font-family="monospace" font-size="20">${"-".repeat(50)}</text>`).join("");
    const dashed = await grey(pageSvg(700, 1400, 20, separators));
    // Dot-matrix / faded thermal print: every third row of pixels blank, each letter in fragments.
    const broken = await grey(pageSvg(700, 1400, 20));
    for (let y = 0; y < broken.height; y += 3) broken.data.fill(255, y * broken.width, (y + 1) * broken.width);
    const a = estimateTextHeight(plain.data, plain.width, plain.height)!.height;
    expect(Math.abs(estimateTextHeight(dashed.data, dashed.width, dashed.height)!.height - a)).toBeLessThanOrEqual(1);
    expect(Math.abs(estimateTextHeight(broken.data, broken.width, broken.height)!.height - a)).toBeLessThanOrEqual(2);
  });

  it("has nothing to say about a blank page", () => {
    expect(estimateTextHeight(new Uint8Array(500 * 700).fill(245), 500, 700)).toBeNull();
  });
});

describe("minTextHeightPx in prepareForOcr", () => {
  it("enlarges a wide page whose print is small, within the bound, and leaves large print alone", async () => {
    const smallPrint = await sharp(Buffer.from(pageSvg(1240, 1754, 14))).png().toBuffer();
    const largePrint = await sharp(Buffer.from(pageSvg(1240, 1754, 40))).png().toBuffer();
    const widthOnly = await prepareForOcr(smallPrint, { minTextHeightPx: 0 });
    expect(widthOnly.scale).toBe(1);
    const enlarged = await prepareForOcr(smallPrint, { minTextHeightPx: 22 });
    expect(enlarged.scale).toBeGreaterThan(1.5);
    expect(enlarged.scale).toBeLessThanOrEqual(MAX_TEXT_SCALE + 0.01);
    expect(enlarged.originalWidth).toBe(1240);
    expect((await prepareForOcr(largePrint, { minTextHeightPx: 22 })).scale).toBe(1);
  });

  it("never scales below what the width rule asks for", async () => {
    const narrow = await sharp(Buffer.from(pageSvg(460, 900, 24))).png().toBuffer();
    const prep = await prepareForOcr(narrow, { minWidth: 1000, minTextHeightPx: 22 });
    expect(prep.width).toBeGreaterThanOrEqual(1000);
  });
});
