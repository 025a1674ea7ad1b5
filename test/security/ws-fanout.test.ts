import { print } from "graphql";
import { createClient, type Client } from "graphql-ws";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { DocumentProgressDocument } from "../../src/client/index.js";
import { eventsChannel } from "../../src/events/progress-event.js";
import { WS_CLOSE } from "../../src/http/ws.sessions.js";
import { startApiHarness, type ApiHarness, type ApiUser } from "../support/api-harness.js";
import { TEST_REDIS_URL } from "../support/database.js";
import { waitFor } from "../support/ws-session.js";

/*
 * Fan-out to many subscribers of one document over real sockets: a client that stops reading
 * is closed with 4420 SLOW_CONSUMER once its unsent bytes pass WS_SEND_BUFFER_LIMIT_BYTES,
 * while the others receive every event; live events cost no database work per subscriber
 * unless a seq is missing.
 */

const LIMIT = 256 * 1024;
const QUERY = print(DocumentProgressDocument);

let h: ApiHarness;
let alice: ApiUser;
let redis: Redis;

beforeAll(async () => {
  h = await startApiHarness({ withWorker: false, env: { WS_SEND_BUFFER_LIMIT_BYTES: String(LIMIT) } });
  alice = await h.createUser();
  redis = new Redis(TEST_REDIS_URL);
});
afterAll(async () => {
  redis?.disconnect();
  await h?.close();
});

/** A graphql-ws subscriber of a document's progress, with its raw socket at hand (to stop reading). */
interface Subscriber {
  seqs: number[];
  closed: { code: number; reason: string } | null;
  socket(): WebSocket;
  client: Client;
}

function subscribe(documentId: string, afterSeq = 0): Subscriber {
  const opened: WebSocket[] = [];
  const sub: Subscriber = { seqs: [], closed: null, socket: () => opened[0]!, client: null as unknown as Client };
  class Captured extends WebSocket {
    constructor(...args: ConstructorParameters<typeof WebSocket>) {
      super(...args);
      opened.push(this);
    }
  }
  sub.client = createClient({
    url: `${h.url.replace(/^http/, "ws")}/graphql`,
    webSocketImpl: Captured,
    connectionParams: { authorization: `Bearer ${alice.apiKey}` },
    retryAttempts: 0,
    on: { closed: (e) => void (sub.closed ??= { code: (e as { code: number }).code, reason: String((e as { reason: unknown }).reason) }) },
  });
  sub.client.subscribe<{ documentProgress: { seq: number } }>(
    { query: QUERY, variables: { id: documentId, afterSeq } },
    { next: (r) => void (r.data && sub.seqs.push(r.data.documentProgress.seq)), error: () => undefined, complete: () => undefined },
  );
  return sub;
}

/** Publish live events of `documentId` as the pipeline does (seq numbers given), each carrying `padding` characters. */
async function publish(documentId: string, seqs: number[], padding = 0): Promise<void> {
  const channel = eventsChannel(h.pipeline.ctx.config.queue.prefix);
  const pipe = redis.pipeline();
  for (const seq of seqs) {
    pipe.publish(channel, JSON.stringify({
      documentId, ownerId: alice.id, seq, type: "step.progress", step: "ocr", status: "IN_PROGRESS", documentStatus: "PROCESSING",
      progress: 10, stepProgress: null, message: "x".repeat(padding), detail: {}, createdAt: new Date().toISOString(),
    }));
  }
  await pipe.exec();
}

/** The TCP socket under a `ws` client (not in its types): pausing it stops reading, so the server's writes pile up. */
const tcp = (socket: WebSocket) => (socket as unknown as { _socket: import("node:net").Socket })._socket;

