import fs from "node:fs/promises";
import path from "node:path";
import { PDFArray, PDFDocument, PDFRawStream, type PDFPage } from "pdf-lib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DocumentStatus, StepStatus, type DocumentEntity } from "../../src/db/entities/index.js";
import { DocumentReadModel } from "../../src/documents/document.read-model.js";
import { encryptedPdf, invoicePdf, receiptJpeg } from "../support/fixtures.js";
import { pdfJsPageTexts, wordsOf } from "../support/pdf-text.js";
import { startHarness, type PipelineHarness } from "../support/pipeline-harness.js";

/**
 * The searchable PDF, through the real pipeline (worker, PostgreSQL, Redis,
 * storage): its text layer, read back by a different reader (pdf.js), says what
 * Folio's page texts say, pages that had text are copied as they were, and a
 * searchable PDF that cannot be made never fails the document.
 */

let h: PipelineHarness;
let ownerId: string;
let reads: DocumentReadModel;

beforeAll(async () => {
  h = await startHarness();
  ownerId = (await h.createUser()).id;
  reads = new DocumentReadModel(h.ctx.dataSource);
});
afterAll(async () => {
  await h?.close();
});

async function processed(bytes: Buffer, filename: string, contentType: string, pdfPassword?: string): Promise<DocumentEntity> {
  const submitted = pdfPassword
    ? (await h.services.intake.submit({ ownerId, filename, contentType, pdfPassword, stream: (await import("node:stream")).Readable.from([bytes]) })).document
    : await h.submitBytes(ownerId, bytes, filename, contentType);
  const doc = await h.waitForStatus(submitted.id, [DocumentStatus.COMPLETED, DocumentStatus.FAILED]);
  expect(doc.errorCode).toBeNull();
  expect(doc.status).toBe(DocumentStatus.COMPLETED);
  return doc;
}

async function processedAgain(id: string): Promise<void> {
  const doc = await h.waitForStatus(id, [DocumentStatus.COMPLETED, DocumentStatus.FAILED]);
  expect(doc.status).toBe(DocumentStatus.COMPLETED);
}

async function stepOf(doc: DocumentEntity) {
  const step = (await h.steps(doc.id)).find((s) => s.name === "searchable_pdf");
  expect(step).toBeDefined();
  return step!;
}

async function stored(key: string): Promise<Buffer> {
  return fs.readFile(path.join(h.storageDir, ...key.split("/")));
}

/** Folio's page texts, from the result JSON it stored. */
async function folioPages(doc: DocumentEntity): Promise<string[]> {
  const result = JSON.parse((await stored(doc.resultKey!)).toString("utf8")) as { pages: { text: string }[] };
  return result.pages.map((p) => p.text);
}

/** A page's content streams, as stored (raw, undecoded). */
function contentBytes(page: PDFPage): Buffer[] {
  const contents = page.node.Contents();
  const streams = contents instanceof PDFArray ? contents.asArray().map((ref) => page.doc.context.lookup(ref)) : [contents];
  return streams.map((s) => Buffer.from((s as PDFRawStream).getContents()));
}

