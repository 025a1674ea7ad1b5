import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DocumentDocument,
  DocumentEventsDocument,
  DocumentProgressDocument,
  UploadDocumentDocument,
  type EventFieldsFragment,
} from "../../src/client/index.js";
import { STEP_NAMES } from "../../src/pipeline/step.js";
import { startApiHarness, type ApiHarness, type ApiUser } from "../support/api-harness.js";
import { RECEIPT, receiptJpeg, scannedReceiptsPdf } from "../support/fixtures.js";
import { pdfJsPageTexts, wordsOf } from "../support/pdf-text.js";

let h: ApiHarness;
let alice: ApiUser;

beforeAll(async () => {
  h = await startApiHarness();
  alice = await h.createUser();
});
afterAll(async () => {
  await h?.close();
});

/** Read a subscription until it ends (or `stopWhen` says so), with a deadline. */
async function collect(iterator: AsyncIterableIterator<{ documentProgress: EventFieldsFragment }>, stopWhen?: (e: EventFieldsFragment) => boolean, timeoutMs = 120_000) {
  const events: EventFieldsFragment[] = [];
  const deadline = setTimeout(() => void iterator.return?.(), timeoutMs);
  try {
    for await (const { documentProgress } of iterator) {
      events.push(documentProgress);
      if (stopWhen?.(documentProgress)) break;
    }
  } finally {
    clearTimeout(deadline);
  }
  return events;
}

