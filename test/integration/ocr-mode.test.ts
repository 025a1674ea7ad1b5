import fs from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DocumentStatus, StepStatus, type DocumentEntity } from "../../src/db/entities/index.js";
import { EARLIER_OCR_LINES, INVOICE, RECEIPT, invoicePdf, sandwichReceiptPdf } from "../support/fixtures.js";
import { startHarness, type PipelineHarness } from "../support/pipeline-harness.js";

/**
 * OCR_MODE=redo through the real pipeline (worker, PostgreSQL, Redis, storage): a "sandwich" PDF whose only
 * text is a poor earlier OCR drawn invisibly over the scan is read again by Folio's OCR, which replaces that
 * text; a born-digital PDF keeps its text layer and is never OCRed.
 */

let h: PipelineHarness;
let ownerId: string;

beforeAll(async () => {
  h = await startHarness({ env: { OCR_MODE: "redo" } });
  ownerId = (await h.createUser()).id;
});
afterAll(async () => {
  await h?.close();
});

async function completed(bytes: Buffer, filename: string): Promise<DocumentEntity> {
  const submitted = await h.submitBytes(ownerId, bytes, filename, "application/pdf");
  const doc = await h.waitForStatus(submitted.id, [DocumentStatus.COMPLETED, DocumentStatus.FAILED]);
  expect(doc.errorCode).toBeNull();
  expect(doc.status).toBe(DocumentStatus.COMPLETED);
  return doc;
}

async function processedText(doc: DocumentEntity): Promise<string> {
  return (await fs.readFile(path.join(h.storageDir, ...doc.textKey!.split("/")))).toString("utf8");
}

async function step(doc: DocumentEntity, name: string) {
  const found = (await h.steps(doc.id)).find((s) => s.name === name);
  expect(found).toBeDefined();
  return found!;
}

describe("OCR_MODE=redo", () => {
  it("reads a sandwich PDF's scan again and replaces the earlier OCR's text with Folio's", async () => {
    const doc = await completed(await sandwichReceiptPdf(7), "scanner-output.pdf");
    const text = await processedText(doc);
    expect(text).toContain(RECEIPT.marker);
    expect(text).toMatch(/TOTAL \(RM\)\s+9\.00/);
    for (const line of EARLIER_OCR_LINES) expect(text).not.toContain(line);

    const extract = await step(doc, "extract_text");
    expect(extract.output).toMatchObject({ ocrLayerPages: [1] });
    const ocr = await step(doc, "ocr");
    expect(ocr.status).toBe(StepStatus.SUCCEEDED);
    expect(ocr.output).toMatchObject({ pages: [1] });
    // The original is searchable already; a second layer would double every hit.
    expect((await step(doc, "searchable_pdf")).status).toBe(StepStatus.SKIPPED);
  });

  it("keeps a born-digital PDF's own text layer and OCRs nothing", async () => {
    const doc = await completed(await invoicePdf("REDO-0001"), "invoice.pdf");
    expect(await processedText(doc)).toContain("REDO-0001");
    expect((await step(doc, "ocr")).status).toBe(StepStatus.SKIPPED);
    expect(await processedText(doc)).toContain(INVOICE.marker);
  });
});
