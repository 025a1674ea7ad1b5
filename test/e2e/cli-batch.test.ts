/**
 * `folio upload` of many files: a batch larger than the account's upload budget, and a server that goes away in
 * the middle of a batch. A user who uploads a folder of scans must neither lose the documents already accepted
 * nor have every file past the budget fail.
 */
import fs from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FileResult } from "../../src/cli/client-output.js";
import { startApiHarness, type ApiHarness } from "../support/api-harness.js";
import { runFolioCli } from "../support/cli-process.js";
import { invoicePdf, receiptJpeg } from "../support/fixtures.js";

const SLOW = { timeout: 240_000 };
const WINDOW_SECONDS = 2;

let h: ApiHarness;
let tmp: string;
let files: string[];

beforeAll(async () => {
  h = await startApiHarness({ withWorker: false, env: { UPLOAD_RATE_LIMIT: "2", RATE_LIMIT_WINDOW_SECONDS: String(WINDOW_SECONDS) } });
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), "folio-cli-batch-"));
  files = [];
  for (let i = 1; i <= 4; i++) {
    const file = path.join(tmp, `invoice-${i}.pdf`);
    await fs.writeFile(file, await invoicePdf(`7300000${i}`));
    files.push(file);
  }
});
afterAll(async () => {
  await h?.close();
  if (tmp) await fs.rm(tmp, { recursive: true, force: true });
});

/**
 * An HTTP proxy to the real server that answers one request and then goes away: it stops listening and closes
 * its connections once that answer is out, as a server does when it is stopped between two uploads.
 */
async function serverGoneAfterOneAnswer(target: string): Promise<{ url: string; close(): void }> {
  const upstream = new URL(target);
  const server = http.createServer((req, res) => {
    const forwarded = http.request({ host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    req.pipe(forwarded);
    res.once("finish", () => {
      server.close();
      server.closeIdleConnections();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => server.closeAllConnections() };
}

describe("folio upload of a batch", () => {
  it("waits out the upload budget when the server says RATE_LIMITED and uploads every file of a batch larger than it", SLOW, async () => {
    const user = await h.createUser();
    const run = await runFolioCli(["upload", ...files, "--json", "--no-wait"], { url: h.url, apiKey: user.apiKey });
    expect(run.stderr).toMatch(/upload budget used up; retrying in \d+ s/);
    expect(run.code).toBe(0);
    const results = JSON.parse(run.stdout) as FileResult[];
    expect(results.map((r) => [path.basename(r.file), r.status, r.errorCode])).toEqual(files.map((f) => [path.basename(f), "QUEUED", null]));
    expect(new Set(results.map((r) => r.documentId)).size).toBe(files.length);
  });

  it("still reports the files already uploaded when the server goes away mid-batch, and the rest as not uploaded", SLOW, async () => {
    const user = await h.createUser();
    const proxy = await serverGoneAfterOneAnswer(h.url);
    try {
      const run = await runFolioCli(["upload", ...files.slice(0, 3), "--json", "--no-wait"], { url: proxy.url, apiKey: user.apiKey });
      expect(run.code).toBe(1);
      expect(run.stderr).toContain("folio: UNREACHABLE:");
      const results = JSON.parse(run.stdout) as FileResult[];
      expect(results[0]).toMatchObject({ status: "QUEUED", errorCode: null });
      expect(results[0]?.documentId).toEqual(expect.any(String));
      expect(results.slice(1).map((r) => [path.basename(r.file), r.status, r.errorCode, r.documentId])).toEqual(
        files.slice(1, 3).map((f) => [path.basename(f), "FAILED", "UNREACHABLE", null]),
      );
      expect(results[1]?.errorMessage).toMatch(/^not uploaded: cannot reach the server/);
    } finally {
      proxy.close();
    }
  });
});

describe("folio upload of more files than the server lets one socket follow", () => {
  let small: ApiHarness;
  beforeAll(async () => {
    small = await startApiHarness({ env: { MAX_SUBSCRIPTIONS_PER_SOCKET: "2", WORKER_CONCURRENCY: "1" } });
  });
  afterAll(async () => {
    await small?.close();
  });

  it("follows every document to its end, waiting for room when the server refuses one more subscription", SLOW, async () => {
    const user = await small.createUser();
    const receipts: string[] = [];
    // Enough receipts, read one at a time, that the last ones wait longer for room than the resubscribe budget lasts.
    for (let i = 0; i < 16; i++) {
      const file = path.join(tmp, `receipt-${i}.jpg`);
      await fs.writeFile(file, await receiptJpeg(i));
      receipts.push(file);
    }
    const run = await runFolioCli(["upload", ...receipts, "--json"], { url: small.url, apiKey: user.apiKey });
    const results = JSON.parse(run.stdout) as FileResult[];
    expect(results.map((r) => [path.basename(r.file), r.status, r.errorCode])).toEqual(receipts.map((f) => [path.basename(f), "COMPLETED", null]));
    expect(run.code).toBe(0);
  });
});
