import { GraphQLError, GraphQLInt, GraphQLObjectType, GraphQLSchema, GraphQLString, parse, type ExecutionArgs } from "graphql";
import { describe, expect, it } from "vitest";
import type { EventListener } from "../../src/events/event-hub.js";
import type { ProgressEvent } from "../../src/events/progress-event.js";
import { LiveEventStream } from "../../src/events/progress-stream.js";
import { selectionKey, selectionVariables, SubscriptionResultCache } from "../../src/graphql/subscription-result.cache.js";
import { WsDelivery, type DeliverySocket } from "../../src/http/ws.delivery.js";
import { WsHeartbeat, type HeartbeatSocket } from "../../src/http/ws.heartbeat.js";
import { WS_CLOSE } from "../../src/http/ws.sessions.js";

// Fan-out to many local subscribers: an event is executed and serialised once per selection and
// viewer, written straight to each socket, and a socket that does not read is dropped with
// 4420 SLOW_CONSUMER without holding up the others.

/** The hub as the API has it: every listener gets the same event object. */
class FakeHub {
  private readonly everyone = new Set<EventListener>();
  listenAll(listener: EventListener): () => void {
    this.everyone.add(listener);
    return () => this.everyone.delete(listener);
  }
  publish(event: ProgressEvent): void {
    for (const listener of this.everyone) listener(event);
  }
  get listenerCount(): number {
    return this.everyone.size;
  }
}

type Viewer = { userId: string; isAdmin: boolean; hub: FakeHub };

const Tick = new GraphQLObjectType<ProgressEvent, Viewer>({
  name: "Tick",
  fields: {
    seq: { type: GraphQLInt },
    message: { type: GraphQLString },
    // A field that fails for one viewer only: its errors must never be shared.
    secret: { type: GraphQLString, resolve: (_e, _a, ctx) => { if (ctx.userId === "mallory") throw new GraphQLError("no"); return "s"; } },
  },
});
const schema = new GraphQLSchema({
  query: new GraphQLObjectType({ name: "Query", fields: { ok: { type: GraphQLInt } } }),
  subscription: new GraphQLObjectType<ProgressEvent, Viewer>({
    name: "Subscription",
    fields: {
      ticks: {
        type: Tick,
        args: { afterSeq: { type: GraphQLInt } },
        subscribe: (_root, _args, ctx) => new LiveEventStream(ctx.hub, () => true),
        resolve: (event: ProgressEvent) => event,
      },
      // A source that fails on its first read (say, the log is unreachable during replay).
      failing: {
        type: Tick,
        subscribe: (_root, _args, ctx: Viewer & { returned?: boolean }) => ({
          [Symbol.asyncIterator]() {
            return this;
          },
          next: () => Promise.reject(new Error("log unreachable")),
          return: () => {
            ctx.returned = true;
            return Promise.resolve({ value: undefined, done: true as const });
          },
        }),
        resolve: (event: ProgressEvent) => event,
      },
    },
  }),
});

const QUERY = "subscription($after: Int, $withMessage: Boolean = true) { ticks(afterSeq: $after) { seq message @include(if: $withMessage) } }";
const format = (errors: readonly GraphQLError[]) => errors.map((e) => ({ message: e.message }));

let seq = 0;
function event(message = "m"): ProgressEvent {
  seq++;
  return { documentId: "d", ownerId: "o", seq, type: "step.progress", step: "ocr", status: "IN_PROGRESS", documentStatus: "PROCESSING", progress: 1, stepProgress: null, message, detail: {}, createdAt: new Date(0).toISOString() } as ProgressEvent;
}

function args(viewer: Viewer, query = QUERY, variables: Record<string, unknown> = {}): ExecutionArgs {
  return { schema, document: parse(query), contextValue: { ...viewer }, variableValues: variables };
}

class FakeSocket implements DeliverySocket {
  readyState = 1;
  bufferedAmount = 0;
  readonly sent: string[] = [];
  closed: { code: number; reason: string } | null = null;
  send(data: string): void {
    this.sent.push(data);
  }
  close(code: number, reason: string): void {
    this.closed = { code, reason };
    this.readyState = 2;
  }
}

const flush = () => new Promise((r) => setImmediate(r));

