import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  AuditLogDocument,
  CreateDestinationDocument,
  CreateWebhookDocument,
  DeleteDestinationDocument,
  RotateWebhookSecretDocument,
  DocumentProgressDocument,
  RetryDeliveryDocument,
  UploadDocumentDocument,
  type EventFieldsFragment,
} from "../../src/client/index.js";
import { FolioClientError } from "../../src/client/folio-client.js";
import { DocumentStatus, StepStatus } from "../../src/db/entities/index.js";
import { STEP_NAMES } from "../../src/common/step.names.js";
import { rebuildSteps } from "../../src/documents/step.rebuild.js";
import { S3ObjectStore } from "../../src/storage/s3.store.js";
import { startApiHarness, type ApiHarness } from "../support/api-harness.js";
import { uniqueId } from "../support/database.js";
import { invoicePdf, receiptJpeg } from "../support/fixtures.js";
import { startS3Server, type TestS3Server } from "../support/s3rver.js";

let h: ApiHarness;
let s3: TestS3Server;
let receiver: http.Server;
let receiverUrl: string;
let receiverFails = true;
const received: { body: string; headers: http.IncomingHttpHeaders }[] = [];

beforeAll(async () => {
  h = await startApiHarness({ env: { WEBHOOK_ALLOWED_HOSTS: "127.0.0.1", DELIVERY_BACKOFF_MS: "200", DELIVERY_MAX_ATTEMPTS: "2" } });
  s3 = await startS3Server();
  receiver = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      received.push({ body, headers: req.headers });
      res.writeHead(receiverFails ? 500 : 200).end(receiverFails ? "down for maintenance" : "ok");
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/ingest`;
});
afterAll(async () => {
  await new Promise((resolve) => receiver?.close(resolve));
  await s3?.stop();
  await h?.close();
});

async function waitForStep(documentId: string, step: string, statuses: StepStatus[], timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const row = (await h.pipeline.steps(documentId)).find((s) => s.name === step);
    if (row && statuses.includes(row.status)) return row;
    if (Date.now() > deadline) throw new Error(`${step} of ${documentId} is ${row?.status}; wanted ${statuses.join("/")}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("delivery destinations as their own steps", () => {
  it("copies the result JSON and processed text into an S3 bucket, visible in the live progress", async () => {
    const user = await h.createUser();
    const bucket = `folio-dest-${uniqueId()}`;
    const target = new S3ObjectStore({ endpoint: s3.endpoint, region: "us-east-1", bucket, accessKey: s3.accessKey, secretKey: s3.secretKey, pathStyle: true, partSizeBytes: 8 * 1024 * 1024, createBucket: true });
    await target.init();
    const { createDestination } = await user.client.request(CreateDestinationDocument, {
      input: { name: "archive", kind: "S3", s3: { endpoint: s3.endpoint, bucket, prefix: "folio/results", accessKey: s3.accessKey, secretKey: s3.secretKey } },
    });
    expect(createDestination).toMatchObject({ name: "archive", step: "deliver:archive", active: true });
    expect(createDestination.settings).not.toHaveProperty("secretKey"); // secrets are sealed, never returned

    const bytes = await invoicePdf();
    const { uploadDocument } = await user.client.upload(UploadDocumentDocument, { file: null }, { file: { data: bytes, filename: "invoice.pdf", contentType: "application/pdf" } });
    const id = uploadDocument.document.id;

    // The subscription follows the delivery step too, and ends once it has finished.
    const events: EventFieldsFragment[] = [];
    for await (const { documentProgress } of user.client.subscribe(DocumentProgressDocument, { id, afterSeq: 0 })) events.push(documentProgress);
    const completed = events.find((e) => e.type === "document.completed")!;
    expect(completed.detail).toMatchObject({ deliveries: [{ step: "deliver:archive" }] });
    expect(events.at(-1)).toMatchObject({ type: "step.succeeded", step: "deliver:archive", documentStatus: "COMPLETED" });
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));

    expect(await target.list(`folio/results/${id}/`)).toEqual([`folio/results/${id}/result.json`, `folio/results/${id}/text.txt`]);
    const chunks: Buffer[] = [];
    for await (const c of await target.get(`folio/results/${id}/result.json`)) chunks.push(Buffer.from(c as Buffer));
    expect(JSON.parse(Buffer.concat(chunks).toString())).toMatchObject({ documentId: id, type: "invoice" });

    const step = (await h.pipeline.steps(id)).find((s) => s.name === "deliver:archive")!;
    expect(step).toMatchObject({ status: StepStatus.SUCCEEDED, attempts: 1, position: STEP_NAMES.length + 1 }); // right after the pipeline's own steps
    expect((await rebuildSteps(h.pipeline.ctx.dataSource, { dryRun: true, documentIds: [id] })).differences).toEqual([]);
  });

  it("a failing HTTP destination leaves the document COMPLETED with that step FAILED, and retryDelivery sends it once the receiver is back, without re-running OCR", async () => {
    const user = await h.createUser();
    await user.client.request(CreateDestinationDocument, { input: { name: "hook", kind: "HTTP", http: { url: receiverUrl, authorization: "Bearer receiver-token" } } });
    receiverFails = true;
    const bytes = await receiptJpeg(2);
    const { uploadDocument } = await user.client.upload(UploadDocumentDocument, { file: null }, { file: { data: bytes, filename: "r.jpg", contentType: "image/jpeg" } });
    const id = uploadDocument.document.id;

    const failed = await waitForStep(id, "deliver:hook", [StepStatus.FAILED, StepStatus.SUCCEEDED]);
    // DELIVERY_MAX_ATTEMPTS=2: the first failure is retried with backoff, the second is final.
    await new Promise((r) => setTimeout(r, 1_500));
    const final = (await h.pipeline.steps(id)).find((s) => s.name === "deliver:hook")!;
    expect(failed.status).toBe(StepStatus.FAILED);
    expect(final).toMatchObject({ status: StepStatus.FAILED, attempts: 2, errorCode: "DELIVERY_FAILED" });
    expect(final.errorMessage).toContain("HTTP 500");
    expect((await h.pipeline.waitForStatus(id, [DocumentStatus.COMPLETED])).status).toBe(DocumentStatus.COMPLETED);
    const attemptsBefore = received.filter((r) => r.headers["folio-document"] === id).length;
    expect(attemptsBefore).toBe(2);

    receiverFails = false;
    await user.client.request(RetryDeliveryDocument, { documentId: id, destination: "hook" });
    const delivered = await waitForStep(id, "deliver:hook", [StepStatus.SUCCEEDED]);
    expect(delivered.attempts).toBe(3);
    const last = received.filter((r) => r.headers["folio-document"] === id).at(-1)!;
    expect(last.headers.authorization).toBe("Bearer receiver-token");
    expect(JSON.parse(last.body)).toMatchObject({ documentId: id, type: "receipt" });

    const attempts = Object.fromEntries((await h.pipeline.steps(id)).map((s) => [s.name, s.attempts]));
    expect(attempts).toMatchObject({ detect: 1, extract_text: 1, ocr: 1, classify: 1, finalize: 1 });
    const events = await h.pipeline.events(id);
    expect(events.filter((e) => e.type === "step.started" && e.step === "ocr")).toHaveLength(1);
    expect(events.filter((e) => e.type === "delivery.retry")).toHaveLength(1);
    expect((await rebuildSteps(h.pipeline.ctx.dataSource, { dryRun: true, documentIds: [id] })).differences).toEqual([]);

    // Retrying a delivery that does not exist, or of another user's document, is NOT_FOUND.
    await expect(user.client.request(RetryDeliveryDocument, { documentId: id, destination: "nope" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    const other = await h.createUser();
    await expect(other.client.request(RetryDeliveryDocument, { documentId: id, destination: "hook" })).rejects.toBeInstanceOf(FolioClientError);
  });

  it("refuses destinations on private addresses that the allow-list does not cover, and invalid settings", async () => {
    const user = await h.createUser();
    await expect(user.client.request(CreateDestinationDocument, { input: { name: "intranet", kind: "HTTP", http: { url: "http://10.1.2.3/in" } } })).rejects.toMatchObject({ code: expect.stringMatching(/FORBIDDEN|VALIDATION_FAILED/) });
    await expect(user.client.request(CreateDestinationDocument, { input: { name: "Bad Name", kind: "HTTP", http: { url: receiverUrl } } })).rejects.toMatchObject({ code: "VALIDATION_FAILED" });
    await user.client.request(CreateDestinationDocument, { input: { name: "dup", kind: "HTTP", http: { url: receiverUrl } } });
    await expect(user.client.request(CreateDestinationDocument, { input: { name: "dup", kind: "HTTP", http: { url: receiverUrl } } })).rejects.toMatchObject({ code: "CONFLICT" });
  });

  it("records destination and webhook changes in the audit log, with who did it", async () => {
    const user = await h.createUser();
    const admin = await h.createUser({ admin: true });
    const { createDestination } = await user.client.request(CreateDestinationDocument, { input: { name: "audited", kind: "HTTP", http: { url: receiverUrl } } });
    await user.client.request(DeleteDestinationDocument, { id: createDestination.id });
    const { createWebhook } = await user.client.request(CreateWebhookDocument, { input: { url: receiverUrl, events: ["document.completed"] } });
    await user.client.request(RotateWebhookSecretDocument, { id: createWebhook.webhook.id });

    const { auditLog } = await admin.client.request(AuditLogDocument, { filter: { actorUserId: user.id }, first: 50 });
    const actions = auditLog.edges.map((e) => [e.node.action, e.node.targetId, e.node.actorEmail]);
    expect(actions).toEqual([
      ["webhook.rotate_secret", createWebhook.webhook.id, user.email],
      ["webhook.create", createWebhook.webhook.id, user.email],
      ["destination.delete", createDestination.id, user.email],
      ["destination.create", createDestination.id, user.email],
    ]);
    expect(JSON.stringify(auditLog)).not.toContain(createWebhook.secret); // secrets never reach the log
  });
});
