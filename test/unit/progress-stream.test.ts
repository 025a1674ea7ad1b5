import { describe, expect, it } from "vitest";
import { toProgressEvent } from "../../src/events/event.log.js";
import type { EventListener } from "../../src/events/event-hub.js";
import type { ProgressEvent } from "../../src/events/progress-event.js";
import { DocumentProgressStream, LiveEventStream, type LoggedEvent, type ProgressHistory } from "../../src/events/progress-stream.js";

// The subscription stream with the log and the hub in memory: replay, then live, in seq order
// with none twice; a lost pub/sub message is filled from the log; the stream ends after the run.

const DOC = "00000000-0000-4000-8000-000000000001";
const OTHER_DOC = "00000000-0000-4000-8000-000000000002";
const OWNER = "00000000-0000-4000-8000-0000000000aa";

/** An in-process stand-in for the Redis-backed EventHub. */
class FakeHub {
  private readonly byDocument = new Map<string, Set<EventListener>>();
  private readonly everyone = new Set<EventListener>();

  listenDocument(documentId: string, listener: EventListener): () => void {
    if (!this.byDocument.has(documentId)) this.byDocument.set(documentId, new Set());
    this.byDocument.get(documentId)!.add(listener);
    return () => this.byDocument.get(documentId)?.delete(listener);
  }

  listenAll(listener: EventListener): () => void {
    this.everyone.add(listener);
    return () => this.everyone.delete(listener);
  }

  publish(event: ProgressEvent): void {
    for (const listener of this.byDocument.get(event.documentId) ?? []) listener(event);
    for (const listener of this.everyone) listener(event);
  }

  get listenerCount(): number {
    return this.everyone.size + [...this.byDocument.values()].reduce((n, set) => n + set.size, 0);
  }
}

/** The event log in memory, with the document status the log's writer would keep. */
class FakeHistory implements ProgressHistory {
  readonly rows: LoggedEvent[] = [];
  /** The document's status after the last document event, as the live payloads carry it. */
  status = "QUEUED";
  runOver = false;
  reads = 0;

  /** Append an event to the log and return it as the writer would publish it. */
  append(type: string, options: { step?: string; status?: string; message?: string; detail?: Record<string, unknown> } = {}): ProgressEvent {
    const isDocumentEvent = type.startsWith("document.");
    const status = options.status ?? (isDocumentEvent ? type.slice("document.".length).toUpperCase() : "IN_PROGRESS");
    if (isDocumentEvent) this.status = status;
    else if (this.status === "QUEUED") this.status = "PROCESSING";
    const row: LoggedEvent = {
      documentId: DOC,
      seq: this.rows.length + 1,
      type,
      step: options.step ?? null,
      status,
      progress: 0,
      stepProgress: null,
      message: options.message ?? null,
      detail: options.detail ?? {},
      createdAt: new Date(Date.UTC(2026, 0, 1, 12, 0, this.rows.length % 60)),
    };
    this.rows.push(row);
    return toProgressEvent(row, OWNER, this.status);
  }

  async eventsAfter(documentId: string, afterSeq: number, limit: number): Promise<LoggedEvent[]> {
    this.reads++;
    return this.rows.filter((r) => r.documentId === documentId && r.seq > afterSeq).slice(0, limit);
  }

  async statusAt(documentId: string, seq: number): Promise<string | null> {
    const prior = this.rows.filter((r) => r.documentId === documentId && r.seq <= seq && r.type.startsWith("document.")).at(-1);
    return prior?.status ?? null;
  }

  async runIsOver(): Promise<boolean> {
    return this.runOver;
  }
}

function setup(afterSeq = 0) {
  const hub = new FakeHub();
  const history = new FakeHistory();
  const open = (from = afterSeq) => new DocumentProgressStream({ hub, history }, DOC, OWNER, from);
  return { hub, history, open };
}

/** Read `n` events (fails the test instead of hanging when fewer come). */
async function take(stream: AsyncIterator<ProgressEvent>, n: number): Promise<ProgressEvent[]> {
  const events: ProgressEvent[] = [];
  for (let i = 0; i < n; i++) {
    const result = await Promise.race([stream.next(), new Promise<"timeout">((resolve) => setTimeout(() => resolve("timeout"), 1_000))]);
    if (result === "timeout") throw new Error(`only ${events.length} of ${n} events arrived`);
    if (result.done) throw new Error(`the stream ended after ${events.length} of ${n} events`);
    events.push(result.value);
  }
  return events;
}

/** Whether the next read ends the stream (within a second). */
async function ends(stream: AsyncIterator<ProgressEvent>): Promise<boolean> {
  const result = await Promise.race([stream.next(), new Promise<"timeout">((resolve) => setTimeout(() => resolve("timeout"), 1_000))]);
  return result !== "timeout" && result.done === true;
}

