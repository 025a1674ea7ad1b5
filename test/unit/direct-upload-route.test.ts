import { createHash } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { shouldUploadDirect, uploadDirect, type DirectUploadStage, type UploadLimits } from "../../src/client/direct-upload.js";
import { FolioClientError, type FolioClient } from "../../src/client/folio-client.js";

const MiB = 1024 * 1024;
const s3: UploadLimits = { maxBytes: 2048 * MiB, directUploads: true, directUploadMinBytes: 64 * MiB, directUploadMaxBytes: 1024 * MiB };
const local: UploadLimits = { maxBytes: 100 * MiB, directUploads: false, directUploadMinBytes: null, directUploadMaxBytes: null };

describe("which files go straight to the object store", () => {
  it("with direct uploads on offer: from directUploadMinBytes (inclusive) up to directUploadMaxBytes (inclusive)", () => {
    expect(shouldUploadDirect(64 * MiB - 1, s3)).toBe(false);
    expect(shouldUploadDirect(64 * MiB, s3)).toBe(true);
    expect(shouldUploadDirect(1024 * MiB, s3)).toBe(true);
    // Above S3's one-copy limit but within MAX_UPLOAD_BYTES: the API can still relay it.
    expect(shouldUploadDirect(1024 * MiB + 1, s3)).toBe(false);
    // A threshold of 0 sends every file directly.
    expect(shouldUploadDirect(0, { ...s3, directUploadMinBytes: 0 })).toBe(true);
  });

  it("never without direct uploads (local storage) or when the limits are unknown (older server, failed query)", () => {
    expect(shouldUploadDirect(500 * MiB, local)).toBe(false);
    expect(shouldUploadDirect(500 * MiB, null)).toBe(false);
    expect(shouldUploadDirect(500 * MiB, { ...s3, directUploadMinBytes: null })).toBe(false);
  });
});

/** A stand-in for the browser's XMLHttpRequest that answers with `status` and `body`. */
function fakeXhr(status: number, body = "", options: { networkError?: boolean } = {}) {
  const sent: { method: string; url: string; headers: Record<string, string>; body: Blob | null }[] = [];
  class FakeXhr {
    upload: { onprogress: ((e: { loaded: number; total: number; lengthComputable: boolean }) => void) | null } = { onprogress: null };
    onerror: (() => void) | null = null;
    onload: (() => void) | null = null;
    status = 0;
    responseText = "";
    private request = { method: "", url: "", headers: {} as Record<string, string>, body: null as Blob | null };
    open(method: string, url: string) {
      this.request.method = method;
      this.request.url = url;
    }
    setRequestHeader(name: string, value: string) {
      this.request.headers[name] = value;
    }
    send(payload: Blob) {
      this.request.body = payload;
      sent.push(this.request);
      queueMicrotask(() => {
        this.upload.onprogress?.({ loaded: payload.size / 2, total: payload.size, lengthComputable: true });
        this.upload.onprogress?.({ loaded: payload.size, total: payload.size, lengthComputable: true });
        if (options.networkError) return this.onerror?.();
        this.status = status;
        this.responseText = body;
        this.onload?.();
      });
    }
  }
  return { FakeXhr, sent };
}

/** A client whose requestUpload and completeUpload answer like the server. */
function fakeClient() {
  const operations: { name: string; variables: unknown }[] = [];
  const client = {
    request: (document: { definitions: { name?: { value: string } }[] }, variables: unknown) => {
      const name = document.definitions[0]!.name!.value;
      operations.push({ name, variables });
      if (name === "RequestUpload")
        return Promise.resolve({ requestUpload: { id: "u1", method: "PUT", url: "http://store.test/bucket/key?X-Amz-Signature=s", headers: [{ name: "content-type", value: "application/pdf" }], expiresAt: "2030-01-01T00:00:00Z" } });
      if (name === "CompleteUpload") return Promise.resolve({ completeUpload: { created: true, document: { id: "d1", status: "QUEUED" } } });
      return Promise.reject(new Error(`unexpected ${name}`));
    },
  };
  return { client: client as unknown as FolioClient, operations };
}

const globals = globalThis as { XMLHttpRequest?: unknown };
afterEach(() => {
  delete globals.XMLHttpRequest;
});

describe("uploadDirect in a browser (XMLHttpRequest, with progress)", () => {
  const bytes = new TextEncoder().encode("%PDF-1.4 a file of some size");
  const file = { data: new Blob([bytes]), filename: "big.pdf", contentType: "application/pdf" };

  it("hashes, declares the file, PUTs it to the presigned URL with the given headers and progress, then completes", async () => {
    const { FakeXhr, sent } = fakeXhr(200);
    globals.XMLHttpRequest = FakeXhr;
    const { client, operations } = fakeClient();
    const stages: DirectUploadStage[] = [];
    const progress: number[] = [];
    const result = await uploadDirect(client, file, { onStage: (s) => stages.push(s), onProgress: (p) => progress.push(p.loaded) });

    expect(result.document.id).toBe("d1");
    expect(stages).toEqual(["hashing", "sending", "verifying"]);
    expect(operations.map((o) => o.name)).toEqual(["RequestUpload", "CompleteUpload"]);
    expect(operations[0]!.variables).toMatchObject({ file: { filename: "big.pdf", sizeBytes: bytes.length, sha256: createHash("sha256").update(bytes).digest("hex") } });
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ method: "PUT", url: "http://store.test/bucket/key?X-Amz-Signature=s", headers: { "content-type": "application/pdf" } });
    expect(sent[0]!.body).toBe(file.data);
    expect(progress).toEqual([bytes.length / 2, bytes.length]);
  });

  it("a refused PUT is UPLOAD_TRANSFER_FAILED with the store's HTTP status and S3 error code, and nothing is completed", async () => {
    const { FakeXhr } = fakeXhr(403, "<?xml version='1.0'?><Error><Code>SignatureDoesNotMatch</Code><Message>…</Message></Error>");
    globals.XMLHttpRequest = FakeXhr;
    const { client, operations } = fakeClient();
    const error = (await uploadDirect(client, file, { onProgress: () => undefined }).catch((e: unknown) => e)) as FolioClientError;
    expect(error).toBeInstanceOf(FolioClientError);
    expect(error.code).toBe("UPLOAD_TRANSFER_FAILED");
    expect(error.httpStatus).toBe(403);
    expect(error.message).toContain("SignatureDoesNotMatch");
    expect(operations.map((o) => o.name)).toEqual(["RequestUpload"]);
  });

  it("a PUT the page cannot make (unreachable store, or CORS not allowing this origin) says so", async () => {
    const { FakeXhr } = fakeXhr(0, "", { networkError: true });
    globals.XMLHttpRequest = FakeXhr;
    const { client } = fakeClient();
    const error = (await uploadDirect(client, file, { onProgress: () => undefined }).catch((e: unknown) => e)) as FolioClientError;
    expect(error.code).toBe("UPLOAD_TRANSFER_FAILED");
    expect(error.message).toMatch(/CORS/);
  });
});
