import { LessThanOrEqual, Like, MoreThan, type DataSource } from "typeorm";
import { ProcessingEventEntity } from "../db/entities/index.js";
import { toProgressEvent } from "./event.log.js";
import type { EventHub } from "./event-hub.js";
import type { ProgressEvent } from "./progress-event.js";

const REPLAY_PAGE = 500;

/** A logged event as the stream reads it back. */
export type LoggedEvent = Omit<ProcessingEventEntity, "id" | "document">;

/**
 * What a progress stream reads from the log: a port, so that the stream's
 * replay, gap-fill and end logic can be tested with an in-memory history.
 * Production uses {@link logProgressHistory}.
 */
export interface ProgressHistory {
  /** Up to `limit` logged events of the document with seq > `afterSeq`, in seq order. */
  eventsAfter(documentId: string, afterSeq: number, limit: number): Promise<LoggedEvent[]>;
  /** The status set by the document's last document event with seq ≤ `seq`; null when there is none. */
  statusAt(documentId: string, seq: number): Promise<string | null>;
  /** Whether the document's run is over: terminal with no delivery step open, or the document is gone. */
  runIsOver(documentId: string): Promise<boolean>;
}

/** The event log in PostgreSQL as a {@link ProgressHistory}. */
export function logProgressHistory(dataSource: DataSource): ProgressHistory {
  const events = () => dataSource.getRepository(ProcessingEventEntity);
  return {
    eventsAfter: (documentId, afterSeq, limit) =>
      events().find({ where: { documentId, seq: MoreThan(afterSeq) }, order: { seq: "ASC" }, take: limit }),
    async statusAt(documentId, seq) {
      const prior = await events().findOne({
        where: { documentId, seq: LessThanOrEqual(seq), type: Like("document.%") },
        order: { seq: "DESC" },
      });
      return prior?.status ?? null;
    },
    async runIsOver(documentId) {
      const [row] = (await dataSource.query(
        `SELECT d.status::text AS status,
                EXISTS (SELECT 1 FROM processing_steps s WHERE s.document_id = d.id AND s.name LIKE 'deliver:%' AND s.status IN ('PENDING', 'IN_PROGRESS')) AS open
           FROM documents d WHERE d.id = $1`,
        [documentId],
      )) as { status: string; open: boolean }[];
      if (!row) return true;
      return row.status === "FAILED" || row.status === "CANCELLED" || (row.status === "COMPLETED" && !row.open);
    },
  };
}

/** The part of the {@link EventHub} a document's stream listens on. */
export type DocumentEventSource = Pick<EventHub, "listenDocument">;

/** Document status after an event, for events read back from the log (which stores step status on step events). */
export function statusAfter(event: Pick<LoggedEvent, "type" | "status">, previous: string): string {
  return event.type.startsWith("document.") ? event.status : previous === "QUEUED" && event.type.startsWith("step.") ? "PROCESSING" : previous;
}

/**
 * A document's events after `afterSeq`: first those already in the log, then
 * live ones, in seq order with none missing and none twice, ending after the
 * terminal event. Live events are buffered from before the replay starts, so
 * nothing falls between the two; a gap in the live feed (a lost pub/sub
 * message) is filled from the log. `return()` stops listening at once.
 */
export class DocumentProgressStream implements AsyncIterableIterator<ProgressEvent> {
  private readonly ready: ProgressEvent[] = [];
  private readonly live: ProgressEvent[] = [];
  private lastSeq: number;
  private documentStatus = "QUEUED";
  private finished = false;
  private replayed = false;
  /** Delivery steps announced by document.completed that have not finished yet: the stream waits for them. */
  private readonly pendingDeliveries = new Set<string>();
  private wake: (() => void) | null = null;
  private readonly stopListening: () => void;
  private readonly history: ProgressHistory;

