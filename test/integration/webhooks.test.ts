import { createHmac, randomUUID } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CreateWebhookDocument,
  DeleteDocumentDocument,
  DeleteWebhookDocument,
  FolioClientError,
  RedeliverWebhookDocument,
  RotateWebhookSecretDocument,
  UpdateWebhookDocument,
  WebhookDeliveriesDocument,
  WebhookEventsDocument,
  WebhooksDocument,
  type FolioClient,
} from "../../src/client/index.js";
import { DeliveryStatus, DocumentEntity, DocumentStatus, WebhookDeliveryAttemptEntity, WebhookDeliveryEntity } from "../../src/db/entities/index.js";
import { Queue } from "bullmq";
import { bullConnection } from "../../src/queue/unique-job.queue.js";
import { insertDeliveries, type WebhookPayload } from "../../src/webhooks/outbox.js";
import { WEBHOOKS_QUEUE } from "../../src/webhooks/webhook.queue.js";
import { WebhookSender } from "../../src/webhooks/sender.js";
import { WebhookService } from "../../src/webhooks/webhook.service.js";
import { invoicePdf } from "../support/fixtures.js";
import { startApiHarness, type ApiHarness } from "../support/api-harness.js";


// ─── a local receiver ───────────────────────────────────────────────────────

interface Received {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  at: number;
}

/** Records every request; `responders[path]` decides the answer (default 200). */
class Receiver {
  readonly requests: Received[] = [];
  readonly responders = new Map<string, (n: number) => number>();
  private server!: http.Server;
  port = 0;

