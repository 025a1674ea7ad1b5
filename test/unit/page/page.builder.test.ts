import { describe, it, expect } from "vitest";
import { buildPage, pageFromText, pageWords } from "../../../src/extraction/page/page.builder.js";
import type { PageModel, RawWord } from "../../../src/extraction/page/page.model.js";

const frame = { page: 1, width: 600, height: 800, source: "text_layer" as const };

/** A word `text` starting at x on the line whose top is y, 10 units high, 6 units per character. */
function word(text: string, x: number, y: number, extra: Partial<RawWord> = {}): RawWord {
  return { text, x0: x, y0: y, x1: x + 6 * text.length, y1: y + 10, confidence: 1, ...extra };
}

/** Words of a line of text starting at x: single spaces between words. */
function line(text: string, x: number, y: number): RawWord[] {
  const out: RawWord[] = [];
  let cx = x;
  for (const t of text.split(" ")) {
    out.push(word(t, cx, y));
    cx += 6 * (t.length + 1);
  }
  return out;
}

function expectConsistentOffsets(page: PageModel) {
  for (const w of pageWords(page)) expect(page.text.slice(w.start, w.end)).toBe(w.text);
  for (const b of page.blocks) {
    for (const l of b.lines) {
      expect(page.text.slice(l.start, l.end)).toBe(
        l.words
          .map((w) => w.text)
          .join("|")
          .replace(/\|/g, (_, i: number) => page.text[l.start + i]!),
      );
      expect(l.start).toBe(l.words[0]!.start);
      expect(l.end).toBe(l.words[l.words.length - 1]!.end);
    }
  }
}

