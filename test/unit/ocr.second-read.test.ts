import { describe, expect, it } from "vitest";
import { betterRead } from "../../src/extraction/ocr.adapter.js";
import { buildPage } from "../../src/extraction/page/page.builder.js";

/** A page of one line of words, each read with `confidence`. */
function read(words: string[], confidence: number) {
  return buildPage(
    words.map((text, i) => ({ text, x0: 10 + 60 * i, x1: 60 + 60 * i, y0: 10, y1: 30, confidence })),
    { page: 1, width: 1000, height: 1000, source: "ocr" },
  );
}

describe("the second read of a nearly empty page", () => {
  it("is kept when it recovered more text read at least half sure", () => {
    const first = read(["31705509"], 0.9);
    const second = read(["31705509", "SPEED", "MART", "TOTAL", "11.50"], 0.8);
    expect(betterRead(first, second)).toBe(second);
  });

  it("is dropped when its extra text is noise read unsure, or on a tie", () => {
    const first = read(["31705509", "TOTAL"], 0.9);
    expect(betterRead(first, read(["3l7O55O9", "~~", "'.,", "ae", "é"], 0.3))).toBe(first);
    expect(betterRead(first, read(["31705509", "TOTAL"], 0.9))).toBe(first);
  });
});