  async start(): Promise<void> {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        const pathname = new URL(req.url ?? "/", "http://x").pathname;
        this.requests.push({ path: pathname, headers: req.headers, body: Buffer.concat(chunks).toString("utf8"), at: performance.now() });
        const n = this.on(pathname).length;
        const status = this.responders.get(pathname)?.(n) ?? 200;
        res.writeHead(status, { "content-type": "text/plain" }).end(`answer ${n} from ${pathname}: ${status}`);
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  url(pathname: string, host = "127.0.0.1"): string {
    return `http://${host}:${this.port}${pathname}`;
  }

  on(pathname: string): Received[] {
    return this.requests.filter((r) => r.path === pathname);
  }

  async waitFor(pathname: string, count: number, timeoutMs = 60_000): Promise<Received[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.on(pathname).length < count) {
      if (Date.now() > deadline) throw new Error(`${pathname}: ${this.on(pathname).length} of ${count} requests after ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 50));
    }
    return this.on(pathname);
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** What a receiver does: recompute the HMAC over `${t}.${body}` and compare. */
function verify(secret: string, header: string | string[] | undefined, body: string): boolean {
  const value = String(header ?? "");
  const t = /(?:^|,)t=(\d+)/.exec(value)?.[1];
  const v1 = /(?:^|,)v1=([0-9a-f]{64})/.exec(value)?.[1];
  if (!t || !v1) return false;
  if (Math.abs(Date.now() / 1000 - Number(t)) > 300) return false;
  return createHmac("sha256", secret).update(`${t}.${body}`).digest("hex") === v1;
}

async function failure(promise: Promise<unknown>): Promise<FolioClientError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof FolioClientError) return error;
    throw error;
  }
  throw new Error("expected the operation to fail");
}

async function createHook(client: FolioClient, url: string, events: string[]) {
  return (await client.request(CreateWebhookDocument, { input: { url, events, description: "test receiver" } })).createWebhook;
}

async function deliveries(client: FolioClient, webhookId: string) {
  return (await client.request(WebhookDeliveriesDocument, { webhookId, first: 50 })).webhookDeliveries;
}

/** Wait until a delivery reaches a final status in the log. */
async function waitForDelivery(client: FolioClient, webhookId: string, deliveryId: string, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = (await deliveries(client, webhookId)).find((d) => d.id === deliveryId);
    if (found && found.status !== "PENDING") return found;
    if (Date.now() > deadline) throw new Error(`delivery ${deliveryId} still ${found?.status ?? "missing"}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

// ─── setup ──────────────────────────────────────────────────────────────────

let h: ApiHarness;
const receiver = new Receiver();

beforeAll(async () => {
  await receiver.start();
  h = await startApiHarness({ env: { WEBHOOK_ALLOWED_HOSTS: "127.0.0.1", WEBHOOK_BACKOFF_MS: "200", WEBHOOK_MAX_ATTEMPTS: "5" } });
});
afterAll(async () => {
  await h?.close();
  await receiver.close();
});

describe("webhooks", () => {
  // Shared by the delivery, redelivery, delete and rotation cases.
  let client: FolioClient;
  let userId: string;
  let webhookId: string;
  let secret: string;
  let documentId: string;
  let firstDeliveryId: string;

  it("delivers a signed document.completed POST without the document's text", { timeout: 180_000 }, async () => {
    const user = await h.createUser();
    ({ client, id: userId } = user);
    expect((await client.request(WebhookEventsDocument)).webhookEvents).toEqual(["document.completed", "document.failed", "document.cancelled", "document.deleted", "document.corrected"]);
    const created = await createHook(client, receiver.url("/t1"), ["document.completed"]);
    ({ secret } = created);
    webhookId = created.webhook.id;
    expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(created.webhook).toMatchObject({ url: receiver.url("/t1"), events: ["document.completed"], active: true });
    const listed = (await client.request(WebhooksDocument)).webhooks;
    expect(listed.map((w) => w.id)).toEqual([webhookId]);
    expect(JSON.stringify(listed)).not.toContain(secret);

    const submitted = await h.pipeline.submitBytes(userId, await invoicePdf(), "invoice.pdf");
    documentId = submitted.id;
    const doc = await h.pipeline.waitForStatus(documentId, [DocumentStatus.COMPLETED, DocumentStatus.FAILED]);
    expect(doc.status).toBe(DocumentStatus.COMPLETED);

    const [request] = await receiver.waitFor("/t1", 1);
    const { headers, body } = request!;
    expect(headers["content-type"]).toBe("application/json");
    expect(headers["user-agent"]).toBe("Folio-Webhooks/1");
    expect(headers["folio-event"]).toBe("document.completed");
    expect(verify(secret, headers["folio-signature"], body)).toBe(true);
    // A tampered body (or another secret) does not verify.
    expect(verify(secret, headers["folio-signature"], body.replace("COMPLETED", "FAILED"))).toBe(false);
    expect(verify(`${secret}x`, headers["folio-signature"], body)).toBe(false);

    const payload = JSON.parse(body) as WebhookPayload & { links: Record<string, string> };
    firstDeliveryId = payload.id;
    expect(headers["folio-delivery"]).toBe(payload.id);
    expect(payload.event).toBe("document.completed");
    expect(Date.parse(payload.createdAt)).not.toBeNaN();
    expect(payload.document).toEqual({ id: documentId, status: "COMPLETED", documentType: doc.documentType, summary: doc.summary, errorCode: null });
    expect(doc.documentType).toBeTruthy();
    expect(payload.links.document).toBe(`${h.url}/graphql`);
    expect(payload.links.hint).toContain(documentId);
    // Never the text: no text field, and no long run of the extracted text anywhere in the body.
    const stored = await h.pipeline.ctx.dataSource.getRepository(DocumentEntity).findOneByOrFail({ id: documentId });
    expect(stored.extractedText?.length).toBeGreaterThan(200);
    expect(body).not.toContain(stored.extractedText!.slice(100, 160));
    expect(Object.keys(payload)).not.toContain("text");

    const log = await waitForDelivery(client, webhookId, payload.id);
    expect(log).toMatchObject({ status: "SUCCEEDED", attemptCount: 1, documentId, event: "document.completed", lastStatusCode: 200 });
    expect(log.attempts).toHaveLength(1);
    expect(log.attempts[0]).toMatchObject({ attempt: 1, statusCode: 200, error: null, nextRetryAt: null });
    expect(log.attempts[0]!.responseExcerpt).toContain("answer 1 from /t1");
    // Exactly one POST for one event.
    await new Promise((r) => setTimeout(r, 500));
    expect(receiver.on("/t1")).toHaveLength(1);
  });

  it("retries a failing receiver with growing delays and logs every attempt", { timeout: 180_000 }, async () => {
    const { client: c2, id } = await h.createUser();
    receiver.responders.set("/t2", (n) => (n <= 2 ? 500 : 200));
    const { webhook } = await createHook(c2, receiver.url("/t2"), ["document.completed", "document.failed"]);
    const doc = await h.pipeline.submitBytes(id, await invoicePdf(), "invoice.pdf");
    await h.pipeline.waitForStatus(doc.id, [DocumentStatus.COMPLETED, DocumentStatus.FAILED]);
    // The delivery is a job on the deployment's own BullMQ "webhooks" queue (job id = delivery id), retried by BullMQ.
    const [first] = await receiver.waitFor("/t2", 1);
    const webhookJobs = new Queue(WEBHOOKS_QUEUE, { connection: bullConnection(h.pipeline.config.redisUrl), prefix: h.pipeline.config.queue.prefix });
    try {
      const job = await webhookJobs.getJob(String(first!.headers["folio-delivery"]));
      expect(job?.opts).toMatchObject({ attempts: 5, backoff: { delay: 200 } });
      expect(["active", "delayed", "waiting"]).toContain(await job!.getState());
    } finally {
      await webhookJobs.close();
    }
    const got = await receiver.waitFor("/t2", 3);
    const [a, b, c] = got.map((r) => r.at);
    const gap1 = b! - a!;
    const gap2 = c! - b!;
    expect(gap1).toBeGreaterThanOrEqual(190); // backoff 200 ms (+ ≤ 10 % jitter)
    expect(gap2).toBeGreaterThanOrEqual(380); // 400 ms
    expect(gap2).toBeGreaterThan(gap1);
    // Every attempt carries the same delivery id, freshly signed.
    expect(new Set(got.map((r) => r.headers["folio-delivery"])).size).toBe(1);

    const [log] = await deliveries(c2, webhook.id);
    const final = await waitForDelivery(c2, webhook.id, log!.id);
    expect(final.status).toBe("SUCCEEDED");
    expect(final.attemptCount).toBe(3);
    expect(final.attempts.map((t) => t.statusCode)).toEqual([500, 500, 200]);
    expect(final.attempts.map((t) => t.attempt)).toEqual([1, 2, 3]);
    expect(final.attempts[0]!.nextRetryAt).not.toBeNull();
    expect(final.attempts[2]!.nextRetryAt).toBeNull();
    expect(final.attempts[0]!.responseExcerpt).toContain(": 500");
    expect(final.attempts.every((t) => t.latencyMs >= 0)).toBe(true);
    await new Promise((r) => setTimeout(r, 600));
    expect(receiver.on("/t2")).toHaveLength(3);
  });

  it("refuses private addresses at registration without an allow-list", { timeout: 120_000 }, async () => {
    const strict = await startApiHarness({ withWorker: false });
    try {
      const { client: c } = await strict.createUser();
      for (const url of ["http://127.0.0.1:9/x", "http://10.0.0.1/", "http://[::1]/", "http://169.254.169.254/latest/meta-data", "http://[::ffff:127.0.0.1]/", "http://localhost:8080/"]) {
        const error = await failure(createHook(c, url, ["document.completed"]));
        expect(error.code, url).toBe("WEBHOOK_URL_FORBIDDEN");
      }
      expect((await failure(createHook(c, "ftp://example.com/x", ["document.completed"]))).code).toBe("VALIDATION_FAILED");
      expect((await failure(createHook(c, "not a url", ["document.completed"]))).code).toBe("VALIDATION_FAILED");
      expect((await failure(createHook(c, receiver.url("/x"), ["document.exploded"]))).code).toBe("VALIDATION_FAILED");
      expect((await failure(createHook(c, receiver.url("/x"), []))).code).toBe("VALIDATION_FAILED");
      expect((await c.request(WebhooksDocument)).webhooks).toEqual([]);
    } finally {
      await strict.close();
    }
  });

  it("refuses at delivery time when the address is no longer allowed, and connects only to the checked address", { timeout: 60_000 }, async () => {
    const { client: c, id } = await h.createUser();
    const { webhook } = await createHook(c, receiver.url("/t3"), ["document.completed"]);
    const ds = h.pipeline.ctx.dataSource;
    const newDelivery = async (webhookId: string) => {
      const deliveryId = randomUUID();
      const payload: WebhookPayload = {
        id: deliveryId,
        event: "document.completed",
        createdAt: new Date().toISOString(),
        document: { id: randomUUID(), status: "COMPLETED", documentType: "invoice", summary: null, errorCode: null },
      };
      // Inserted without a job: the harness's own worker leaves it to us (its sweeper waits out a grace period).
      await ds.transaction((m) => insertDeliveries(m, payload.document.id, payload.event, [{ id: deliveryId, webhookId, payload }]));
      return deliveryId;
    };
    const senderFor = (allowedHosts: string[], resolve?: (host: string) => Promise<{ address: string; family: 4 | 6 }[]>) =>
      new WebhookSender({
        dataSource: ds,
        config: { ...h.pipeline.config, webhooks: { ...h.pipeline.config.webhooks, allowedHosts } },
        logger: h.pipeline.ctx.logger,
        resolve,
      });

    // The operator removed 127.0.0.1 from the allow-list after registration.
    const refusedId = await newDelivery(webhook.id);
    const [outcome] = await senderFor([]).deliver([refusedId]);
    expect(outcome).toMatchObject({ deliveryId: refusedId, attempt: 1, status: DeliveryStatus.FAILED, nextRetryAt: null });
    const log = (await deliveries(c, webhook.id)).find((d) => d.id === refusedId)!;
    expect(log.status).toBe("FAILED");
    expect(log.attempts).toHaveLength(1);
    expect(log.attempts[0]!.statusCode).toBeNull();
    expect(log.attempts[0]!.error).toMatch(/SSRF protection: .*not public/);
    // The delivery log is the user's: what the host resolved to is for the operator's log only.
    expect(log.attempts[0]!.error).not.toContain("127.0.0.1 is");
    expect(receiver.on("/t3")).toHaveLength(0);

    // DNS rebinding: a name that passed at registration now resolves to a private address → refused, nothing sent.
    const service = new WebhookService({ dataSource: ds, config: h.pipeline.config, scope: "unused", resolve: async () => [{ address: "127.0.0.1", family: 4 }] });
    const { webhook: named } = await service.create(id, { url: receiver.url("/t3b", "rebind.test"), events: ["document.completed"] });
    const rebound = await newDelivery(named.id);
    const [refused] = await senderFor(["127.0.0.1"], async () => [{ address: "10.9.8.7", family: 4 }]).deliver([rebound]);
    expect(refused!.status).toBe(DeliveryStatus.FAILED);
    expect(refused!.result?.error).toMatch(/SSRF protection: .*rebind\.test.*not public/);
    expect(refused!.result?.error).not.toContain("10.9.8.7");
    expect(refused!.result?.logDetails).toMatchObject({ address: "10.9.8.7", refusal: "10.9.8.7 is private" });
    // And the connection goes to the address that was checked (rebind.test does not exist in real DNS).
    const pinned = await newDelivery(named.id);
    const [sent] = await senderFor(["127.0.0.1"], async () => [{ address: "127.0.0.1", family: 4 }]).deliver([pinned]);
    expect(sent!.status).toBe(DeliveryStatus.SUCCEEDED);
    const [hit] = await receiver.waitFor("/t3b", 1);
    expect(hit!.headers.host).toBe(`rebind.test:${receiver.port}`);
    expect(await ds.getRepository(WebhookDeliveryAttemptEntity).countBy({ deliveryId: pinned })).toBe(1);
    expect((await ds.getRepository(WebhookDeliveryEntity).findOneByOrFail({ id: pinned })).status).toBe(DeliveryStatus.SUCCEEDED);
  });

  it("redelivers, sends document.deleted, rotates the secret and hides other users' webhooks", { timeout: 120_000 }, async () => {
    expect(firstDeliveryId).toBeTruthy();
    // Redelivery: a new delivery of the same payload.
    const redelivery = (await client.request(RedeliverWebhookDocument, { deliveryId: firstDeliveryId })).redeliverWebhook;
    expect(redelivery.id).not.toBe(firstDeliveryId);
    expect(redelivery.payload).toMatchObject({ id: redelivery.id, redeliveryOf: firstDeliveryId, event: "document.completed", document: { id: documentId } });
    const [, again] = await receiver.waitFor("/t1", 2, 15_000);
    expect(again!.headers["folio-delivery"]).toBe(redelivery.id);
    expect(verify(secret, again!.headers["folio-signature"], again!.body)).toBe(true);
    expect(JSON.parse(again!.body)).toMatchObject({ redeliveryOf: firstDeliveryId, document: { id: documentId, status: "COMPLETED" } });

    // Rotation: later deliveries are signed with the new secret only.
    const rotated = (await client.request(RotateWebhookSecretDocument, { id: webhookId })).rotateWebhookSecret;
    expect(rotated.secret).not.toBe(secret);
    await client.request(UpdateWebhookDocument, { id: webhookId, input: { events: ["document.completed", "document.deleted"] } });

    await client.request(DeleteDocumentDocument, { id: documentId });
    const [, , deleted] = await receiver.waitFor("/t1", 3, 15_000);
    expect(deleted!.headers["folio-event"]).toBe("document.deleted");
    expect(JSON.parse(deleted!.body)).toMatchObject({ event: "document.deleted", document: { id: documentId, status: "COMPLETED" } });
    expect(verify(rotated.secret, deleted!.headers["folio-signature"], deleted!.body)).toBe(true);
    expect(verify(secret, deleted!.headers["folio-signature"], deleted!.body)).toBe(false);
    const log = await deliveries(client, webhookId);
    expect(log.map((d) => d.event).sort()).toEqual(["document.completed", "document.completed", "document.deleted"]);
    // The original delivery and its log are untouched by the redelivery.
    expect(log.find((d) => d.id === firstDeliveryId)).toMatchObject({ status: "SUCCEEDED", attemptCount: 1 });

    // Another user's webhook and deliveries are NOT_FOUND.
    const { client: stranger } = await h.createUser();
    for (const attempt of [
      () => stranger.request(UpdateWebhookDocument, { id: webhookId, input: { active: false } }),
      () => stranger.request(RotateWebhookSecretDocument, { id: webhookId }),
      () => stranger.request(DeleteWebhookDocument, { id: webhookId }),
      () => stranger.request(WebhookDeliveriesDocument, { webhookId, first: 5 }),
      () => stranger.request(RedeliverWebhookDocument, { deliveryId: firstDeliveryId }),
    ]) {
      expect((await failure(attempt())).code).toBe("NOT_FOUND");
    }

    // Deactivate, then delete.
    const paused = (await client.request(UpdateWebhookDocument, { id: webhookId, input: { active: false, description: "" } })).updateWebhook;
    expect(paused).toMatchObject({ active: false, description: null });
    expect((await failure(client.request(RedeliverWebhookDocument, { deliveryId: firstDeliveryId }))).code).toBe("CONFLICT");
    expect((await client.request(DeleteWebhookDocument, { id: webhookId })).deleteWebhook).toBe(webhookId);
    expect((await client.request(WebhooksDocument)).webhooks).toEqual([]);
  });
});
