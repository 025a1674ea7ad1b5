import fs from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DocumentStatus, StepStatus, type DocumentEntity } from "../../src/db/entities/index.js";
import type { ExtractedField, Money } from "../../src/extraction/extraction.types.js";
import { bestField } from "../../src/extraction/fields/index.js";
import { rebuildSteps } from "../../src/documents/step.rebuild.js";
import { STEP_NAMES } from "../../src/pipeline/step.js";
import { requireCorpus } from "../support/corpus.js";
import { startHarness, type PipelineHarness } from "../support/pipeline-harness.js";

const CORPUS = requireCorpus();

let h: PipelineHarness;
let ownerId: string;

beforeAll(async () => {
  h = await startHarness();
  ownerId = (await h.createUser()).id;
});
afterAll(async () => {
  await h?.close();
});

/** The event log is gap-free (1..n), ends with the terminal event, and the step table equals its rebuild. */
async function expectConsistentHistory(doc: DocumentEntity, terminal: string) {
  const events = await h.events(doc.id);
  expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
  expect(events[0]!.type).toBe("document.queued");
  expect(events.at(-1)!.type).toBe(terminal);
  const rebuild = await rebuildSteps(h.ctx.dataSource, { dryRun: true, documentIds: [doc.id] });
  expect(rebuild.differences).toEqual([]);
  return events;
}

const money = (f: ExtractedField | undefined) => f?.value as Money | undefined;

describe("real documents from the corpus, end to end through a real worker", () => {
  it("turns a text PDF invoice into text, type and fields without OCR", async () => {
    const submitted = await h.submitFile(ownerId, path.join(CORPUS, "invoices/AmazonWebServices.pdf"), { contentType: "application/pdf" });
    const doc = await h.waitForStatus(submitted.id, [DocumentStatus.COMPLETED, DocumentStatus.FAILED]);
    expect(doc.errorCode).toBeNull();
    expect(doc.status).toBe(DocumentStatus.COMPLETED);
    expect(doc.progress).toBe(100);
    expect(doc.detectedContentType).toBe("application/pdf");
    expect(doc.pageCount).toBe(1);
    expect(doc.documentType).toBe("invoice");
    expect(doc.typeConfidence).toBeGreaterThan(0.3);
    expect(doc.extractedText).toContain("Amazon Web Services");
    const fields = doc.fields as ExtractedField[];
    expect(money(bestField(fields, "total"))).toEqual({ amount: 4.11, currency: "USD" });
    expect(bestField(fields, "document_date")?.value).toBe("2014-08-03");
    expect(bestField(fields, "invoice_number")?.value).toBe("42183017");
    expect(doc.summary).toMatch(/^Invoice/);
    expect(doc.completedAt).toBeInstanceOf(Date);
    expect(doc.processingMs).toBeGreaterThan(0);

    const steps = await h.steps(doc.id);
    expect(steps.map((s) => s.name)).toEqual([...STEP_NAMES]);
    expect(Object.fromEntries(steps.map((s) => [s.name, s.status]))).toMatchObject({ detect: "SUCCEEDED", extract_text: "SUCCEEDED", ocr: "SKIPPED", finalize: "SUCCEEDED" });
    expect(steps.every((s) => s.attempts <= 1)).toBe(true);

    // The processed text and result JSON are in object storage.
    const result = JSON.parse((await fs.readFile(path.join(h.storageDir, ...doc.resultKey!.split("/")))).toString()) as { type: string; fields: unknown[]; pages: unknown[] };
    expect(result.type).toBe("invoice");
    expect(result.pages).toHaveLength(1);
    expect((await fs.readFile(path.join(h.storageDir, ...doc.textKey!.split("/")))).toString()).toContain("Amazon Web Services");

    const events = await expectConsistentHistory(doc, "document.completed");
    expect(events.filter((e) => e.type === "step.started").map((e) => e.step)).toEqual([...STEP_NAMES]);
  });

  it("OCRs a scanned receipt photo and finds it is a receipt with its total", async () => {
    const submitted = await h.submitFile(ownerId, path.join(CORPUS, "receipts/000.jpg"), { contentType: "image/jpeg" });
    const doc = await h.waitForStatus(submitted.id, [DocumentStatus.COMPLETED, DocumentStatus.FAILED]);
    expect(doc.status).toBe(DocumentStatus.COMPLETED);
    expect(doc.detectedContentType).toBe("image/jpeg");
    expect(doc.pageCount).toBe(1);
    expect(doc.documentType).toBe("receipt");
    expect(doc.extractedText).toMatch(/TAMAN DAYA/i);
    const fields = doc.fields as ExtractedField[];
    expect(bestField(fields, "document_date")?.value).toBe("2018-12-25");
    // The printed total (9.00) is found; which candidate wins depends on how cleanly OCR read the "rounded total" line.
    expect(fields.filter((f) => f.name === "total").map((f) => money(f)?.amount)).toContain(9);
    expect(money(bestField(fields, "total"))?.currency).toBe("MYR");
    const steps = await h.steps(doc.id);
    expect(steps.find((s) => s.name === "extract_text")?.status).toBe(StepStatus.SKIPPED);
    expect(steps.find((s) => s.name === "ocr")?.status).toBe(StepStatus.SUCCEEDED);
    const events = await expectConsistentHistory(doc, "document.completed");
    expect(events.some((e) => e.type === "step.progress" && e.step === "ocr" && /page 1 of 1/.test(e.message ?? ""))).toBe(true);
  });

  it("OCRs an image-only PDF from the corpus", async () => {
    const submitted = await h.submitFile(ownerId, path.join(CORPUS, "pdfs/images_1bit_grayscale.pdf"));
    const doc = await h.waitForStatus(submitted.id, [DocumentStatus.COMPLETED, DocumentStatus.FAILED]);
    expect(doc.status).toBe(DocumentStatus.COMPLETED);
    const steps = await h.steps(doc.id);
    expect(steps.find((s) => s.name === "extract_text")?.status).toBe(StepStatus.SUCCEEDED);
    expect(steps.find((s) => s.name === "ocr")?.status).toBe(StepStatus.SUCCEEDED);
    expect(steps.find((s) => s.name === "ocr")?.output).toMatchObject({ pagesOcred: 1 });
    expect(doc.extractedText).toMatch(/CCITTFaxDecode/);
    expect(doc.extractedText).toMatch(/Image Mask/);
    await expectConsistentHistory(doc, "document.completed");
  });
});