describe("selection keys", () => {
  it("ignore the root field's arguments (they choose the stream, not the result) and keep every other variable", () => {
    const document = parse(QUERY);
    expect(selectionVariables(document)).toEqual(["withMessage"]);
    const viewer = { userId: "u", isAdmin: false };
    const key = (variables: Record<string, unknown>, v = viewer) => selectionKey({ query: QUERY, document, variables, viewer: v });
    expect(key({ after: 0 })).toBe(key({ after: 7 }));
    expect(key({ withMessage: false })).not.toBe(key({ withMessage: true }));
    expect(key({}, { userId: "w", isAdmin: false })).not.toBe(key({}));
    expect(key({}, { userId: "u", isAdmin: true })).not.toBe(key({}));
  });
});

describe("SubscriptionResultCache", () => {
  it("executes an event once per key, however many subscribers ask, and gives them the same JSON", async () => {
    const cache = new SubscriptionResultCache(format);
    const hub = new FakeHub();
    const e = event("hello");
    const a = args({ userId: "u", isAdmin: false, hub });
    const results = await Promise.all(Array.from({ length: 50 }, () => cache.resultFor(e, "k", a)));
    expect(cache.executionCount).toBe(1);
    expect(new Set(results).size).toBe(1);
    expect(JSON.parse(results[0]!)).toEqual({ data: { ticks: { seq: e.seq, message: "hello" } } });
    await cache.resultFor(e, "other", a);
    await cache.resultFor(event(), "k", a);
    expect(cache.executionCount).toBe(3);
  });

  it("never shares a result with errors: each subscriber gets its own", async () => {
    const cache = new SubscriptionResultCache(format);
    const hub = new FakeHub();
    const e = event();
    const q = "subscription { ticks { seq secret } }";
    const first = await cache.resultFor(e, "k", args({ userId: "mallory", isAdmin: false, hub }, q));
    expect(JSON.parse(first).errors).toEqual([{ message: "no" }]);
    await cache.resultFor(e, "k", args({ userId: "mallory", isAdmin: false, hub }, q));
    expect(cache.executionCount).toBe(2);
  });
});

/** Start `n` subscriptions through the delivery, each on its own fake socket. */
async function subscribers(delivery: WsDelivery, hub: FakeHub, n: number, viewer = "u") {
  const out: { socket: FakeSocket; done: Promise<IteratorResult<unknown>> }[] = [];
  for (let i = 0; i < n; i++) {
    const socket = new FakeSocket();
    const a = args({ userId: viewer, isAdmin: false, hub }, QUERY, { after: i });
    delivery.register(a.contextValue as object, { socket, id: `op-${i}`, key: selectionKey({ query: QUERY, document: a.document, variables: a.variableValues, viewer: { userId: viewer, isAdmin: false } }) });
    const stream = (await delivery.subscribe(a)) as AsyncIterableIterator<unknown>;
    out.push({ socket, done: stream.next() });
  }
  return out;
}

