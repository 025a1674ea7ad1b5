import { describe, expect, it } from "vitest";
import { pdfTextItemsToWords } from "../../../src/extraction/pdf.words.js";

/** viewport.transform of an upright 600×800 pt page at scale 1: flips y. */
const VIEWPORT = [1, 0, 0, -1, 0, 800];
const item = (str: string, x: number, width: number, size = 12) => ({ str, transform: [size, 0, 0, size, x, 650], width });

describe("an accent TeX sets apart from its letter is put on the letter", () => {
  it("reads 'Holeˇ' + 'cek', the c drawn back under the caron, as 'Holeček'", () => {
    // As pdf.js reports a LaTeX-made invoice: the accent's advance ends at 337.65, the letter starts at 332.12.
    const words = pdfTextItemsToWords([item("Jaroslav Holeˇ", 263.29, 74.36), item("cek", 332.12, 16.58)], VIEWPORT);
    expect(words.map((w) => w.text)).toEqual(["Jaroslav", "Holeček"]);
    expect(words[1]!.x1).toBeCloseTo(348.7, 0);
  });

  it("chains accents over several items and puts an accent on a dotless i as on an i ('Pˇ' 'r´' 'ıjemce')", () => {
    const words = pdfTextItemsToWords([item("Pˇ", 109.25, 18.36, 14.35), item("r´", 120.28, 12.87, 14.35), item("ıjemce", 126.87, 44.76, 14.35)], VIEWPORT);
    expect(words.map((w) => w.text)).toEqual(["Příjemce"]);
  });

  it("leaves an accent alone when the next word does not start back under it", () => {
    // "Peter´" then a word after a gap, and a word on the next row: no letter is drawn under the accent.
    const words = pdfTextItemsToWords([item("Peter´", 100, 36), { str: "cek", transform: [12, 0, 0, 12, 130, 630], width: 18 }, item("Smith", 150, 30)], VIEWPORT);
    expect(words.map((w) => w.text)).toEqual(["Peter´", "cek", "Smith"]);
    const after = pdfTextItemsToWords([item("Peter´", 100, 36), item("Smith", 150, 30)], VIEWPORT);
    expect(after.map((w) => w.text)).toEqual(["Peter´", "Smith"]);
  });
});
