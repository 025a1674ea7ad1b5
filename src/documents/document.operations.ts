import type { OcrMode } from "../common/ocr-mode.js";
import type { DataSource } from "typeorm";
import { DocumentEntity, DocumentStatus } from "../db/entities/index.js";
import { NotFoundError, ValidationError } from "../errors/app.error.js";
import type { EventLog } from "../events/event.log.js";
import type { DocumentQueue } from "../queue/document.queue.js";
import type { ObjectStore } from "../storage/object-store.js";
import { storageKeys } from "../storage/storage.factory.js";
import { STEP_NAMES, isStepName } from "./step.names.js";
import { cancel, release, remove, reprocess } from "./transitions/index.js";

/** Process, reprocess, cancel and delete: state changes from outside a run, each one transaction with its event. */
export class DocumentOperations {
  constructor(private readonly deps: { dataSource: DataSource; events: EventLog; queue: DocumentQueue; store: ObjectStore }) {}

  /**
   * Start processing a document uploaded with `autoProcess: false`. For a
   * QUEUED document that is not held it only makes sure a job exists
   * (harmless). Anything else is a CONFLICT (use reprocess).
   */
  async process(documentId: string): Promise<DocumentEntity> {
    const result = await this.deps.events.transact(documentId, (tx, doc) => release(tx, doc));
    if (!result) throw new NotFoundError("Document");
    await this.deps.queue.enqueueOnce({ documentId });
    return result;
  }

  /**
   * Delete a document with its steps, events and stored objects. A document
   * still being processed is cancelled first so its worker lets go of it.
   */
  async delete(documentId: string): Promise<void> {
    const doc = await this.deps.dataSource.getRepository(DocumentEntity).findOneBy({ id: documentId });
    if (!doc) throw new NotFoundError("Document");
    if (doc.status === DocumentStatus.QUEUED || doc.status === DocumentStatus.PROCESSING) {
      await this.cancel(documentId).catch(() => undefined);
    }
    await this.deps.queue.removeIfWaiting(documentId).catch(() => undefined);
    // What the log's hooks record for a deletion (the document.deleted webhook outbox) commits with it, before the row goes.
    await this.deps.dataSource.transaction(async (tx) => {
      await this.deps.events.deleting(tx, doc);
      await remove(tx, doc);
    });
    await this.deps.store.deletePrefix(storageKeys.documentPrefix(doc.ownerId, documentId));
  }

  /**
   * Run the pipeline again, from `fromStep` (default: the first step). Steps
   * before it keep their results. Allowed once the document is COMPLETED,
   * FAILED or CANCELLED; a document still queued or processing is a CONFLICT.
   * `ocrMode` becomes the document's OCR mode and makes the run start at `extract_text` at the latest.
   */
  async reprocess(documentId: string, fromStep: string = STEP_NAMES[0], options: { ocrMode?: OcrMode } = {}): Promise<DocumentEntity> {
    if (!isStepName(fromStep)) throw new ValidationError(`Unknown step "${fromStep}"; steps are ${STEP_NAMES.join(", ")}.`);
    const result = await this.deps.events.transact(documentId, (tx, doc) => reprocess(tx, doc, fromStep, new Date(), options));
    if (!result) throw new NotFoundError("Document");
    await this.deps.queue.enqueueOnce({ documentId });
    return result;
  }

  /**
   * Cancel a QUEUED or PROCESSING document. A waiting job is removed; a running
   * one stops at its next step boundary (workers also abort the step in flight
   * when they hear the event).
   */
  async cancel(documentId: string): Promise<DocumentEntity> {
    const result = await this.deps.events.transact(documentId, (tx, doc) => cancel(tx, doc));
    if (!result) throw new NotFoundError("Document");
    await this.deps.queue.removeIfWaiting(documentId);
    return result;
  }
}
