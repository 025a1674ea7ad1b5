import { execFile } from "node:child_process";
import { createHash, randomUUID } from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CompleteUploadDocument, FolioClientError, RequestUploadDocument, UploadLimitsDocument, uploadDirect, type RequestUploadMutation, type UploadInput } from "../../src/client/index.js";
import { DirectUploadEntity, DirectUploadStatus, DocumentEntity, DocumentStatus } from "../../src/db/entities/index.js";
import { sweepStorageOrphans } from "../../src/documents/storage-orphans.sweep.js";
import { startApiHarness, type ApiHarness, type ApiUser } from "../support/api-harness.js";
import { uniqueId } from "../support/database.js";
import { invoicePdf } from "../support/fixtures.js";
import { startS3Server, type TestS3Server } from "../support/s3rver.js";

/** The API with the s3 driver against s3rver, and a worker. */
let h: ApiHarness;
/** The API with the local driver (no worker). */
let local: ApiHarness;
let s3: TestS3Server;
const MAX_PENDING = 3;
const MAX_UPLOAD_BYTES = 5_000_000;

beforeAll(async () => {
  s3 = await startS3Server();
  [h, local] = await Promise.all([
    startApiHarness({
      env: {
        STORAGE_DRIVER: "s3",
        S3_ENDPOINT: s3.endpoint,
        S3_ACCESS_KEY: s3.accessKey,
        S3_SECRET_KEY: s3.secretKey,
        S3_BUCKET: `direct-${uniqueId()}`,
        MAX_PENDING_UPLOADS_PER_USER: String(MAX_PENDING),
        MAX_UPLOAD_BYTES: String(MAX_UPLOAD_BYTES),
      },
    }),
    startApiHarness({ withWorker: false }),
  ]);
});
afterAll(async () => {
  await h?.close();
  await local?.close();
  await s3?.stop();
});

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");
const PDF = "application/pdf";

type Ticket = RequestUploadMutation["requestUpload"];

async function requestUpload(user: ApiUser, bytes: Uint8Array, declared: { sizeBytes?: number; sha256?: string; filename?: string } = {}, input?: UploadInput): Promise<Ticket> {
  const { requestUpload: ticket } = await user.client.request(RequestUploadDocument, {
    file: { filename: declared.filename ?? "invoice.pdf", contentType: PDF, sizeBytes: declared.sizeBytes ?? bytes.length, sha256: declared.sha256 ?? sha256(bytes) },
    input: input ?? null,
  });
  return ticket;
}

/** PUT the bytes to the presigned URL as a client would: no API key, only the URL and its headers. */
async function put(ticket: Ticket, bytes: Uint8Array): Promise<void> {
  const response = await fetch(ticket.url, { method: ticket.method, headers: Object.fromEntries(ticket.headers.map((x) => [x.name, x.value])), body: new Blob([bytes as Uint8Array<ArrayBuffer>]) });
  expect(response.status).toBe(200);
  await response.body?.cancel();
}

const complete = (user: ApiUser, id: string) => user.client.request(CompleteUploadDocument, { id }).then((r) => r.completeUpload);

async function clientError(promise: Promise<unknown>): Promise<FolioClientError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(FolioClientError);
  return error as FolioClientError;
}

const documentsOf = (ownerId: string) => h.pipeline.ctx.dataSource.getRepository(DocumentEntity).findBy({ ownerId });
const uploadRow = (id: string) => h.pipeline.ctx.dataSource.getRepository(DirectUploadEntity).findOneByOrFail({ id });
const stagedKeys = (user: ApiUser, uploadId: string) => h.pipeline.ctx.store.list(`uploads/${user.id}/${uploadId}/`);
const documentKeys = (user: ApiUser) => h.pipeline.ctx.store.list(`users/${user.id}/`);

