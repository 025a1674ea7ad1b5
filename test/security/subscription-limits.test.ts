import { describe, expect, it } from "vitest";
import { SubscriptionLimits, type CountedSocket } from "../../src/graphql/subscription-limits.js";

/** A socket as graphql-ws keeps it: one entry per running operation. */
function socket(open: number): CountedSocket & { subscriptions: Record<string, null> } {
  return { subscriptions: Object.fromEntries(Array.from({ length: open }, (_, i) => [`op${i}`, null])) };
}

describe("SubscriptionLimits", () => {
  it("admits up to maxPerSocket operations on a socket (the one being admitted is already counted)", () => {
    const limits = new SubscriptionLimits({ maxPerSocket: 2, maxPerKey: 10 });
    const s = socket(2);
    limits.register("k", s);
    expect(limits.admit("k", s)).toBeUndefined();
    s.subscriptions.op2 = null;
    expect(limits.admit("k", s)?.map((e) => [e.extensions.code, e.extensions.scope])).toEqual([["TOO_MANY_SUBSCRIPTIONS", "socket"]]);
  });

  it("sums a key's sockets, keeps keys apart, and forgets closed sockets", () => {
    const limits = new SubscriptionLimits({ maxPerSocket: 10, maxPerKey: 3 });
    const a = socket(2);
    const b = socket(2);
    const other = socket(3);
    limits.register("k", a);
    limits.register("k", b);
    limits.register("j", other);
    expect(limits.openFor("k")).toBe(4);
    expect(limits.admit("k", b)?.[0]?.extensions.scope).toBe("key");
    expect(limits.admit("j", other)).toBeUndefined();
    limits.unregister("k", a);
    expect(limits.openFor("k")).toBe(2);
    expect(limits.admit("k", b)).toBeUndefined();
    limits.unregister("k", b);
    limits.unregister("k", b);
    expect(limits.openFor("k")).toBe(0);
  });

  it("never drifts: counts come from the sockets' own operation tables, so an operation that ends in any way stops counting", () => {
    const limits = new SubscriptionLimits({ maxPerSocket: 1, maxPerKey: 1 });
    const s = socket(1);
    limits.register("k", s);
    delete s.subscriptions.op0;
    s.subscriptions.next = null;
    expect(limits.admit("k", s)).toBeUndefined();
  });
});
