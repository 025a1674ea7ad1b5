import { describe, expect, it } from "vitest";
import { SubscriptionLimits } from "../../src/graphql/subscription-limits.js";

/*
 * The bookkeeping behind MAX_SUBSCRIPTIONS_PER_SOCKET / MAX_SUBSCRIPTIONS_PER_KEY: counts kept per
 * socket and per key as operations start and end (graphql-ws's onSubscribe, onComplete and onClose),
 * so that deciding on a subscribe never sums a key's sockets. Whatever order operations and sockets
 * end in, and however a socket goes (closed, or terminated with its operations still running), every
 * count returns to zero and no key is remembered.
 */

interface FakeSocket {
  ctx: object;
  keyId: string;
  running: object[];
}

/** A deterministic pseudo-random sequence (a test owns its data: the same run every time). */
function sequence(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

describe("subscription counts", () => {
  it("return to zero once every socket closed, including sockets terminated with operations still open", () => {
    const limits = new SubscriptionLimits({ maxPerSocket: 4, maxPerKey: 25 });
    const random = sequence(13);
    const keys = ["a", "b", "c"];
    const sockets: FakeSocket[] = [];
    const expected = new Map<string, number>();

    for (let step = 0; step < 5_000; step++) {
      const roll = random();
      if (roll < 0.1 || sockets.length === 0) {
        const socket = { ctx: {}, keyId: keys[Math.floor(random() * keys.length)]!, running: [] };
        limits.register(socket.keyId, socket.ctx);
        sockets.push(socket);
        continue;
      }
      const at = Math.floor(random() * sockets.length);
      const socket = sockets[at]!;
      if (roll < 0.6) {
        // subscribe: admitted exactly when both counts are under their limits
        const operation = { query: "subscription { documentProgress }" };
        const fits = socket.running.length < 4 && (expected.get(socket.keyId) ?? 0) < 25;
        expect(limits.admit(socket.ctx, operation) === undefined).toBe(fits);
        if (fits) {
          socket.running.push(operation);
          expected.set(socket.keyId, (expected.get(socket.keyId) ?? 0) + 1);
        }
      } else if (roll < 0.85) {
        // an operation ends (client complete, stream end, refusal after admission); onComplete may fire twice
        const operation = socket.running.pop();
        if (!operation) continue;
        limits.release(socket.ctx, operation);
        limits.release(socket.ctx, operation);
        expected.set(socket.keyId, expected.get(socket.keyId)! - 1);
      } else {
        // the socket goes, its operations still running (an abrupt termination when any are open)
        limits.unregister(socket.ctx);
        // graphql-ws completes the returned operations after onClose: nothing changes any more
        for (const operation of socket.running) limits.release(socket.ctx, operation);
        expect(limits.admit(socket.ctx, {})).toBeDefined();
        expected.set(socket.keyId, (expected.get(socket.keyId) ?? 0) - socket.running.length);
        sockets.splice(at, 1);
      }
      for (const key of keys) expect(limits.openFor(key), `key ${key} at step ${step}`).toBe(expected.get(key) ?? 0);
    }

    for (const socket of sockets) limits.unregister(socket.ctx);
    for (const key of keys) expect(limits.openFor(key)).toBe(0);
    expect(limits.keysWithOpenOperations).toBe(0);
  });

  it("keeps a key's count at its cap with a thousand sockets, and frees it as they close", () => {
    const limits = new SubscriptionLimits({ maxPerSocket: 100, maxPerKey: 500 });
    const sockets = Array.from({ length: 1_000 }, () => ({}));
    let admitted = 0;
    for (const socket of sockets) {
      limits.register("k", socket);
      if (limits.admit(socket, {}) === undefined) admitted++;
    }
    expect(admitted).toBe(500);
    expect(limits.openFor("k")).toBe(500);
    for (const socket of sockets) limits.unregister(socket);
    expect(limits.openFor("k")).toBe(0);
    expect(limits.keysWithOpenOperations).toBe(0);
  });
});
