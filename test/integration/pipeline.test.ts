import fs from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DocumentStatus, StepStatus, type DocumentEntity } from "../../src/db/entities/index.js";
import type { ExtractedField, LineItem, Money } from "../../src/extraction/extraction.types.js";
import { bestField } from "../../src/extraction/fields/index.js";
import type { PageModel } from "../../src/extraction/page/page.model.js";
import { rebuildSteps } from "../../src/documents/step.rebuild.js";
import { STEP_NAMES } from "../../src/pipeline/step.js";
import { classifyStep } from "../../src/pipeline/steps/classify.step.js";
import { RESULT_SCHEMA_VERSION } from "../../src/pipeline/steps/finalize.step.js";
import { INVOICE, invoicePdf, RECEIPT, receiptJpeg, scannedReceiptsPdf } from "../support/fixtures.js";
import { startHarness, type PipelineHarness } from "../support/pipeline-harness.js";

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

/** A real box on the page: normalised 0–1, not empty. */
function expectPageBox(box: ExtractedField["box"]): void {
  expect(box).not.toBeNull();
  for (const v of [box!.x0, box!.y0, box!.x1, box!.y1]) {
    expect(v).toBeGreaterThanOrEqual(0);
    expect(v).toBeLessThanOrEqual(1);
  }
  expect(box!.x1).toBeGreaterThan(box!.x0);
  expect(box!.y1).toBeGreaterThan(box!.y0);
}

