import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ExtractionError } from "../../src/extraction/extraction.errors.js";
import { createOcrPool, type OcrPool } from "../../src/extraction/ocr.adapter.js";
import { RECEIPT, receiptJpeg } from "../support/fixtures.js";
import { png } from "../support/png.js";

// Generated images only; the SROIE receipts are read by test/corpus/ocr.adapter.corpus.test.ts.

/** Generated receipt scans by variant (each a different JPEG), built once. */
const receipts = new Map<number, Promise<Uint8Array>>();
const receipt = (variant: number) => {
  if (!receipts.has(variant)) receipts.set(variant, receiptJpeg(variant).then((b) => new Uint8Array(b)));
  return receipts.get(variant)!;
};

function codeOf(err: unknown): string {
  expect(err).toBeInstanceOf(ExtractionError);
  return (err as ExtractionError).code;
}

describe("OCR pool", () => {
  let pool: OcrPool;

  beforeAll(() => {
    pool = createOcrPool({ size: 2 });
  });

  afterAll(async () => {
    await pool?.close();
  });

  it("recognises a scanned receipt", async () => {
    const res = await pool.recognize(await receipt(0));
    expect(res.text).toContain(RECEIPT.marker);
    // The page text is rendered from the page model: a wide gap between words is a tab.
    expect(res.text).toMatch(/TOTAL \(RM\)[ \t]+9\.00/);
    // Every word has its box on the page and its reading confidence, and spans the page text exactly.
    const words = res.page.blocks.flatMap((b) => b.lines.flatMap((l) => l.words));
    const total = words.find((w) => w.text === "9.00")!;
    expect(total).toBeDefined();
    expect(total.box.y0).toBeGreaterThan(0.5);
    expect(total.box.x1).toBeLessThanOrEqual(1);
    for (const w of words) expect(res.text.slice(w.start, w.end)).toBe(w.text);
    expect(res.confidence).toBeGreaterThan(0);
    expect(res.confidence).toBeLessThanOrEqual(1);
    // Both workers in parallel.
    const results = await Promise.all([1, 2, 3, 4].map(async (v) => pool.recognize(await receipt(v))));
    expect(results.every((r) => r.text.includes(RECEIPT.marker))).toBe(true);
  });

  it("keeps the engine's diagnostics out of the process's output", async () => {
    // tesseract prints "Estimating resolution as …" for a page and a histogram dump for an empty band; in a
    // worker process those would be unstructured lines in the service's log. A child process reads a page and
    // an empty band, and everything it prints is inspected.
    const child = await promisify(execFile)(process.execPath, ["--import", "tsx", "test/support/ocr-output.child.ts"], {
      cwd: path.resolve(import.meta.dirname, "../.."),
    });
    expect(child.stdout).toContain("read: TOTAL");
    expect(child.stdout + child.stderr).not.toMatch(/Estimating resolution|Total count|Min=/);
  });

  it("refuses a decompression bomb before decoding it", async () => {
    const err = await pool.recognize(png(100_000, 100_000, new Uint8Array([1, 2, 3]))).catch((e: unknown) => e);
    expect(codeOf(err)).toBe("IMAGE_TOO_LARGE");
  });

  it("reports CORRUPT_FILE for garbage bytes and for an image tesseract cannot decode", async () => {
    // Unknown header: refused before tesseract sees it.
    const garbage = await pool.recognize(Buffer.from("this is not an image at all, sorry")).catch((e: unknown) => e);
    expect(codeOf(garbage)).toBe("CORRUPT_FILE");
    // Valid PNG header, undecodable body: leptonica fails ("Error attempting to read image.").
    const broken = await pool.recognize(png(50, 50, new Uint8Array([0xde, 0xad, 0xbe, 0xef]))).catch((e: unknown) => e);
    expect(codeOf(broken)).toBe("CORRUPT_FILE");
    // The worker that failed to read it is still fine.
    expect((await pool.recognize(png(20, 20))).text.trim()).toBe("");
  });

  it("times out a recognition, replaces the worker and keeps serving", async () => {
    const err = await pool.recognize(await receipt(5), { timeoutMs: 20 }).catch((e: unknown) => e);
    expect(codeOf(err)).toBe("PROCESSING_TIMEOUT");
    // Both slots still work (one of them was terminated and respawned).
    const [a, b] = await Promise.all([pool.recognize(await receipt(0)), pool.recognize(await receipt(1))]);
    expect(a.text).toContain(RECEIPT.marker);
    expect(b.text).toContain(RECEIPT.marker);
  });

  it("cancels queued and running recognitions", async () => {
    const pre = new AbortController();
    pre.abort();
    expect(codeOf(await pool.recognize(await receipt(0), { signal: pre.signal }).catch((e: unknown) => e))).toBe("CANCELLED");

    const ac = new AbortController();
    const scan = await receipt(6);
    const jobs = [0, 1, 2].map(() => pool.recognize(scan, { signal: ac.signal }).catch((e: unknown) => e));
    setTimeout(() => ac.abort(), 200);
    const outcomes = await Promise.all(jobs);
    for (const o of outcomes) expect(codeOf(o)).toBe("CANCELLED");
    expect((await pool.recognize(await receipt(0))).text).toContain(RECEIPT.marker);
  });

  it("refuses an image its admission check refuses, before any worker sees it", async () => {
    const seen: number[] = [];
    const p = createOcrPool({
      size: 1,
      admit: (image) => {
        seen.push(image.length);
        throw new ExtractionError("IMAGE_TOO_LARGE", "refused by the test's check");
      },
    });
    try {
      const err = await p.recognize(png(5, 5)).catch((e: unknown) => e);
      expect(codeOf(err)).toBe("IMAGE_TOO_LARGE");
      expect((err as Error).message).toBe("refused by the test's check");
      expect(codeOf(await p.recognizeRegion(png(5, 5), { x0: 0, y0: 0, x1: 1, y1: 1 }).catch((e: unknown) => e))).toBe("IMAGE_TOO_LARGE");
      expect(seen).toHaveLength(2);
    } finally {
      await p.close();
    }
  });

  it("refuses work after close()", async () => {
    const p = createOcrPool({ size: 1 });
    await p.close();
    await expect(p.recognize(png(5, 5))).rejects.toThrow(/closed/);
    expect(p.size).toBe(1);
  });
});