describe("direct uploads to the object store (s3 driver)", () => {
  it("request → PUT to the presigned URL → complete: the document is verified, recorded, queued and processed to COMPLETED", async () => {
    const alice = await h.createUser();
    const bytes = await invoicePdf(`D-${uniqueId()}`);
    const result = await uploadDirect(alice.client, { data: bytes, filename: "Direct Invoice.pdf", contentType: PDF }, { input: { labels: ["direct"], ocrMode: "FORCE" } });
    expect(result.created).toBe(true);
    expect(result.document).toMatchObject({ filename: "Direct Invoice.pdf", status: "QUEUED", labels: ["direct"], ocrMode: "FORCE" });

    const done = await h.pipeline.waitForStatus(result.document.id, [DocumentStatus.COMPLETED, DocumentStatus.FAILED, DocumentStatus.CANCELLED]);
    expect(done.status).toBe(DocumentStatus.COMPLETED);
    expect(done).toMatchObject({ ownerId: alice.id, sizeBytes: bytes.length, sha256: sha256(bytes), documentType: "invoice", ocrMode: "force" });
    // The document has its own copy; the staged object the client wrote is gone.
    const original = await h.pipeline.ctx.store.stat(done.rawKey);
    expect(original?.sizeBytes).toBe(bytes.length);
    const uploads = await h.pipeline.ctx.dataSource.getRepository(DirectUploadEntity).findBy({ ownerId: alice.id });
    expect(uploads).toHaveLength(1);
    expect(uploads[0]).toMatchObject({ status: DirectUploadStatus.COMPLETED, documentId: done.id });
    expect(await stagedKeys(alice, uploads[0]!.id)).toEqual([]);
  });

  it("records one document however often completeUpload is called, one after another or at the same time", async () => {
    const alice = await h.createUser();
    const bytes = await invoicePdf(`T-${uniqueId()}`);
    const ticket = await requestUpload(alice, bytes, {}, { autoProcess: false, pdfPassword: "not needed" });
    await put(ticket, bytes);

    const together = await Promise.all([complete(alice, ticket.id), complete(alice, ticket.id), complete(alice, ticket.id)]);
    const later = await complete(alice, ticket.id);
    const all = [...together, later];
    expect(new Set(all.map((r) => r.document.id)).size).toBe(1);
    expect(all.filter((r) => r.created)).toHaveLength(1);
    expect(later.created).toBe(false);
    expect(await documentsOf(alice.id)).toHaveLength(1);
    // The sealed password went to the document; the upload row keeps no copy.
    const row = await h.pipeline.ctx.dataSource.getRepository(DirectUploadEntity).findOneOrFail({ where: { id: ticket.id }, select: { id: true, pdfPasswordEnc: true } });
    expect(row.pdfPasswordEnc).toBeNull();
    const doc = await h.pipeline.ctx.dataSource.getRepository(DocumentEntity).findOneOrFail({ where: { id: later.document.id }, select: { id: true, pdfPasswordEnc: true } });
    expect(doc.pdfPasswordEnc).toBeTruthy();
  });

  it("records one document when two API instances complete the same upload at the same time", async () => {
    const alice = await h.createUser();
    const bytes = await invoicePdf(`R-${uniqueId()}`);
    const ticket = await requestUpload(alice, bytes, {}, { autoProcess: false });
    await put(ticket, bytes);
    // A second service on the same database and store stands in for another API instance (no shared in-process state).
    const { DirectUploadService } = await import("../../src/documents/direct-upload.service.js");
    const { SecretBox } = await import("../../src/auth/secret-box.js");
    const other = new DirectUploadService({
      dataSource: h.pipeline.ctx.dataSource,
      store: h.pipeline.ctx.store,
      intake: h.api.services.pipeline.intake,
      secrets: new SecretBox(h.pipeline.config.signingSecret),
      maxUploadBytes: MAX_UPLOAD_BYTES,
      ttlSeconds: 600,
      maxPendingPerUser: MAX_PENDING,
    });
    const [viaApi, viaOther] = await Promise.all([complete(alice, ticket.id), other.complete(alice.id, ticket.id)]);
    expect(viaOther.document.id).toBe(viaApi.document.id);
    expect([viaApi.created, viaOther.created].filter(Boolean)).toHaveLength(1);
    expect(await documentsOf(alice.id)).toHaveLength(1);
    // The loser's copy was removed: the owner's prefix holds only the winner's original.
    expect(await documentKeys(alice)).toEqual([(await documentsOf(alice.id))[0]!.rawKey]);
  });

  it("answers with the recorded document when another instance settles the upload and removes its staged object mid-completion", async () => {
    const alice = await h.createUser();
    const bytes = await invoicePdf(`G-${uniqueId()}`);
    const ticket = await requestUpload(alice, bytes, {}, { autoProcess: false });
    await put(ticket, bytes);
    const { DirectUploadService } = await import("../../src/documents/direct-upload.service.js");
    const { SecretBox } = await import("../../src/auth/secret-box.js");
    // The second instance's copy of the staged object starts only once the API has completed the upload (and removed
    // the staged object): the interleaving that loses the object under load, made certain.
    const real = h.pipeline.ctx.store;
    let apiDone!: () => void;
    const apiCompleted = new Promise<void>((resolve) => (apiDone = resolve));
    const lateStore = Object.create(real) as typeof real;
    lateStore.copy = async (from, to) => {
      await apiCompleted;
      return real.copy(from, to);
    };
    const other = new DirectUploadService({
      dataSource: h.pipeline.ctx.dataSource,
      store: lateStore,
      intake: h.api.services.pipeline.intake,
      secrets: new SecretBox(h.pipeline.config.signingSecret),
      maxUploadBytes: MAX_UPLOAD_BYTES,
      ttlSeconds: 600,
      maxPendingPerUser: MAX_PENDING,
    });
    const viaOther = other.complete(alice.id, ticket.id);
    const viaApi = await complete(alice, ticket.id);
    apiDone();
    const late = await viaOther;
    expect(late).toMatchObject({ created: false, document: { id: viaApi.document.id } });
    expect(await documentsOf(alice.id)).toHaveLength(1);
    expect(await documentKeys(alice)).toEqual([(await documentsOf(alice.id))[0]!.rawKey]);
  });

  it("refuses an object of another size than declared with UPLOAD_SIZE_MISMATCH, removes it and keeps refusing", async () => {
    const alice = await h.createUser();
    const bytes = await invoicePdf(`S-${uniqueId()}`);
    const ticket = await requestUpload(alice, bytes, { sizeBytes: bytes.length + 1 });
    await put(ticket, bytes);

    const error = await clientError(complete(alice, ticket.id));
    expect(error.code).toBe("UPLOAD_SIZE_MISMATCH");
    expect(error.errors[0]?.extensions).toMatchObject({ declared: bytes.length + 1, received: bytes.length });
    expect(await stagedKeys(alice, ticket.id)).toEqual([]);
    expect(await documentKeys(alice)).toEqual([]);
    expect(await documentsOf(alice.id)).toHaveLength(0);
    expect((await uploadRow(ticket.id)).status).toBe(DirectUploadStatus.FAILED);
    expect((await clientError(complete(alice, ticket.id))).code).toBe("UPLOAD_SIZE_MISMATCH");
  });

  it("refuses an object whose SHA-256 is not the declared one with UPLOAD_CHECKSUM_MISMATCH and deletes it", async () => {
    const alice = await h.createUser();
    const bytes = await invoicePdf(`C-${uniqueId()}`);
    const ticket = await requestUpload(alice, bytes, { sha256: sha256(Buffer.from("something else")) });
    await put(ticket, bytes);

    const error = await clientError(complete(alice, ticket.id));
    expect(error.code).toBe("UPLOAD_CHECKSUM_MISMATCH");
    expect(error.errors[0]?.extensions?.received).toBe(sha256(bytes));
    expect(await stagedKeys(alice, ticket.id)).toEqual([]);
    expect(await documentKeys(alice)).toEqual([]);
    expect(await documentsOf(alice.id)).toHaveLength(0);
    expect((await clientError(complete(alice, ticket.id))).code).toBe("UPLOAD_CHECKSUM_MISMATCH");
  });

  it("answers UPLOAD_NOT_RECEIVED before the PUT, and completes once the file is there", async () => {
    const alice = await h.createUser();
    const bytes = await invoicePdf(`N-${uniqueId()}`);
    const ticket = await requestUpload(alice, bytes, {}, { autoProcess: false });
    expect((await clientError(complete(alice, ticket.id))).code).toBe("UPLOAD_NOT_RECEIVED");
    await put(ticket, bytes);
    expect((await complete(alice, ticket.id)).created).toBe(true);
  });

  it("answers UPLOAD_NOT_FOUND for unknown ids and for another user's upload, and UPLOAD_EXPIRED after the expiry", async () => {
    const [alice, bob] = await Promise.all([h.createUser(), h.createUser()]);
    expect((await clientError(complete(alice, randomUUID()))).code).toBe("UPLOAD_NOT_FOUND");
    expect((await clientError(complete(alice, "not-an-id"))).code).toBe("UPLOAD_NOT_FOUND");

    const bytes = await invoicePdf(`A-${uniqueId()}`);
    const ticket = await requestUpload(alice, bytes, {}, { autoProcess: false });
    await put(ticket, bytes);
    expect((await clientError(complete(bob, ticket.id))).code).toBe("UPLOAD_NOT_FOUND");
    expect(await documentsOf(bob.id)).toHaveLength(0);
    expect((await uploadRow(ticket.id)).status).toBe(DirectUploadStatus.PENDING);

    const late = await requestUpload(alice, bytes, {}, { autoProcess: false });
    await put(late, bytes);
    await h.pipeline.ctx.dataSource.getRepository(DirectUploadEntity).update({ id: late.id }, { expiresAt: new Date(Date.now() - 1_000) });
    expect((await clientError(complete(alice, late.id))).code).toBe("UPLOAD_EXPIRED");

    // Bob's attempt changed nothing: Alice still completes her upload.
    const mine = await complete(alice, ticket.id);
    expect(mine.created).toBe(true);
    expect((await documentsOf(alice.id)).map((d) => d.id)).toEqual([mine.document.id]);
  });

  it("applies intake's checks when the upload is requested: size limit, filename policy, pending-upload quota", async () => {
    const alice = await h.createUser();
    const bytes = Buffer.from("x");
    expect((await clientError(requestUpload(alice, bytes, { sizeBytes: MAX_UPLOAD_BYTES + 1 }))).code).toBe("FILE_TOO_LARGE");
    expect((await clientError(requestUpload(alice, bytes, { filename: "../../etc/passwd\u0000.pdf" }))).code).toBe("VALIDATION_FAILED");
    expect((await clientError(requestUpload(alice, bytes, { sha256: "abc" }))).code).toBe("VALIDATION_FAILED");
    for (let i = 0; i < MAX_PENDING; i++) await requestUpload(alice, bytes);
    const over = await clientError(requestUpload(alice, bytes));
    expect(over.code).toBe("LIMIT_EXCEEDED");
  });

  it("leaves what never completes to the storage sweep: expired uploads lose their staged object and their row", async () => {
    const alice = await h.createUser();
    const bytes = await invoicePdf(`W-${uniqueId()}`);
    const abandoned = await requestUpload(alice, bytes);
    await put(abandoned, bytes);
    const live = await requestUpload(alice, bytes);
    await put(live, bytes);
    await h.pipeline.ctx.dataSource.getRepository(DirectUploadEntity).update({ id: abandoned.id }, { expiresAt: new Date(Date.now() - 3_600_000) });

    // An hour on, with a one-minute grace: the abandoned upload is past it, the live one (expiring later) is not.
    const result = await sweepStorageOrphans({ dataSource: h.pipeline.ctx.dataSource, store: h.pipeline.ctx.store, graceMs: 60_000, now: () => new Date(Date.now() + 3_600_000 - 1_000) });
    expect(result.stagedUploads).toBeGreaterThanOrEqual(1);
    expect(await stagedKeys(alice, abandoned.id)).toEqual([]);
    expect(await h.pipeline.ctx.dataSource.getRepository(DirectUploadEntity).existsBy({ id: abandoned.id })).toBe(false);
    expect(await stagedKeys(alice, live.id)).toHaveLength(1);
    expect((await complete(alice, live.id)).created).toBe(true);
  });
});

