import { readFileSync } from "node:fs";
import path from "node:path";
import { deflateSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requireCorpus } from "../support/corpus.js";
import { ExtractionError } from "../../src/extraction/extraction.errors.js";
import { readImageSize } from "../../src/extraction/image-header.js";
import { createOcrPool, type OcrPool } from "../../src/extraction/ocr.adapter.js";

const CORPUS = requireCorpus();
const receipt = (n: string) => new Uint8Array(readFileSync(path.join(CORPUS, "receipts", `${n}.jpg`)));
const receiptsManifest = JSON.parse(readFileSync(path.join(CORPUS, "receipts", "manifest.json"), "utf8")) as {
  file: string;
  company: string;
}[];

// --- tiny image fixtures built by hand -------------------------------------

function crc32(buf: Uint8Array): number {
  let c = ~0;
  for (const b of buf) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return ~c >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** A valid greyscale PNG; `idat` can be replaced to make the body undecodable. */
function png(width: number, height: number, idat?: Uint8Array): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // greyscale
  // Each row: filter type 0, then white pixels.
  const row = Buffer.concat([Buffer.from([0]), Buffer.alloc(width, 0xff)]);
  const raw = idat ?? deflateSync(Buffer.concat(Array.from({ length: height }, () => row)));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    chunk("IDAT", raw),
    chunk("IEND", new Uint8Array(0)),
  ]);
}

function codeOf(err: unknown): string {
  expect(err).toBeInstanceOf(ExtractionError);
  return (err as ExtractionError).code;
}

describe("readImageSize / assertImageWithinLimits", () => {
  it("reads PNG and JPEG dimensions from the header", () => {
    expect(readImageSize(png(3, 2))).toEqual({ width: 3, height: 2 });
    // `file` reports 463x1013 for this scan.
    expect(readImageSize(receipt("000"))).toEqual({ width: 463, height: 1013 });
    expect(readImageSize(new Uint8Array(readFileSync(path.join(CORPUS, "invoices/AmazonWebServices.png"))))).toEqual({
      width: 2975,
      height: 3850,
    });
  });
});

