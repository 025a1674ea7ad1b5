import { readFileSync } from "node:fs";
import path from "node:path";
import { deflateSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ExtractionError } from "../../src/extraction/extraction.errors.js";
import {
  assertImageWithinLimits,
  createOcrPool,
  readImageSize,
  type OcrPool,
} from "../../src/extraction/ocr.adapter.js";

const CORPUS = process.env.FOLIO_CORPUS ?? path.resolve(process.cwd(), "../shared/corpus");
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

  it("reads GIF, BMP, WebP, TIFF and PNM headers", () => {
    const gif = Buffer.concat([Buffer.from("GIF89a"), Buffer.from([0x40, 0x01, 0xf0, 0x00]), Buffer.alloc(8)]);
    expect(readImageSize(gif)).toEqual({ width: 320, height: 240 });

    const bmp = Buffer.alloc(54);
    bmp.write("BM", 0, "ascii");
    bmp.writeUInt32LE(40, 14);
    bmp.writeInt32LE(640, 18);
    bmp.writeInt32LE(-480, 22); // top-down
    expect(readImageSize(bmp)).toEqual({ width: 640, height: 480 });

    const webp = Buffer.alloc(32);
    webp.write("RIFF", 0, "ascii");
    webp.write("WEBP", 8, "ascii");
    webp.write("VP8X", 12, "ascii");
    webp.writeUIntLE(1999, 24, 3);
    webp.writeUIntLE(2999, 27, 3);
    expect(readImageSize(webp)).toEqual({ width: 2000, height: 3000 });

    const tiff = Buffer.alloc(8 + 2 + 2 * 12 + 4);
    tiff.write("II", 0, "ascii");
    tiff.writeUInt16LE(42, 2);
    tiff.writeUInt32LE(8, 4);
    tiff.writeUInt16LE(2, 8);
    tiff.writeUInt16LE(256, 10); // ImageWidth, LONG
    tiff.writeUInt16LE(4, 12);
    tiff.writeUInt32LE(1, 14);
    tiff.writeUInt32LE(70000, 18);
    tiff.writeUInt16LE(257, 22); // ImageLength, SHORT
    tiff.writeUInt16LE(3, 24);
    tiff.writeUInt32LE(1, 26);
    tiff.writeUInt16LE(5000, 30);
    expect(readImageSize(tiff)).toEqual({ width: 70000, height: 5000 });

    expect(readImageSize(Buffer.from("P5\n# comment\n1024 768\n255\n"))).toEqual({ width: 1024, height: 768 });
  });

  it("returns null for unknown or truncated input", () => {
    expect(readImageSize(new Uint8Array(0))).toBeNull();
    expect(readImageSize(Buffer.from("definitely not an image, just text"))).toBeNull();
    expect(readImageSize(receipt("000").subarray(0, 12))).toBeNull();
  });

  it("refuses a forged 100000x100000 header with IMAGE_TOO_LARGE, and an unknown format with CORRUPT_FILE", () => {
    const bomb = png(100_000, 100_000, new Uint8Array([1, 2, 3]));
    expect(readImageSize(bomb)).toEqual({ width: 100_000, height: 100_000 });
    expect(() => assertImageWithinLimits(bomb, 50_000_000)).toThrow(ExtractionError);
    try {
      assertImageWithinLimits(bomb, 50_000_000);
    } catch (err) {
      expect(codeOf(err)).toBe("IMAGE_TOO_LARGE");
    }
    expect(assertImageWithinLimits(png(3, 2), 6)).toEqual({ width: 3, height: 2 });
    try {
      assertImageWithinLimits(Buffer.from("garbage garbage garbage"), 50_000_000);
      throw new Error("expected a throw");
    } catch (err) {
      expect(codeOf(err)).toBe("CORRUPT_FILE");
    }
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