  /** `dataSource` reads the log in PostgreSQL; `history` is any other {@link ProgressHistory} (tests). */
  constructor(
    deps: { hub: DocumentEventSource; dataSource: DataSource } | { hub: DocumentEventSource; history: ProgressHistory },
    private readonly documentId: string,
    private readonly ownerId: string,
    afterSeq: number,
  ) {
    this.history = "history" in deps ? deps.history : logProgressHistory(deps.dataSource);
    this.lastSeq = Math.max(0, afterSeq);
    this.stopListening = deps.hub.listenDocument(documentId, (event) => {
      this.live.push(event);
      this.wake?.();
    });
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  /** Read logged events with lastSeq < seq < beforeSeq (all when beforeSeq is omitted) into `ready`. */
  private async readLog(beforeSeq = Number.POSITIVE_INFINITY): Promise<void> {
    for (;;) {
      const rows = await this.history.eventsAfter(this.documentId, this.lastSeq, REPLAY_PAGE);
      for (const row of rows) {
        if (row.seq >= beforeSeq) return;
        this.documentStatus = statusAfter(row, this.documentStatus);
        this.push(toProgressEvent(row, this.ownerId, this.documentStatus));
      }
      if (rows.length < REPLAY_PAGE) return;
    }
  }

  private push(event: ProgressEvent): void {
    if (event.seq <= this.lastSeq) return;
    this.lastSeq = event.seq;
    this.ready.push(event);
  }

  /** Move buffered live events to `ready`, filling any gap from the log first. */
  private async takeLive(): Promise<void> {
    const batch = this.live.splice(0).sort((a, b) => a.seq - b.seq);
    for (const event of batch) {
      if (event.seq <= this.lastSeq) continue;
      if (event.seq > this.lastSeq + 1) await this.readLog(event.seq);
      this.documentStatus = event.documentStatus;
      this.push(event);
    }
  }

  async next(): Promise<IteratorResult<ProgressEvent>> {
    while (!this.finished) {
      if (!this.replayed) {
        this.replayed = true;
        if (this.lastSeq > 0) {
          // Payloads carry the document's status; start from what it was at afterSeq.
          this.documentStatus = (await this.history.statusAt(this.documentId, this.lastSeq)) ?? this.documentStatus;
        }
        await this.readLog();
        if (this.ready.length === 0 && this.live.length === 0 && (await this.history.runIsOver(this.documentId))) await this.end();
      } else if (this.ready.length === 0) {
        if (this.live.length === 0) await new Promise<void>((resolve) => (this.wake = resolve));
        this.wake = null;
        if (this.finished) break;
        await this.takeLive();
      }
      const event = this.ready.shift();
      if (event) {
        const isLatest = this.ready.length === 0 && this.live.every((e) => e.seq <= event.seq);
        if (this.isEnd(event) && isLatest) await this.end();
        return { value: event, done: false };
      }
    }
    return { value: undefined, done: true };
  }

  /**
   * Whether the run is over after this event: a failed or cancelled document,
   * or a completed one once every delivery step it announced has finished
   * (succeeded, or failed with no retry left), or a correction of a completed one.
   */
  private isEnd(event: ProgressEvent): boolean {
    if (event.type === "document.completed") {
      this.pendingDeliveries.clear();
      for (const d of event.detail.deliveries ?? []) this.pendingDeliveries.add(d.step);
      return this.pendingDeliveries.size === 0;
    }
    if (event.step && this.pendingDeliveries.has(event.step) && (event.type === "step.succeeded" || (event.type === "step.failed" && event.detail.willRetry !== true))) {
      this.pendingDeliveries.delete(event.step);
      return this.pendingDeliveries.size === 0 && event.documentStatus === "COMPLETED";
    }
    // A correction of a completed document happens after its run: a stream that replays up to one ends there too.
    if (event.type === "document.corrected") return this.pendingDeliveries.size === 0;
    return event.type === "document.failed" || event.type === "document.cancelled";
  }

  private async end(): Promise<void> {
    this.finished = true;
    this.stopListening();
  }

  async return(): Promise<IteratorResult<ProgressEvent>> {
    this.finished = true;
    this.stopListening();
    this.ready.length = 0;
    this.wake?.();
    return { value: undefined, done: true };
  }

  async throw(error?: unknown): Promise<IteratorResult<ProgressEvent>> {
    await this.return();
    throw error;
  }
}

/**
 * Live events of many documents (a dashboard feed): no replay, filtered by
 * `accept`. Ends only when the client unsubscribes.
 */
export class LiveEventStream implements AsyncIterableIterator<ProgressEvent> {
  private readonly queue: ProgressEvent[] = [];
  private wake: (() => void) | null = null;
  private closed = false;
  private readonly stopListening: () => void;

  constructor(hub: Pick<EventHub, "listenAll">, accept: (event: ProgressEvent) => boolean, private readonly maxBuffered = 10_000) {
    this.stopListening = hub.listenAll((event) => {
      if (!accept(event)) return;
      // A client that stops reading must not grow the server's memory without bound.
      if (this.queue.length >= this.maxBuffered) this.queue.shift();
      this.queue.push(event);
      this.wake?.();
    });
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  async next(): Promise<IteratorResult<ProgressEvent>> {
    while (!this.closed && this.queue.length === 0) {
      await new Promise<void>((resolve) => (this.wake = resolve));
      this.wake = null;
    }
    const event = this.queue.shift();
    return event ? { value: event, done: false } : { value: undefined, done: true };
  }

  async return(): Promise<IteratorResult<ProgressEvent>> {
    this.closed = true;
    this.stopListening();
    this.wake?.();
    return { value: undefined, done: true };
  }
}
