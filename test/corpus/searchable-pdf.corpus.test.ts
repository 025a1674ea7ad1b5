import fs from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DocumentStatus, StepStatus, type DocumentEntity } from "../../src/db/entities/index.js";
import { requireCorpus } from "../support/corpus.js";
import { hasPdftotext, pdftotextPages, wordsOf } from "../support/pdf-text.js";
import { startHarness, type PipelineHarness } from "../support/pipeline-harness.js";

/**
 * Searchable PDFs of real scans (shared SROIE receipts and the pdf.js corpus's
 * scanned PDFs), read back by poppler's pdftotext: in content-stream order
 * (`-raw`) the words are exactly Folio's page words in Folio's order; by
 * pdftotext's own layout analysis nearly every word is found (its order is
 * measured, as the longest common subsequence, and reported); and the PDF
 * stays within 1.5× the original plus the text.
 */

const CORPUS = requireCorpus();
const POPPLER = await hasPdftotext();
const RECEIPTS = ["000.jpg", "001.jpg", "002.jpg", "003.jpg", "004.jpg", "005.jpg"].map((f) => path.join(CORPUS, "receipts", f));
const SCANNED_PDFS = ["bug1942064.pdf", "cmykjpeg.pdf", "issue5475.pdf", "issue13372.pdf", "images_1bit_grayscale.pdf", "issue1985.pdf", "issue4379.pdf", "bitmap-mmr.pdf"].map((f) =>
  path.join(CORPUS, "pdfs", f),
);

let h: PipelineHarness;
beforeAll(async () => {
  h = await startHarness({ env: { WORKER_CONCURRENCY: "2", STEP_TIMEOUT_MS: "120000" } });
});
afterAll(async () => {
  await h?.close();
});

/** Length of the longest common subsequence of two word lists. */
function lcs(a: readonly string[], b: readonly string[]): number {
  let prev = new Array<number>(b.length + 1).fill(0);
  for (const word of a) {
    const row = [0];
    for (let j = 0; j < b.length; j++) row.push(word === b[j] ? prev[j]! + 1 : Math.max(prev[j + 1]!, row[j]!));
    prev = row;
  }
  return prev[b.length]!;
}

/** How many words of `a` are also in `b`, counting repeats. */
function multisetOverlap(a: readonly string[], b: readonly string[]): number {
  const left = new Map<string, number>();
  for (const w of b) left.set(w, (left.get(w) ?? 0) + 1);
  let n = 0;
  for (const w of a) {
    const k = left.get(w) ?? 0;
    if (k > 0) {
      n += 1;
      left.set(w, k - 1);
    }
  }
  return n;
}

describe.skipIf(!POPPLER)("searchable PDFs of real scans, read by pdftotext", () => {
  it("carry Folio's words in Folio's order within the size bound", async () => {
    const ownerId = (await h.createUser()).id;
    const files = [...RECEIPTS, ...SCANNED_PDFS];
    const submitted: [string, DocumentEntity][] = [];
    for (const file of files) submitted.push([file, await h.submitFile(ownerId, file)]);
    const rows: Record<string, unknown>[] = [];
    let ordered = 0;
    let found = 0;
    let orderedRaw = 0;
    let total = 0;
    for (const [file, doc] of submitted) {
      const done = await h.waitForStatus(doc.id, [DocumentStatus.COMPLETED, DocumentStatus.FAILED], 600_000);
      const name = path.relative(CORPUS, file);
      expect(done.status, name).toBe(DocumentStatus.COMPLETED);
      const step = (await h.steps(doc.id)).find((s) => s.name === "searchable_pdf")!;
      if (step.status !== StepStatus.SUCCEEDED) {
        rows.push({ file: name, step: step.status, code: step.errorCode });
        continue;
      }
      const data = step.result as { key: string; textLayerPages: number[]; bytes: number };
      const pdf = await fs.readFile(path.join(h.storageDir, ...data.key.split("/")));
      const result = JSON.parse(await fs.readFile(path.join(h.storageDir, ...done.resultKey!.split("/")), "utf8")) as { pages: { text: string }[]; ocr: { pages: number[] } | null };
      const read = await pdftotextPages(pdf);
      const raw = await pdftotextPages(pdf, { raw: true });
      const textBytes = Buffer.byteLength(result.pages.map((p) => p.text).join("\f"), "utf8");
      let same = 0;
      let sameRaw = 0;
      let words = 0;
      for (const n of result.ocr?.pages ?? []) {
        const folio = wordsOf(result.pages[n - 1]!.text);
        const poppler = wordsOf(read[n - 1] ?? "");
        // Every word is there, no word is added.
        // In content-stream order (-raw), pdftotext reads exactly Folio's words in Folio's order.
        expect(wordsOf(raw[n - 1] ?? ""), `${name} page ${n} (-raw)`).toEqual(folio);
        same += lcs(folio, poppler);
        sameRaw += lcs(folio, wordsOf(raw[n - 1] ?? ""));
        found += multisetOverlap(folio, poppler);
        words += folio.length;
      }
      ordered += same;
      orderedRaw += sameRaw;
      total += words;
      const ratio = pdf.length / done.sizeBytes;
      expect(pdf.length, name).toBeLessThanOrEqual(1.5 * done.sizeBytes + textBytes);
      rows.push({ file: name, pages: read.length, words, inOrder: words ? Math.round((same / words) * 1000) / 1000 : null, inOrderRaw: words ? Math.round((sameRaw / words) * 1000) / 1000 : null, original: done.sizeBytes, pdf: pdf.length, ratio: Math.round(ratio * 1000) / 1000, ms: step.durationMs });
    }
    console.table(rows);
    console.info(`words in Folio's order as pdftotext reads them: ${ordered}/${total} (layout), ${orderedRaw}/${total} (-raw)`);
    console.info(`Folio's words pdftotext finds as words by its own layout analysis: ${found}/${total}`);
    expect(total).toBeGreaterThan(200);
    expect(orderedRaw).toBe(total);
    // By its own layout analysis pdftotext reorders columns (item, quantity, price) and joins words whose
    // boxes nearly touch across Folio's column split; nearly every word still comes out as a word.
    expect(found / total).toBeGreaterThan(0.98);
  }, 900_000);
});
