import { In, type DataSource } from "typeorm";
import { DocumentEntity, DocumentStatus, ProcessingStepEntity, StepStatus, TERMINAL_DOCUMENT_STATUSES } from "../db/entities/index.js";
import { AppError, NotFoundError, ValidationError } from "../errors/app.error.js";
import type { EventPublisher } from "../events/event.publisher.js";
import type { DocumentQueue } from "../queue/document.queue.js";
import type { ObjectStore } from "../storage/object-store.js";
import { storageKeys } from "../storage/storage.factory.js";
import { withDocumentTransaction } from "../events/event.log.js";
import { overallProgress } from "../pipeline/runner.js";
import { STEP_NAMES, isStepName, type StepName } from "../pipeline/step.js";
import { recordDocumentDeleted } from "../webhooks/outbox.js";

/** Process, reprocess, cancel and delete: state changes from outside a run, each one transaction with its event. */
export class DocumentOperations {
  constructor(private readonly deps: { dataSource: DataSource; publisher: EventPublisher; queue: DocumentQueue; store: ObjectStore }) {}

  /**
   * Start processing a document uploaded with `autoProcess: false`. For a
   * QUEUED document that is not held it only makes sure a job exists
   * (harmless). Anything else is a CONFLICT (use reprocess).
   */
  async process(documentId: string): Promise<DocumentEntity> {
    const result = await withDocumentTransaction(this.deps.dataSource, this.deps.publisher, documentId, async (m, doc) => {
      if (doc.status !== DocumentStatus.QUEUED) {
        throw new AppError("CONFLICT", `The document is ${doc.status}; use reprocessDocument to run it again.`);
      }
      if (!doc.held) return { events: [], value: doc };
      await m.update(DocumentEntity, documentId, { held: false });
      doc.held = false;
      return {
        events: [{ type: "document.queued", status: DocumentStatus.QUEUED, progress: doc.progress, message: "Processing requested", detail: { released: true }, at: new Date() }],
        value: doc,
      };
    });
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
    // The document.deleted webhook deliveries (outbox) commit with the deletion, before the row goes.
    await this.deps.dataSource.transaction(async (m) => {
      await recordDocumentDeleted(m, doc, this.deps.queue);
      await m.delete(DocumentEntity, { id: documentId });
    });
    await this.deps.store.deletePrefix(storageKeys.documentPrefix(doc.ownerId, documentId));
  }

  /**
   * Run the pipeline again, from `fromStep` (default: the first step). Steps
   * before it keep their results. Allowed once the document is COMPLETED,
   * FAILED or CANCELLED; a document still queued or processing is a CONFLICT.
   */
  async reprocess(documentId: string, fromStep: string = STEP_NAMES[0]): Promise<DocumentEntity> {
    if (!isStepName(fromStep)) throw new ValidationError(`Unknown step "${fromStep}"; steps are ${STEP_NAMES.join(", ")}.`);
    const from = STEP_NAMES.indexOf(fromStep);
    const result = await withDocumentTransaction(this.deps.dataSource, this.deps.publisher, documentId, async (m, doc) => {
      if (!TERMINAL_DOCUMENT_STATUSES.includes(doc.status)) {
        throw new AppError("CONFLICT", `The document is ${doc.status}; it can be reprocessed once it is completed, failed or cancelled.`);
      }
      const steps = await m.find(ProcessingStepEntity, { where: { documentId }, order: { position: "ASC" } });
      const earlierUnfinished = steps.filter(
        (s) => isStepName(s.name) && STEP_NAMES.indexOf(s.name) < from && s.status !== StepStatus.SUCCEEDED && s.status !== StepStatus.SKIPPED,
      );
      if (earlierUnfinished.length > 0) {
        throw new AppError("CONFLICT", `Cannot start at ${fromStep}: ${earlierUnfinished.map((s) => s.name).join(", ")} did not finish.`);
      }
      const reset: StepName[] = STEP_NAMES.slice(from);
      await m.update(
        ProcessingStepEntity,
        { documentId, name: In(reset) },
        { status: StepStatus.PENDING, startedAt: null, completedAt: null, durationMs: null, errorCode: null, errorMessage: null, output: null as never, result: null as never },
      );
      const done = new Set<string>(STEP_NAMES.slice(0, from));
      const progress = overallProgress(done);
      await m.update(DocumentEntity, documentId, {
        status: DocumentStatus.QUEUED,
        held: false,
        progress,
        currentStep: null,
        errorCode: null,
        errorMessage: null,
        startedAt: null,
        completedAt: null,
        processingMs: null,
      });
      doc.status = DocumentStatus.QUEUED;
      doc.held = false;
      return {
        events: [{ type: "document.reprocess", status: DocumentStatus.QUEUED, progress, message: `Reprocessing from ${fromStep}`, detail: { fromStep, reset }, at: new Date() }],
        value: doc,
      };
    });
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
    const result = await withDocumentTransaction(this.deps.dataSource, this.deps.publisher, documentId, async (m, doc) => {
      if (doc.status !== DocumentStatus.QUEUED && doc.status !== DocumentStatus.PROCESSING) {
        throw new AppError("CONFLICT", `The document is ${doc.status}; only queued or processing documents can be cancelled.`);
      }
      const at = new Date();
      await m.update(DocumentEntity, documentId, { status: DocumentStatus.CANCELLED, errorCode: "CANCELLED", errorMessage: "Cancelled on request.", completedAt: at });
      doc.status = DocumentStatus.CANCELLED;
      return {
        events: [{ type: "document.cancelled", status: DocumentStatus.CANCELLED, progress: doc.progress, message: "Cancelled on request", detail: { step: doc.currentStep }, at }],
        value: doc,
      };
    });
    if (!result) throw new NotFoundError("Document");
    await this.deps.queue.removeIfWaiting(documentId);
    return result;
  }
}