describe("uploadLimits: what a client needs to choose how to send a file", () => {
  it("offers direct uploads from DIRECT_UPLOAD_MIN_BYTES (default 64 MiB) up to MAX_UPLOAD_BYTES with the s3 driver, none with the local driver", async () => {
    const alice = await h.createUser();
    expect((await alice.client.request(UploadLimitsDocument)).uploadLimits).toEqual({
      maxBytes: MAX_UPLOAD_BYTES,
      directUploads: true,
      directUploadMinBytes: 64 * 1024 * 1024,
      directUploadMaxBytes: MAX_UPLOAD_BYTES,
    });
    const bob = await local.createUser();
    expect((await bob.client.request(UploadLimitsDocument)).uploadLimits).toEqual({ maxBytes: 100 * 1024 * 1024, directUploads: false, directUploadMinBytes: null, directUploadMaxBytes: null });
  });
});

describe("deleting a user", () => {
  it("removes the objects their direct uploads staged, completed or not", async () => {
    const alice = await h.createUser();
    const bytes = await invoicePdf(`U-${uniqueId()}`);
    const pending = await requestUpload(alice, bytes);
    await put(pending, bytes);
    expect(await h.pipeline.ctx.store.list(`uploads/${alice.id}/`)).toHaveLength(1);
    await h.pipeline.ctx.users.delete(alice.id);
    expect(await h.pipeline.ctx.store.list(`uploads/${alice.id}/`)).toEqual([]);
    expect(await h.pipeline.ctx.dataSource.getRepository(DirectUploadEntity).countBy({ ownerId: alice.id })).toBe(0);
  });
});

