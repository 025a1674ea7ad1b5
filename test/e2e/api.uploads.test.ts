import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CancelDocumentDocument,
  DeleteDocumentDocument,
  DocumentDocument,
  DocumentsDocument,
  FolioClientError,
  ProcessDocumentDocument,
  ReprocessDocumentDocument,
  UploadDocumentDocument,
  UploadDocumentsDocument,
  type OnDuplicate,
  type UploadInput,
} from "../../src/client/index.js";
import { DocumentEntity, DocumentStatus } from "../../src/db/entities/index.js";
import { STEP_NAMES } from "../../src/common/step.names.js";
import { startApiHarness, type ApiHarness, type ApiUser } from "../support/api-harness.js";
import { uniqueId } from "../support/database.js";
import { INVOICE, invoicePdf, invoicePng } from "../support/fixtures.js";

/** The API with a worker and default limits. */
let h: ApiHarness;
/** The API without a worker and a 100 000-byte upload limit. */
let small: ApiHarness;
const SMALL_LIMIT = 100_000;

beforeAll(async () => {
  [h, small] = await Promise.all([startApiHarness(), startApiHarness({ withWorker: false, env: { MAX_UPLOAD_BYTES: String(SMALL_LIMIT) } })]);
});
afterAll(async () => {
  await h?.close();
  await small?.close();
});

/** Generated documents, each with its own content (and SHA-256). */
const FIXTURES: Record<string, () => Promise<Buffer>> = {
  "invoice.pdf": () => invoicePdf(),
  "invoice-a.pdf": () => invoicePdf("1001"),
  "invoice-b.pdf": () => invoicePdf("1002"),
  "invoice-c.pdf": () => invoicePdf("1003"),
  "invoice-scan.png": () => invoicePng(),
};
const fixture = (name: string) => FIXTURES[name]!();
const PDF = "application/pdf";

/** Upload one file through the SDK (uploadDocument). */
async function upload(user: ApiUser, bytes: Uint8Array, filename: string, contentType: string | undefined, input?: UploadInput) {
  const { uploadDocument } = await user.client.upload(UploadDocumentDocument, { file: null, input }, { file: { data: bytes, filename, contentType } });
  return uploadDocument;
}

/** What a rejected promise threw, asserting it is a FolioClientError. */
async function clientError(promise: Promise<unknown>): Promise<FolioClientError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(FolioClientError);
  return error as FolioClientError;
}

/** Every file (not directory) under `dir`, relative to it; [] when `dir` is absent. */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { recursive: true, withFileTypes: true }).catch((e: NodeJS.ErrnoException) => {
    if (e.code === "ENOENT") return [];
    throw e;
  });
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join("/"))
    .sort();
}

