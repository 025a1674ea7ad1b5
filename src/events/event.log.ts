import type { DataSource, EntityManager } from "typeorm";
import { DocumentEntity, ProcessingEventEntity } from "../db/entities/index.js";
import type { EventPublisher } from "./event.publisher.js";
import type { ProgressEvent, ProgressEventType } from "./progress-event.js";
import { isWebhookEvent } from "../webhooks/events.js";
import { recordWebhookDeliveries } from "../webhooks/outbox.js";

/** An event about to be appended. */
export interface NewEvent {
  type: ProgressEventType;
  step?: string | null;
  status: string;
  progress: number;
  stepProgress?: number | null;
  message?: string | null;
  detail?: Record<string, unknown>;
  /** When it happened; the same instant is written to the row the event describes, so the log can rebuild it exactly. */
  at: Date;
}

/**
 * Append events to a document's log inside the caller's transaction. The
 * sequence numbers come from `documents.event_seq`, bumped by an UPDATE that
 * holds the document's row lock until commit: concurrent writers queue up and
 * a rolled-back transaction gives its numbers back, so seqs never skip.
 */
export async function appendEvents(manager: EntityManager, doc: Pick<DocumentEntity, "id" | "ownerId" | "status">, events: readonly NewEvent[]): Promise<ProgressEvent[]> {
  if (events.length === 0) return [];
  // TypeORM's postgres driver answers an UPDATE … RETURNING with [rows, rowCount].
  const [rows] = (await manager.query(`UPDATE documents SET event_seq = event_seq + $2 WHERE id = $1 RETURNING event_seq`, [doc.id, events.length])) as [
    { event_seq: number }[],
    number,
  ];
  const last = rows[0]!.event_seq;
  const first = last - events.length + 1;
  const entities = events.map((e, i) =>
    manager.create(ProcessingEventEntity, {
      documentId: doc.id,
      seq: first + i,
      type: e.type,
      step: e.step ?? null,
      status: e.status,
      progress: e.progress,
      stepProgress: e.stepProgress ?? null,
      message: e.message ?? null,
      detail: e.detail ?? {},
      createdAt: e.at,
    }),
  );
  await manager.save(ProcessingEventEntity, entities, { reload: false });
  // Webhook outbox: deliveries for terminal events commit (or roll back) together with the event.
  for (const e of events) if (isWebhookEvent(e.type)) await recordWebhookDeliveries(manager, doc, e.type, e.at);
  return entities.map((row) => toProgressEvent(row, doc.ownerId, doc.status));
}

/** A stored event as it is published and sent to subscribers. */
export function toProgressEvent(
  row: Omit<ProcessingEventEntity, "id" | "document">,
  ownerId: string,
  documentStatus: string,
): ProgressEvent {
  return {
    documentId: row.documentId,
    ownerId,
    seq: row.seq,
    type: row.type as ProgressEventType,
    step: row.step,
    status: row.status,
    documentStatus,
    progress: row.progress,
    stepProgress: row.stepProgress,
    message: row.message,
    detail: row.detail,
    createdAt: row.createdAt.toISOString(),
  };
}

/**
 * Run `work` in a transaction that holds the document's row lock, append the
 * events it returns, commit, and only then publish them: subscribers never see
 * an event that is not durable. Returns whatever `work` returned besides the events.
 */
export async function withDocumentTransaction<T>(
  dataSource: DataSource,
  publisher: EventPublisher,
  documentId: string,
  work: (manager: EntityManager, doc: DocumentEntity) => Promise<{ events: NewEvent[]; value: T }>,
): Promise<T | null> {
  let published: ProgressEvent[] = [];
  const value = await dataSource.transaction(async (manager) => {
    const doc = await manager.findOne(DocumentEntity, { where: { id: documentId }, lock: { mode: "pessimistic_write" } });
    if (!doc) return null;
    const out = await work(manager, doc);
    published = await appendEvents(manager, doc, out.events);
    return out;
  });
  if (value === null) return null;
  await publisher.publish(published);
  return value.value;
}
