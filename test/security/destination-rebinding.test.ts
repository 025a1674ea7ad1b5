/**
 * Security issue, item 7: DNS rebinding on HTTP and S3 destinations. The
 * senders checked the address a destination's host resolved to, and then
 * `fetch` (HTTP) or the minio client (S3) resolved the name again, so a name
 * server answering "public" to the check and "127.0.0.1" to the connection got
 * the delivery sent into the server's own network.
 *
 * The name here is `localhost` (the system resolver answers 127.0.0.1), and the
 * check is given an injected resolver that answers 127.0.0.2 first (allowed by
 * the operator's allow-list, standing in for a public address) and 127.0.0.1
 * afterwards. Two real HTTP servers listen on the same port: the "internal" one
 * on 127.0.0.1 must never be hit; the checked one on 127.0.0.2 gets the request.
 */
import fs from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { DestinationEntity } from "../../src/db/entities/index.js";
import { sendToDestination, type DeliveryPayload, type SendOptions } from "../../src/destinations/destination.senders.js";
import { AppError } from "../../src/errors/app.error.js";
import { LocalObjectStore } from "../../src/storage/local.store.js";
import { S3ObjectStore } from "../../src/storage/s3.store.js";
import { WebhookAllowList, type HostResolver, type ResolvedAddress } from "../../src/outbound/outbound.address.js";
import { startS3Server } from "../support/s3rver.js";

const hits = { internal: 0, checked: 0 };
let internal: http.Server;
let checked: http.Server;
let port: number;
let storeDir: string;
let store: LocalObjectStore;
const payload: DeliveryPayload = { documentId: "00000000-0000-4000-8000-000000000001", resultKey: "results/doc/result.json", textKey: "results/doc/text.txt" };

function listen(server: http.Server, host: string, onPort: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(onPort, host, () => resolve());
  });
}

/** Answers "checked" addresses first, then rebinds to loopback: the attacker's name server. */
function rebindingResolver(first: ResolvedAddress[]): HostResolver & { calls: number } {
  const resolver = Object.assign(
    async (): Promise<ResolvedAddress[]> => {
      resolver.calls += 1;
      return resolver.calls === 1 ? first : [{ address: "127.0.0.1", family: 4 }];
    },
    { calls: 0 },
  );
  return resolver;
}

function options(resolve: HostResolver): SendOptions {
  // The operator allowed 127.0.0.2 only (as if it were a public receiver); 127.0.0.1 stays forbidden.
  return { store, timeoutMs: 5_000, allowList: new WebhookAllowList(["127.0.0.2"]), resolve };
}

const httpDestination = () => ({ name: "rebind", kind: "http", active: true, config: { url: `http://localhost:${port}/ingest` } }) as unknown as DestinationEntity;
const s3Destination = () =>
  ({
    name: "rebind-s3",
    kind: "s3",
    active: true,
    config: { endpoint: `http://localhost:${port}`, region: "us-east-1", bucket: "results", prefix: "folio/", accessKey: "AK", pathStyle: true },
  }) as unknown as DestinationEntity;

beforeAll(async () => {
  internal = http.createServer((req, res) => {
    hits.internal += 1;
    req.resume();
    res.writeHead(200).end("internal service reached");
  });
  await listen(internal, "127.0.0.1", 0);
  port = (internal.address() as AddressInfo).port;
  checked = http.createServer((req, res) => {
    hits.checked += 1;
    req.resume();
    req.on("end", () => res.writeHead(200, { "content-type": "text/plain" }).end("ok"));
  });
  await listen(checked, "127.0.0.2", port);

  storeDir = await fs.mkdtemp(path.join(os.tmpdir(), "folio-rebind-"));
  store = new LocalObjectStore({ dir: storeDir, publicUrl: "http://127.0.0.1", signingSecret: "rebinding-test-signing-secret-0123456789" });
  await store.init();
  await store.put(payload.resultKey, Readable.from([Buffer.from('{"ok":true}')]), { maxBytes: 1024 });
  await store.put(payload.textKey, Readable.from([Buffer.from("text")]), { maxBytes: 1024 });
});

afterAll(async () => {
  await new Promise((r) => internal?.close(r));
  await new Promise((r) => checked?.close(r));
  if (storeDir) await fs.rm(storeDir, { recursive: true, force: true });
});

beforeEach(() => {
  hits.internal = 0;
  hits.checked = 0;
});

describe("destinations connect only to the address that was checked", () => {
  it("HTTP: a name rebound to 127.0.0.1 after the check is never connected to", async () => {
    const resolver = rebindingResolver([{ address: "127.0.0.2", family: 4 }]);
    const outcome = await sendToDestination(httpDestination(), null, payload, options(resolver));
    expect(hits.internal).toBe(0);
    expect(hits.checked).toBe(1);
    expect(outcome).toMatchObject({ statusCode: 200 });
    expect(resolver.calls).toBe(1); // one resolution: the connection did not ask again
  });

  it("S3: the minio client connects to the checked address, not to a rebound one", async () => {
    const resolver = rebindingResolver([{ address: "127.0.0.2", family: 4 }]);
    // The checked server is no S3 server, so the copy fails; what matters is where the requests went.
    await sendToDestination(s3Destination(), "secret", payload, options(resolver)).catch((error: unknown) => error);
    expect(hits.internal).toBe(0);
    expect(hits.checked).toBeGreaterThan(0);
    expect(resolver.calls).toBe(1);
  });

  it.each([
    ["HTTP", httpDestination, null],
    ["S3", s3Destination, "secret"],
  ] as const)("%s: a name that resolves to 127.0.0.1 at the check is refused with WEBHOOK_URL_FORBIDDEN", async (_kind, destination, secret) => {
    const resolver = rebindingResolver([{ address: "127.0.0.1", family: 4 }]);
    const error = await sendToDestination(destination(), secret, payload, options(resolver)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe("WEBHOOK_URL_FORBIDDEN");
    expect(hits.internal + hits.checked).toBe(0);
  });

  it("S3: a pinned delivery by name still completes against a real S3 server (s3rver)", async () => {
    const s3 = await startS3Server();
    try {
      const s3Port = new URL(s3.endpoint).port;
      const bucket = "pinned-results";
      await new S3ObjectStore({ endpoint: s3.endpoint, region: "us-east-1", bucket, accessKey: s3.accessKey, secretKey: s3.secretKey, pathStyle: true, partSizeBytes: 5 * 1024 * 1024, createBucket: true }).init();
      const destination = {
        name: "pinned",
        kind: "s3",
        active: true,
        config: { endpoint: `http://localhost:${s3Port}`, region: "us-east-1", bucket, prefix: "folio/", accessKey: s3.accessKey, pathStyle: true },
      } as unknown as DestinationEntity;
      const resolver = rebindingResolver([{ address: "127.0.0.1", family: 4 }]);
      const outcome = await sendToDestination(destination, s3.secretKey, payload, { store, timeoutMs: 5_000, allowList: new WebhookAllowList(["127.0.0.1"]), resolve: resolver });
      expect(outcome).toEqual({ bucket, keys: [`folio/${payload.documentId}/result.json`, `folio/${payload.documentId}/text.txt`] });
      expect(resolver.calls).toBe(1);
    } finally {
      await s3.stop();
    }
  });
});
