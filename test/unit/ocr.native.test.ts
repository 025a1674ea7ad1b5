import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ExtractionError } from "../../src/extraction/extraction.errors.js";
import { createOcrPool, PAGE_PSM, UNSURE_PAGE_PSM, type OcrPool } from "../../src/extraction/ocr.adapter.js";
import { nativeModelDir, parseTesseractTsv, recognizeNative } from "../../src/extraction/ocr.native.js";
import { RECEIPT, receiptJpeg } from "../support/fixtures.js";
import { hasTesseract } from "../support/native-tesseract.js";

function codeOf(err: unknown): string {
  expect(err).toBeInstanceOf(ExtractionError);
  return (err as ExtractionError).code;
}

describe("tesseract TSV", () => {
  it("becomes the block → paragraph → line → word tree, structure rows and empty words left out", () => {
    const tsv = [
      "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext",
      "1\t1\t0\t0\t0\t0\t0\t0\t1000\t1721\t-1\t",
      "2\t1\t1\t0\t0\t0\t291\t119\t444\t76\t-1\t",
      "4\t1\t1\t1\t1\t0\t291\t119\t444\t76\t-1\t",
      "5\t1\t1\t1\t1\t1\t291\t128\t112\t50\t93.27\tTOTAL",
      "5\t1\t1\t1\t1\t2\t430\t119\t163\t76\t91.9\t9.00",
      "5\t1\t1\t1\t2\t1\t10\t200\t50\t20\t95\t ",
      "5\t1\t2\t1\t1\t1\t10\t300\t60\t20\t88.5\tCASH",
      "",
    ].join("\n");
    const page = parseTesseractTsv(tsv);
    expect(page.blocks).toHaveLength(2);
    expect(page.blocks[0]!.paragraphs[0]!.lines).toHaveLength(1);
    expect(page.blocks[0]!.paragraphs[0]!.lines[0]!.words).toEqual([
      { text: "TOTAL", confidence: 93.27, bbox: { x0: 291, y0: 128, x1: 403, y1: 178 } },
      { text: "9.00", confidence: 91.9, bbox: { x0: 430, y0: 119, x1: 593, y1: 195 } },
    ]);
    expect(page.blocks[1]!.paragraphs[0]!.lines[0]!.words[0]!.text).toBe("CASH");
  });
});

describe("native OCR engine", () => {
  it("never hands tesseract anything but a PGM: it would read other bytes as a list of file names", async () => {
    // A text "image" naming a file on the server: must be refused before any process starts.
    const err = await recognizeNative(Buffer.from("/etc/hostname\n"), { psm: 4, tessdataDir: "/nonexistent", bin: "/nonexistent/tesseract" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RangeError);
  });

  it("a pool cannot be asked for the native engine without preparation", () => {
    expect(() => createOcrPool({ engine: "native", prepare: false })).toThrow(RangeError);
  });

  describe.skipIf(!hasTesseract)("with the system's tesseract", () => {
    let pool: OcrPool;

    beforeAll(() => {
      pool = createOcrPool({ size: 2, engine: "native" });
    });

    afterAll(async () => {
      await pool?.close();
    });

    it("reads a scanned receipt into the same page model as the WASM engine, on Folio's own model", async () => {
      const res = await pool.recognize(new Uint8Array(await receiptJpeg(0)));
      expect(res.text).toContain(RECEIPT.marker);
      const words = res.page.blocks.flatMap((b) => b.lines.flatMap((l) => l.words));
      const total = words.find((w) => w.text === "9.00");
      expect(total).toBeDefined();
      expect(total!.box.y0).toBeGreaterThan(0.5);
      for (const w of words) expect(res.text.slice(w.start, w.end)).toBe(w.text);
      expect(res.confidence).toBeGreaterThan(0);
      expect(res.confidence).toBeLessThanOrEqual(1);
      const { readdir } = await import("node:fs/promises");
      expect(await readdir(await nativeModelDir())).toContain("eng.traineddata");
    });

    it("reads an unsure page again with automatic layout, like the WASM engine", async () => {
      const own = createOcrPool({ size: 1, engine: "native", unsurePageConfidence: 1 });
      try {
        const res = await own.recognize(new Uint8Array(await receiptJpeg(0)));
        expect(res.layout.tried).toEqual([PAGE_PSM, UNSURE_PAGE_PSM].map(Number));
        expect(res.text).toContain(RECEIPT.marker);
      } finally {
        await own.close();
      }
    });

    it("re-reads a region as one line with a whitelist, boxes on the whole image", async () => {
      const image = new Uint8Array(await receiptJpeg(0));
      const page = (await pool.recognize(image)).page;
      const line = page.blocks.flatMap((b) => b.lines).find((l) => l.words.some((w) => w.text === "9.00"))!;
      const box = line.words.find((w) => w.text === "9.00")!.box;
      const res = await pool.recognizeRegion(image, box, { whitelist: "0123456789.,-" });
      expect(res.text).toBe("9.00");
      expect(res.words[0]!.box.y0).toBeGreaterThan(box.y0 - 0.05);
      expect(res.words[0]!.box.y1).toBeLessThan(box.y1 + 0.05);
    });

    it("reports CORRUPT_FILE for bytes that are no image, PROCESSING_TIMEOUT when the budget runs out, CANCELLED on abort", async () => {
      expect(codeOf(await pool.recognize(Buffer.from("this is not an image at all, sorry")).catch((e: unknown) => e))).toBe("CORRUPT_FILE");
      const image = new Uint8Array(await receiptJpeg(1));
      expect(codeOf(await pool.recognize(image, { timeoutMs: 1 }).catch((e: unknown) => e))).toBe("PROCESSING_TIMEOUT");
      const ctl = new AbortController();
      const running = pool.recognize(image, { signal: ctl.signal });
      setTimeout(() => ctl.abort(), 20);
      expect(codeOf(await running.catch((e: unknown) => e))).toBe("CANCELLED");
      // The pool keeps serving.
      expect((await pool.recognize(image)).text).toContain(RECEIPT.marker);
    });

    it("close() stops running recognitions with CANCELLED", async () => {
      const own = createOcrPool({ size: 1, engine: "native" });
      const running = own.recognize(new Uint8Array(await receiptJpeg(2)));
      await new Promise((r) => setTimeout(r, 50));
      await own.close();
      expect(codeOf(await running.catch((e: unknown) => e))).toBe("CANCELLED");
    });
  });
});
