import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DocumentDocument, ReprocessDocumentDocument, UploadDocumentDocument } from "../../src/client/index.js";
import { DocumentStatus } from "../../src/db/entities/index.js";
import { startApiHarness, type ApiHarness, type ApiUser } from "../support/api-harness.js";
import { EARLIER_OCR_LINES, RECEIPT, sandwichReceiptPdf } from "../support/fixtures.js";

/*
 * A document's own OCR mode through the typed SDK: asked at upload or when
 * reprocessing, shown on the document, and acted on by the worker whatever the
 * server's OCR_MODE (here the default, skip).
 */

let h: ApiHarness;
let alice: ApiUser;
const finished = [DocumentStatus.COMPLETED, DocumentStatus.FAILED, DocumentStatus.CANCELLED];

beforeAll(async () => {
  h = await startApiHarness({ env: { OCR_REREAD_MAX_REGIONS: "0" } });
  alice = await h.createUser();
});
afterAll(async () => {
  await h?.close();
});

async function textOf(id: string): Promise<string> {
  const done = await h.pipeline.waitForStatus(id, finished);
  expect(done.status).toBe(DocumentStatus.COMPLETED);
  const { document } = await alice.client.request(DocumentDocument, { id });
  return document.text?.content ?? "";
}

describe("a document's OCR mode", () => {
  it("uploaded with ocrMode REDO, a sandwich PDF's earlier OCR is replaced by Folio's reading of the scan", async () => {
    const { uploadDocument } = await alice.client.upload(UploadDocumentDocument, { file: null, input: { ocrMode: "REDO" } }, {
      file: { data: await sandwichReceiptPdf(11), filename: "scanner.pdf", contentType: "application/pdf" },
    });
    expect(uploadDocument.document.ocrMode).toBe("REDO");
    const text = await textOf(uploadDocument.document.id);
    expect(text).toContain(RECEIPT.marker);
    expect(text).not.toContain(EARLIER_OCR_LINES[1]);
  });

  it("uploaded without one, the server's mode (skip) keeps the earlier OCR; reprocessing with ocrMode FORCE from a later step reads the page again", async () => {
    const { uploadDocument } = await alice.client.upload(UploadDocumentDocument, { file: null }, {
      file: { data: await sandwichReceiptPdf(12), filename: "scanner.pdf", contentType: "application/pdf" },
    });
    const id = uploadDocument.document.id;
    expect(uploadDocument.document.ocrMode).toBeNull();
    expect(await textOf(id)).toContain(EARLIER_OCR_LINES[1]);

    // Asked from classify, the run starts at extract_text: a change of OCR mode needs the text layer looked at again.
    const { reprocessDocument } = await alice.client.request(ReprocessDocumentDocument, { id, fromStep: "classify", ocrMode: "FORCE" });
    expect(reprocessDocument.ocrMode).toBe("FORCE");
    const text = await textOf(id);
    expect(text).toContain(RECEIPT.marker);
    expect(text).not.toContain(EARLIER_OCR_LINES[1]);
    const steps = (await alice.client.request(DocumentDocument, { id })).document.steps;
    expect(steps.find((s) => s.name === "ocr")).toMatchObject({ status: "SUCCEEDED" });
  });
});
