import { afterAll, describe, expect, it } from "vitest";
import { betterRead, createOcrPool, PAGE_PSM, secondReadFits, UNSURE_PAGE_CONFIDENCE, UNSURE_PAGE_PSM, wantsSecondLayout, type OcrPool } from "../../src/extraction/ocr.adapter.js";
import { RECEIPT, receiptJpeg } from "../support/fixtures.js";
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

describe("the second layout of an unsure page", () => {
  const text = ["SPEED", "MART", "SDN", "BHD", "TOTAL", "11.50", "CASH", "20.00", "CHANGE", "8.50"];

  it("is wanted when the first read's mean word confidence is below the bar and it found text", () => {
    expect(wantsSecondLayout(read(text, 0.45), UNSURE_PAGE_CONFIDENCE)).toBe(true);
    expect(wantsSecondLayout(read(text, 0.85), UNSURE_PAGE_CONFIDENCE)).toBe(false);
  });

  it("is read only when the first read left room in the page's budget for it (a page that was read never times out for it)", () => {
    expect(secondReadFits(10_000, 60_000)).toBe(true);
    expect(secondReadFits(24_000, 60_000)).toBe(true);
    expect(secondReadFits(30_000, 60_000)).toBe(false);
  });

  it("is not wanted for a nearly empty page (the faded-print read's case) or when turned off", () => {
    expect(wantsSecondLayout(read(["31705509"], 0.3), UNSURE_PAGE_CONFIDENCE)).toBe(false);
    expect(wantsSecondLayout(read(text, 0.3), 0)).toBe(false);
  });
});

describe("OCR pool: unsure pages", () => {
  let pool: OcrPool | undefined;
  afterAll(async () => {
    await pool?.close();
  });

  it("reads a page again with automatic layout when it is unsure, once when it is not, and keeps one of the reads", async () => {
    const image = new Uint8Array(await receiptJpeg(0));
    // A bar above every confidence makes the page unsure; a bar of 0 turns the second read off.
    pool = createOcrPool({ size: 1, unsurePageConfidence: 1 });
    const twice = await pool.recognize(image);
    expect(twice.layout.tried).toEqual([PAGE_PSM, UNSURE_PAGE_PSM].map(Number));
    expect(twice.layout.tried).toContain(twice.layout.kept);
    expect(twice.text).toContain(RECEIPT.marker);
    await pool.close();
    pool = createOcrPool({ size: 1, unsurePageConfidence: 0 });
    const once = await pool.recognize(image);
    expect(once.layout).toEqual({ tried: [Number(PAGE_PSM)], kept: Number(PAGE_PSM) });
    await pool.close();
    // A clean generated receipt is read sure enough with the default bar.
    pool = createOcrPool({ size: 1 });
    const clean = await pool.recognize(image);
    expect(clean.confidence).toBeGreaterThanOrEqual(UNSURE_PAGE_CONFIDENCE);
    expect(clean.layout.tried).toEqual([Number(PAGE_PSM)]);
  });
});