describe("searchable PDF", () => {
  it("makes a scanned receipt photo a one-page PDF whose invisible text pdf.js reads as Folio's page text", async () => {
    const jpeg = await receiptJpeg(41);
    const doc = await processed(jpeg, "receipt-scan.jpg", "image/jpeg");
    const step = await stepOf(doc);
    expect(step.status).toBe(StepStatus.SUCCEEDED);

    const keys = await reads.downloadKeys(doc.id);
    expect(keys.searchablePdfKey).not.toBeNull();
    const pdf = await stored(keys.searchablePdfKey!);
    const [folio] = await folioPages(doc);
    expect(wordsOf(folio!).length).toBeGreaterThan(20);

    const read = await pdfJsPageTexts(pdf);
    expect(read).toHaveLength(1);
    expect(wordsOf(read[0]!)).toEqual(wordsOf(folio!));
    // Lines stay lines: pdf.js breaks where Folio does.
    expect(read[0]!.split("\n").filter((l) => l.trim()).length).toBe(folio!.split("\n").filter((l) => l.trim()).length);

    // The JPEG is embedded as it was: the page adds only the text layer and PDF structure.
    expect(pdf.length).toBeLessThanOrEqual(1.5 * jpeg.length + Buffer.byteLength(folio!, "utf8"));
    expect(pdf.includes(jpeg)).toBe(true);
    const result = JSON.parse((await stored(doc.resultKey!)).toString("utf8")) as { searchablePdf: { textLayerPages: number[] } | null };
    expect(result.searchablePdf?.textLayerPages).toEqual([1]);
  });

  it("adds a text layer to a PDF's scanned page and copies its text page unchanged", async () => {
    const original = await PDFDocument.create();
    const scan = await original.embedJpg(await receiptJpeg(42));
    original.addPage([scan.width, scan.height]).drawImage(scan, { x: 0, y: 0, width: scan.width, height: scan.height });
    const invoice = await PDFDocument.load(await invoicePdf("77310452"));
    const [textPage] = await original.copyPages(invoice, [0]);
    original.addPage(textPage!);
    const bytes = Buffer.from(await original.save());

    const doc = await processed(bytes, "mixed.pdf", "application/pdf");
    expect((await stepOf(doc)).status).toBe(StepStatus.SUCCEEDED);
    const pdf = await stored((await reads.downloadKeys(doc.id)).searchablePdfKey!);
    const folio = await folioPages(doc);
    const read = await pdfJsPageTexts(pdf);
    expect(read).toHaveLength(2);
    expect(wordsOf(read[0]!)).toEqual(wordsOf(folio[0]!));
    expect(wordsOf(read[1]!)).toEqual(wordsOf(folio[1]!));

    // Page 2 had a text layer: its content is byte for byte what it was, with nothing added.
    const [before, after] = await Promise.all([PDFDocument.load(bytes), PDFDocument.load(pdf)]);
    expect(contentBytes(after.getPage(1))).toEqual(contentBytes(before.getPage(1)));
    expect(contentBytes(after.getPage(0)).length).toBeGreaterThan(contentBytes(before.getPage(0)).length);
    expect(pdf.length).toBeLessThanOrEqual(1.5 * bytes.length + Buffer.byteLength(folio.join("\f"), "utf8"));
  });

  it("skips a PDF that needed no OCR: no searchable PDF is offered", async () => {
    const doc = await processed(await invoicePdf("77310453"), "invoice.pdf", "application/pdf");
    expect((await stepOf(doc)).status).toBe(StepStatus.SKIPPED);
    expect((await reads.downloadKeys(doc.id)).searchablePdfKey).toBeNull();
  });

  it("gives a document processed before the step existed the step on reprocessing, and runs its steps in pipeline order whatever their stored positions", async () => {
    const doc = await processed(await invoicePdf("77310454"), "older.pdf", "application/pdf");
    // As a document of an earlier release: no searchable_pdf row (it is inserted at its index in today's list, a position
    // an older finalize row already has, so positions cannot order them: here finalize's row even sorts first).
    await h.ctx.dataSource.query(`DELETE FROM processing_steps WHERE document_id = $1 AND name = 'searchable_pdf'`, [doc.id]);
    await h.ctx.dataSource.query(`UPDATE processing_steps SET position = 0 WHERE document_id = $1 AND name = 'finalize'`, [doc.id]);
    const before = (await h.events(doc.id)).length;
    await h.services.operations.reprocess(doc.id, "summarize");
    await processedAgain(doc.id);
    const started = (await h.events(doc.id)).slice(before).filter((e) => e.type === "step.started").map((e) => e.step);
    expect(started).toEqual(["summarize", "searchable_pdf", "finalize"]);
    expect((await stepOf(doc)).status).toBe(StepStatus.SKIPPED);
  });

  it("records a searchable PDF that cannot be made (an encrypted scan) on its step, and the document still completes", async () => {
    const password = "s3cret-scan";
    const doc = await processed(encryptedPdf(password, undefined, await receiptJpeg(43)), "locked-scan.pdf", "application/pdf", password);
    // The scan was read (the password opened it for OCR)…
    expect(doc.extractedText).toContain("FOLIOMART");
    // …but the PDF writer cannot open encrypted PDFs: the step failed with its code, the document did not.
    const step = await stepOf(doc);
    expect(step.status).toBe(StepStatus.FAILED);
    expect(step.errorCode).toBe("SEARCHABLE_PDF_UNSUPPORTED");
    const finalize = (await h.steps(doc.id)).find((s) => s.name === "finalize");
    expect(finalize?.status).toBe(StepStatus.SUCCEEDED);
    expect((await reads.downloadKeys(doc.id)).searchablePdfKey).toBeNull();
    const events = await h.events(doc.id);
    expect(events.some((e) => e.type === "step.failed" && e.step === "searchable_pdf")).toBe(true);
    expect(events.at(-1)!.type).toBe("document.completed");
  });
});