describe("OCR pool", () => {
  let pool: OcrPool;

  beforeAll(() => {
    pool = createOcrPool({ size: 2 });
  });

  afterAll(async () => {
    await pool?.close();
  });

  it("gives every word a box and a confidence, with spans into the page text", async () => {
    const res = await pool.recognize(receipt("000"), { pageNumber: 3 });
    expect(res.page).toMatchObject({ page: 3, source: "ocr", width: 463, height: 1013 });
    expect(res.text).toBe(res.page.text);
    const words = res.page.blocks.flatMap((b) => b.lines.flatMap((l) => l.words));
    expect(words.length).toBeGreaterThan(40);
    for (const w of words) {
      expect(res.text.slice(w.start, w.end)).toBe(w.text);
      expect(w.box.x1).toBeGreaterThan(w.box.x0);
      expect(w.box.y1).toBeGreaterThan(w.box.y0);
      expect(w.confidence).toBeGreaterThanOrEqual(0);
      expect(w.confidence).toBeLessThanOrEqual(1);
    }
    // The ground truth puts "CASH BILL" at x 191–298, y 460–476 of 463×1013 px: the OCR box of "BILL" must lie on it.
    const bill = words.find((w) => w.text === "BILL");
    expect(bill).toBeDefined();
    expect(bill!.box.y0 * 1013).toBeLessThan(476);
    expect(bill!.box.y1 * 1013).toBeGreaterThan(460);
    expect(bill!.box.x0 * 463).toBeGreaterThan(191);
    expect(bill!.box.x1 * 463).toBeLessThan(300);
  });

  it("re-reads a region of a real receipt as one line, restricted to a whitelist", async () => {
    // 000.box.csv: "Rounded Total (RM): … 9.00" — the amount's box is 401,703 – 443,719 on a 463×1013 image.
    const W = 463;
    const H = 1013;
    const total = await pool.recognizeRegion(receipt("000"), { x0: 401 / W, y0: 703 / H, x1: 443 / W, y1: 719 / H }, { whitelist: "0123456789.,-" });
    expect(total.text).toBe("9.00");
    expect(total.confidence).toBeGreaterThan(0.5);
    // Boxes come back in page coordinates, inside (or around) the region asked for.
    expect(total.words[0]!.box.x0 * W).toBeGreaterThan(390);
    expect(total.words[0]!.box.y1 * H).toBeLessThan(730);
    const date = await pool.recognizeRegion(receipt("000"), { x0: 165 / W, y0: 372 / H, x1: 342 / W, y1: 389 / H }, { whitelist: "0123456789/:APM " });
    expect(date.text).toMatch(/^25\/12\/2018 8:13:39 ?PM$/);
    // A whole page afterwards is read with page settings again (no whitelist left on the worker).
    const page = await pool.recognize(receipt("000"));
    expect(page.text).toMatch(/CASH/);
    await expect(pool.recognizeRegion(receipt("000"), { x0: 0.5, y0: 0.2, x1: 0.4, y1: 0.3 })).rejects.toThrow(RangeError);
  });

  it("recognises a scanned receipt", async () => {
    const truth = receiptsManifest.find((r) => r.file === "000.jpg");
    expect(truth).toBeDefined();
    const started = Date.now();
    const res = await pool.recognize(receipt("000"));
    const firstMs = Date.now() - started;
    const words = (truth?.company ?? "").split(/[^A-Z]+/).filter((w) => w.length >= 4); // BOOK, TAMAN, DAYA
    expect(words.length).toBeGreaterThan(0);
    expect(words.some((w) => res.text.toUpperCase().includes(w))).toBe(true);
    expect(res.confidence).toBeGreaterThan(0);
    expect(res.confidence).toBeLessThanOrEqual(1);

    // Warm workers, both in parallel: time per receipt as the pipeline will see it.
    const files = ["001", "002", "003", "004"];
    const t0 = Date.now();
    const results = await Promise.all(files.map((f) => pool.recognize(receipt(f))));
    const batchMs = Date.now() - t0;
    expect(results.every((r) => r.text.length > 50)).toBe(true);
    console.log(
      `[ocr] first receipt (incl. worker start) ${firstMs} ms; ${files.length} receipts on ${pool.size} workers in ${batchMs} ms ` +
        `= ${(batchMs / files.length).toFixed(0)} ms/receipt throughput`,
    );
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
    const err = await pool.recognize(receipt("005"), { timeoutMs: 20 }).catch((e: unknown) => e);
    expect(codeOf(err)).toBe("PROCESSING_TIMEOUT");
    // Both slots still work (one of them was terminated and respawned).
    const [a, b] = await Promise.all([pool.recognize(receipt("000")), pool.recognize(receipt("001"))]);
    expect(a.text.length).toBeGreaterThan(50);
    expect(b.text.length).toBeGreaterThan(50);
  });

  it("cancels queued and running recognitions", async () => {
    const pre = new AbortController();
    pre.abort();
    expect(codeOf(await pool.recognize(receipt("000"), { signal: pre.signal }).catch((e: unknown) => e))).toBe("CANCELLED");

    const ac = new AbortController();
    const jobs = [0, 1, 2].map(() => pool.recognize(receipt("006"), { signal: ac.signal }).catch((e: unknown) => e));
    setTimeout(() => ac.abort(), 200);
    const outcomes = await Promise.all(jobs);
    for (const o of outcomes) expect(codeOf(o)).toBe("CANCELLED");
    expect((await pool.recognize(receipt("000"))).text.length).toBeGreaterThan(50);
  });

  it("refuses work after close()", async () => {
    const p = createOcrPool({ size: 1 });
    await p.close();
    await expect(p.recognize(png(5, 5))).rejects.toThrow(/closed/);
    expect(p.size).toBe(1);
  });
});
