import { createHash } from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LocalObjectStore, verifyDownloadSignature } from "../../src/storage/local.store.js";
import type { ObjectStore } from "../../src/storage/object-store.js";
import { S3ObjectStore } from "../../src/storage/s3.store.js";
import { uniqueId } from "../support/database.js";
import { startS3Server, type TestS3Server } from "../support/s3rver.js";

async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks);
}

const sha256 = (data: Buffer) => createHash("sha256").update(data).digest("hex");

/** A stream of `total` bytes in `chunk`-sized pieces, produced lazily so the test itself holds little memory. */
function generated(total: number, chunk = 64 * 1024): Readable {
  let sent = 0;
  const block = Buffer.alloc(chunk);
  for (let i = 0; i < chunk; i++) block[i] = (i * 31 + 7) & 0xff;
  return new Readable({
    read() {
      if (sent >= total) return void this.push(null);
      const n = Math.min(chunk, total - sent);
      block.writeUInt32BE(sent >>> 0, 0); // vary the content so identical parts do not hide bugs
      this.push(Buffer.from(block.subarray(0, n)));
      sent += n;
    },
  });
}

function hashOfGenerated(total: number): Promise<string> {
  const hash = createHash("sha256");
  return new Promise((resolve, reject) => {
    generated(total)
      .on("data", (c: Buffer) => hash.update(c))
      .on("end", () => resolve(hash.digest("hex")))
      .on("error", reject);
  });
}

interface Driver {
  name: string;
  setUp(): Promise<ObjectStore>;
  tearDown(): Promise<void>;
}

let s3: TestS3Server | undefined;
let localDir: string | undefined;

const drivers: Driver[] = [
  {
    name: "local",
    async setUp() {
      localDir = await fs.mkdtemp(path.join(os.tmpdir(), "folio-local-store-"));
      return new LocalObjectStore({ dir: localDir, publicUrl: "http://folio.test", signingSecret: "s".repeat(32) });
    },
    async tearDown() {
      if (localDir) await fs.rm(localDir, { recursive: true, force: true });
    },
  },
  {
    name: "s3",
    async setUp() {
      s3 = await startS3Server();
      return new S3ObjectStore({
        endpoint: s3.endpoint,
        region: "us-east-1",
        bucket: `folio-test-${uniqueId()}`,
        accessKey: s3.accessKey,
        secretKey: s3.secretKey,
        pathStyle: true,
        partSizeBytes: 8 * 1024 * 1024,
        createBucket: true,
      });
    },
    async tearDown() {
      await s3?.stop();
    },
  },
];

