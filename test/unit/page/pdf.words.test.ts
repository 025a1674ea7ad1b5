import { describe, it, expect } from "vitest";
import { buildPage, pageWords } from "../../../src/extraction/page/page.builder.js";
import { pdfTextItemsToWords } from "../../../src/extraction/pdf.words.js";

/** viewport.transform of an upright 600×800 pt page at scale 1: flips y. */
const VIEWPORT = [1, 0, 0, -1, 0, 800];

describe("pdfTextItemsToWords", () => {
  it("turns PDF (bottom-up) positions into top-left boxes, words split by character share", () => {
    // 10 pt font, baseline 700 pt from the bottom = 100 from the top; 9 characters over 54 pt.
    const words = pdfTextItemsToWords([{ str: "Total due", transform: [10, 0, 0, 10, 50, 700], width: 54 }], VIEWPORT);
    expect(words.map((w) => w.text)).toEqual(["Total", "due"]);
    expect(words[0]!.x0).toBeCloseTo(50);
    expect(words[0]!.x1).toBeCloseTo(80);
    expect(words[1]!.x0).toBeCloseTo(86);
    expect(words[1]!.x1).toBeCloseTo(104);
    expect(words[0]!.y0).toBeCloseTo(92); // ascent above the baseline
    expect(words[0]!.y1).toBeCloseTo(102); // descent below it
  });

  it("gives content-stream order no say: the value drawn before its label is read after it", () => {
    const items = [
      { str: "993548900", transform: [10, 0, 0, 10, 150, 700], width: 54 },
      { str: "Factuurnummer:", transform: [10, 0, 0, 10, 50, 700], width: 84 },
      { str: "Totaal", transform: [10, 0, 0, 10, 50, 686], width: 36 },
    ];
    const page = buildPage(pdfTextItemsToWords(items, VIEWPORT), { page: 1, width: 600, height: 800, source: "text_layer" });
    expect(page.text).toBe("Factuurnummer:\t993548900\nTotaal");
    for (const w of pageWords(page)) expect(page.text.slice(w.start, w.end)).toBe(w.text);
  });

  it("boxes text rotated by 90° around its rotated rectangle", () => {
    // Text running upwards: baseline direction (0, 1) in PDF space.
    const [w] = pdfTextItemsToWords([{ str: "UP", transform: [0, 10, -10, 0, 100, 100], width: 12 }], VIEWPORT);
    expect(w!.x1 - w!.x0).toBeCloseTo(10);
    expect(w!.y1 - w!.y0).toBeCloseTo(12);
  });

  it("skips whitespace-only items", () => {
    expect(pdfTextItemsToWords([{ str: "  ", transform: [10, 0, 0, 10, 0, 0], width: 5 }], VIEWPORT)).toEqual([]);
  });
});