describe("buildPage", () => {
  it("reads by geometry, not by the order the producer reported (value before label comes out label first)", () => {
    // A PDF content stream that draws the value before its label, and the second line before the first.
    const raw = [word("2024-03-01", 110, 33), word("Datum:", 20, 33), word("993548900", 110, 20), word("Factuurnummer:", 20, 20)];
    const page = buildPage(raw, frame);
    expect(page.text).toBe("Factuurnummer: 993548900\nDatum:\t2024-03-01");
    expect(page.blocks).toHaveLength(1);
    expect(page.blocks[0]!.lines).toHaveLength(2);
    expectConsistentOffsets(page);
  });

  it("reads a two-column layout column by column", () => {
    const raw: RawWord[] = [];
    const left = ["the left column starts here", "and goes on for a while", "until the paragraph ends"];
    const right = ["while the right column has", "its own sentences that must", "not interleave with the left"];
    left.forEach((t, i) => raw.push(...line(t, 20, 100 + i * 14)));
    right.forEach((t, i) => raw.push(...line(t, 320, 100 + i * 14)));
    raw.unshift(...line("A Title Across The Page", 200, 60));
    const page = buildPage(raw.reverse(), frame);
    expect(page.text).toBe(["A Title Across The Page", "", ...left, "", ...right].join("\n"));
    expectConsistentOffsets(page);
  });

  it("keeps label/value rows of a receipt as rows (a gap with few words on one side is not a column)", () => {
    const raw: RawWord[] = [];
    const rows: [string, string][] = [["SUBTOTAL", "10.00"], ["TAX 6%", "0.60"], ["TOTAL", "10.60"], ["CASH", "20.00"]];
    rows.forEach(([label, value], i) => {
      raw.push(...line(label, 20, 100 + i * 14));
      raw.push(word(value, 400 - 6 * value.length, 100 + i * 14));
    });
    const page = buildPage(raw, frame);
    expect(page.text).toBe("SUBTOTAL\t10.00\nTAX 6%\t0.60\nTOTAL\t10.60\nCASH\t20.00");
    expectConsistentOffsets(page);
  });

  it("keeps a slightly skewed line together and apart from the next one", () => {
    // Each word 3 units lower than the previous (≈ 2° skew over the line); lines 14 apart.
    const words = ["this", "line", "runs", "downhill", "a", "bit", "to", "the", "right"];
    const raw: RawWord[] = [];
    for (const [row, y] of [[0, 100], [1, 114]] as const) {
      let x = 20;
      words.forEach((t, i) => {
        raw.push(word(`${t}${row}`, x, y + 3 * i));
        x += 6 * (t.length + 2);
      });
    }
    const page = buildPage(raw, frame);
    const lines = page.blocks.flatMap((b) => b.lines);
    expect(lines).toHaveLength(2);
    expect(lines[0]!.words.map((w) => w.text)).toEqual(words.map((t) => `${t}0`));
    expect(lines[1]!.words.map((w) => w.text)).toEqual(words.map((t) => `${t}1`));
    expectConsistentOffsets(page);
  });

  it("strips NUL, controls and non-characters, drops words left empty, and keeps offsets exact", () => {
    const raw = [
      word("Invoice\u0000", 20, 20),
      word("\u0000\u0001", 80, 20),
      word("N\uFFFEo\uFEFF.", 100, 20),
      word("\uD800", 140, 20),
      word("12\u00003", 160, 20),
      word("\u{10FFFF}", 200, 20),
    ];
    const page = buildPage(raw, frame);
    expect(page.text).toBe("Invoice\tNo.\t123");
    expect(pageWords(page).map((w) => w.text)).toEqual(["Invoice", "No.", "123"]);
    expect(JSON.stringify(page)).not.toMatch(/\\u0000|\\ud800|\\ufffe/i);
    expectConsistentOffsets(page);
  });

  it("splits a producer's word at inner whitespace with proportional boxes", () => {
    const page = buildPage([{ text: "Total due", x0: 0, y0: 0, x1: 90, y1: 10, confidence: 0.8 }], { ...frame, width: 100, height: 100 });
    const words = pageWords(page);
    expect(words.map((w) => w.text)).toEqual(["Total", "due"]);
    expect(words[0]!.box.x1).toBeCloseTo(0.5);
    expect(words[1]!.box.x0).toBeCloseTo(0.6);
    expect(page.confidence).toBeCloseTo(0.8);
    expectConsistentOffsets(page);
  });

  it("normalises boxes to 0–1 of the page and unions lines and blocks", () => {
    const page = buildPage([word("Hello", 60, 80), word("world", 100, 80)], frame);
    const l = page.blocks[0]!.lines[0]!;
    expect(l.box.x0).toBe(0.1);
    expect(l.box.y0).toBe(0.1);
    expect(l.box.x1).toBeCloseTo(130 / 600, 5);
    expect(l.box.y1).toBeCloseTo(90 / 800, 5);
    expect(page.blocks[0]!.box).toEqual(l.box);
  });

  it("separates blocks at a wide vertical gap with a blank line", () => {
    const page = buildPage([...line("first block", 20, 20), ...line("second block", 20, 80)], frame);
    expect(page.text).toBe("first block\n\nsecond block");
    expect(page.blocks).toHaveLength(2);
    expectConsistentOffsets(page);
  });

  it("keeps the offsets invariant on a random page", () => {
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const raw: RawWord[] = [];
    for (let i = 0; i < 300; i++) {
      const len = 1 + Math.floor(rnd() * 8);
      const text = Array.from({ length: len }, () => String.fromCharCode(rnd() < 0.1 ? 0 : 33 + Math.floor(rnd() * 90))).join("");
      raw.push(word(text, rnd() * 550, rnd() * 780, { confidence: rnd() }));
    }
    const page = buildPage(raw, frame);
    expect(pageWords(page).length).toBeGreaterThan(250);
    expect(page.text).not.toContain("\u0000");
    expectConsistentOffsets(page);
  });

  it("reads text turned by 90° as lines of its own after the rows, never as part of a row it crosses", () => {
    // A footer printed up the left margin ("Sample invoice 2013", read bottom to top) beside the item rows.
    const turned: RawWord[] = [
      { text: "Sample", x0: 10, x1: 18, y0: 250, y1: 286, confidence: 1, turned: "up" },
      { text: "invoice", x0: 10, x1: 18, y0: 204, y1: 246, confidence: 1, turned: "up" },
      { text: "2013", x0: 10, x1: 18, y0: 172, y1: 196, confidence: 1, turned: "up" },
    ];
    const page = buildPage([...line("Invoice No: 42", 60, 200), ...line("Total 9.00", 60, 260), ...turned], frame);
    const lines = page.blocks.flatMap((b) => b.lines.map((l) => page.text.slice(l.start, l.end)));
    expect(lines).toEqual(["Invoice No: 42", "Total 9.00", "Sample invoice 2013"]);
    expectConsistentOffsets(page);
  });

  it("reads text running down the page top to bottom, and splits a turned word at its spaces along its length", () => {
    const page = buildPage([{ text: "Printed by", x0: 580, x1: 588, y0: 100, y1: 160, confidence: 1, turned: "down" }, ...line("Rechnung", 60, 120)], frame);
    const lines = page.blocks.flatMap((b) => b.lines.map((l) => page.text.slice(l.start, l.end)));
    expect(lines).toEqual(["Rechnung", "Printed by"]);
    const [printed, by] = page.blocks[1]!.lines[0]!.words;
    expect(printed!.box.y1).toBeLessThanOrEqual(by!.box.y0);
  });

  it("gives an empty page for no words", () => {
    const page = buildPage([word("\u0000", 0, 0)], frame);
    expect(page).toMatchObject({ text: "", blocks: [], confidence: 0 });
  });
});

describe("pageFromText", () => {
  it("keeps lines and paragraphs, wide spacing as a tab, and exact offsets", () => {
    const page = pageFromText("Invoice  No. 12\nDate 2024-01-01\n\n\nTotal\t9.99\u0000", 2);
    expect(page.text).toBe("Invoice\tNo. 12\nDate 2024-01-01\n\nTotal\t9.99");
    expect(page.page).toBe(2);
    expect(page.blocks).toHaveLength(2);
    expectConsistentOffsets(page);
  });
});
