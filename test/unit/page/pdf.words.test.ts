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

  it("marks words whose baseline runs vertically with their reading direction, upright words not at all", () => {
    const [up, down, upright] = pdfTextItemsToWords([
      { str: "UP", transform: [0, 10, -10, 0, 100, 100], width: 12 },
      { str: "DOWN", transform: [0, -10, 10, 0, 300, 700], width: 24 },
      { str: "FLAT", transform: [10, 0, 0, 10, 200, 400], width: 24 },
    ], VIEWPORT);
    expect(up!.turned).toBe("up");
    expect(down!.turned).toBe("down");
    expect(upright!.turned).toBeUndefined();
  });

  it("skips whitespace-only items", () => {
    expect(pdfTextItemsToWords([{ str: "  ", transform: [10, 0, 0, 10, 0, 0], width: 5 }], VIEWPORT)).toEqual([]);
  });

  it("joins items that touch on one baseline into one word: a number drawn in runs", () => {
    // "RE-20" ends at x = 50 + 30 = 80; "201121" starts 0.1 pt later, "/508" right after it.
    const items = [
      { str: "Invoice # RE-20", transform: [10, 0, 0, 10, 0, 700], width: 80 },
      { str: "201121", transform: [10, 0, 0, 10, 80.1, 700], width: 36 },
      { str: "/508 issued", transform: [10, 0, 0, 10, 116, 700], width: 60 },
    ];
    const words = pdfTextItemsToWords(items, VIEWPORT);
    expect(words.map((w) => w.text)).toEqual(["Invoice", "#", "RE-20201121/508", "issued"]);
    expect(words[2]!.x0).toBeCloseTo(0 + 10 * (80 / 15));
    expect(words[2]!.x1).toBeCloseTo(116 + (4 * 60) / 11);
  });

  it("keeps items apart that a space, a gap, another baseline or another size separates", () => {
    const run = (second: { str: string; transform: number[]; width: number }, firstStr = "RE-20"): string[] =>
      pdfTextItemsToWords([{ str: firstStr, transform: [10, 0, 0, 10, 0, 700], width: 30 }, second], VIEWPORT).map((w) => w.text);
    expect(run({ str: "201121", transform: [10, 0, 0, 10, 32, 700], width: 36 })).toEqual(["RE-20", "201121"]);
    expect(run({ str: " 201121", transform: [10, 0, 0, 10, 30, 700], width: 40 })).toEqual(["RE-20", "201121"]);
    expect(run({ str: "201121", transform: [10, 0, 0, 10, 30, 700], width: 36 }, "RE-20 ")).toEqual(["RE-20", "201121"]);
    expect(run({ str: "201121", transform: [10, 0, 0, 10, 30, 688], width: 36 })).toEqual(["RE-20", "201121"]);
    expect(run({ str: "2", transform: [6, 0, 0, 6, 30, 700], width: 4 })).toEqual(["RE-20", "2"]);
  });
});
