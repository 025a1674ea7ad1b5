import type { DataSource, EntityManager } from "typeorm";
import { DocumentEntity, type ProcessingEventEntity } from "../db/entities/index.js";
import type { EventDetailMap, EventType, TypedDetail } from "./event.detail.js";
import type { EventPublisher } from "./event.publisher.js";
import type { ProgressEvent } from "./progress-event.js";

/** The fields of an event about to be appended, whatever its type. */
export interface NewEventFields {
  step?: string | null;
  status: string;
  progress: number;
  stepProgress?: number | null;
  message?: string | null;
  /** When it happened; the same instant is written to the row the event describes, so the log can rebuild it exactly. */
  at: Date;
}

/**
 * An event about to be appended, discriminated by `type`: its `detail` must be
 * that type's shape ({@link EventDetailMap}), so an append is type-checked.
 */
export type NewEvent = { [T in EventType]: NewEventFields & { type: T; detail: EventDetailMap[T] } }[EventType];

/** The document an append is about (the caller holds its row lock). */
export type LoggedDocument = Pick<DocumentEntity, "id" | "ownerId" | "status">;

/** An event as read back from the log, typed by `type`. */
export type LoggedEvent = Pick<ProcessingEventEntity, "documentId" | "seq" | "step" | "status" | "progress" | "stepProgress" | "message" | "createdAt"> & TypedDetail;

/**
 * Side effects of the log that must commit (or roll back) with it, registered
 * when the process is wired (e.g. the webhook outbox): the log itself imports
 * no feature.
 */
export interface EventLogHook {
  /** Runs inside the appending transaction, after the event rows are written. */
  appended?(manager: EntityManager, doc: LoggedDocument, events: readonly ProgressEvent[]): Promise<void>;
  /** Runs inside the deleting transaction, before the document row (and with it its log) goes. */
  deleting?(manager: EntityManager, doc: Pick<DocumentEntity, "id" | "ownerId">): Promise<void>;
}

/** What a unit of work under a document's row lock returns: the events to append and its own result. */
export interface LoggedWork<T> {
  events: readonly NewEvent[];
  value: T;
}

/** A document's append-only event log: append, lock-and-append, publish after commit. */
export interface EventLog {
  /**
   * Append events inside the caller's transaction (which must hold the
   * document's row lock, or have created the row). Runs the hooks. Publish the
   * result after the commit with {@link EventLog.publish}.
   */
  append(manager: EntityManager, doc: LoggedDocument, events: readonly NewEvent[]): Promise<ProgressEvent[]>;
  /**
   * Run `work` in a transaction that holds the document's row lock, append the
   * events it returns, commit, and only then publish them: subscribers never
   * see an event that is not durable. Returns `work`'s value, or null when the
   * document does not exist.
   */
  transact<T>(documentId: string, work: (manager: EntityManager, doc: DocumentEntity) => Promise<LoggedWork<T>>): Promise<T | null>;
  /** Publish committed events to live subscribers (failures are logged by the publisher, never thrown). */
  publish(events: readonly ProgressEvent[]): Promise<void>;
  /** Run the deletion hooks inside the deleting transaction, before the row goes. */
  deleting(manager: EntityManager, doc: Pick<DocumentEntity, "id" | "ownerId">): Promise<void>;
}

/** What {@link createEventLog} needs. */
export interface EventLogOptions {
  dataSource: DataSource;
  publisher: EventPublisher;
  /** Side effects of appends and deletions, in order (see {@link EventLogHook}). */
  hooks?: readonly EventLogHook[];
}

/**
 * Append events to a document's log inside the caller's transaction. The
 * sequence numbers come from `documents.event_seq`, bumped by an UPDATE that
 * holds the document's row lock until commit: concurrent writers queue up and
 * a rolled-back transaction gives its numbers back, so seqs never skip. The
 * bump and the inserts are one statement (a data-modifying CTE): one round
 * trip per append, which every transition pays.
 */
