import type { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accessChannel, parseAccessChange } from "../../src/auth/access-change.js";
import { ApiKeyEntity, UserEntity } from "../../src/db/entities/index.js";
import { judgeSession, WsSessionGuard, type ClosableSocket } from "../../src/http/ws.sessions.js";
import { createLogger } from "../../src/logging/logger.js";
import { Sweeper } from "../../src/queue/sweeper.js";
import { createRedis } from "../../src/redis/redis.connection.js";
import { uniqueEmail } from "../support/database.js";
import { startHarness, type PipelineHarness } from "../support/pipeline-harness.js";
import { waitFor } from "../support/ws-session.js";

/** A socket that only records how it was closed. */
class RecordingSocket implements ClosableSocket {
  closed: { code: number; reason: string } | null = null;
  close(code: number, reason: string): void {
    this.closed ??= { code, reason };
  }
}

describe("access-change messages", () => {
  it("parses well-formed changes and rejects anything else", () => {
    expect(parseAccessChange('{"reason":"key.revoked","userId":"u","keyId":"k"}')).toEqual({ reason: "key.revoked", userId: "u", keyId: "k" });
    expect(parseAccessChange('{"reason":"user.demoted","userId":"u"}')).toEqual({ reason: "user.demoted", userId: "u" });
    for (const bad of ["", "null", "[]", "{", '{"reason":"user.deleted"}', '{"reason":"nope","userId":"u"}', '{"reason":"key.revoked","userId":"u","keyId":7}']) {
      expect(parseAccessChange(bad), bad).toBeNull();
    }
  });

  it("judges a session by its key as stored now", () => {
    const user = Object.assign(new UserEntity(), { isAdmin: false });
    const admin = Object.assign(new UserEntity(), { isAdmin: true });
    const plain = { keyId: "k", userId: "u", isAdmin: false };
    const elevated = { ...plain, isAdmin: true };
    expect(judgeSession(plain, { revokedAt: null, user })).toBe("ok");
    expect(judgeSession(plain, { revokedAt: null, user: admin })).toBe("ok");
    expect(judgeSession(elevated, { revokedAt: null, user: admin })).toBe("ok");
    expect(judgeSession(elevated, { revokedAt: null, user })).toBe("forbidden");
    expect(judgeSession(plain, { revokedAt: new Date(), user })).toBe("unauthenticated");
    expect(judgeSession(elevated, { revokedAt: new Date(), user })).toBe("unauthenticated");
    expect(judgeSession(plain, undefined)).toBe("unauthenticated");
  });
});

describe("the session guard against real Postgres and Redis", () => {
  let h: PipelineHarness;
  let subscriber: Redis;
  let publisher: Redis;
  let guard: WsSessionGuard;
  let sweeper: Sweeper;

  beforeAll(async () => {
    h = await startHarness({ withWorker: false });
    subscriber = createRedis(h.config.redisUrl, { name: "test-guard-subscribe" });
    publisher = createRedis(h.config.redisUrl, { name: "test-guard-publish" });
    const logger = createLogger({ level: "warn" });
    sweeper = new Sweeper(logger);
    // A sweep interval longer than any test: only notices and explicit re-checks act here.
    guard = new WsSessionGuard({ dataSource: h.ctx.dataSource, subscriber, prefix: h.config.queue.prefix, logger, sweeper, sweepIntervalMs: 3_600_000 });
    await guard.start();
    // The periodic re-check (for notices lost while Redis was away) runs on the process's sweeper.
    expect(sweeper.names).toEqual(["ws-sessions"]);
  });
  afterAll(async () => {
    await sweeper?.stop();
    await guard?.close();
    subscriber?.disconnect();
    publisher?.disconnect();
    await h?.close();
  });

  async function session(options: { admin?: boolean } = {}) {
    const user = await h.ctx.users.create(uniqueEmail("guard"), { isAdmin: options.admin ?? false });
    const { record } = await h.ctx.apiKeys.create(user.id, "guard");
    const socket = new RecordingSocket();
    guard.add(socket, { keyId: record.id, userId: user.id, isAdmin: user.isAdmin });
    return { user, key: record, socket };
  }

  it("a notice published by another connection makes it re-read the key and close only that key's socket with 4401", async () => {
    const revoked = await session();
    const other = await session();
    await h.ctx.dataSource.getRepository(ApiKeyEntity).update({ id: revoked.key.id }, { revokedAt: new Date() });
    await h.ctx.dataSource.getRepository(ApiKeyEntity).update({ id: other.key.id }, { revokedAt: new Date() });

    // A notice names only `revoked`; `other` was revoked silently and stays until a sweep.
    await publisher.publish(accessChannel(h.config.queue.prefix), JSON.stringify({ reason: "key.revoked", userId: revoked.user.id, keyId: revoked.key.id }));

    expect(await waitFor("the socket to close", () => revoked.socket.closed ?? undefined)).toEqual({ code: 4401, reason: "UNAUTHENTICATED" });
    expect(other.socket.closed).toBeNull();

    // The periodic sweep (called directly here) catches what no notice announced.
    await guard.recheck(() => true);
    expect(other.socket.closed).toEqual({ code: 4401, reason: "UNAUTHENTICATED" });
  });

  it("a forged notice closes nothing: the database decides", async () => {
    const target = await session({ admin: true });
    await publisher.publish(accessChannel(h.config.queue.prefix), JSON.stringify({ reason: "user.deleted", userId: target.user.id }));
    await publisher.publish(accessChannel(h.config.queue.prefix), "not json");
    // Wait for the forged notice to be handled (a demotion notice after it is then handled too).
    await h.ctx.users.update(target.user.id, { isAdmin: false });
    expect(await waitFor("the socket to close", () => target.socket.closed ?? undefined)).toEqual({ code: 4403, reason: "FORBIDDEN" });
  });

  it("the services the CLI uses publish: deleting a user closes their sockets with 4401", async () => {
    const target = await session();
    await h.ctx.users.delete(target.user.id);
    expect(await waitFor("the socket to close", () => target.socket.closed ?? undefined)).toEqual({ code: 4401, reason: "UNAUTHENTICATED" });
  });
});
