import http from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  AuditLogDocument,
  CorrectDocumentTypeDocument,
  CorrectFieldDocument,
  CreateWebhookDocument,
  DocumentDocument,
  DocumentProgressDocument,
  FolioClientError,
  ReprocessDocumentDocument,
} from "../../src/client/index.js";
import { AuditLogEntity, DocumentEntity, DocumentStatus, FieldCorrectionEntity } from "../../src/db/entities/index.js";
import type { ExtractedField } from "../../src/extraction/extraction.types.js";
import { readResult, RESULT_SCHEMA_VERSION, type ResultDocument } from "../../src/documents/result.layout.js";
import { createPipelineServices } from "../../src/app/pipeline-services.js";
import { CorrectionService } from "../../src/documents/correction.service.js";
import { createEventLog } from "../../src/events/event.log.js";
import type { CorrectionListener, FieldCorrection, TypeCorrection } from "../../src/documents/correction.listener.js";
import { startApiHarness, type ApiHarness, type ApiUser } from "../support/api-harness.js";
import { INVOICE, invoicePdf } from "../support/fixtures.js";

/** A local webhook receiver: every request body, by path. */
class Receiver {
  readonly bodies = new Map<string, string[]>();
  private server!: http.Server;
  port = 0;
  async start(): Promise<void> {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        const path = new URL(req.url ?? "/", "http://x").pathname;
        this.bodies.set(path, [...(this.bodies.get(path) ?? []), Buffer.concat(chunks).toString("utf8")]);
        res.writeHead(200).end("ok");
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }
  url(path: string): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }
  async waitFor(path: string, count: number, timeoutMs = 30_000): Promise<string[]> {
    const deadline = Date.now() + timeoutMs;
    while ((this.bodies.get(path)?.length ?? 0) < count) {
      if (Date.now() > deadline) throw new Error(`${path}: ${this.bodies.get(path)?.length ?? 0} of ${count} requests`);
      await new Promise((r) => setTimeout(r, 50));
    }
    return this.bodies.get(path)!;
  }
  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
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

let h: ApiHarness;
const receiver = new Receiver();

beforeAll(async () => {
  await receiver.start();
  h = await startApiHarness({ env: { WEBHOOK_ALLOWED_HOSTS: "127.0.0.1", WEBHOOK_BACKOFF_MS: "200" } });
});
afterAll(async () => {
  await h?.close();
  await receiver.close();
});

/** A completed invoice of `user`'s, with a unique number. */
async function completedInvoice(user: ApiUser, number: string): Promise<DocumentEntity> {
  const submitted = await h.pipeline.submitBytes(user.id, await invoicePdf(number), `invoice-${number}.pdf`);
  const doc = await h.pipeline.waitForStatus(submitted.id, [DocumentStatus.COMPLETED, DocumentStatus.FAILED]);
  expect(doc.status).toBe(DocumentStatus.COMPLETED);
  return doc;
}

async function storedResult(doc: { id: string }): Promise<ResultDocument> {
  const row = await h.pipeline.ctx.dataSource.getRepository(DocumentEntity).findOneByOrFail({ id: doc.id });
  return (await readResult(h.pipeline.ctx.store, row.resultKey!)) as ResultDocument;
}

const field = <F extends { name: string }>(fields: readonly F[], name: string): F | undefined => fields.find((f) => f.name === name);

