import { describe, expect, it } from "vitest";
import { boxToOriginal, type PreparedGeometry } from "../../src/extraction/ocr-image.preparer.js";
import { ocrWords } from "../../src/extraction/ocr.words.js";

const tree = (bbox: { x0: number; y0: number; x1: number; y1: number }) => ({ blocks: [{ paragraphs: [{ lines: [{ words: [{ text: "TOTAL", confidence: 90, bbox }] }] }] }] });

describe("ocrWords", () => {
  it("maps boxes read on a deskewed page back through the rotation and the scale", () => {
    // A 1000×2000 scaled page rotated 3° (canvas enlarged to fit), 2 prepared px per original px.
    const t = (3 * Math.PI) / 180;
    const width = Math.ceil(1000 * Math.cos(t) + 2000 * Math.sin(t));
    const height = Math.ceil(2000 * Math.cos(t) + 1000 * Math.sin(t));
    const geometry: PreparedGeometry = { scale: 2, rotation: 3, scaledWidth: 1000, scaledHeight: 2000, width, height };
    const bbox = { x0: 400, y0: 900, x1: 600, y1: 940 };
    const [word] = ocrWords(tree(bbox), geometry);
    const expected = boxToOriginal(geometry, bbox);
    expect(word).toMatchObject({ text: "TOTAL", x0: expected.x0, y0: expected.y0, x1: expected.x1, y1: expected.y1 });
    // The centre of the prepared page is the centre of the original page.
    const [centre] = ocrWords(tree({ x0: width / 2, y0: height / 2, x1: width / 2, y1: height / 2 }), geometry);
    expect(centre!.x0).toBeCloseTo(250, 6);
    expect(centre!.y0).toBeCloseTo(500, 6);
    // A word box on the rotated page covers a tilted rectangle of the original: its upright box is taller.
    expect(word!.y1 - word!.y0).toBeGreaterThan((bbox.y1 - bbox.y0) / 2);
  });

  it("still divides by a plain scale", () => {
    expect(ocrWords(tree({ x0: 10, y0: 20, x1: 30, y1: 40 }), 2)[0]).toMatchObject({ x0: 5, y0: 10, x1: 15, y1: 20 });
  });
});
