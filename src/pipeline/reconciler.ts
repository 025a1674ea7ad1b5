import { In, LessThan, type DataSource } from "typeorm";
import { DocumentEntity, DocumentStatus } from "../db/entities/index.js";
import { abandon } from "../documents/transitions/index.js";
import type { ErrorCode } from "../errors/app.error.js";
import type { EventLog } from "../events/event.log.js";
import type { Logger } from "../logging/logger.js";
import type { DocumentQueue } from "../queue/document.queue.js";
import { notify, type PipelineObserver } from "./pipeline-observer.js";

/**
 * Fail a document from outside any run (its job died over and over, or gave
 * up outside a step): the `abandon` transition, and the observer hears of it.
 * Changes nothing, and returns false, unless the document is QUEUED or PROCESSING.
 */
export async function abandonDocument(
  deps: { events: EventLog; observer?: PipelineObserver },
  documentId: string,
  code: ErrorCode,
  message: string,
): Promise<boolean> {
  const changed = await deps.events.transact(documentId, (tx, doc) => abandon(tx, doc, { code, message, at: new Date() }));
  if (changed === true) notify(deps.observer, "documentFinished", { status: "FAILED", documentType: null, errorCode: code, processingMs: null });
  return changed === true;
}

/** What one reconciliation pass did. */
export interface ReconcileReport {
  checked: number;
  requeued: string[];
  failed: string[];
}

/** Options of the reconciler. */
export interface ReconcilerOptions {
  /** Leave documents younger than this alone: the API may be between its commit and its enqueue. */
  graceMs: number;
  /** A document whose processing was started this many times without finishing is failed instead of requeued (a poison document that kills workers). */
  maxRuns: number;
  /** Documents checked per pass. */
  batchSize: number;
}

/**
 * Finds documents PostgreSQL says are QUEUED or PROCESSING but that have no
 * live BullMQ job (held documents excepted) — the API died between commit and enqueue, Redis lost its
 * data, or a job was dropped — and enqueues them again. Running it from
 * several workers at once is harmless: the job id is the document id. A
 * document that was started too often is abandoned ({@link abandonDocument}) instead.
 */
export class Reconciler {
  constructor(
    private readonly deps: { dataSource: DataSource; queue: DocumentQueue; events: EventLog; observer?: PipelineObserver; logger: Logger },
    private readonly options: ReconcilerOptions,
  ) {}

  async reconcileOnce(now = new Date()): Promise<ReconcileReport> {
    const candidates = await this.deps.dataSource.getRepository(DocumentEntity).find({
      select: { id: true, attempts: true, status: true },
      where: { status: In([DocumentStatus.QUEUED, DocumentStatus.PROCESSING]), held: false, updatedAt: LessThan(new Date(now.getTime() - this.options.graceMs)) },
      order: { updatedAt: "ASC" },
      take: this.options.batchSize,
    });
    const report: ReconcileReport = { checked: candidates.length, requeued: [], failed: [] };
    for (const doc of candidates) {
      if (await this.deps.queue.isLive(doc.id)) continue;
      if (doc.attempts >= this.options.maxRuns) {
        const message = `Processing was started ${doc.attempts} times without finishing; the worker running it died each time.`;
        if (await abandonDocument(this.deps, doc.id, "RESOURCE_LIMIT", message)) report.failed.push(doc.id);
        continue;
      }
      if (await this.deps.queue.enqueueOnce({ documentId: doc.id })) report.requeued.push(doc.id);
    }
    if (report.requeued.length || report.failed.length) {
      this.deps.logger.warn({ requeued: report.requeued.length, failed: report.failed.length }, "reconciler recovered documents without a live job");
    }
    return report;
  }
}