describe("correcting a completed document", () => {
  let owner: ApiUser;
  let doc: DocumentEntity;

  beforeAll(async () => {
    owner = await h.createUser();
    doc = await completedInvoice(owner, "51000001");
  }, 180_000);

  it("makes the owner's value the field's value, set by a person, with the machine's reading beside it", { timeout: 60_000 }, async () => {
    expect(doc.documentType).toBe("invoice");
    expect(doc.summary).toContain("Invoice 51000001");
    const corrected = (await owner.client.request(CorrectFieldDocument, { documentId: doc.id, name: "invoice_number", value: " inv-7 " })).correctField;
    const number = field(corrected.fields, "invoice_number")!;
    expect(number).toMatchObject({ value: "INV-7", raw: " inv-7 ", confidence: 1, setBy: "PERSON", correctedBy: owner.id, start: 0, end: 0, box: null });
    expect(Date.parse(number.correctedAt!)).not.toBeNaN();
    expect(number.machine).toMatchObject({ value: "51000001", raw: "51000001", page: 1 });
    expect(number.machine!.box).not.toBeNull();
    // Other fields stay the machine's.
    expect(field(corrected.fields, "total")).toMatchObject({ setBy: "MACHINE", machine: null, money: { amount: INVOICE.total.amount, currency: "USD" } });
    // The summary is rebuilt from the corrected fields.
    expect(corrected.summary).toBe(doc.summary!.replace("Invoice 51000001", "Invoice INV-7"));
    expect(corrected.status).toBe("COMPLETED");

    // Read back through the API, from the database.
    const read = (await owner.client.request(DocumentDocument, { id: doc.id, textLimit: 10 })).document;
    expect(field(read.fields, "invoice_number")).toMatchObject({ value: "INV-7", setBy: "PERSON" });
    expect(read.summary).toBe(corrected.summary);

    // The row: normalised value, raw text, the machine's reading.
    const rows = await h.pipeline.ctx.dataSource.getRepository(FieldCorrectionEntity).findBy({ documentId: doc.id });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ ownerId: owner.id, actorId: owner.id, field: "invoice_number", value: "INV-7", raw: " inv-7 ", page: null, box: null });
    expect((rows[0]!.machineValue as ExtractedField).value).toBe("51000001");
  });

  it("rebuilds the result JSON in storage with the finalize layout", async () => {
    const result = await storedResult(doc);
    expect(result.summary).toContain("Invoice INV-7");
    const number = result.fields.find((f) => f.name === "invoice_number")!;
    expect(number).toMatchObject({ value: "INV-7", setBy: "person", correctedBy: owner.id });
    expect(number.machine?.value).toBe("51000001");
    expect(Date.parse(result.correctedAt!)).not.toBeNaN();
    // What the run read from the file is unchanged.
    expect(result.pages[0]!.text).toContain("Invoice Number: 51000001");
    expect(result.schemaVersion).toBe(RESULT_SCHEMA_VERSION);
    expect(result.documentId).toBe(doc.id);
  });

  it("records the correction in the event log and the audit log", async () => {
    const events = (await h.pipeline.events(doc.id)).filter((e) => e.type === "document.corrected");
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ status: "COMPLETED", progress: 100, step: null });
    expect(events[0]!.detail).toMatchObject({ field: "invoice_number", value: "INV-7", machineValue: "51000001", actorId: owner.id });
    const audit = await h.pipeline.ctx.dataSource.getRepository(AuditLogEntity).findBy({ targetId: doc.id, action: "document.correct_field" });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorUserId: owner.id, targetType: "document" });
    expect(audit[0]!.detail).toMatchObject({ field: "invoice_number", value: "INV-7", machineValue: "51000001", ownerId: owner.id });
  });

  it("reads amounts and dates the way the document writes them, and takes a box on a page", { timeout: 60_000 }, async () => {
    const box = { page: 1, x0: 0.5, y0: 0.4, x1: 0.7, y1: 0.43 };
    const corrected = (await owner.client.request(CorrectFieldDocument, { documentId: doc.id, name: "total", value: "4.50", box })).correctField;
    // No currency typed: the one the machine read for the total.
    expect(field(corrected.fields, "total")).toMatchObject({ value: "4.50", money: { amount: 4.5, currency: "USD" }, setBy: "PERSON", page: 1, box: { x0: 0.5, y0: 0.4, x1: 0.7, y1: 0.43 } });
    expect(corrected.summary).toContain("total USD 4.50");
    const dated = (await owner.client.request(CorrectFieldDocument, { documentId: doc.id, name: "document_date", value: "August 4, 2014" })).correctField;
    expect(field(dated.fields, "document_date")).toMatchObject({ value: "2014-08-04", setBy: "PERSON" });
    // The earlier corrections still stand.
    expect(field(dated.fields, "invoice_number")).toMatchObject({ value: "INV-7", setBy: "PERSON" });
    expect(field(dated.fields, "total")).toMatchObject({ value: "4.50", setBy: "PERSON" });
  });

  it("refuses bad input with stable codes and changes nothing", { timeout: 60_000 }, async () => {
    const before = await h.pipeline.ctx.dataSource.getRepository(FieldCorrectionEntity).countBy({ documentId: doc.id });
    const cases: [Record<string, unknown>, string][] = [
      [{ name: "document_date", value: "the day after" }, "INVALID_FIELD_VALUE"],
      [{ name: "total", value: "four dollars" }, "INVALID_FIELD_VALUE"],
      [{ name: "iban", value: "DE89 3704 0044 0532 0130 01" }, "INVALID_FIELD_VALUE"],
      [{ name: "colour", value: "red" }, "UNKNOWN_FIELD"],
      [{ name: "total", value: "5.00", box: { page: 2, x0: 0.1, y0: 0.1, x1: 0.2, y1: 0.2 } }, "INVALID_BOX"],
      [{ name: "total", value: "5.00", box: { page: 1, x0: 0.3, y0: 0.1, x1: 0.2, y1: 0.2 } }, "INVALID_BOX"],
    ];
    for (const [args, code] of cases) {
      const error = await failure(owner.client.request(CorrectFieldDocument, { documentId: doc.id, ...(args as { name: string; value: string }) }));
      expect(error.code, JSON.stringify(args)).toBe(code);
      expect(error.httpStatus).not.toBe(500);
    }
    const typed = await failure(owner.client.request(CorrectDocumentTypeDocument, { documentId: doc.id, type: "poem" }));
    expect(typed.code).toBe("UNKNOWN_DOCUMENT_TYPE");
    expect(await h.pipeline.ctx.dataSource.getRepository(FieldCorrectionEntity).countBy({ documentId: doc.id })).toBe(before);
  });

  it("is NOT_FOUND for another user, and allowed to an administrator (audited as them)", { timeout: 60_000 }, async () => {
    const stranger = await h.createUser();
    const refused = await failure(stranger.client.request(CorrectFieldDocument, { documentId: doc.id, name: "issuer", value: "Mallory Ltd" }));
    expect(refused.code).toBe("NOT_FOUND");
    const refusedType = await failure(stranger.client.request(CorrectDocumentTypeDocument, { documentId: doc.id, type: "receipt" }));
    expect(refusedType.code).toBe("NOT_FOUND");
    const admin = await h.createUser({ admin: true });
    const corrected = (await admin.client.request(CorrectFieldDocument, { documentId: doc.id, name: "issuer", value: "Northwind  Cloud" })).correctField;
    expect(field(corrected.fields, "issuer")).toMatchObject({ value: "Northwind Cloud", correctedBy: admin.id });
    const audit = (await admin.client.request(AuditLogDocument, { filter: { action: "document.correct_field", targetId: doc.id }, first: 10 })).auditLog;
    expect(audit.edges.map((e) => e.node.actorEmail)).toContain(admin.email);
  });

  it("corrects the type: the summary follows, the classifier's type is kept", { timeout: 60_000 }, async () => {
    const corrected = (await owner.client.request(CorrectDocumentTypeDocument, { documentId: doc.id, type: "receipt" })).correctDocumentType;
    expect(corrected).toMatchObject({ documentType: "receipt", typeConfidence: 1 });
    expect(corrected.typeCorrection).toMatchObject({ type: "receipt", machineType: "invoice", correctedBy: owner.id });
    expect(corrected.summary).toMatch(/^Receipt from Northwind Cloud, dated 2014-08-04, total USD 4\.50/);
    const result = await storedResult(doc);
    expect(result).toMatchObject({ type: "receipt", confidence: 1, typeCorrection: { type: "receipt", machineType: "invoice" } });
    expect(result.classification?.scores[0]?.type).toBe("invoice");
  });

  it("keeps every correction when the document is reprocessed, applied over the new reading", { timeout: 180_000 }, async () => {
    await owner.client.request(ReprocessDocumentDocument, { id: doc.id, fromStep: "detect" });
    const done = await h.pipeline.waitForStatus(doc.id, [DocumentStatus.COMPLETED, DocumentStatus.FAILED]);
    expect(done.status).toBe(DocumentStatus.COMPLETED);
    const read = (await owner.client.request(DocumentDocument, { id: doc.id, textLimit: 10 })).document;
    expect(read.documentType).toBe("receipt");
    expect(field(read.fields, "invoice_number")).toMatchObject({ value: "INV-7", setBy: "PERSON", machine: { value: "51000001" } });
    expect(field(read.fields, "total")).toMatchObject({ value: "4.50", setBy: "PERSON" });
    expect(field(read.fields, "subtotal")).toMatchObject({ setBy: "MACHINE" });
    expect(read.summary).toMatch(/^Receipt from Northwind Cloud, dated 2014-08-04, total USD 4\.50/);
    const result = await storedResult(doc);
    expect(result.type).toBe("receipt");
    expect(result.fields.find((f) => f.name === "invoice_number")).toMatchObject({ value: "INV-7", setBy: "person" });
    // The steps keep the machine's own reading, so corrections apply again over it.
    const steps = await h.pipeline.steps(doc.id);
    const extracted = steps.find((s) => s.name === "extract_fields")!.result as { fields: ExtractedField[] };
    expect(extracted.fields.find((f) => f.name === "invoice_number")).toMatchObject({ value: "51000001" });
  });
});

