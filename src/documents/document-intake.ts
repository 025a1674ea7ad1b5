import { randomUUID } from "node:crypto";
import type { DataSource } from "typeorm";
import { DocumentEntity, DocumentStatus } from "../db/entities/index.js";
import type { EventPublisher } from "../events/event.publisher.js";
import type { Logger } from "../logging/logger.js";
import { appendEvents } from "../pipeline/event-log.js";
import { PipelineRunner } from "../pipeline/runner.js";
import { STEP_NAMES } from "../pipeline/step.js";
import type { DocumentQueue } from "../queue/document.queue.js";
import { sanitizeFilename, type ObjectStore } from "../storage/object-store.js";
import { storageKeys } from "../storage/storage.factory.js";

/** A new document as it arrives. */
export interface IntakeInput {
  ownerId: string;
  filename: string;
  /** What the client claimed; the pipeline judges by content. */
  contentType?: string | null;
  stream: NodeJS.ReadableStream;
  labels?: string[];
  metadata?: Record<string, unknown>;
  idempotencyKey?: string | null;
}

/**
 * Accepts documents: streams the original into storage (hashing on the way),
 * then in one transaction writes the document (QUEUED), its step rows and
 * event #1, and only after the commit enqueues it. If the process dies between
 * commit and enqueue, the worker's reconciler finds the QUEUED document with no
 * job and enqueues it: an accepted document is never lost.
 */
export class DocumentIntake {
  constructor(
    private readonly deps: { dataSource: DataSource; store: ObjectStore; publisher: EventPublisher; queue: DocumentQueue; logger: Logger; maxUploadBytes: number },
  ) {}

  /** Store and record a document without enqueueing it. */
  async record(input: IntakeInput): Promise<DocumentEntity> {
    const id = randomUUID();
    const storageFilename = sanitizeFilename(input.filename);
    const rawKey = storageKeys.original(input.ownerId, id, storageFilename);
    const stored = await this.deps.store.put(rawKey, input.stream, { maxBytes: this.deps.maxUploadBytes, contentType: input.contentType ?? undefined });
    const at = new Date();
    let events;
    let doc: DocumentEntity;
    try {
      ({ doc, events } = await this.deps.dataSource.transaction(async (m) => {
        const values = {
          id,
          ownerId: input.ownerId,
          originalFilename: input.filename.slice(0, 1024),
          storageFilename,
          declaredContentType: input.contentType ?? null,
          sizeBytes: stored.sizeBytes,
          sha256: stored.sha256,
          rawKey,
          status: DocumentStatus.QUEUED,
          labels: input.labels ?? [],
          metadata: input.metadata ?? {},
          idempotencyKey: input.idempotencyKey ?? null,
          createdAt: at,
        };
        const created = m.create(DocumentEntity, values);
        // insert() types jsonb columns too narrowly for Record<string, unknown>; the row is a plain insert either way.
        await m.insert(DocumentEntity, created as never);
        await PipelineRunner.ensureSteps(m, id);
        const appended = await appendEvents(m, created, [
          {
            type: "document.queued",
            status: DocumentStatus.QUEUED,
            progress: 0,
            message: `Queued ${input.filename}`,
            detail: { steps: [...STEP_NAMES], sizeBytes: stored.sizeBytes, sha256: stored.sha256 },
            at,
          },
        ]);
        return { doc: created, events: appended };
      }));
    } catch (error) {
      // No row points at the object: remove it rather than leave an orphan.
      await this.deps.store.delete(rawKey).catch(() => undefined);
      throw error;
    }
    await this.deps.publisher.publish(events);
    return doc;
  }

  /** Store, record and enqueue. A failed enqueue is logged, not thrown: the reconciler retries it. */
  async submit(input: IntakeInput): Promise<DocumentEntity> {
    const doc = await this.record(input);
    try {
      await this.deps.queue.enqueue(doc.id);
    } catch (error) {
      this.deps.logger.warn({ err: error, documentId: doc.id }, "enqueue failed; the reconciler will queue the document");
    }
    return doc;
  }
}
