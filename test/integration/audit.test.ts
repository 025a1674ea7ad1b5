import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FolioClientError } from "../../src/client/folio-client.js";
import {
  AuditLogDocument,
  CancelDocumentDocument,
  CreateApiKeyDocument,
  DeleteDocumentDocument,
  RevokeApiKeyDocument,
  SetRetentionPolicyDocument,
  UsersWithRetentionDocument,
  type AuditEntryFragment,
} from "../../src/client/generated/graphql.js";
import { recordAudit } from "../../src/audit/audit.service.js";
import { startApiHarness, type ApiHarness, type ApiUser } from "../support/api-harness.js";

let h: ApiHarness;
let admin: ApiUser;
let user: ApiUser;
let keyId: string;
let documentId: string;

async function auditOf(filter: Record<string, unknown>, first = 50, after?: string) {
  const data = await admin.client.request(AuditLogDocument, { filter, first, after });
  return data.auditLog;
}

beforeAll(async () => {
  h = await startApiHarness({ withWorker: false });
  admin = await h.createUser({ admin: true });
  user = await h.createUser();
  // The user's actions, in this order.
  const created = await user.client.request(CreateApiKeyDocument, { name: "laptop" });
  keyId = created.createApiKey.apiKey.id;
  await user.client.request(RevokeApiKeyDocument, { id: keyId });
  const { document } = await h.pipeline.services.intake.record({ ownerId: user.id, filename: "audit.txt", contentType: "text/plain", stream: Readable.from([Buffer.from("audit me")]) });
  documentId = document.id;
  await user.client.request(CancelDocumentDocument, { id: documentId });
  await user.client.request(DeleteDocumentDocument, { id: documentId });
}, 60_000);

afterAll(async () => {
  await h?.close();
});

describe("audit log", () => {
  it("records each change with actor, action, target and time, newest first", async () => {
    const page = await auditOf({ actorUserId: user.id });
    const entries: AuditEntryFragment[] = page.edges.map((e) => e.node);
    expect(entries.map((e) => e.action)).toEqual(["document.delete", "document.cancel", "api_key.revoke", "api_key.create"]);
    for (const e of entries) {
      expect(e.actorUserId).toBe(user.id);
      expect(e.actorEmail).toBe(user.email);
      expect(Number.isNaN(Date.parse(e.createdAt))).toBe(false);
    }
    expect(entries[0]).toMatchObject({ targetType: "document", targetId: documentId });
    expect(entries[0]!.detail).toMatchObject({ ownerId: user.id, filename: "audit.txt" });
    expect(entries[1]).toMatchObject({ targetType: "document", targetId: documentId });
    expect(entries[2]).toMatchObject({ targetType: "api_key", targetId: keyId });
    expect(entries[3]).toMatchObject({ targetType: "api_key", targetId: keyId });
    expect(entries[3]!.detail).toMatchObject({ name: "laptop" });
    expect(JSON.stringify(entries)).not.toMatch(/folio_[0-9a-f]{12}_[A-Za-z0-9_-]{43}/); // no secrets
    const times = entries.map((e) => Date.parse(e.createdAt));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    expect(page.pageInfo.hasNextPage).toBe(false);
  });

  it("filters by action (exact or prefix), target and time", async () => {
    const revoked = await auditOf({ actorUserId: user.id, action: "api_key.revoke" });
    expect(revoked.edges.map((e) => e.node.action)).toEqual(["api_key.revoke"]);
    const documents = await auditOf({ actorUserId: user.id, action: "document.*" });
    expect(documents.edges.map((e) => e.node.action)).toEqual(["document.delete", "document.cancel"]);
    const byTarget = await auditOf({ targetType: "api_key", targetId: keyId });
    expect(byTarget.edges).toHaveLength(2);
    const future = await auditOf({ actorUserId: user.id, from: new Date(Date.now() + 60_000).toISOString() });
    expect(future.edges).toEqual([]);
  });

  it("pages with cursors without overlap", async () => {
    const first = await auditOf({ actorUserId: user.id }, 3);
    expect(first.edges).toHaveLength(3);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = await auditOf({ actorUserId: user.id }, 3, first.pageInfo.endCursor!);
    expect(second.edges.map((e) => e.node.action)).toEqual(["api_key.create"]);
    expect(second.pageInfo.hasNextPage).toBe(false);
  });

  it("records admin changes: retention policy, with the effective policy on users", async () => {
    const set = await admin.client.request(SetRetentionPolicyDocument, { userId: user.id, completedDays: 365, failedDays: null });
    expect(set.setRetentionPolicy.retentionPolicy).toEqual({ completedDays: 365, failedDays: 0, completedDaysOverride: 365, failedDaysOverride: null });
    const users = await admin.client.request(UsersWithRetentionDocument);
    expect(users.users.find((u) => u.id === user.id)!.retentionPolicy.completedDays).toBe(365);
    const entries = await auditOf({ actorUserId: admin.id, action: "retention.set_policy" });
    expect(entries.edges[0]!.node).toMatchObject({ actorEmail: admin.email, targetType: "user", targetId: user.id });
    expect(entries.edges[0]!.node.detail).toMatchObject({ completedDays: 365, failedDays: null, previous: { completedDays: null, failedDays: null } });
  });

  it("lists system records (actor null) written with recordAudit", async () => {
    const written = await recordAudit(h.pipeline.ctx.dataSource, { actor: null, action: "retention.run", targetType: "document", targetId: null, detail: { probe: documentId } });
    const page = await auditOf({ action: "retention.run" }, 5);
    const node = page.edges.find((e) => e.node.id === written.id)!.node;
    expect(node).toMatchObject({ actorUserId: null, actorEmail: null, detail: { probe: documentId } });
  });

  it("is FORBIDDEN for non-admins, and so is changing a retention policy", async () => {
    await expect(user.client.request(AuditLogDocument, {})).rejects.toMatchObject({ code: "FORBIDDEN" } satisfies Partial<FolioClientError>);
    await expect(user.client.request(SetRetentionPolicyDocument, { userId: user.id, completedDays: 1 })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});