describe("direct uploads with the local storage driver", () => {
  it("are DIRECT_UPLOAD_UNSUPPORTED (request and complete), and the SDK helper reports the same code", async () => {
    const alice = await local.createUser();
    const bytes = Buffer.from("local bytes");
    const requested = await clientError(alice.client.request(RequestUploadDocument, { file: { filename: "a.pdf", contentType: PDF, sizeBytes: bytes.length, sha256: sha256(bytes) } }));
    expect(requested.code).toBe("DIRECT_UPLOAD_UNSUPPORTED");
    expect((await clientError(complete(alice, randomUUID()))).code).toBe("DIRECT_UPLOAD_UNSUPPORTED");
    expect((await clientError(uploadDirect(alice.client, { data: bytes, filename: "a.pdf" }))).code).toBe("DIRECT_UPLOAD_UNSUPPORTED");
  });
});

describe("folio upload (CLI)", () => {
  /** The real CLI from source in a child process, configured only through FOLIO_URL and FOLIO_API_KEY. */
  async function folio(harness: ApiHarness, user: ApiUser, args: string[]) {
    const inherited = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(DATABASE_URL|REDIS_URL|FOLIO_|STORAGE_|S3_|INIT_CWD$|npm_)/.test(k)));
    try {
      const { stdout } = await promisify(execFile)(process.execPath, ["--import", "tsx", "src/main.ts", ...args], {
        env: { ...inherited, FOLIO_URL: harness.url, FOLIO_API_KEY: user.apiKey },
        timeout: 120_000,
      });
      return { code: 0, results: JSON.parse(stdout) as { documentId: string | null; errorCode: string | null }[] };
    } catch (error) {
      const e = error as { code: number; stdout: string; stderr: string };
      throw new Error(`folio exited with ${e.code}: ${e.stdout}${e.stderr}`);
    }
  }

  it("sends files from --direct-above MiB straight to the object store on an s3 server, and through the API on a local one", { timeout: 300_000 }, async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), "folio-direct-cli-"));
    try {
      const file = path.join(dir, "invoice.pdf");
      await fs.writeFile(file, await invoicePdf(`L-${uniqueId()}`));

      const alice = await h.createUser();
      const viaS3 = await folio(h, alice, ["upload", file, "--no-wait", "--json", "--direct-above", "0"]);
      expect(viaS3.results[0]?.errorCode).toBeNull();
      const uploads = await h.pipeline.ctx.dataSource.getRepository(DirectUploadEntity).findBy({ ownerId: alice.id });
      expect(uploads.map((u) => [u.status, u.documentId])).toEqual([[DirectUploadStatus.COMPLETED, viaS3.results[0]!.documentId]]);

      // Under the threshold (the 64 MiB default): through the API, no direct upload.
      const bob = await h.createUser();
      const small = await folio(h, bob, ["upload", file, "--no-wait", "--json"]);
      expect(small.results[0]?.documentId).toBeTruthy();
      expect(await h.pipeline.ctx.dataSource.getRepository(DirectUploadEntity).countBy({ ownerId: bob.id })).toBe(0);

      // A local-storage server answers DIRECT_UPLOAD_UNSUPPORTED; the CLI falls back to the API.
      const carol = await local.createUser();
      const viaApi = await folio(local, carol, ["upload", file, "--no-wait", "--json", "--direct-above", "0"]);
      expect(viaApi.results[0]?.errorCode).toBeNull();
      expect(await local.pipeline.ctx.dataSource.getRepository(DocumentEntity).countBy({ ownerId: carol.id })).toBe(1);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
