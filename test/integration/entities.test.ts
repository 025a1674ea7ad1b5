import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import type { DataSource } from "typeorm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ApiKeyEntity,
  DocumentEntity,
  DocumentStatus,
  ProcessingEventEntity,
  ProcessingStepEntity,
  StepStatus,
  UserEntity,
} from "../../src/db/entities/index.js";
import { LocalObjectStore } from "../../src/storage/local.store.js";
import { storageKeys } from "../../src/storage/storage.factory.js";
import { UserService } from "../../src/users/user.service.js";
import { ApiKeyService } from "../../src/auth/api-key.service.js";
import { connectTestDatabase, uniqueEmail } from "../support/database.js";

let db: DataSource;

beforeAll(async () => {
  db = await connectTestDatabase();
});
afterAll(async () => {
  await db.destroy();
});

async function makeUser(): Promise<UserEntity> {
  return db.getRepository(UserEntity).save({ email: uniqueEmail(), isAdmin: false });
}

async function makeDocument(ownerId: string): Promise<DocumentEntity> {
  return db.getRepository(DocumentEntity).save({
    ownerId,
    originalFilename: "Rechnung März.pdf",
    storageFilename: "Rechnung_Marz.pdf",
    declaredContentType: "application/pdf",
    sizeBytes: 1234,
    sha256: "a".repeat(64),
    rawKey: "users/x/documents/y/original/Rechnung_Marz.pdf",
  });
}