describe("what cannot be corrected", () => {
  it("refuses a document that is not completed with DOCUMENT_NOT_CORRECTABLE", { timeout: 60_000 }, async () => {
    const owner = await h.createUser();
    const held = (
      await h.pipeline.services.intake.submit({ ownerId: owner.id, filename: "held.pdf", contentType: null, stream: Readable.from([await invoicePdf("51000002")]), autoProcess: false })
    ).document;
    expect(held.status).toBe(DocumentStatus.QUEUED);
    const error = await failure(owner.client.request(CorrectFieldDocument, { documentId: held.id, name: "invoice_number", value: "X-1" }));
    expect(error.code).toBe("DOCUMENT_NOT_CORRECTABLE");
    const typed = await failure(owner.client.request(CorrectDocumentTypeDocument, { documentId: held.id, type: "receipt" }));
    expect(typed.code).toBe("DOCUMENT_NOT_CORRECTABLE");
    expect(await h.pipeline.ctx.dataSource.getRepository(FieldCorrectionEntity).countBy({ documentId: held.id })).toBe(0);
    expect((await h.pipeline.events(held.id)).some((e) => e.type === "document.corrected")).toBe(false);
  });
});

describe("who hears of a correction", () => {
  it("sends document.corrected to subscribers and to the webhooks that subscribed to it, through the outbox", { timeout: 180_000 }, async () => {
    const owner = await h.createUser();
    const doc = await completedInvoice(owner, "51000003");
    await owner.client.request(CreateWebhookDocument, { input: { url: receiver.url("/corrected"), events: ["document.corrected"] } });
    await owner.client.request(CreateWebhookDocument, { input: { url: receiver.url("/completed-only"), events: ["document.completed"] } });

    const seqBefore = (await h.pipeline.events(doc.id)).at(-1)!.seq;
    const corrected = (await owner.client.request(CorrectFieldDocument, { documentId: doc.id, name: "invoice_number", value: "INV-8" })).correctField;

    // A subscriber resuming after the last event it saw gets the correction, and the stream ends there.
    const events = [];
    for await (const { documentProgress } of owner.client.subscribe(DocumentProgressDocument, { id: doc.id, afterSeq: seqBefore })) events.push(documentProgress);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      documentId: doc.id,
      seq: seqBefore + 1,
      type: "document.corrected",
      documentStatus: "COMPLETED",
      details: { __typename: "DocumentCorrectedDetail", field: "invoice_number", value: "INV-8", machineValue: "51000003", actorId: owner.id },
    });

    const [body] = await receiver.waitFor("/corrected", 1);
    const payload = JSON.parse(body!) as { event: string; document: { id: string; status: string; summary: string } };
    expect(payload.event).toBe("document.corrected");
    expect(payload.document).toMatchObject({ id: doc.id, status: "COMPLETED", summary: corrected.summary });
    expect(payload.document.summary).toContain("Invoice INV-8");
    // A webhook that did not subscribe to corrections hears of the completion only.
    await new Promise((r) => setTimeout(r, 500));
    expect(receiver.bodies.get("/corrected")).toHaveLength(1);
    expect((receiver.bodies.get("/completed-only") ?? []).map((b) => (JSON.parse(b) as { event: string }).event)).not.toContain("document.corrected");
  });
});