/** Lets pending promise callbacks run. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 10));

describe("DocumentProgressStream", () => {
  it("replays the logged events, continues with live ones and ends after the terminal event", async () => {
    const { hub, history, open } = setup();
    history.append("document.queued");
    history.append("document.processing");
    const stream = open();
    expect((await take(stream, 2)).map((e) => e.seq)).toEqual([1, 2]);

    hub.publish(history.append("step.started", { step: "detect" }));
    hub.publish(history.append("step.succeeded", { step: "detect", status: "SUCCEEDED" }));
    hub.publish(history.append("document.completed", { detail: { deliveries: [] } }));
    const live = await take(stream, 3);
    expect(live.map((e) => [e.seq, e.type])).toEqual([
      [3, "step.started"],
      [4, "step.succeeded"],
      [5, "document.completed"],
    ]);
    expect(live.at(-1)?.documentStatus).toBe("COMPLETED");
    expect(await ends(stream)).toBe(true);
    expect(hub.listenerCount).toBe(0);
  });

  it("replaying a completed document that a person corrected since, ends after the correction", async () => {
    const { history, open } = setup();
    history.append("document.queued");
    history.append("document.processing");
    history.append("document.completed", { detail: { deliveries: [] } });
    history.append("document.corrected", { status: "COMPLETED", detail: { correctionId: "c1", field: "total", value: "4.20", machineValue: "4.11", actorId: OWNER } });
    history.runOver = true;
    const stream = open();
    expect((await take(stream, 4)).map((e) => [e.type, e.documentStatus])).toEqual([
      ["document.queued", "QUEUED"],
      ["document.processing", "PROCESSING"],
      ["document.completed", "COMPLETED"],
      ["document.corrected", "COMPLETED"],
    ]);
    expect(await ends(stream)).toBe(true);
  });

  it("starts after afterSeq, with the document status as it was then", async () => {
    const { history, open } = setup();
    history.append("document.queued");
    history.append("document.processing");
    history.append("step.started", { step: "detect" });
    history.append("step.succeeded", { step: "detect", status: "SUCCEEDED" });
    const events = await take(open(2), 2);
    expect(events.map((e) => [e.seq, e.documentStatus])).toEqual([
      [3, "PROCESSING"],
      [4, "PROCESSING"],
    ]);
  });

  it("derives PROCESSING from the first step event when the log has no processing event before it", async () => {
    const { history, open } = setup();
    history.append("document.queued");
    history.append("step.started", { step: "detect" });
    expect((await take(open(), 2)).map((e) => e.documentStatus)).toEqual(["QUEUED", "PROCESSING"]);
  });

  it("ends at once, with nothing to send, when the run is already over", async () => {
    const { hub, history, open } = setup();
    history.append("document.queued");
    history.append("document.processing");
    history.append("document.completed", { detail: { deliveries: [] } });
    history.runOver = true;
    const stream = open(3);
    expect(await ends(stream)).toBe(true);
    expect(hub.listenerCount).toBe(0);
  });

  it("sends an event that arrives live and is also in the replay only once", async () => {
    const { hub, history, open } = setup();
    history.append("document.queued");
    const stream = open();
    // Published after the stream started listening but before it read the log.
    hub.publish(history.append("document.processing"));
    hub.publish(history.append("step.started", { step: "detect" }));
    expect((await take(stream, 3)).map((e) => e.seq)).toEqual([1, 2, 3]);
    hub.publish(history.append("step.progress", { step: "detect" }));
    expect((await take(stream, 1)).map((e) => e.seq)).toEqual([4]);
  });

  it("fills a gap in the live feed (a lost pub/sub message) from the log, in order", async () => {
    const { hub, history, open } = setup();
    history.append("document.queued");
    history.append("document.processing");
    const stream = open();
    expect((await take(stream, 2)).map((e) => e.seq)).toEqual([1, 2]);
    const readsBefore = history.reads;

    const waiting = take(stream, 3);
    await settle();
    history.append("step.started", { step: "detect", message: "from the log" }); // its message is lost
    history.append("step.progress", { step: "detect", message: "from the log" }); // and this one
    hub.publish(history.append("step.succeeded", { step: "detect", status: "SUCCEEDED", message: "live" }));
    const events = await waiting;
    expect(events.map((e) => [e.seq, e.message])).toEqual([
      [3, "from the log"],
      [4, "from the log"],
      [5, "live"],
    ]);
    expect(events.map((e) => e.documentStatus)).toEqual(["PROCESSING", "PROCESSING", "PROCESSING"]);
    expect(history.reads).toBeGreaterThan(readsBefore);
  });

  it("reads no log for live events that follow on without a gap, and sorts a batch that arrived out of order", async () => {
    const { hub, history, open } = setup();
    history.append("document.queued");
    const stream = open();
    await take(stream, 1);
    const readsBefore = history.reads;
    const started = history.append("document.processing");
    const detect = history.append("step.started", { step: "detect" });
    hub.publish(detect);
    hub.publish(started);
    expect((await take(stream, 2)).map((e) => e.seq)).toEqual([2, 3]);
    expect(history.reads).toBe(readsBefore);
  });

  it("replays a long log page by page", async () => {
    const { history, open } = setup();
    history.append("document.queued");
    history.append("document.processing");
    for (let i = 0; i < 1_200; i++) history.append("step.progress", { step: "ocr" });
    const events = await take(open(), 1_202);
    expect(events.map((e) => e.seq)).toEqual(Array.from({ length: 1_202 }, (_, i) => i + 1));
    expect(history.reads).toBeGreaterThan(2);
  });

  it("waits for the delivery steps a completion announces, ending when the last one is settled", async () => {
    const { hub, history, open } = setup();
    history.append("document.queued");
    const stream = open();
    await take(stream, 1);
    hub.publish(history.append("document.completed", { detail: { deliveries: [{ step: "deliver:erp", position: 8 }, { step: "deliver:archive", position: 9 }] } }));
    hub.publish(history.append("step.started", { step: "deliver:erp" }));
    hub.publish(history.append("step.failed", { step: "deliver:erp", status: "FAILED", detail: { code: "DELIVERY_FAILED", willRetry: true } }));
    hub.publish(history.append("step.succeeded", { step: "deliver:archive", status: "SUCCEEDED" }));
    expect((await take(stream, 4)).map((e) => e.type)).toEqual(["document.completed", "step.started", "step.failed", "step.succeeded"]);

    // A failure that will be retried keeps the stream open; the final failure ends it.
    hub.publish(history.append("step.failed", { step: "deliver:erp", status: "FAILED", detail: { code: "DELIVERY_FAILED", willRetry: false } }));
    expect((await take(stream, 1))[0]).toMatchObject({ seq: 6, type: "step.failed" });
    expect(await ends(stream)).toBe(true);
  });

  it("ends after a failed or a cancelled document", async () => {
    for (const terminal of ["document.failed", "document.cancelled"]) {
      const { hub, history, open } = setup();
      history.append("document.queued");
      const stream = open();
      await take(stream, 1);
      hub.publish(history.append(terminal));
      expect((await take(stream, 1))[0].type).toBe(terminal);
      expect(await ends(stream)).toBe(true);
      expect(hub.listenerCount).toBe(0);
    }
  });

  it("does not end at a terminal event while later events are already buffered", async () => {
    const { hub, history, open } = setup();
    history.append("document.queued");
    const stream = open();
    await take(stream, 1);
    hub.publish(history.append("document.failed"));
    hub.publish(history.append("document.reprocess", { status: "QUEUED", detail: { fromStep: "detect", reset: ["detect"] } }));
    expect((await take(stream, 2)).map((e) => e.type)).toEqual(["document.failed", "document.reprocess"]);
  });

  it("ignores other documents' events", async () => {
    const { hub, history, open } = setup();
    history.append("document.queued");
    const stream = open();
    await take(stream, 1);
    hub.publish({ ...history.append("document.processing"), documentId: OTHER_DOC });
    // The log has seq 2 for DOC: the next live event of DOC brings it in through the gap-fill.
    hub.publish(history.append("step.started", { step: "detect" }));
    expect((await take(stream, 2)).map((e) => [e.documentId, e.seq])).toEqual([
      [DOC, 2],
      [DOC, 3],
    ]);
  });

  it("stops listening on return(), also while a read is waiting for live events", async () => {
    const { hub, history, open } = setup();
    history.append("document.queued");
    const stream = open();
    await take(stream, 1);
    const waiting = stream.next();
    await settle();
    await stream.return();
    expect(await waiting).toEqual({ value: undefined, done: true });
    expect(hub.listenerCount).toBe(0);
    expect(await ends(stream)).toBe(true);
  });
});

describe("LiveEventStream", () => {
  it("passes on the accepted live events of every document until returned", async () => {
    const hub = new FakeHub();
    const history = new FakeHistory();
    const stream = new LiveEventStream(hub, (event) => event.type !== "step.progress");
    hub.publish(history.append("document.queued"));
    hub.publish(history.append("step.progress", { step: "detect" }));
    hub.publish({ ...history.append("document.processing"), documentId: OTHER_DOC });
    expect((await take(stream, 2)).map((e) => [e.documentId, e.type])).toEqual([
      [DOC, "document.queued"],
      [OTHER_DOC, "document.processing"],
    ]);
    await stream.return();
    expect(hub.listenerCount).toBe(0);
    expect(await ends(stream)).toBe(true);
  });

  it("keeps only the newest events for a client that stops reading", async () => {
    const hub = new FakeHub();
    const history = new FakeHistory();
    const stream = new LiveEventStream(hub, () => true, 3);
    for (let i = 0; i < 5; i++) hub.publish(history.append("step.progress", { step: "ocr" }));
    expect((await take(stream, 3)).map((e) => e.seq)).toEqual([3, 4, 5]);
  });
});