describe("data model constraints", () => {
  it("gives a new document sensible defaults", async () => {
    const user = await makeUser();
    const doc = await db.getRepository(DocumentEntity).findOneByOrFail({ id: (await makeDocument(user.id)).id });
    expect(doc).toMatchObject({ status: DocumentStatus.QUEUED, progress: 0, attempts: 0, fields: [], labels: [], metadata: {}, sizeBytes: 1234 });
    expect(doc.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("rejects a second user with the same e-mail", async () => {
    const email = uniqueEmail();
    await db.query(`INSERT INTO users (email) VALUES ($1)`, [email]);
    await expect(db.query(`INSERT INTO users (email) VALUES ($1)`, [email])).rejects.toMatchObject({ code: "23505" });
  });

  it("rejects a second row for the same step of the same document", async () => {
    const doc = await makeDocument((await makeUser()).id);
    await db.query(`INSERT INTO processing_steps (document_id, name, position) VALUES ($1, 'ocr', 3)`, [doc.id]);
    await expect(db.query(`INSERT INTO processing_steps (document_id, name, position) VALUES ($1, 'ocr', 3)`, [doc.id])).rejects.toMatchObject({
      code: "23505",
    });
  });

  it("rejects a second event with the same sequence number for one document", async () => {
    const doc = await makeDocument((await makeUser()).id);
    const insert = `INSERT INTO processing_events (document_id, seq, type, status, progress) VALUES ($1, 1, 'document.queued', 'QUEUED', 0)`;
    await db.query(insert, [doc.id]);
    await expect(db.query(insert, [doc.id])).rejects.toMatchObject({ code: "23505" });
  });

  it("refuses to update an event: the log is append-only", async () => {
    const doc = await makeDocument((await makeUser()).id);
    await db.query(`INSERT INTO processing_events (document_id, seq, type, status, progress) VALUES ($1, 1, 'document.queued', 'QUEUED', 0)`, [doc.id]);
    await expect(db.query(`UPDATE processing_events SET message = 'rewritten' WHERE document_id = $1`, [doc.id])).rejects.toThrow(/append-only/);
  });

  it("rejects the same idempotency key twice for one owner but allows it for another", async () => {
    const [a, b] = [await makeUser(), await makeUser()];
    const repo = db.getRepository(DocumentEntity);
    const base = { originalFilename: "a.pdf", storageFilename: "a.pdf", sizeBytes: 1, sha256: "b".repeat(64), rawKey: "k", idempotencyKey: "key-1" };
    await repo.insert({ ...base, ownerId: a.id });
    await expect(repo.insert({ ...base, ownerId: a.id })).rejects.toMatchObject({ code: "23505" });
    await expect(repo.insert({ ...base, ownerId: b.id })).resolves.toBeDefined();
  });

  it("rejects a document whose owner does not exist", async () => {
    await expect(makeDocument("00000000-0000-4000-8000-000000000000")).rejects.toMatchObject({ code: "23503" });
  });
});

describe("deleting a user", () => {
  let storeDir: string;
  let store: LocalObjectStore;

  beforeAll(async () => {
    storeDir = await fs.mkdtemp(path.join(os.tmpdir(), "folio-entities-"));
    store = new LocalObjectStore({ dir: storeDir, publicUrl: "http://folio.test", signingSecret: "x".repeat(32) });
    await store.init();
  });
  afterAll(async () => {
    await fs.rm(storeDir, { recursive: true, force: true });
  });

  it("removes their keys, documents, steps, events and stored objects, and nobody else's", async () => {
    const [victim, bystander] = [await makeUser(), await makeUser()];
    const keys = new ApiKeyService(db);
    await keys.create(victim.id);
    const ownDoc = await makeDocument(victim.id);
    const otherDoc = await makeDocument(bystander.id);
    for (const doc of [ownDoc, otherDoc]) {
      await db.getRepository(ProcessingStepEntity).insert({ documentId: doc.id, name: "detect", position: 1, status: StepStatus.SUCCEEDED });
      await db.getRepository(ProcessingEventEntity).insert({ documentId: doc.id, seq: 1, type: "document.queued", status: "QUEUED", progress: 0 });
    }
    await store.put(storageKeys.original(victim.id, ownDoc.id, "a.pdf"), Readable.from([Buffer.from("%PDF")]), { maxBytes: 10 });
    await store.put(storageKeys.text(victim.id, ownDoc.id), Readable.from([Buffer.from("text")]), { maxBytes: 10 });
    await store.put(storageKeys.original(bystander.id, otherDoc.id, "b.pdf"), Readable.from([Buffer.from("%PDF")]), { maxBytes: 10 });

    const result = await new UserService(db, store).delete(victim.id);

    expect(result.objectsRemoved).toBe(2);
    expect(await db.getRepository(UserEntity).countBy({ id: victim.id })).toBe(0);
    expect(await db.getRepository(ApiKeyEntity).countBy({ userId: victim.id })).toBe(0);
    expect(await db.getRepository(DocumentEntity).countBy({ id: ownDoc.id })).toBe(0);
    expect(await db.getRepository(ProcessingStepEntity).countBy({ documentId: ownDoc.id })).toBe(0);
    expect(await db.getRepository(ProcessingEventEntity).countBy({ documentId: ownDoc.id })).toBe(0);
    expect(await store.list(storageKeys.userPrefix(victim.id))).toEqual([]);
    // The bystander keeps everything.
    expect(await db.getRepository(DocumentEntity).countBy({ id: otherDoc.id })).toBe(1);
    expect(await db.getRepository(ProcessingEventEntity).countBy({ documentId: otherDoc.id })).toBe(1);
    expect(await store.list(storageKeys.userPrefix(bystander.id))).toHaveLength(1);
  });

  it("reports NOT_FOUND for a user that does not exist", async () => {
    await expect(new UserService(db, store).delete("00000000-0000-4000-8000-000000000000")).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("UserService.create", () => {
  it("normalises the e-mail and refuses a case-insensitive duplicate with CONFLICT", async () => {
    const users = new UserService(db, new LocalObjectStore({ dir: os.tmpdir(), publicUrl: "http://x", signingSecret: "x".repeat(32) }));
    const email = uniqueEmail("Mixed");
    const created = await users.create(`  ${email.toUpperCase()} `);
    expect(created.email).toBe(email.toLowerCase());
    await expect(users.create(email)).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(users.create("not-an-email")).rejects.toMatchObject({ code: "VALIDATION_FAILED" });
  });
});
