import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requireCorpus } from "../support/corpus.js";
import { readImageSize } from "../../src/extraction/image-header.js";
import { createOcrPool, type OcrPool } from "../../src/extraction/ocr.adapter.js";
import { png } from "../support/png.js";

const CORPUS = requireCorpus();
const receipt = (n: string) => new Uint8Array(readFileSync(path.join(CORPUS, "receipts", `${n}.jpg`)));
const receiptsManifest = JSON.parse(readFileSync(path.join(CORPUS, "receipts", "manifest.json"), "utf8")) as {
  file: string;
  company: string;
}[];


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
});