describe.each(drivers)("ObjectStore contract: $name driver", (driver) => {
  let store: ObjectStore;
  const prefix = `contract-${uniqueId()}/`;

  beforeAll(async () => {
    store = await driver.setUp();
    await store.init();
  });
  afterAll(async () => {
    await store.close();
    await driver.tearDown();
  });

  it("sweeps incomplete writes without failing, even where the server cannot list them", async () => {
    const result = await store.sweepIncomplete(new Date(Date.now() - 60_000));
    expect(result.removed).toBe(0);
    // s3rver lacks ListMultipartUploads: the sweep says so instead of throwing.
    if (driver.name === "s3") expect(result.unsupported === undefined || typeof result.unsupported === "string").toBe(true);
    else expect(result.unsupported).toBeUndefined();
  });

  it("stores a stream and reports its size and sha256", async () => {
    const data = Buffer.from("hello, folio\n".repeat(1000));
    const result = await store.put(`${prefix}a/hello.txt`, Readable.from([data]), { maxBytes: 1_000_000, contentType: "text/plain" });
    expect(result).toEqual({ key: `${prefix}a/hello.txt`, sizeBytes: data.length, sha256: sha256(data) });
    expect(await readAll(await store.get(`${prefix}a/hello.txt`))).toEqual(data);
    const stat = await store.stat(`${prefix}a/hello.txt`);
    expect(stat?.sizeBytes).toBe(data.length);
    expect(stat?.lastModified).toBeInstanceOf(Date);
  });

  it("stores an empty object", async () => {
    const result = await store.put(`${prefix}empty.bin`, Readable.from([]), { maxBytes: 10 });
    expect(result.sizeBytes).toBe(0);
    expect(result.sha256).toBe(sha256(Buffer.alloc(0)));
    expect((await readAll(await store.get(`${prefix}empty.bin`))).length).toBe(0);
  });

  it("overwrites an existing key", async () => {
    await store.put(`${prefix}over.txt`, Readable.from([Buffer.from("first")]), { maxBytes: 100 });
    await store.put(`${prefix}over.txt`, Readable.from([Buffer.from("second")]), { maxBytes: 100 });
    expect((await readAll(await store.get(`${prefix}over.txt`))).toString()).toBe("second");
  });

  it("copies an object to another key (the source stays), and reports a missing source as NOT_FOUND", async () => {
    const data = Buffer.from("copy me\n".repeat(500));
    await store.put(`${prefix}copy/source.txt`, Readable.from([data]), { maxBytes: 1_000_000 });
    await store.copy(`${prefix}copy/source.txt`, `${prefix}copy/deeper/target.txt`);
    expect(await readAll(await store.get(`${prefix}copy/deeper/target.txt`))).toEqual(data);
    expect(await readAll(await store.get(`${prefix}copy/source.txt`))).toEqual(data);
    await expect(store.copy(`${prefix}copy/missing.txt`, `${prefix}copy/never.txt`)).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await store.stat(`${prefix}copy/never.txt`)).toBeNull();
  });

  it("presigns a PUT that writes the object without credentials (s3), or refuses with DIRECT_UPLOAD_UNSUPPORTED (local)", async () => {
    if (!store.directUploads) {
      await expect(store.presignPut(`${prefix}direct/file.bin`, { expiresInSeconds: 60 })).rejects.toMatchObject({ code: "DIRECT_UPLOAD_UNSUPPORTED" });
      return;
    }
    const data = Buffer.from("sent straight to the store\n".repeat(100));
    const put = await store.presignPut(`${prefix}direct/file.bin`, { expiresInSeconds: 60 });
    expect(put.method).toBe("PUT");
    const response = await fetch(put.url, { method: put.method, headers: { ...put.headers, "content-type": "application/octet-stream" }, body: data });
    expect(response.status).toBe(200);
    await response.body?.cancel();
    expect(await readAll(await store.get(`${prefix}direct/file.bin`))).toEqual(data);
  });

  it("reports a missing object: stat is null, get is NOT_FOUND, delete is a no-op", async () => {
    expect(await store.stat(`${prefix}missing`)).toBeNull();
    await expect(store.get(`${prefix}missing`)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(store.delete(`${prefix}missing`)).resolves.toBeUndefined();
  });

  it("lists by prefix in lexical order and deletes one and then all", async () => {
    const p = `${prefix}list/`;
    for (const name of ["b.txt", "a.txt", "sub/c.txt"]) {
      await store.put(`${p}${name}`, Readable.from([Buffer.from(name)]), { maxBytes: 100 });
    }
    await store.put(`${prefix}listing-neighbour.txt`, Readable.from([Buffer.from("x")]), { maxBytes: 100 });
    expect(await store.list(p)).toEqual([`${p}a.txt`, `${p}b.txt`, `${p}sub/c.txt`]);
    await store.delete(`${p}a.txt`);
    expect(await store.list(p)).toEqual([`${p}b.txt`, `${p}sub/c.txt`]);
    expect(await store.deletePrefix(p)).toBe(2);
    expect(await store.list(p)).toEqual([]);
    expect(await store.stat(`${prefix}listing-neighbour.txt`)).not.toBeNull();
  });

  it("aborts a write past the byte limit with FILE_TOO_LARGE and leaves nothing behind", async () => {
    const key = `${prefix}too-big.bin`;
    await expect(store.put(key, generated(300_000), { maxBytes: 100_000 })).rejects.toMatchObject({ code: "FILE_TOO_LARGE" });
    expect(await store.stat(key)).toBeNull();
    expect(await store.list(`${prefix}too-big`)).toEqual([]);
  });

  it("aborts a multipart-sized write past the limit and leaves nothing behind", async () => {
    const key = `${prefix}too-big-multipart.bin`;
    const limit = 20 * 1024 * 1024;
    await expect(store.put(key, generated(limit + 5 * 1024 * 1024), { maxBytes: limit })).rejects.toMatchObject({ code: "FILE_TOO_LARGE" });
    expect(await store.stat(key)).toBeNull();
  });

  it("keeps an earlier object when a write to the same key fails", async () => {
    const key = `${prefix}keep.txt`;
    await store.put(key, Readable.from([Buffer.from("original")]), { maxBytes: 100 });
    await expect(store.put(key, generated(1000), { maxBytes: 100 })).rejects.toMatchObject({ code: "FILE_TOO_LARGE" });
    expect((await readAll(await store.get(key))).toString()).toBe("original");
  });

  it("rejects a source stream that fails midway, storing nothing", async () => {
    const key = `${prefix}broken-source.bin`;
    const source = new Readable({
      read() {
        this.destroy(new Error("client went away"));
      },
    });
    await expect(store.put(key, source, { maxBytes: 1000 })).rejects.toThrow();
    expect(await store.stat(key)).toBeNull();
  });

  it.each([
    ["../escape", "a parent segment"],
    ["a/../../etc/passwd", "a parent segment inside"],
    ["/absolute/path", "an absolute path"],
    ["a//b", "an empty segment"],
    ["nul\0byte", "a NUL byte"],
    ["back\\slash", "a backslash"],
    ["./here", "a dot segment"],
    ["", "an empty key"],
  ])("rejects the hostile key %j (%s) before touching storage", async (key) => {
    await expect(store.put(key, Readable.from([Buffer.from("x")]), { maxBytes: 10 })).rejects.toMatchObject({ code: "VALIDATION_FAILED" });
    await expect(store.get(key)).rejects.toMatchObject({ code: "VALIDATION_FAILED" });
    await expect(store.delete(key)).rejects.toMatchObject({ code: "VALIDATION_FAILED" });
  });

  it("rejects a hostile prefix for listing", async () => {
    await expect(store.list("../")).rejects.toMatchObject({ code: "VALIDATION_FAILED" });
  });

  it("issues a time-limited download URL", async () => {
    const key = `${prefix}download/report.txt`;
    await store.put(key, Readable.from([Buffer.from("download me")]), { maxBytes: 100 });
    const url = new URL(await store.downloadUrl(key, { expiresInSeconds: 60, filename: "report.txt" }));
    if (driver.name === "s3") {
      const response = await fetch(url);
      expect(response.status).toBe(200);
      expect(await response.text()).toBe("download me");
      expect(url.searchParams.get("X-Amz-Expires")).toBe("60");
    } else {
      const params = Object.fromEntries(url.searchParams) as { key: string; expires: string; sig: string; filename?: string };
      expect(params.key).toBe(key);
      expect(verifyDownloadSignature("s".repeat(32), params)).toBe(true);
      expect(verifyDownloadSignature("s".repeat(32), { ...params, key: `${prefix}download/other.txt` })).toBe(false);
      expect(verifyDownloadSignature("t".repeat(32), params)).toBe(false);
      expect(verifyDownloadSignature("s".repeat(32), params, (Number(params.expires) + 1) * 1000)).toBe(false);
    }
  });

  it("streams a 200 MB put with under 64 MB of memory growth and the right hash", async () => {
    const total = 200 * 1024 * 1024;
    const expectedHash = await hashOfGenerated(total);
    global.gc?.();
    const baseline = process.memoryUsage().rss;
    let peak = baseline;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 20);
    try {
      const result = await store.put(`${prefix}big.bin`, generated(total), { maxBytes: total });
      expect(result.sizeBytes).toBe(total);
      expect(result.sha256).toBe(expectedHash);
    } finally {
      clearInterval(sampler);
    }
    peak = Math.max(peak, process.memoryUsage().rss);
    const growthMb = (peak - baseline) / (1024 * 1024);
    expect(growthMb).toBeLessThan(64);
    expect((await store.stat(`${prefix}big.bin`))?.sizeBytes).toBe(total);
    await store.delete(`${prefix}big.bin`);
  }, 180_000);
});
