import { describe, expect, it } from "vitest";
import { boxToOriginal, type PreparedGeometry } from "../../src/extraction/ocr-image.preparer.js";
import { pageToOriginal, readingFrame } from "../../src/extraction/ocr.frame.js";
import { ocrWords } from "../../src/extraction/ocr.words.js";
import { buildPage } from "../../src/extraction/page/page.builder.js";

/** A 1000×2000 page scaled 2× and rotated `degrees` level (canvas enlarged to fit, as sharp does). */
function rotatedGeometry(degrees: number): PreparedGeometry {
  const t = (Math.abs(degrees) * Math.PI) / 180;
  const [w, h] = [2000, 4000];
  return {
    scale: 2,
    rotation: degrees,
    scaledWidth: w,
    scaledHeight: h,
    width: Math.ceil(w * Math.cos(t) + h * Math.sin(t)),
    height: Math.ceil(h * Math.cos(t) + w * Math.sin(t)),
  };
}

/** tesseract's tree for one line of words read on the level (prepared) image. */
const line = (words: { text: string; x0: number; x1: number }[], y0: number, y1: number) => ({
  blocks: words.map((w) => ({ paragraphs: [{ lines: [{ words: [{ text: w.text, confidence: 90, bbox: { x0: w.x0, y0, x1: w.x1, y1 } }] }] }] })),
});

describe("readingFrame", () => {
  it("is the original image for a page that was not rotated", () => {
    const g: PreparedGeometry = { scale: 2, rotation: 0, scaledWidth: 2000, scaledHeight: 4000, width: 2000, height: 4000 };
    expect(readingFrame(g, 2, 1000, 2000)).toEqual({ geometry: g, width: 1000, height: 2000, levelled: false });
    expect(readingFrame(undefined, 1.5, 800, 1200)).toEqual({ geometry: 1.5, width: 800, height: 1200, levelled: false });
  });

  it("is the level prepared image in original pixel units for a rotated page", () => {
    const g = rotatedGeometry(4);
    const f = readingFrame(g, 2, 1000, 2000);
    expect(f.levelled).toBe(true);
    expect(f.width).toBeCloseTo(g.width / 2, 9);
    expect(f.height).toBeCloseTo(g.height / 2, 9);
    // Boxes are only divided by the scale: the rotation is kept.
    const [w] = ocrWords(line([{ text: "TOTAL", x0: 300, x1: 500 }], 1000, 1040), f.geometry);
    expect(w).toMatchObject({ x0: 150, y0: 500, x1: 250, y1: 520 });
  });
});

describe("a rotated page built in its reading frame", () => {
  // A label at the left edge and its amount at the right edge of one level line, read on a page rotated 4°.
  const g = rotatedGeometry(4);
  const tree = line(
    [
      { text: "TOTAL", x0: 250, x1: 450 },
      { text: "9.00", x0: 1850, x1: 2000 },
    ],
    2000,
    2040,
  );

  it("keeps the label and its amount on one line (grouped on the original image they fall three lines apart)", () => {
    const f = readingFrame(g, 2, 1000, 2000);
    const levelled = buildPage(ocrWords(tree, f.geometry), { page: 1, width: f.width, height: f.height, source: "ocr" });
    expect(levelled.text).toBe("TOTAL\t9.00");
    const tilted = buildPage(ocrWords(tree, g), { page: 1, width: 1000, height: 2000, source: "ocr" });
    expect(tilted.text).not.toBe("TOTAL\t9.00");
  });

  it("moves every box onto the original image and keeps text and spans", () => {
    const f = readingFrame(g, 2, 1000, 2000);
    const levelled = buildPage(ocrWords(tree, f.geometry), { page: 1, width: f.width, height: f.height, source: "ocr" });
    const page = pageToOriginal(levelled, g, 1000, 2000);
    expect(page.text).toBe(levelled.text);
    expect([page.width, page.height]).toEqual([1000, 2000]);
    const words = page.blocks.flatMap((b) => b.lines.flatMap((l) => l.words));
    expect(words.map((w) => [w.text, w.start, w.end])).toEqual([
      ["TOTAL", 0, 5],
      ["9.00", 6, 10],
    ]);
    // Each word's box is where ocrWords puts it on the original image (the upright box around the tilted one; the
    // page builder rounds normalised boxes, so to a tenth of a pixel).
    const expected = boxToOriginal(g, { x0: 1850, y0: 2000, x1: 2000, y1: 2040 });
    const amount = words[1]!.box;
    expect(amount.x0 * 1000).toBeCloseTo(expected.x0, 1);
    expect(amount.y0 * 2000).toBeCloseTo(expected.y0, 1);
    expect(amount.x1 * 1000).toBeCloseTo(expected.x1, 1);
    expect(amount.y1 * 2000).toBeCloseTo(expected.y1, 1);
    // The line's box covers both words on the original.
    const lineBox = page.blocks[0]!.lines[0]!.box;
    for (const w of words) {
      expect(lineBox.y0).toBeLessThanOrEqual(w.box.y0 + 1e-9);
      expect(lineBox.y1).toBeGreaterThanOrEqual(w.box.y1 - 1e-9);
    }
  });
});