describe("WsDelivery", () => {
  it("writes each event to every socket as a graphql-ws next message, executing it once", async () => {
    const cache = new SubscriptionResultCache(format);
    const delivery = new WsDelivery({ cache, sendBufferLimitBytes: 1024 });
    const hub = new FakeHub();
    const subs = await subscribers(delivery, hub, 20);
    const e = event("x");
    hub.publish(e);
    await flush();
    for (const [i, { socket }] of subs.entries()) {
      expect(socket.sent.map((m) => JSON.parse(m))).toEqual([{ id: `op-${i}`, type: "next", payload: { data: { ticks: { seq: e.seq, message: "x" } } } }]);
    }
    expect(cache.executionCount).toBe(1);
  });

  it("sends text that is not ASCII intact, to subscribers of different selections of the same event", async () => {
    const delivery = new WsDelivery({ cache: new SubscriptionResultCache(format), sendBufferLimitBytes: 1024 });
    const hub = new FakeHub();
    const [a, b] = await subscribers(delivery, hub, 2);
    const e = event("Grüße — 10 € 🧾");
    hub.publish(e);
    await flush();
    expect(JSON.parse(a!.socket.sent[0]!).payload.data.ticks.message).toBe("Grüße — 10 € 🧾");
    expect(JSON.parse(b!.socket.sent[0]!)).toEqual({ id: "op-1", type: "next", payload: { data: { ticks: { seq: e.seq, message: "Grüße — 10 € 🧾" } } } });
  });

  it("drops a socket whose unsent bytes exceed the limit with 4420 SLOW_CONSUMER, and the others keep receiving", async () => {
    const delivery = new WsDelivery({ cache: new SubscriptionResultCache(format), sendBufferLimitBytes: 1024 });
    const hub = new FakeHub();
    const [fast1, slow, fast2] = await subscribers(delivery, hub, 3);
    slow!.socket.bufferedAmount = 1025;
    hub.publish(event());
    await flush();
    expect(slow!.socket.closed).toEqual({ code: WS_CLOSE.SLOW_CONSUMER.code, reason: "SLOW_CONSUMER" });
    expect(slow!.socket.sent).toEqual([]);
    // Its stream ended and stopped listening; nothing more is queued for it.
    await expect(slow!.done).resolves.toEqual({ value: undefined, done: true });
    expect(hub.listenerCount).toBe(2);
    expect(delivery.slowConsumersDropped).toBe(1);
    hub.publish(event());
    hub.publish(event());
    await flush();
    expect(fast1!.socket.sent).toHaveLength(3);
    expect(fast2!.socket.sent).toHaveLength(3);
    expect(slow!.socket.sent).toEqual([]);
  });

  it("stops when graphql-ws returns the operation (client complete or socket closed)", async () => {
    const delivery = new WsDelivery({ cache: new SubscriptionResultCache(format), sendBufferLimitBytes: 1024 });
    const hub = new FakeHub();
    const socket = new FakeSocket();
    const a = args({ userId: "u", isAdmin: false, hub });
    delivery.register(a.contextValue as object, { socket, id: "1", key: "k" });
    const stream = (await delivery.subscribe(a)) as AsyncIterableIterator<unknown>;
    const done = stream.next();
    await stream.return!();
    await expect(done).resolves.toEqual({ value: undefined, done: true });
    expect(hub.listenerCount).toBe(0);
  });

  it("passes a failing source's error on to graphql-ws and stops the source", async () => {
    const delivery = new WsDelivery({ cache: new SubscriptionResultCache(format), sendBufferLimitBytes: 1024 });
    const a = args({ userId: "u", isAdmin: false, hub: new FakeHub() }, "subscription { failing { seq } }");
    delivery.register(a.contextValue as object, { socket: new FakeSocket(), id: "1", key: "k" });
    const stream = (await delivery.subscribe(a)) as AsyncIterableIterator<unknown>;
    await expect(stream.next()).rejects.toThrow("log unreachable");
    expect((a.contextValue as { returned?: boolean }).returned).toBe(true);
  });

  it("leaves operations it was not told about to graphql-js", async () => {
    const delivery = new WsDelivery({ cache: new SubscriptionResultCache(format), sendBufferLimitBytes: 1024 });
    const hub = new FakeHub();
    const stream = (await delivery.subscribe(args({ userId: "u", isAdmin: false, hub }))) as AsyncIterableIterator<{ data: unknown }>;
    const next = stream.next();
    const e = event("plain");
    hub.publish(e);
    expect((await next).value).toEqual({ data: { ticks: { seq: e.seq, message: "plain" } } });
    await stream.return!();
  });
});

describe("WsHeartbeat", () => {
  it("pings every socket from one pass and terminates those that did not answer the previous ping", () => {
    class Sock implements HeartbeatSocket {
      pings = 0;
      terminated = false;
      private pong?: () => void;
      ping() {
        this.pings++;
      }
      terminate() {
        this.terminated = true;
      }
      on(_event: "pong", listener: () => void) {
        this.pong = listener;
      }
      answer() {
        this.pong?.();
      }
    }
    const alive = new Sock();
    const silent = new Sock();
    const heartbeat = new WsHeartbeat(() => [alive, silent]);
    heartbeat.watch(alive);
    heartbeat.watch(silent);
    heartbeat.beat();
    expect([alive.pings, silent.pings]).toEqual([1, 1]);
    alive.answer();
    heartbeat.beat();
    expect(alive.terminated).toBe(false);
    expect(alive.pings).toBe(2);
    expect(silent.terminated).toBe(true);
  });
});