async function appendRows(manager: EntityManager, doc: LoggedDocument, events: readonly NewEvent[]): Promise<ProgressEvent[]> {
  if (events.length === 0) return [];
  const rows = events.map((e, i) => ({
    i,
    type: e.type,
    step: e.step ?? null,
    status: e.status,
    progress: e.progress,
    step_progress: e.stepProgress ?? null,
    message: e.message ?? null,
    detail: e.detail,
    created_at: e.at.toISOString(),
  }));
  const inserted = (await manager.query(
    `WITH bumped AS (UPDATE documents SET event_seq = event_seq + $2 WHERE id = $1 RETURNING event_seq)
     INSERT INTO processing_events (document_id, seq, type, step, status, progress, step_progress, message, detail, created_at)
     SELECT $1, bumped.event_seq - $2 + 1 + e.i, e.type, e.step, e.status, e.progress, e.step_progress, e.message, COALESCE(e.detail, '{}'::jsonb), e.created_at
       FROM bumped, jsonb_to_recordset($3::jsonb) AS e(i int, type varchar, step varchar, status varchar, progress smallint, step_progress real, message text, detail jsonb, created_at timestamptz)
     RETURNING seq`,
    [doc.id, events.length, JSON.stringify(rows)],
  )) as { seq: number }[];
  // No row: the document is gone (the caller's lock says it cannot be); nothing was appended.
  if (inserted.length !== events.length) throw new Error(`Appending ${events.length} event(s) to document ${doc.id} wrote ${inserted.length}.`);
  const first = Math.min(...inserted.map((r) => Number(r.seq)));
  return events.map((e, i) =>
    toProgressEvent(
      {
        documentId: doc.id,
        seq: first + i,
        type: e.type,
        step: e.step ?? null,
        status: e.status,
        progress: e.progress,
        stepProgress: e.stepProgress ?? null,
        message: e.message ?? null,
        // The column is untyped JSON; the union above is what goes in.
        detail: e.detail as unknown as Record<string, unknown>,
        createdAt: e.at,
      },
      doc.ownerId,
      doc.status,
    ),
  );
}

/** Create the event log of a process, with the hooks its wiring registers. */
export function createEventLog(options: EventLogOptions): EventLog {
  const hooks = options.hooks ?? [];
  const log: EventLog = {
    async append(manager, doc, events) {
      const appended = await appendRows(manager, doc, events);
      if (appended.length > 0) for (const hook of hooks) await hook.appended?.(manager, doc, appended);
      return appended;
    },
    async transact(documentId, work) {
      let published: ProgressEvent[] = [];
      const out = await options.dataSource.transaction(async (manager) => {
        const doc = await manager.findOne(DocumentEntity, { where: { id: documentId }, lock: { mode: "pessimistic_write" } });
        if (!doc) return null;
        const result = await work(manager, doc);
        published = await log.append(manager, doc, result.events);
        return result;
      });
      if (out === null) return null;
      await options.publisher.publish(published);
      return out.value;
    },
    publish: (events) => options.publisher.publish(events),
    async deleting(manager, doc) {
      for (const hook of hooks) await hook.deleting?.(manager, doc);
    },
  };
  return log;
}

/** A stored event, typed by its `type` (the one place the untyped JSON column is read as its shape). */
export function readLoggedEvent(row: Omit<ProcessingEventEntity, "id" | "document">): LoggedEvent {
  return row as unknown as LoggedEvent;
}

/** A stored event as it is published and sent to subscribers. */
export function toProgressEvent(row: Omit<ProcessingEventEntity, "id" | "document">, ownerId: string, documentStatus: string): ProgressEvent {
  const event = readLoggedEvent(row);
  return {
    documentId: row.documentId,
    ownerId,
    seq: row.seq,
    type: event.type,
    step: row.step,
    status: row.status,
    documentStatus,
    progress: row.progress,
    stepProgress: row.stepProgress,
    message: row.message,
    detail: event.detail,
    createdAt: row.createdAt.toISOString(),
  } as ProgressEvent;
}