/** `promise`, or a rejection naming `what` when it does not settle within `ms` (a hung request fails fast and says so). */
function within<T>(ms: number, what: string, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

const exists = (p: string) => fs.stat(p).then(
  () => true,
  () => false,
);

const documentRows = (harness: ApiHarness, where: { ownerId?: string; idempotencyKey?: string; id?: string }) =>
  harness.pipeline.ctx.dataSource.getRepository(DocumentEntity).findBy(where);

const finished = [DocumentStatus.COMPLETED, DocumentStatus.FAILED, DocumentStatus.CANCELLED];

describe("uploading documents through the GraphQL API", () => {
  it("answers at once with the new document, QUEUED, before the pipeline has run", async () => {
    const alice = await h.createUser();
    const bytes = await fixture("invoice-a.pdf");
    const result = await upload(alice, bytes, "FlipkartInvoice.pdf", PDF);
    expect(result.created).toBe(true);
    expect(result.document).toMatchObject({ filename: "FlipkartInvoice.pdf", status: "QUEUED", held: false, progress: 0, labels: [], errorCode: null, completedAt: null });
    expect(result.document.id).toMatch(/^[0-9a-f-]{36}$/);
    // The document really exists and is then processed by the worker.
    const done = await h.pipeline.waitForStatus(result.document.id, finished);
    expect(done.status).toBe(DocumentStatus.COMPLETED);
    expect(done.ownerId).toBe(alice.id);
    expect(done.sizeBytes).toBe(bytes.length);
  });

  it("returns the same document for a repeated idempotency key of the same user, and a separate one for another user", async () => {
    const [alice, bob] = await Promise.all([h.createUser(), h.createUser()]);
    const bytes = await fixture("invoice-b.pdf");
    const key = `retry-${uniqueId()}`;

    const first = await upload(alice, bytes, "QualityHosting.pdf", PDF, { idempotencyKey: key });
    const again = await upload(alice, bytes, "QualityHosting.pdf", PDF, { idempotencyKey: key });
    expect(first.created).toBe(true);
    expect(again.created).toBe(false);
    expect(again.document.id).toBe(first.document.id);
    expect(await documentRows(h, { ownerId: alice.id, idempotencyKey: key })).toHaveLength(1);
    expect(await documentRows(h, { ownerId: alice.id })).toHaveLength(1);

    const bobs = await upload(bob, bytes, "QualityHosting.pdf", PDF, { idempotencyKey: key });
    expect(bobs.created).toBe(true);
    expect(bobs.document.id).not.toBe(first.document.id);
    expect(await documentRows(h, { ownerId: bob.id, idempotencyKey: key })).toHaveLength(1);
    expect(await documentRows(h, { ownerId: alice.id })).toHaveLength(1);
  });

  it("applies onDuplicate to a second upload of the same bytes: REJECT, RETURN_EXISTING, PROCESS_AGAIN and the default", async () => {
    const alice = await h.createUser();
    const bytes = await fixture("invoice-c.pdf");
    const first = await upload(alice, bytes, "coolblue1.pdf", PDF);
    expect(first.created).toBe(true);
    const firstId = first.document.id;
    const userDir = path.join(h.pipeline.storageDir, "users", alice.id);
    const storedBefore = await filesUnder(userDir);
    expect(storedBefore).toContain(`documents/${firstId}/original/coolblue1.pdf`);

    const rejected = await clientError(upload(alice, bytes, "again.pdf", PDF, { onDuplicate: "REJECT" }));
    expect(rejected.code).toBe("DUPLICATE_DOCUMENT");
    expect(rejected.errors[0]?.extensions?.documentId).toBe(firstId);
    expect(await documentRows(h, { ownerId: alice.id })).toHaveLength(1);
    // No object was left behind for the rejected upload (only the first document's files exist).
    expect((await filesUnder(userDir)).every((f) => f.startsWith(`documents/${firstId}/`))).toBe(true);

    const existing = await upload(alice, bytes, "again.pdf", PDF, { onDuplicate: "RETURN_EXISTING" });
    expect(existing.created).toBe(false);
    expect(existing.document.id).toBe(firstId);
    expect(existing.document.filename).toBe("coolblue1.pdf");
    expect(await documentRows(h, { ownerId: alice.id })).toHaveLength(1);
    expect((await filesUnder(userDir)).every((f) => f.startsWith(`documents/${firstId}/`))).toBe(true);

    const policies: (OnDuplicate | undefined)[] = ["PROCESS_AGAIN", undefined];
    const ids = new Set([firstId]);
    for (const onDuplicate of policies) {
      const again = await upload(alice, bytes, "again.pdf", PDF, onDuplicate ? { onDuplicate } : undefined);
      expect(again.created, String(onDuplicate)).toBe(true);
      expect(ids.has(again.document.id), String(onDuplicate)).toBe(false);
      ids.add(again.document.id);
    }
    expect(await documentRows(h, { ownerId: alice.id })).toHaveLength(3);
  });

  it("stops an upload over MAX_UPLOAD_BYTES mid-stream with FILE_TOO_LARGE, leaving no row and no object", async () => {
    const alice = await small.createUser();
    const tmpDir = path.join(small.pipeline.storageDir, ".tmp");
    const parts = async () => (await filesUnder(tmpDir)).filter((f) => f.endsWith(".part"));
    const partsBefore = await parts();

    const error = await clientError(upload(alice, randomBytes(300_000), "huge.pdf", PDF));
    expect(error.code).toBe("FILE_TOO_LARGE");

    expect(await documentRows(small, { ownerId: alice.id })).toEqual([]);
    expect(await filesUnder(path.join(small.pipeline.storageDir, "users", alice.id))).toEqual([]);
    // The temporary part file of the rejected write is gone too.
    expect(await parts()).toEqual(partsBefore);

    // The limit is exact: a file of exactly MAX_UPLOAD_BYTES is accepted.
    const atLimit = await upload(alice, randomBytes(SMALL_LIMIT), "at-limit.bin", undefined);
    expect(atLimit.created).toBe(true);
    expect(await documentRows(small, { ownerId: alice.id })).toHaveLength(1);
  });

  it("judges the declared type by content: a text file declared as PDF fails UNSUPPORTED_MEDIA_TYPE", async () => {
    const alice = await h.createUser();
    const text = Buffer.from("Dear Sir or Madam,\nthis is plain text pretending to be a PDF.\n".repeat(30));
    const { document } = await upload(alice, text, "letter.pdf", PDF);
    await h.pipeline.waitForStatus(document.id, finished);
    const { document: doc } = await alice.client.request(DocumentDocument, { id: document.id });
    expect(doc.status).toBe("FAILED");
    expect(doc.errorCode).toBe("UNSUPPORTED_MEDIA_TYPE");
    expect(doc.declaredContentType).toBe(PDF);
    // Nothing recognisable: the detected type is not the (false) declared one.
    expect(doc.detectedContentType).toBeNull();
    expect(doc.steps.find((s) => s.name === "detect")).toMatchObject({ status: "FAILED", errorCode: "UNSUPPORTED_MEDIA_TYPE" });
  });

  it("judges the declared type by content: a PNG declared as PDF is processed as an image", async () => {
    const alice = await h.createUser();
    const png = await fixture("invoice-scan.png");
    const { document } = await upload(alice, png, "AmazonWebServices.pdf", PDF);
    await h.pipeline.waitForStatus(document.id, finished);
    const { document: doc } = await alice.client.request(DocumentDocument, { id: document.id });
    expect(doc.errorCode).toBeNull();
    expect(doc.status).toBe("COMPLETED");
    expect(doc.declaredContentType).toBe(PDF);
    expect(doc.detectedContentType).toBe("image/png");
    const steps = Object.fromEntries(doc.steps.map((s) => [s.name, s]));
    expect(steps.detect?.output).toMatchObject({ mime: "image/png", mislabeled: true });
    expect(steps.extract_text?.status).toBe("SKIPPED");
    expect(steps.ocr?.status).toBe("SUCCEEDED");
    expect(doc.text?.content).toContain(INVOICE.marker);
  });

  it("holds a document uploaded with autoProcess: false until processDocument releases it", async () => {
    const alice = await h.createUser();
    const { created, document } = await upload(alice, await fixture("invoice-a.pdf"), "held.pdf", PDF, { autoProcess: false });
    expect(created).toBe(true);
    expect(document).toMatchObject({ status: "QUEUED", held: true });

    await new Promise((r) => setTimeout(r, 1_500));
    const { document: waiting } = await alice.client.request(DocumentDocument, { id: document.id });
    expect(waiting).toMatchObject({ status: "QUEUED", held: true, progress: 0, startedAt: null, attempts: 0 });
    expect(waiting.steps.map((s) => s.status)).toEqual(STEP_NAMES.map(() => "PENDING"));

    const { processDocument } = await alice.client.request(ProcessDocumentDocument, { id: document.id });
    expect(processDocument).toMatchObject({ id: document.id, held: false });
    const done = await h.pipeline.waitForStatus(document.id, finished);
    expect(done.status).toBe(DocumentStatus.COMPLETED);

    const conflict = await clientError(alice.client.request(ProcessDocumentDocument, { id: document.id }));
    expect(conflict.code).toBe("CONFLICT");
  });

  it("uploadDocuments gives each file its own outcome and derives per-file idempotency keys K:0, K:1, …", async () => {
    const alice = await small.createUser();
    const [a, b] = await Promise.all([fixture("invoice-a.pdf"), fixture("invoice-b.pdf")]);
    expect(a.length).toBeLessThan(SMALL_LIMIT);
    expect(b.length).toBeLessThan(SMALL_LIMIT);
    const oversize = randomBytes(3 * SMALL_LIMIT);
    const key = `batch-${uniqueId()}`;
    // The oversize file sits between the two good ones: its failure must not affect the files after it.
    const files = {
      "files.0": { data: a, filename: "FlipkartInvoice.pdf", contentType: PDF },
      "files.1": { data: oversize, filename: "too-big.pdf", contentType: PDF },
      "files.2": { data: b, filename: "QualityHosting.pdf", contentType: PDF },
    };
    const input = { idempotencyKey: key, labels: ["batch"] };
    const send = () => within(15_000, "uploadDocuments with an oversize file between two good ones", alice.client.upload(UploadDocumentsDocument, { files: [null, null, null], input }, files));

    const { uploadDocuments: outcomes } = await send();
    expect(outcomes.map((o) => o.filename)).toEqual(["FlipkartInvoice.pdf", "too-big.pdf", "QualityHosting.pdf"]);
    expect(outcomes[0]).toMatchObject({ created: true, error: null, document: { filename: "FlipkartInvoice.pdf", status: "QUEUED", labels: ["batch"] } });
    expect(outcomes[1]).toMatchObject({ created: false, document: null, error: { code: "FILE_TOO_LARGE" } });
    expect(outcomes[1]!.error!.message).toBeTruthy();
    expect(outcomes[2]).toMatchObject({ created: true, error: null, document: { filename: "QualityHosting.pdf", status: "QUEUED", labels: ["batch"] } });
    const ids = [outcomes[0]!.document!.id, outcomes[2]!.document!.id];
    expect(ids[0]).not.toBe(ids[1]);

    // Per-file keys: K:<index in the request>.
    const rows = await documentRows(small, { ownerId: alice.id });
    expect(Object.fromEntries(rows.map((r) => [r.idempotencyKey, r.id]))).toEqual({ [`${key}:0`]: ids[0], [`${key}:2`]: ids[1] });
    expect(await filesUnder(path.join(small.pipeline.storageDir, "users", alice.id))).toEqual(
      [`documents/${ids[0]}/original/FlipkartInvoice.pdf`, `documents/${ids[1]}/original/QualityHosting.pdf`].sort(),
    );

    // Repeating the request returns the same documents; the oversize file fails again.
    const { uploadDocuments: repeated } = await send();
    expect(repeated.map((o) => [o.filename, o.created, o.document?.id ?? null, o.error?.code ?? null])).toEqual([
      ["FlipkartInvoice.pdf", false, ids[0], null],
      ["too-big.pdf", false, null, "FILE_TOO_LARGE"],
      ["QualityHosting.pdf", false, ids[1], null],
    ]);
    // A single upload with the derived key finds the batch's document too.
    const single = await upload(alice, a, "FlipkartInvoice.pdf", PDF, { idempotencyKey: `${key}:0` });
    expect(single).toMatchObject({ created: false, document: { id: ids[0] } });
    expect(await documentRows(small, { ownerId: alice.id })).toHaveLength(2);
  });

  it("stores labels given at upload and finds the document by label", async () => {
    const alice = await h.createUser();
    const label = `client-${uniqueId()}`;
    const { document } = await upload(alice, await fixture("invoice-b.pdf"), "labelled.pdf", PDF, { labels: [label, "tax-2024"], autoProcess: false });
    expect(document.labels).toEqual([label, "tax-2024"]);
    const { document: fetched } = await alice.client.request(DocumentDocument, { id: document.id });
    expect(fetched.labels).toEqual([label, "tax-2024"]);

    // Another document of the same user without the label.
    const other = await upload(alice, await fixture("invoice-c.pdf"), "unlabelled.pdf", PDF, { autoProcess: false });

    const { documents } = await alice.client.request(DocumentsDocument, { filter: { label } });
    expect(documents.totalCount).toBe(1);
    expect(documents.edges.map((e) => e.node.id)).toEqual([document.id]);
    const { documents: tax } = await alice.client.request(DocumentsDocument, { filter: { label: "tax-2024" } });
    expect(tax.edges.map((e) => e.node.id)).toEqual([document.id]);
    const { documents: none } = await alice.client.request(DocumentsDocument, { filter: { label: `nobody-${uniqueId()}` } });
    expect(none.edges).toEqual([]);
    const { documents: all } = await alice.client.request(DocumentsDocument, {});
    expect(all.edges.map((e) => e.node.id).sort()).toEqual([document.id, other.document.id].sort());
  });

  it("serves the original bytes and the result JSON over signed links, and refuses a tampered signature", async () => {
    const alice = await h.createUser();
    const bytes = await fixture("invoice.pdf");
    const { document } = await upload(alice, bytes, "AmazonWebServices.pdf", PDF);
    await h.pipeline.waitForStatus(document.id, finished);
    const { document: doc } = await alice.client.request(DocumentDocument, { id: document.id });
    expect(doc.status).toBe("COMPLETED");
    expect(doc.documentType).toBe("invoice");

    const original = await fetch(doc.downloads.original);
    expect(original.status).toBe(200);
    expect(Buffer.from(await original.arrayBuffer()).equals(bytes)).toBe(true);

    expect(doc.downloads.result).toBeTruthy();
    const result = await fetch(doc.downloads.result!);
    expect(result.status).toBe(200);
    const json = (await result.json()) as { type: string; lineItems: unknown[] };
    expect(json.type).toBe(doc.documentType);
    // The schema exposes the line items with their money, page and box, as the result JSON has them.
    expect(doc.lineItems).toEqual([
      { description: INVOICE.item.description, quantity: null, unitPrice: null, amount: { amount: INVOICE.item.amount, currency: INVOICE.total.currency }, page: 1, confidence: expect.any(Number), box: expect.objectContaining({ x0: expect.any(Number) }) },
    ]);
    expect(json.lineItems).toHaveLength(1);

    expect(doc.downloads.text).toBeTruthy();
    const text = await fetch(doc.downloads.text!);
    expect(await text.text()).toContain(INVOICE.marker);

    const tampered = new URL(doc.downloads.original);
    const sig = tampered.searchParams.get("sig")!;
    tampered.searchParams.set("sig", (sig[0] === "A" ? "B" : "A") + sig.slice(1));
    expect((await fetch(tampered)).status).toBe(403);
    // Pointing a genuine signature at another key is refused too.
    const otherKey = new URL(doc.downloads.original);
    otherKey.searchParams.set("key", otherKey.searchParams.get("key")!.replace("/original/", "/processed/"));
    expect((await fetch(otherKey)).status).toBe(403);
  });

  it("reprocesses from a step, refuses to cancel a finished document, and deletes a document with its stored files", async () => {
    const alice = await h.createUser();
    const { document } = await upload(alice, await fixture("invoice-a.pdf"), "FlipkartInvoice.pdf", PDF);
    await h.pipeline.waitForStatus(document.id, finished);

    const { reprocessDocument } = await alice.client.request(ReprocessDocumentDocument, { id: document.id, fromStep: "classify" });
    expect(reprocessDocument).toMatchObject({ id: document.id, status: "QUEUED" });
    await h.pipeline.waitForStatus(document.id, finished);
    const { document: again } = await alice.client.request(DocumentDocument, { id: document.id });
    expect(again.status).toBe("COMPLETED");
    const attempts = Object.fromEntries(again.steps.map((s) => [s.name, s.attempts]));
    expect(attempts).toMatchObject({ detect: 1, extract_text: 1, classify: 2, extract_fields: 2, summarize: 2, searchable_pdf: 2, finalize: 2 });

    const conflict = await clientError(alice.client.request(CancelDocumentDocument, { id: document.id }));
    expect(conflict.code).toBe("CONFLICT");

    const docDir = path.join(h.pipeline.storageDir, "users", alice.id, "documents", document.id);
    expect(await filesUnder(docDir)).toEqual(expect.arrayContaining(["original/FlipkartInvoice.pdf", "processed/result.json", "processed/text.txt"]));
    const { deleteDocument } = await alice.client.request(DeleteDocumentDocument, { id: document.id });
    expect(deleteDocument).toBe(document.id);
    expect(await documentRows(h, { id: document.id })).toEqual([]);
    const gone = await clientError(alice.client.request(DocumentDocument, { id: document.id }));
    expect(gone.code).toBe("NOT_FOUND");
    expect(await filesUnder(docDir)).toEqual([]);
    // The document's directory itself is gone, not left behind as empty husks.
    expect(await exists(docDir)).toBe(false);
  });
});
