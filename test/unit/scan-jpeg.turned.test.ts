import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/env.js";
import { createOcrPool, type OcrPageResult, type OcrPool } from "../../src/extraction/ocr.adapter.js";
import type { PageModel } from "../../src/extraction/page/page.model.js";
import { closePdfChildren, renderPdfPages } from "../../src/extraction/pdf.adapter.js";
import { buildSearchablePdf } from "../../src/extraction/searchable-pdf/searchable-pdf.builder.js";
import { OCR_RENDER_MAX_DPI, OCR_RENDER_SCALE, renderForOcr } from "../../src/pipeline/page.ocr.js";
import { RECEIPT, receiptJpeg, turnedScanPdf } from "../support/fixtures.js";
import { positionedItems } from "../support/pdf-text.js";

// A scanned page shown turned (office scanners write a page scanned sideways with /Rotate; others draw the image
// turned) reaches OCR as its own JPEG with the turn as EXIF orientation. Everything read from it must be what the
// rendered page gives: the text upright, the words' boxes on the page as shown, the searchable PDF's text on them.

const limits = loadConfig({}).limits;
const signal = new AbortController().signal;
const PDF_LIMITS = { timeoutMs: 15_000, maxPages: 10, maxMemoryMb: 512, maxTextChars: 10_000_000, maxPixels: limits.maxImagePixels };

const wordsOf = (page: PageModel) => page.blocks.flatMap((b) => b.lines.flatMap((l) => l.words));

/** The words read once on each page, by text, with their boxes. */
function uniqueWords(page: PageModel): Map<string, PageModel["blocks"][number]["lines"][number]["words"][number]> {
  const seen = new Map<string, number>();
  for (const w of wordsOf(page)) seen.set(w.text, (seen.get(w.text) ?? 0) + 1);
  return new Map(wordsOf(page).filter((w) => seen.get(w.text) === 1 && w.text.length >= 3).map((w) => [w.text, w]));
}

describe("a scanned page shown turned, handed to OCR as its JPEG with the turn", () => {
  let pool: OcrPool;
  /** Per case: OCR of the page as handed over (the JPEG) and of pdf.js' render of it, and the PDF. */
  const reads = new Map<string, Promise<{ pdf: Uint8Array; jpeg: OcrPageResult; rendered: OcrPageResult; renderedSize: { width: number; height: number } }>>();
  const read = (turn: 90 | 180 | 270, how: "rotate" | "matrix") => {
    const key = `${how} ${turn}`;
    if (!reads.has(key)) {
      reads.set(
        key,
        (async () => {
          const { pdf } = await turnedScanPdf(await receiptJpeg(0), turn, how);
          const [handed] = await renderForOcr(pdf, [1], { limits, signal });
          expect(handed!.format).toBe("jpeg");
          const [png] = await renderPdfPages(pdf, { pages: [1], scale: OCR_RENDER_SCALE, maxScanScale: OCR_RENDER_MAX_DPI / 72, limits: PDF_LIMITS });
          expect(png!.format).toBe("png");
          const [jpeg, rendered] = [await pool.recognize(handed!.image), await pool.recognize(png!.image)];
          const meta = await sharp(png!.image).metadata();
          return { pdf, jpeg, rendered, renderedSize: { width: meta.width!, height: meta.height! } };
        })(),
      );
    }
    return reads.get(key)!;
  };

  beforeAll(() => {
    pool = createOcrPool({ size: 1 });
  });

  afterAll(async () => {
    await pool?.close();
    await closePdfChildren();
  });

  const cases = [
    [90, "rotate"],
    [180, "rotate"],
    [270, "rotate"],
    [90, "matrix"],
  ] as const;

  it.each(cases)("reads the text upright (turned %i° by %s)", async (turn, how) => {
    const { jpeg } = await read(turn, how);
    expect(jpeg.text).toContain(RECEIPT.marker);
    expect(jpeg.text).toMatch(/TOTAL \(RM\)[ \t]+9\.00/);
    expect(jpeg.text).toContain("THANK YOU");
  });

  it.each(cases)("puts each word where the rendered page has it (turned %i° by %s): page size and 0–1 boxes", async (turn, how) => {
    const { jpeg, rendered, renderedSize } = await read(turn, how);
    // The page model's size is the picture as shown (the render's), not the stored sideways JPEG's.
    expect({ width: jpeg.page.width, height: jpeg.page.height }).toEqual(renderedSize);
    const a = uniqueWords(jpeg.page);
    const b = uniqueWords(rendered.page);
    const shared = [...a.keys()].filter((t) => b.has(t));
    expect(shared.length).toBeGreaterThanOrEqual(15);
    for (const text of shared) {
      const [x, y] = [a.get(text)!.box, b.get(text)!.box];
      for (const k of ["x0", "y0", "x1", "y1"] as const) expect(Math.abs(x[k] - y[k]), `${text}.${k}`).toBeLessThan(0.01);
    }
  });

  it.each(cases)("writes the searchable PDF's text over the words as the page shows them (turned %i° by %s)", async (turn, how) => {
    const { pdf, jpeg, rendered } = await read(turn, how);
    const built = await buildSearchablePdf({ original: pdf, kind: "pdf", pages: [jpeg.page], ocrPages: [1] });
    const items = await positionedItems(built.bytes);
    const onRender = uniqueWords(rendered.page);
    let checked = 0;
    for (const [text, word] of uniqueWords(jpeg.page)) {
      const item = items.find((i) => i.str === text);
      const seen = onRender.get(text);
      if (!item || !seen) continue;
      // The text starts at the word's left edge as the rendered page shows the word, its baseline within the word's box.
      expect(Math.abs(item.u - seen.box.x0), `${text}: u`).toBeLessThan(0.01);
      expect(item.v, `${text}: v`).toBeGreaterThan(seen.box.y0 - 0.005);
      expect(item.v, `${text}: v`).toBeLessThan(seen.box.y1 + 0.005);
      expect(Math.abs(item.width - (word.box.x1 - word.box.x0)), `${text}: width`).toBeLessThan(0.01);
      checked++;
    }
    expect(checked).toBeGreaterThanOrEqual(15);
  });
});
