import { describe, expect, it } from "vitest";
import { SubscriptionLimits } from "../../src/graphql/subscription-limits.js";

/** An operation as graphql-ws hands it to the hooks: its subscribe payload, one object per operation. */
const op = (): object => ({ query: "subscription { x }" });

/** A socket (graphql-ws's connection context) registered for `keyId`, with `open` operations admitted. */
function socketOf(limits: SubscriptionLimits, keyId: string, open: number): { socket: object; ops: object[] } {
  const socket = {};
  limits.register(keyId, socket);
  const ops = Array.from({ length: open }, op);
  for (const o of ops) expect(limits.admit(socket, o)).toBeUndefined();
  return { socket, ops };
}

const refusal = (errors: { extensions: Record<string, unknown> }[] | undefined) => errors?.map((e) => [e.extensions.code, e.extensions.scope, e.extensions.limit]);

describe("SubscriptionLimits", () => {
  it("admits up to maxPerSocket operations on a socket", () => {
    const limits = new SubscriptionLimits({ maxPerSocket: 2, maxPerKey: 10 });
    const { socket } = socketOf(limits, "k", 1);
    expect(limits.admit(socket, op())).toBeUndefined();
    expect(refusal(limits.admit(socket, op()))).toEqual([["TOO_MANY_SUBSCRIPTIONS", "socket", 2]]);
    expect(limits.openOn(socket)).toBe(2);
  });

  it("sums a key's sockets, keeps keys apart, and forgets closed sockets", () => {
    const limits = new SubscriptionLimits({ maxPerSocket: 10, maxPerKey: 3 });
    const a = socketOf(limits, "k", 2);
    const b = socketOf(limits, "k", 1);
    const other = socketOf(limits, "j", 2);
    expect(limits.openFor("k")).toBe(3);
    expect(refusal(limits.admit(b.socket, op()))).toEqual([["TOO_MANY_SUBSCRIPTIONS", "key", 3]]);
    expect(limits.admit(other.socket, op())).toBeUndefined();
    limits.unregister(a.socket);
    expect(limits.openFor("k")).toBe(1);
    expect(limits.admit(b.socket, op())).toBeUndefined();
    limits.unregister(b.socket);
    limits.unregister(b.socket);
    expect(limits.openFor("k")).toBe(0);
    expect(limits.openFor("j")).toBe(3);
  });

  it("never drifts: an operation stops counting however it ends, and a refused one never counted", () => {
    const limits = new SubscriptionLimits({ maxPerSocket: 1, maxPerKey: 1 });
    const { socket, ops } = socketOf(limits, "k", 1);
    const refused = op();
    expect(limits.admit(socket, refused)?.[0]?.extensions.code).toBe("TOO_MANY_SUBSCRIPTIONS");
    limits.release(socket, refused);
    expect(limits.openFor("k")).toBe(1);
    limits.release(socket, ops[0]!);
    expect(limits.openFor("k")).toBe(0);
    expect(limits.admit(socket, op())).toBeUndefined();
  });

  it("admits nothing on a socket that closed, so an operation still being checked when it closed cannot count forever", () => {
    const limits = new SubscriptionLimits({ maxPerSocket: 5, maxPerKey: 5 });
    const { socket } = socketOf(limits, "k", 1);
    limits.unregister(socket);
    expect(limits.admit(socket, op())?.[0]?.extensions.code).toBe("UNAUTHENTICATED");
    expect(limits.admit({}, op())?.[0]?.extensions.code).toBe("UNAUTHENTICATED");
    expect(limits.openFor("k")).toBe(0);
  });

  it("counts operations, not their client-chosen ids: a key cannot pass its cap by reusing an id while the old operation ends", () => {
    const limits = new SubscriptionLimits({ maxPerSocket: 10, maxPerKey: 2 });
    const { socket } = socketOf(limits, "k", 0);
    // Two operations a client both called "1" (it sent complete for the first, then subscribed again with the same id).
    const first = { id: "1" };
    const second = { id: "1" };
    expect(limits.admit(socket, first)).toBeUndefined();
    expect(limits.admit(socket, second)).toBeUndefined();
    expect(limits.openFor("k")).toBe(2);
    expect(limits.admit(socket, op())?.[0]?.extensions.scope).toBe("key");
    // The first one ending frees exactly one place; the second still counts.
    limits.release(socket, first);
    limits.release(socket, first);
    expect(limits.openFor("k")).toBe(1);
  });
});