/** `folio_ws_slow_consumer_drops_total` as the API's /metrics shows it. */
async function slowConsumerDrops(): Promise<number> {
  const text = await (await fetch(`${h.url}/metrics`)).text();
  const line = /^folio_ws_slow_consumer_drops_total (\S+)$/m.exec(text);
  expect(line, "folio_ws_slow_consumer_drops_total is exported").not.toBeNull();
  return Number(line![1]);
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
const streamReads = () => h.queryCounter.queries.filter((q) => /processing_events|"documents"|FROM documents/i.test(q)).length;

describe("fan-out to many subscribers of one document", () => {
  it("closes a subscriber that stops reading with 4420 SLOW_CONSUMER; the others still get every event, in order", async () => {
    const doc = await h.pipeline.submitBytes(alice.id, Buffer.from("%PDF-1.4 fanout\n"), "fanout.pdf", "application/pdf");
    const before = h.api.services.hub.listenerCount;
    const dropsBefore = await slowConsumerDrops();
    const fast = [subscribe(doc.id), subscribe(doc.id)];
    const slow = subscribe(doc.id);
    const all = [...fast, slow];
    try {
      // Live once the replay (document.queued, seq 1) has arrived.
      await waitFor("the subscriptions to be live", () => all.every((s) => s.seqs.length === 1), 15_000);
      tcp(slow.socket()).pause();

      // Far more than the kernel's socket buffers and the limit hold: 1,600 events of 16 KB (25 MB), in bursts of
      // 8 (128 KB, half the limit) that the readers take in before the next: a reader that keeps up never has more
      // than a burst queued, whatever the kernel's buffers take at once, while the paused one's queue only grows.
      const total = 1_600;
      const burst = 8;
      for (let first = 2; first <= total + 1; first += burst) {
        const last = Math.min(first + burst - 1, total + 1);
        await publish(doc.id, range(first, last), 16 * 1024);
        await waitFor(`the fast subscribers to get seq ${last}`, () => fast.every((s) => s.seqs.at(-1) === last || s.closed !== null), 15_000);
      }
      expect(fast.map((s) => s.closed)).toEqual([null, null]);
      for (const s of fast) expect(s.seqs).toEqual(range(1, total + 1));

      // The slow one was dropped (its stream stopped listening) …
      await waitFor("the slow subscriber to be dropped", () => h.api.services.hub.listenerCount === before + 2, 30_000);
      // … and, once it reads again, learns why from the close code.
      tcp(slow.socket()).resume();
      const closed = await waitFor("the slow socket to close", () => slow.closed ?? undefined, 30_000);
      expect(closed).toEqual({ code: WS_CLOSE.SLOW_CONSUMER.code, reason: "SLOW_CONSUMER" });
      expect(slow.seqs.length).toBeLessThan(total + 1);
      expect(fast.every((s) => s.closed === null)).toBe(true);
      // Operators see it too.
      expect((await slowConsumerDrops()) - dropsBefore).toBe(1);
    } finally {
      for (const s of all) await s.client.dispose();
    }
  });

  it("reads the event log for no subscriber while live events follow on, and only when a seq is missing", async () => {
    const doc = await h.pipeline.submitBytes(alice.id, Buffer.from("%PDF-1.4 gaps\n"), "gaps.pdf", "application/pdf");
    const subs = Array.from({ length: 10 }, () => subscribe(doc.id));
    try {
      await waitFor("the subscriptions to be live", () => subs.every((s) => s.seqs.length === 1), 15_000);
      h.queryCounter.reset();
      await publish(doc.id, range(2, 6));
      await waitFor("every live event", () => subs.every((s) => s.seqs.length === 6), 15_000);
      expect(streamReads()).toBe(0);

      // seq 7 is lost: the next event shows the gap, and each stream fills it from the log.
      await publish(doc.id, [8]);
      await waitFor("the event after the gap", () => subs.every((s) => s.seqs.at(-1) === 8), 15_000);
      expect(streamReads()).toBeGreaterThan(0);
    } finally {
      for (const s of subs) await s.client.dispose();
    }
  });

  it("still replays from a cursor: logged events after afterSeq first, then live ones, each once", async () => {
    const doc = await h.pipeline.submitBytes(alice.id, Buffer.from("%PDF-1.4 cursor\n"), "cursor.pdf", "application/pdf");
    const before = h.api.services.hub.listenerCount;
    const fromStart = subscribe(doc.id, 0);
    const fromCursor = subscribe(doc.id, 1);
    try {
      await waitFor("the logged event to be replayed", () => fromStart.seqs.length === 1, 15_000);
      await waitFor("both subscriptions to listen", () => h.api.services.hub.listenerCount === before + 2, 15_000);
      await publish(doc.id, [2, 3]);
      await waitFor("the live events", () => fromStart.seqs.length === 3 && fromCursor.seqs.length === 2, 15_000);
      expect(fromStart.seqs).toEqual([1, 2, 3]);
      expect(fromCursor.seqs).toEqual([2, 3]);
    } finally {
      await fromStart.client.dispose();
      await fromCursor.client.dispose();
    }
  });
});