describe("the correction service", () => {
  it("applies corrections sent at once to one document one after another: every one stands, and the result JSON has them all", { timeout: 180_000 }, async () => {
    const owner = await h.createUser();
    const doc = await completedInvoice(owner, "51000004");
    const values: Record<string, string> = { invoice_number: "C-1", issuer: "Concurrent Ltd", document_date: "2020-01-02", due_date: "2020-02-03", total: "9.99" };
    await Promise.all(Object.entries(values).map(([name, value]) => owner.client.request(CorrectFieldDocument, { documentId: doc.id, name, value })));
    const read = (await owner.client.request(DocumentDocument, { id: doc.id, textLimit: 10 })).document;
    const shown = Object.fromEntries(read.fields.filter((f) => f.setBy === "PERSON").map((f) => [f.name, f.value]));
    expect(shown).toEqual({ invoice_number: "C-1", issuer: "Concurrent Ltd", document_date: "2020-01-02", due_date: "2020-02-03", total: "9.99" });
    const result = await storedResult(doc);
    expect(result.fields.filter((f) => f.setBy === "person").map((f) => f.name).sort()).toEqual(Object.keys(values).sort());
    expect(result.summary).toBe(read.summary);
    // The event log numbered them without gaps, one event each.
    const corrected = (await h.pipeline.events(doc.id)).filter((e) => e.type === "document.corrected");
    expect(corrected).toHaveLength(5);
  });

  it("tells its listener after the commit, and a listener that fails undoes nothing", { timeout: 180_000 }, async () => {
    const owner = await h.createUser();
    const doc = await completedInvoice(owner, "51000005");
    const heard: (FieldCorrection | TypeCorrection)[] = [];
    let committedWhenHeard: number | null = null;
    const listener: CorrectionListener = {
      async fieldCorrected(correction) {
        heard.push(correction);
        committedWhenHeard = await h.pipeline.ctx.dataSource.getRepository(FieldCorrectionEntity).countBy({ documentId: doc.id });
        throw new Error("the learner is down");
      },
      async typeCorrected(correction) {
        heard.push(correction);
        throw new Error("the learner is down");
      },
    };
    const services = createPipelineServices(h.pipeline.ctx, { correctionListener: listener });
    try {
      const box = { x0: 0.1, y0: 0.2, x1: 0.3, y1: 0.25 };
      const done = await services.corrections.correctField({ documentId: doc.id, name: "total", value: "USD 4.20", box: { page: 1, box }, actorId: owner.id });
      expect(done.value).toEqual({ amount: 4.2, currency: "USD" });
      expect(heard[0]).toMatchObject({ ownerId: owner.id, documentId: doc.id, actorId: owner.id, field: "total", value: { amount: 4.2, currency: "USD" }, raw: "USD 4.20", page: 1, box });
      expect((heard[0] as FieldCorrection).machine).toMatchObject({ name: "total", value: { amount: INVOICE.total.amount, currency: "USD" } });
      // Heard after the commit: the row was visible to another connection.
      expect(committedWhenHeard).toBe(1);
      await services.corrections.correctDocumentType({ documentId: doc.id, type: "letter", actorId: owner.id });
      expect(heard[1]).toEqual({ ownerId: owner.id, documentId: doc.id, actorId: owner.id, type: "letter", machineType: "invoice" });
    } finally {
      await services.close();
    }
    const row = await h.pipeline.ctx.dataSource.getRepository(DocumentEntity).findOneByOrFail({ id: doc.id });
    expect(row.documentType).toBe("letter");
    expect((row.fields as ExtractedField[]).find((f) => f.name === "total")).toMatchObject({ value: { amount: 4.2, currency: "USD" }, setBy: "person" });
  });
  it("leaves the stored result JSON as it was when the correction's transaction fails after rewriting it", { timeout: 180_000 }, async () => {
    const owner = await h.createUser();
    const doc = await completedInvoice(owner, "51000006");
    const before = await storedResult(doc);
    // The commit fails after the result JSON was rewritten: here an event-log hook (as the webhook outbox is) refuses.
    const events = createEventLog({
      dataSource: h.pipeline.ctx.dataSource,
      publisher: { publish: async () => undefined },
      hooks: [
        {
          appended: async () => {
            throw new Error("the database refused the outbox rows");
          },
        },
      ],
    });
    const corrections = new CorrectionService({ events, store: h.pipeline.ctx.store, maxResultBytes: 10_000_000, logger: h.pipeline.ctx.logger });
    await expect(corrections.correctField({ documentId: doc.id, name: "invoice_number", value: "INV-9", actorId: owner.id })).rejects.toThrow("the database refused");
    await expect(corrections.correctDocumentType({ documentId: doc.id, type: "letter", actorId: owner.id })).rejects.toThrow("the database refused");
    expect(await h.pipeline.ctx.dataSource.getRepository(FieldCorrectionEntity).countBy({ documentId: doc.id })).toBe(0);
    const after = await storedResult(doc);
    expect(after.summary).toBe(before.summary);
    expect(after.correctedAt).toBe(before.correctedAt);
    expect(after).toEqual(before);
  });
});
