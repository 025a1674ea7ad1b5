import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { CreateApiKeyDocument, DeleteUserDocument, MeDocument, RevokeApiKeyDocument, UpdateUserDocument } from "../../src/client/index.js";
import { ApiKeyEntity, UserEntity } from "../../src/db/entities/index.js";
import { startApiHarness, type ApiHarness, type ApiUser } from "../support/api-harness.js";
import { openWsSession, waitFor, type WsSession } from "../support/ws-session.js";

/*
 * Attack: keep a graphql-ws socket open with a key, then lose the rights behind it (key revoked, user
 * deleted, admin demoted). Before the fix the socket kept streaming with the old rights, and it
 * also ran queries and mutations, where none of the HTTP-side checks apply.
 */

const exec = promisify(execFile);
const LIVE = "subscription { documentEvents { seq } }";

let h: ApiHarness;
let bystander: ApiUser;
let admin: ApiUser;
const sessions: WsSession[] = [];

beforeAll(async () => {
  h = await startApiHarness({ withWorker: false });
  bystander = await h.createUser();
  admin = await h.createUser({ admin: true });
});
afterEach(async () => {
  // The server still serves other callers after every attack.
  const { me } = await bystander.client.request(MeDocument, {});
  expect(me.id).toBe(bystander.id);
  for (const session of sessions.splice(0)) await session.dispose();
});
afterAll(async () => {
  await h?.close();
});

/** A socket for `key` with one live subscription that the server has registered. */
async function liveSession(key: string, query = LIVE): Promise<WsSession> {
  const before = h.api.services.hub.listenerCount;
  const session = openWsSession(h.url, `Bearer ${key}`);
  sessions.push(session);
  session.operation(query);
  await waitFor("the subscription to be live", () => h.api.services.hub.listenerCount > before);
  return session;
}

/** A second key of `user`, made through the API. */
async function extraKey(user: ApiUser, name: string): Promise<{ key: string; id: string; prefix: string }> {
  const { createApiKey } = await user.client.request(CreateApiKeyDocument, { name });
  return { key: createApiKey.key, id: createApiKey.apiKey.id, prefix: createApiKey.apiKey.prefix };
}

const closeOf = (session: WsSession) => waitFor("the socket to close", () => session.closed ?? undefined);

describe("a valid key keeps working", () => {
  it("streams a document's logged events over the socket, re-checked operation by operation", async () => {
    const user = await h.createUser();
    const doc = await h.pipeline.submitBytes(user.id, Buffer.from("%PDF-1.4 not really\n"), "ws.pdf", "application/pdf");
    const session = openWsSession(h.url, `Bearer ${user.apiKey}`);
    sessions.push(session);
    const first = session.operation("subscription ($id: ID!) { documentProgress(id: $id) { documentId seq type } }", { id: doc.id });
    const second = session.operation("subscription ($id: ID!) { documentProgress(id: $id) { seq } }", { id: doc.id });
    await waitFor("the logged event on both operations", () => first.results.length > 0 && second.results.length > 0);
    expect(first.results[0]).toEqual({ data: { documentProgress: { documentId: doc.id, seq: 1, type: "document.queued" } } });
    expect(second.results[0]).toEqual({ data: { documentProgress: { seq: 1 } } });
    expect(session.closed).toBeNull();
  });
});