describe("the pipeline, end to end through a real worker", () => {
  it("turns a text PDF invoice into text, type and fields without OCR", async () => {
    const submitted = await h.submitBytes(ownerId, await invoicePdf(), "invoice.pdf", "application/pdf");
    const doc = await h.waitForStatus(submitted.id, [DocumentStatus.COMPLETED, DocumentStatus.FAILED]);
    expect(doc.errorCode).toBeNull();
    expect(doc.status).toBe(DocumentStatus.COMPLETED);
    expect(doc.progress).toBe(100);
    expect(doc.detectedContentType).toBe("application/pdf");
    expect(doc.pageCount).toBe(1);
    expect(doc.documentType).toBe("invoice");
    expect(doc.typeConfidence).toBeGreaterThan(0.3);
    expect(doc.extractedText).toContain(INVOICE.marker);
    const fields = doc.fields as ExtractedField[];
    expect(money(bestField(fields, "total"))).toEqual(INVOICE.total);
    expect(bestField(fields, "document_date")?.value).toBe(INVOICE.date);
    expect(bestField(fields, "invoice_number")?.value).toBe(INVOICE.number);
    expect(doc.summary).toMatch(/^Invoice/);
    // The line item under the table heading, placed on the page; its sum backs the total (the items plus the tax).
    const items = doc.lineItems as LineItem[];
    expect(items.map((i) => ({ description: i.description, amount: i.amount }))).toEqual([{ description: INVOICE.item.description, amount: { amount: INVOICE.item.amount, currency: INVOICE.total.currency } }]);
    expectPageBox(items[0]!.box);
    expect(bestField(fields, "total")?.checks).toContainEqual({ name: "line_items_sum", passed: true, expected: INVOICE.total.amount, actual: INVOICE.item.amount });
    expect(doc.completedAt).toBeInstanceOf(Date);
    expect(doc.processingMs).toBeGreaterThan(0);

    const steps = await h.steps(doc.id);
    expect(steps.map((s) => s.name)).toEqual([...STEP_NAMES]);
    expect(Object.fromEntries(steps.map((s) => [s.name, s.status]))).toMatchObject({ detect: "SUCCEEDED", extract_text: "SUCCEEDED", ocr: "SKIPPED", finalize: "SUCCEEDED" });
    expect(steps.every((s) => s.attempts <= 1)).toBe(true);

    // The processed text and result JSON are in object storage.
    const result = JSON.parse((await fs.readFile(path.join(h.storageDir, ...doc.resultKey!.split("/")))).toString()) as {
      schemaVersion: number;
      type: string;
      fields: unknown[];
      lineItems: LineItem[];
      pages: { text: string; model: PageModel }[];
    };
    expect(result.type).toBe("invoice");
    expect(result.schemaVersion).toBe(RESULT_SCHEMA_VERSION);
    expect(result.lineItems).toEqual(items);
    expect(result.pages).toHaveLength(1);
    // Each page carries its model, so fields can be re-extracted and highlighted without parsing again.
    const model = result.pages[0]!.model;
    expect(model).toMatchObject({ page: 1, source: "text_layer", text: result.pages[0]!.text });
    const words = model.blocks.flatMap((b) => b.lines.flatMap((l) => l.words));
    expect(words.length).toBeGreaterThan(20);
    for (const w of words) expect(model.text.slice(w.start, w.end)).toBe(w.text);
    expect((await fs.readFile(path.join(h.storageDir, ...doc.textKey!.split("/")))).toString()).toContain(INVOICE.marker);
    // Fields are placed on the page by the text layer's own geometry: the total's box is the box of the word printed there.
    const total = bestField(fields, "total")!;
    expectPageBox(total.box);
    expect(total.ocrConfidence).toBe(1);
    const amountWord = words.find((w) => w.text === INVOICE.total.amount.toFixed(2))!;
    expect(amountWord).toBeDefined();
    expect(total.box!.x0).toBeLessThanOrEqual(amountWord.box.x0);
    expect(total.box!.x1).toBeGreaterThanOrEqual(amountWord.box.x1);
    expect(total.box!.y0).toBeLessThanOrEqual(amountWord.box.y0);
    expect(total.box!.y1).toBeGreaterThanOrEqual(amountWord.box.y1);

    const events = await expectConsistentHistory(doc, "document.completed");
    expect(events.filter((e) => e.type === "step.started").map((e) => e.step)).toEqual([...STEP_NAMES]);
  });

  it("OCRs a scanned receipt photo and finds it is a receipt with its total", async () => {
    const submitted = await h.submitBytes(ownerId, await receiptJpeg(), "receipt.jpg", "image/jpeg");
    const doc = await h.waitForStatus(submitted.id, [DocumentStatus.COMPLETED, DocumentStatus.FAILED]);
    expect(doc.status).toBe(DocumentStatus.COMPLETED);
    expect(doc.detectedContentType).toBe("image/jpeg");
    expect(doc.pageCount).toBe(1);
    expect(doc.documentType).toBe("receipt");
    expect(doc.extractedText).toContain(RECEIPT.marker);
    const fields = doc.fields as ExtractedField[];
    expect(bestField(fields, "document_date")?.value).toBe(RECEIPT.date);
    // One calibrated field per name; the others are kept as its alternatives.
    expect(fields.filter((f) => f.name === "total")).toHaveLength(1);
    expect(money(bestField(fields, "total"))).toEqual({ amount: RECEIPT.total, currency: RECEIPT.currency });
    // OCR words carry boxes and tesseract's confidences: the total sits in the lower half of the receipt.
    const total = bestField(fields, "total")!;
    expectPageBox(total.box);
    expect(total.box!.y0).toBeGreaterThan(0.5);
    expect(total.ocrConfidence).toBeGreaterThan(0);
    expect(total.ocrConfidence).toBeLessThanOrEqual(1);
    const steps = await h.steps(doc.id);
    expect(steps.find((s) => s.name === "extract_text")?.status).toBe(StepStatus.SKIPPED);
    expect(steps.find((s) => s.name === "ocr")?.status).toBe(StepStatus.SUCCEEDED);
    const events = await expectConsistentHistory(doc, "document.completed");
    expect(events.some((e) => e.type === "step.progress" && e.step === "ocr" && /page 1 of 1/.test(e.message ?? ""))).toBe(true);
  });

  it("OCRs an image-only PDF", async () => {
    const submitted = await h.submitBytes(ownerId, await scannedReceiptsPdf(1), "scan.pdf", null);
    const doc = await h.waitForStatus(submitted.id, [DocumentStatus.COMPLETED, DocumentStatus.FAILED]);
    expect(doc.status).toBe(DocumentStatus.COMPLETED);
    const steps = await h.steps(doc.id);
    expect(steps.find((s) => s.name === "extract_text")?.status).toBe(StepStatus.SUCCEEDED);
    expect(steps.find((s) => s.name === "ocr")?.status).toBe(StepStatus.SUCCEEDED);
    expect(steps.find((s) => s.name === "ocr")?.output).toMatchObject({ pagesOcred: 1 });
    expect(doc.extractedText).toContain(RECEIPT.marker);
    await expectConsistentHistory(doc, "document.completed");
  });

  it("OCRs a multi-page scanned PDF page by page with progress events", async () => {
    const submitted = await h.submitBytes(ownerId, await scannedReceiptsPdf(2), "two-receipts.pdf", "application/pdf");
    const doc = await h.waitForStatus(submitted.id, [DocumentStatus.COMPLETED, DocumentStatus.FAILED]);
    expect(doc.status).toBe(DocumentStatus.COMPLETED);
    expect(doc.pageCount).toBe(2);
    expect(doc.documentType).toBe("receipt");
    const events = await expectConsistentHistory(doc, "document.completed");
    const pageMessages = events.filter((e) => e.type === "step.progress" && e.step === "ocr").map((e) => e.message);
    expect(pageMessages).toEqual(expect.arrayContaining(["page 1 of 2", "page 2 of 2"]));
    const progress = events.map((e) => e.progress);
    expect(progress).toEqual([...progress].sort((a, b) => a - b)); // never goes backwards
  });

  it.each([
    ["an empty file", Buffer.alloc(0), "empty.pdf", "application/pdf", "EMPTY_FILE", "detect"],
    ["a text file", Buffer.from("just some words, not a document format we read\n".repeat(20)), "notes.txt", "text/plain", "UNSUPPORTED_MEDIA_TYPE", "detect"],
    ["a ZIP labelled as PDF", Buffer.from("504b0304140000000000", "hex"), "archive.pdf", "application/pdf", "UNSUPPORTED_MEDIA_TYPE", "detect"],
    ["a PNG header claiming 100000×100000 pixels", pngHeader(100_000, 100_000), "bomb.png", "image/png", "IMAGE_TOO_LARGE", "detect"],
    ["a truncated PDF", Buffer.from("%PDF-1.7\n1 0 obj\n<< /Type /Catalog"), "broken.pdf", "application/pdf", "CORRUPT_FILE", "extract_text"],
  ])("fails %s with %s at %s, without retrying", async (_label, bytes, filename, contentType, code, step) => {
    const submitted = await h.submitBytes(ownerId, bytes, filename, contentType);
    const doc = await h.waitForStatus(submitted.id, [DocumentStatus.COMPLETED, DocumentStatus.FAILED]);
    expect(doc.status).toBe(DocumentStatus.FAILED);
    expect(doc.errorCode).toBe(code);
    expect(doc.errorMessage).toBeTruthy();
    expect(doc.attempts).toBe(1);
    const failed = (await h.steps(doc.id)).find((s) => s.name === step)!;
    expect(failed).toMatchObject({ status: StepStatus.FAILED, errorCode: code, attempts: 1 });
    await expectConsistentHistory(doc, "document.failed");
  });

  it("judges a mislabelled file by its content", async () => {
    const submitted = await h.submitBytes(ownerId, await receiptJpeg(3), "scan.pdf", "application/pdf");
    const doc = await h.waitForStatus(submitted.id, [DocumentStatus.COMPLETED, DocumentStatus.FAILED]);
    expect(doc.status).toBe(DocumentStatus.COMPLETED);
    expect(doc.declaredContentType).toBe("application/pdf");
    expect(doc.detectedContentType).toBe("image/jpeg");
    expect((await h.steps(doc.id)).find((s) => s.name === "detect")?.output).toMatchObject({ mislabeled: true });
  });

  it("reprocesses from a named step, keeping the earlier steps' results", async () => {
    const submitted = await h.submitBytes(ownerId, await invoicePdf(), "invoice.pdf");
    await h.waitForStatus(submitted.id, [DocumentStatus.COMPLETED]);
    await expect(h.services.operations.reprocess(submitted.id, "no_such_step")).rejects.toMatchObject({ code: "VALIDATION_FAILED" });
    const queued = await h.services.operations.reprocess(submitted.id, "classify");
    // What the request committed comes back, whatever a worker does with the job meanwhile.
    expect(queued).toMatchObject({ status: DocumentStatus.QUEUED, currentStep: null, completedAt: null, processingMs: null, errorCode: null });
    expect(queued.progress).toBeLessThan(100);
    const doc = await h.waitForStatus(submitted.id, [DocumentStatus.COMPLETED, DocumentStatus.FAILED]);
    expect(doc.status).toBe(DocumentStatus.COMPLETED);
    expect(doc.documentType).toBe("invoice");
    const attempts = Object.fromEntries((await h.steps(doc.id)).map((s) => [s.name, s.attempts]));
    expect(attempts).toEqual({ detect: 1, extract_text: 1, ocr: 1, classify: 2, extract_fields: 2, summarize: 2, searchable_pdf: 2, finalize: 2 });
    const events = await expectConsistentHistory(doc, "document.completed");
    expect(events.filter((e) => e.type === "document.reprocess")).toHaveLength(1);
    expect(doc.attempts).toBe(2);
  });

  it("refuses to reprocess a document that is still queued", async () => {
    const { document: recorded } = await h.services.intake.record({ ownerId, filename: "a.jpg", stream: (await import("node:stream")).Readable.from([Buffer.from("x")]) });
    await expect(h.services.operations.reprocess(recorded.id)).rejects.toMatchObject({ code: "CONFLICT" });
    await h.services.operations.cancel(recorded.id);
  });

  it("cancels a queued document: it is never processed", async () => {
    const { Readable } = await import("node:stream");
    const { document: recorded } = await h.services.intake.record({ ownerId, filename: "r.jpg", stream: Readable.from([await receiptJpeg(4)]) });
    const cancelled = await h.services.operations.cancel(recorded.id);
    expect(cancelled.status).toBe(DocumentStatus.CANCELLED);
    await h.services.queue.enqueueOnce({ documentId: recorded.id }); // a stray job for it changes nothing
    await new Promise((r) => setTimeout(r, 1500));
    const doc = await h.waitForStatus(recorded.id, [DocumentStatus.CANCELLED]);
    expect(doc.errorCode).toBe("CANCELLED");
    expect((await h.steps(doc.id)).every((s) => s.status === StepStatus.PENDING)).toBe(true);
    await expectConsistentHistory(doc, "document.cancelled");
    await expect(h.services.operations.cancel(recorded.id)).rejects.toMatchObject({ code: "CONFLICT" });
  });

  it("picks up a document that was committed but never enqueued (the API died in between)", async () => {
    const { Readable } = await import("node:stream");
    const { document: recorded } = await h.services.intake.record({ ownerId, filename: "lost.jpg", contentType: "image/jpeg", stream: Readable.from([await receiptJpeg(5)]) });
    expect(await h.services.queue.isLive(recorded.id)).toBe(false);
    // A pass right away leaves it alone (the API may still be about to enqueue)…
    expect((await h.worker!.reconciler.reconcileOnce()).requeued).not.toContain(recorded.id);
    // …a pass after the grace period requeues it.
    const report = await h.worker!.reconciler.reconcileOnce(new Date(Date.now() + 60_000));
    expect(report.requeued).toContain(recorded.id);
    const doc = await h.waitForStatus(recorded.id, [DocumentStatus.COMPLETED, DocumentStatus.FAILED]);
    expect(doc.status).toBe(DocumentStatus.COMPLETED);
    await expectConsistentHistory(doc, "document.completed");
  });

  it("rebuild-steps repairs a step table that drifted from the log", async () => {
    const submitted = await h.submitBytes(ownerId, await invoicePdf(), "invoice.pdf");
    await h.waitForStatus(submitted.id, [DocumentStatus.COMPLETED]);
    await h.ctx.dataSource.query(`UPDATE processing_steps SET status = 'FAILED', attempts = 7 WHERE document_id = $1 AND name = 'classify'`, [submitted.id]);
    await h.ctx.dataSource.query(`DELETE FROM processing_steps WHERE document_id = $1 AND name = 'summarize'`, [submitted.id]);
    const dry = await rebuildSteps(h.ctx.dataSource, { dryRun: true, documentIds: [submitted.id] });
    expect(dry.written).toBe(0);
    expect(dry.differences.map((d) => [d.step, d.kind])).toEqual([["classify", "changed"], ["summarize", "missing"]]);
    const fixed = await rebuildSteps(h.ctx.dataSource, { dryRun: false, documentIds: [submitted.id] });
    expect(fixed.written).toBe(2);
    expect((await rebuildSteps(h.ctx.dataSource, { dryRun: true, documentIds: [submitted.id] })).differences).toEqual([]);
    expect((await h.steps(submitted.id)).find((s) => s.name === "classify")).toMatchObject({ status: "SUCCEEDED", attempts: 1 });
  });

  it("writes a computing step's start and outcome together, after it ran, and only while the document is processing: a cancel while it runs leaves no trace of it", async () => {
    const original = classifyStep.run;
    let cancelled: Promise<unknown> | null = null;
    // Cancelled while classify computes: what the runner does with the outcome is the question.
    classifyStep.run = async (ctx) => {
      const result = await original(ctx);
      cancelled ??= h.services.operations.cancel(ctx.document.id);
      await cancelled;
      return result;
    };
    try {
      const submitted = await h.submitBytes(ownerId, await invoicePdf(), "cancelled-while-classified.pdf", "application/pdf");
      const doc = await h.waitForStatus(submitted.id, [DocumentStatus.CANCELLED, DocumentStatus.COMPLETED, DocumentStatus.FAILED]);
      expect(doc.status).toBe(DocumentStatus.CANCELLED);
      // A step that was running when the cancel came may still log its outcome after it; nothing starts after it.
      const events = await h.events(doc.id);
      expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
      expect(events.filter((e) => e.type === "document.cancelled")).toHaveLength(1);
      expect(events.slice(events.findIndex((e) => e.type === "document.cancelled")).filter((e) => e.type === "step.started")).toEqual([]);
      expect((await rebuildSteps(h.ctx.dataSource, { dryRun: true, documentIds: [doc.id] })).differences).toEqual([]);
      expect(events.filter((e) => e.step === "classify")).toEqual([]);
      const steps = await h.steps(doc.id);
      expect(steps.find((s) => s.name === "classify")).toMatchObject({ status: StepStatus.PENDING, attempts: 0 });
      expect(steps.filter((s) => ["extract_fields", "summarize", "finalize"].includes(s.name)).every((s) => s.status === StepStatus.PENDING)).toBe(true);
    } finally {
      classifyStep.run = original;
    }
  });
});

/** A PNG signature and IHDR chunk declaring the given size, with no pixels behind it. */
function pngHeader(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  const chunk = Buffer.concat([Buffer.from([0, 0, 0, 13]), Buffer.from("IHDR"), ihdr, Buffer.alloc(4)]);
  return Buffer.concat([Buffer.from("89504e470d0a1a0a", "hex"), chunk, Buffer.alloc(64)]);
}
