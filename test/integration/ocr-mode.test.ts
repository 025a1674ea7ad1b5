import { execFile } from "node:child_process";
import fs from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
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

describe("folio admin reprocess --ocr-mode", { timeout: 240_000 }, () => {
  /** The real CLI from source, on the harness's database, queue and storage; resolves with the exit code. */
  async function folio(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    try {
      const { stdout, stderr } = await promisify(execFile)(process.execPath, ["--import", "tsx", "src/main.ts", ...args], {
        env: { ...process.env, ...h.env, LOG_LEVEL: "error" },
      });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const e = error as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  }

  it("sets the document's OCR mode and runs it again from extract_text, whatever later step was asked for", async () => {
    const doc = await completed(await invoicePdf("ADMIN-0001"), "invoice.pdf");
    expect((await step(doc, "ocr")).status).toBe(StepStatus.SKIPPED);

    const run = await folio(["admin", "reprocess", doc.id, "--from", "classify", "--ocr-mode", "force"]);
    expect(run.stderr).toBe("");
    expect(run).toMatchObject({ code: 0 });
    expect(run.stdout).toContain(`Document ${doc.id} queued for reprocessing from extract_text with OCR mode force.`);

    const again = await h.waitForStatus(doc.id, [DocumentStatus.COMPLETED, DocumentStatus.FAILED], 120_000);
    expect(again.status).toBe(DocumentStatus.COMPLETED);
    expect(again.ocrMode).toBe("force");
    // Forced: the page with a perfectly good text layer is OCRed too.
    const ocr = await step(again, "ocr");
    expect(ocr.status).toBe(StepStatus.SUCCEEDED);
    expect(ocr.output).toMatchObject({ pages: [1] });
  });

  it("refuses an OCR mode it does not know, and changes nothing", async () => {
    const doc = await completed(await invoicePdf("ADMIN-0002"), "invoice.pdf");
    const run = await folio(["admin", "reprocess", doc.id, "--ocr-mode", "sometimes"]);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/--ocr-mode.*sometimes.*skip, redo, force/s);
    const [row] = await h.ctx.dataSource.query(`SELECT status, ocr_mode FROM documents WHERE id = $1`, [doc.id]);
    expect(row).toEqual({ status: DocumentStatus.COMPLETED, ocr_mode: null });
  });
});