describe("a revoked key ends its live subscriptions", () => {
  it("revoked with the revokeApiKey mutation (another key of the same user): closed with 4401", async () => {
    const user = await h.createUser();
    const target = await extraKey(user, "ws-mutation");
    const session = await liveSession(target.key);
    const listening = h.api.services.hub.listenerCount;

    await user.client.request(RevokeApiKeyDocument, { id: target.id });

    expect(await closeOf(session)).toEqual({ code: 4401, reason: "UNAUTHENTICATED" });
    // Closing the socket ended the subscription on the server too.
    await waitFor("the listener to go", () => h.api.services.hub.listenerCount < listening);
    // The user's other key still works.
    expect((await user.client.request(MeDocument, {})).me.id).toBe(user.id);
  });

  it("revoked through the service the CLI uses: closed with 4401", async () => {
    const user = await h.createUser();
    const target = await extraKey(user, "ws-service");
    const session = await liveSession(target.key);

    await h.pipeline.ctx.apiKeys.revoke(target.prefix);

    expect(await closeOf(session)).toEqual({ code: 4401, reason: "UNAUTHENTICATED" });
  });

  it("revoked by `folio key revoke` in another process: closed with 4401", { timeout: 150_000 }, async () => {
    const user = await h.createUser();
    const target = await extraKey(user, "ws-cli");
    const session = await liveSession(target.key);

    const inherited = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(DATABASE_URL|REDIS_URL|QUEUE_PREFIX|FOLIO_|STORAGE_|S3_)/.test(k)));
    const run = await exec(process.execPath, ["--import", "tsx", "src/main.ts", "key", "revoke", target.prefix], {
      cwd: process.cwd(),
      env: { ...inherited, ...h.pipeline.env },
      timeout: 120_000,
    });
    expect(run.stdout).toContain(`Revoked key ${target.prefix}`);

    expect(await closeOf(session)).toEqual({ code: 4401, reason: "UNAUTHENTICATED" });
  });

  it("revoked without any notice reaching the server (e.g. a lost pub/sub message): the next operation on the socket is refused with 4401", async () => {
    const user = await h.createUser();
    const target = await extraKey(user, "ws-silent");
    const session = await liveSession(target.key);
    await h.pipeline.ctx.dataSource.getRepository(ApiKeyEntity).update({ id: target.id }, { revokedAt: new Date() });

    const next = session.operation(LIVE);

    expect(await closeOf(session)).toEqual({ code: 4401, reason: "UNAUTHENTICATED" });
    expect(next.results).toEqual([]);
  });
});

describe("a deleted user's sockets are closed", () => {
  it("deleted by an admin with deleteUser: closed with 4401", async () => {
    const user = await h.createUser();
    const session = await liveSession(user.apiKey);

    await admin.client.request(DeleteUserDocument, { id: user.id });

    expect(await closeOf(session)).toEqual({ code: 4401, reason: "UNAUTHENTICATED" });
  });
});

describe("a demoted admin loses what the admin rights gave", () => {
  it("demoted with updateUser: the socket (which streamed everyone's events) is closed with 4403", async () => {
    const demoted = await h.createUser({ admin: true });
    const session = await liveSession(demoted.apiKey);

    await admin.client.request(UpdateUserDocument, { id: demoted.id, input: { isAdmin: false } });

    expect(await closeOf(session)).toEqual({ code: 4403, reason: "FORBIDDEN" });
    // Reconnecting works, now with the rights of a plain user.
    const before = h.api.services.hub.listenerCount;
    const again = openWsSession(h.url, `Bearer ${demoted.apiKey}`);
    sessions.push(again);
    const op = again.operation(LIVE);
    await waitFor("the new subscription", () => h.api.services.hub.listenerCount > before || op.ended);
    expect(again.closed).toBeNull();
  });

  it("demoted without notice: the next operation on the socket is refused with 4403", async () => {
    const demoted = await h.createUser({ admin: true });
    const session = await liveSession(demoted.apiKey);
    await h.pipeline.ctx.dataSource.getRepository(UserEntity).update({ id: demoted.id }, { isAdmin: false });

    session.operation(LIVE);

    expect(await closeOf(session)).toEqual({ code: 4403, reason: "FORBIDDEN" });
  });
});

describe("only subscriptions go over WebSocket", () => {
  it("refuses a query and a mutation with OPERATION_NOT_ALLOWED, runs neither, and keeps the socket and its subscription", async () => {
    const user = await h.createUser();
    const session = await liveSession(user.apiKey);
    const listening = h.api.services.hub.listenerCount;

    const query = session.operation("query { me { id email } }");
    const mutation = session.operation('mutation { createApiKey(name: "via-ws") { key } }');
    await waitFor("both answers", () => query.ended && mutation.ended);

    expect(query.results).toEqual([]);
    expect(query.errors?.map((e) => e.extensions?.code)).toEqual(["OPERATION_NOT_ALLOWED"]);
    expect(mutation.results).toEqual([]);
    expect(mutation.errors?.map((e) => e.extensions?.code)).toEqual(["OPERATION_NOT_ALLOWED"]);
    const keys = await h.pipeline.ctx.apiKeys.list(user.id);
    expect(keys.map((k) => k.name)).not.toContain("via-ws");
    expect(session.closed).toBeNull();
    expect(h.api.services.hub.listenerCount).toBe(listening);
  });
});
