import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DocumentPagesDocument,
  DocumentProgressDocument,
  UploadDocumentDocument,
  applyEvent,
  initialProgress,
  type DocumentPagesQuery,
  type EventFieldsFragment,
} from "../../src/client/index.js";
import { startApiHarness, type ApiHarness, type ApiUser } from "../support/api-harness.js";
import { scannedReceiptsPdf } from "../support/fixtures.js";

/*
 * Partial results: each page of a scanned PDF is announced on the
 * subscription (`document.page`) and readable through `Document.pages` as
 * soon as it is read, before the document completes.
 */

let h: ApiHarness;
let alice: ApiUser;

beforeAll(async () => {
  // Fan-out from 3 pages; one OCR worker, so pages are read one after another and the document is still running after the first.
  h = await startApiHarness({ env: { OCR_FANOUT_MIN_PAGES: "3", OCR_WORKERS: "1", OCR_REREAD_MAX_REGIONS: "0" } });
  alice = await h.createUser();
});
afterAll(async () => {
  await h?.close();
});

describe("partial results through the typed SDK and graphql-ws", () => {
  it("announces every page on the subscription before document.completed, and Document.pages shows finished pages while the document runs", async () => {
    const { uploadDocument } = await alice.client.upload(UploadDocumentDocument, { file: null }, {
      file: { data: await scannedReceiptsPdf(3), filename: "three-receipts.pdf", contentType: "application/pdf" },
    });
    const id = uploadDocument.document.id;

    const events: EventFieldsFragment[] = [];
    let whileRunning: DocumentPagesQuery["document"] | undefined;
    const stream = alice.client.subscribe(DocumentProgressDocument, { id, afterSeq: 0 });
    const deadline = setTimeout(() => void stream.return?.(), 200_000);
    try {
      for await (const { documentProgress } of stream) {
        events.push(documentProgress);
        // At the first page announced, the page is readable though the document has not completed.
        if (documentProgress.type === "document.page" && whileRunning === undefined) whileRunning = (await alice.client.request(DocumentPagesDocument, { id })).document;
        if (documentProgress.type === "document.completed" || documentProgress.type === "document.failed") break;
      }
    } finally {
      clearTimeout(deadline);
    }

    expect(events.at(-1)?.type).toBe("document.completed");
    const pages = events.filter((e) => e.type === "document.page");
    expect(pages).toHaveLength(3);
    for (const page of pages) {
      expect(page.details).toMatchObject({ __typename: "DocumentPageDetail", pageCount: 3, pagesTotal: 3, fannedOut: true });
    }
    expect(pages.map((e) => (e.details as { pagesDone: number }).pagesDone)).toEqual([1, 2, 3]);

    expect(whileRunning?.status).toBe("PROCESSING");
    const first = (pages[0]!.details as { page: number }).page;
    expect(whileRunning?.pages.find((p) => p.number === first)).toMatchObject({ status: "DONE", text: expect.stringContaining("RECEIPT") });

    // The client fold counts the pages; the final pages field holds all three.
    const folded = events.reduce(applyEvent, initialProgress("QUEUED"));
    expect(folded.pages).toMatchObject({ done: 3, total: 3 });
    expect([...folded.pages!.read].sort()).toEqual([1, 2, 3]);
    const { document } = await alice.client.request(DocumentPagesDocument, { id });
    expect(document?.pages.map((p) => [p.number, p.status])).toEqual([
      [1, "DONE"],
      [2, "DONE"],
      [3, "DONE"],
    ]);
  }, 240_000);
});