describe("live progress through the typed SDK and graphql-ws", () => {
  it("uploads a receipt, streams every step in order to COMPLETED, then serves the result and the original bytes", async () => {
    const bytes = await receiptJpeg();
    const { uploadDocument } = await alice.client.upload(UploadDocumentDocument, { file: null, input: { labels: ["e2e"] } }, {
      file: { data: bytes, filename: "000.jpg", contentType: "image/jpeg" },
    });
    expect(uploadDocument.created).toBe(true);
    const id = uploadDocument.document.id;

    const events = await collect(alice.client.subscribe(DocumentProgressDocument, { id, afterSeq: 0 }));
    // Every event once, in order, from the first, ending with completion (the stream ended by itself).
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    expect(events[0]!.type).toBe("document.queued");
    expect(events.at(-1)).toMatchObject({ type: "document.completed", documentStatus: "COMPLETED", progress: 100 });
    const started = events.filter((e) => e.type === "step.started").map((e) => e.step);
    expect(started).toEqual([...STEP_NAMES]);
    for (const step of STEP_NAMES) {
      const finished = events.find((e) => e.step === step && (e.type === "step.succeeded" || e.type === "step.skipped"));
      expect(finished, step).toBeDefined();
      expect(events.indexOf(finished!)).toBeGreaterThan(events.findIndex((e) => e.step === step && e.type === "step.started"));
    }
    expect(events.some((e) => e.type === "step.progress" && e.step === "ocr" && e.message === "page 1 of 1")).toBe(true);
    const progress = events.map((e) => e.progress);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));

    // The same history is queryable, and matches what was streamed.
    const history = await alice.client.request(DocumentEventsDocument, { id, afterSeq: 0, first: 1000 });
    expect(history.documentEvents.map((e) => [e.seq, e.type, e.step])).toEqual(events.map((e) => [e.seq, e.type, e.step]));

    const { document } = await alice.client.request(DocumentDocument, { id, textLimit: 100_000 });
    expect(document).toMatchObject({ status: "COMPLETED", documentType: "receipt", detectedContentType: "image/jpeg", pageCount: 1, labels: ["e2e"] });
    expect(document.text?.content).toContain(RECEIPT.marker);
    expect(document.fields.find((f) => f.name === "document_date")?.value).toBe("2018-12-25");
    // One field per name, each with its reading confidence and its alternatives; amounts carry their checks.
    expect(new Set(document.fields.map((f) => f.name)).size).toBe(document.fields.length);
    const total = document.fields.find((f) => f.name === "total");
    expect(total?.ocrConfidence).toBeGreaterThan(0);
    expect(Array.isArray(total?.alternatives)).toBe(true);
    expect(Array.isArray(total?.checks)).toBe(true);
    expect(document.steps.map((s) => s.status)).toEqual(["SUCCEEDED", "SKIPPED", "SUCCEEDED", "SUCCEEDED", "SUCCEEDED", "SUCCEEDED", "SUCCEEDED", "SUCCEEDED"]);

    const original = await fetch(document.downloads.original);
    expect(original.status).toBe(200);
    expect(Buffer.from(await original.arrayBuffer()).equals(bytes)).toBe(true);
    const result = (await (await fetch(document.downloads.result!)).json()) as { type: string; documentId: string; fields: unknown[] };
    expect(result).toMatchObject({ type: "receipt", documentId: id });
    const text = await (await fetch(document.downloads.text!)).text();
    expect(text).toBe(document.text!.content);
    // The searchable PDF: its invisible text, read by pdf.js, is the document's text.
    expect(document.downloads.searchablePdf).toBeTruthy();
    const searchable = await fetch(document.downloads.searchablePdf!);
    expect(searchable.status).toBe(200);
    const pdf = new Uint8Array(await searchable.arrayBuffer());
    expect(Buffer.from(pdf.subarray(0, 5)).toString("latin1")).toBe("%PDF-");
    const [pageText] = await pdfJsPageTexts(pdf);
    expect(wordsOf(pageText!)).toEqual(wordsOf(text));
  });

  it("a client that reconnects with afterSeq misses nothing and sees nothing twice", async () => {
    const { uploadDocument } = await alice.client.upload(UploadDocumentDocument, { file: null }, {
      file: { data: await scannedReceiptsPdf(3), filename: "three-receipts.pdf", contentType: "application/pdf" },
    });
    const id = uploadDocument.document.id;

    // First connection: drop it in the middle of OCR.
    const first = await collect(alice.client.subscribe(DocumentProgressDocument, { id, afterSeq: 0 }), (e) => e.type === "step.progress" && e.step === "ocr");
    expect(first.at(-1)!.type).toBe("step.progress");
    expect(first.some((e) => e.type === "document.completed")).toBe(false);
    await alice.client.close(); // the socket goes away entirely, as on a network drop

    // Let more events happen while disconnected.
    await new Promise((r) => setTimeout(r, 1_500));
    const lastSeen = first.at(-1)!.seq;
    const second = await collect(alice.client.subscribe(DocumentProgressDocument, { id, afterSeq: lastSeen }));
    expect(second[0]!.seq).toBe(lastSeen + 1);
    expect(second.at(-1)!.type).toBe("document.completed");

    const all = [...first, ...second].map((e) => e.seq);
    expect(all).toEqual(all.map((_, i) => i + 1)); // gap-free and no duplicates across the reconnect
    const logged = await alice.client.request(DocumentEventsDocument, { id, afterSeq: 0, first: 1000 });
    expect(logged.documentEvents.map((e) => e.seq)).toEqual(all);
  });

  it("subscribing after the end replays the whole history and ends", async () => {
    const { uploadDocument } = await alice.client.upload(UploadDocumentDocument, { file: null }, {
      file: { data: Buffer.alloc(0), filename: "empty.pdf", contentType: "application/pdf" },
    });
    await h.pipeline.waitForStatus(uploadDocument.document.id, ["FAILED"] as never);
    const events = await collect(alice.client.subscribe(DocumentProgressDocument, { id: uploadDocument.document.id, afterSeq: 0 }), undefined, 20_000);
    expect(events.at(-1)).toMatchObject({ type: "document.failed", documentStatus: "FAILED" });
    expect(events.at(-1)!.detail).toMatchObject({ code: "EMPTY_FILE" });
    // The same detail, typed by the schema: one object type per event type.
    const failedStep = events.find((e) => e.type === "step.failed")!;
    expect(failedStep.details).toMatchObject({ __typename: "StepFailedDetail", code: "EMPTY_FILE", durationMs: expect.any(Number), permanent: true, willRetry: false });
    expect(events.at(-1)!.details).toEqual({ __typename: "DocumentFailedDetail", code: "EMPTY_FILE", step: failedStep.step });
    expect(events[0]!.details).toMatchObject({ __typename: "DocumentQueuedDetail", sizeBytes: 0 });
    // Already past the end: nothing to send, and the stream still ends.
    const none = await collect(alice.client.subscribe(DocumentProgressDocument, { id: uploadDocument.document.id, afterSeq: events.at(-1)!.seq }), undefined, 20_000);
    expect(none).toEqual([]);
  });
});
