/**
 * Targeted re-OCR on real receipts, with the real tesseract pool: a total the
 * page pass misread is read again from its crop and the extracted total becomes
 * right; readings that were fine stay as they were.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Money } from "../../src/extraction/extraction.types.js";
import { extractDocumentFields } from "../../src/extraction/fields/index.js";
import { createOcrPool, type OcrPool } from "../../src/extraction/ocr.adapter.js";
import { rereadKeyRegions } from "../../src/extraction/ocr.reread.js";
import { requireCorpus } from "../support/corpus.js";

const CORPUS = requireCorpus();
const receipt = (n: string) => new Uint8Array(readFileSync(path.join(CORPUS, "receipts", `${n}.jpg`)));
const totalOf = (page: Parameters<typeof extractDocumentFields>[0][number]) =>
  (extractDocumentFields([page], { documentType: "receipt", referenceDate: new Date("2024-01-01") }).find((f) => f.name === "total")?.value as Money | undefined)?.amount;

describe("targeted re-OCR on receipts", () => {
  let pool: OcrPool;
  beforeAll(() => {
    pool = createOcrPool({ size: 2 });
  });
  afterAll(async () => {
    await pool?.close();
  });

  it("reads a misread total again and the total becomes right (SROIE 010: printed 14.10)", async () => {
    const image = receipt("010");
    const first = await pool.recognize(image);
    expect(totalOf(first.page)).not.toBe(14.1);
    const { page, report } = await rereadKeyRegions(image, first.page, pool);
    expect(report.replaced).toBeGreaterThan(0);
    expect(totalOf(page)).toBe(14.1);
    // Offsets stay consistent after the patch.
    for (const w of page.blocks.flatMap((b) => b.lines.flatMap((l) => l.words))) expect(page.text.slice(w.start, w.end)).toBe(w.text);
  }, 120_000);

  it("reads a labelled date whose first box swallowed the rule under it as a block, and the date becomes right (SROIE 266: 12-11-2017 over a dashed line)", async () => {
    const image = receipt("266");
    const first = await pool.recognize(image);
    const dateOf = (p: typeof first.page) => extractDocumentFields([p], { documentType: "receipt", referenceDate: new Date("2024-01-01") }).find((f) => f.name === "document_date")?.value;
    expect(dateOf(first.page)).not.toBe("2017-11-12");
    const { page } = await rereadKeyRegions(image, first.page, pool);
    expect(dateOf(page)).toBe("2017-11-12");
    for (const w of page.blocks.flatMap((b) => b.lines.flatMap((l) => l.words))) expect(page.text.slice(w.start, w.end)).toBe(w.text);
  }, 120_000);

  it("reads the band right of a total label OCR read without its amount, and the total becomes right (SROIE 264: 'Total Incl.' then 118.35)", async () => {
    const image = receipt("264");
    const first = await pool.recognize(image);
    expect(first.page.text).toMatch(/^Total Incl\.$/m);
    expect(totalOf(first.page)).not.toBe(118.35);
    const { page } = await rereadKeyRegions(image, first.page, pool);
    expect(page.text).toMatch(/^Total Incl\.\t118\.35$/m);
    expect(totalOf(page)).toBe(118.35);
    for (const w of page.blocks.flatMap((b) => b.lines.flatMap((l) => l.words))) expect(page.text.slice(w.start, w.end)).toBe(w.text);
  }, 120_000);

  it("reads the company's name line again where OCR was unsure of a word (SROIE 306: THE TOAST F&B SDN BHD)", async () => {
    const image = receipt("306");
    const first = await pool.recognize(image);
    const issuerOf = (page: typeof first.page) =>
      extractDocumentFields([page], { documentType: "receipt", referenceDate: new Date("2024-01-01") }).find((f) => f.name === "issuer")?.value as string | undefined;
    expect(issuerOf(first.page)).not.toMatch(/TOAST/);
    const { page } = await rereadKeyRegions(image, first.page, pool);
    expect(issuerOf(page)).toMatch(/^THE TOAST F&/);
    for (const w of page.blocks.flatMap((b) => b.lines.flatMap((l) => l.words))) expect(page.text.slice(w.start, w.end)).toBe(w.text);
  }, 120_000);
});
