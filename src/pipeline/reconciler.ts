import type { DataSource } from "typeorm";
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
  /** Documents checked per pass. */
  batchSize: number;
}

/**
 * Finds documents PostgreSQL says are QUEUED or PROCESSING but that no run
 * holds and that have no live BullMQ job (held documents excepted) — the API
 * died between commit and enqueue, Redis lost its data, or a job was dropped
 * — and enqueues them again. A document whose run's lease is still live is
 * never touched, however long its row was quiet: a slow run is not a dead one.
 * Running it from several workers at once is harmless: the job id is the
 * document id. Worker deaths are counted (and a poison document failed with
 * WORKER_CRASHED) by the `startRun` transition when the requeued job runs.
 */
export class Reconciler {
  constructor(
    private readonly deps: { dataSource: DataSource; queue: DocumentQueue; events: EventLog; observer?: PipelineObserver; logger: Logger },
    private readonly options: ReconcilerOptions,
  ) {}

  async reconcileOnce(now = new Date()): Promise<ReconcileReport> {
    // No lease: quiet for the grace period (the API may be between commit and enqueue). A lease: only once it expired (database clock).
    const candidates = (await this.deps.dataSource.query(
      `SELECT id FROM documents
        WHERE status IN ('QUEUED', 'PROCESSING') AND NOT held
          AND CASE WHEN run_token IS NULL THEN updated_at < $1 ELSE lease_expires_at IS NULL OR lease_expires_at < clock_timestamp() END
        ORDER BY updated_at ASC LIMIT $2`,
      [new Date(now.getTime() - this.options.graceMs), this.options.batchSize],
    )) as { id: string }[];
    const report: ReconcileReport = { checked: candidates.length, requeued: [], failed: [] };
    for (const doc of candidates) {
      if (await this.deps.queue.isLive(doc.id)) continue;
      if (await this.deps.queue.enqueueOnce({ documentId: doc.id })) report.requeued.push(doc.id);
    }
    if (report.requeued.length) {
      this.deps.logger.warn({ requeued: report.requeued.length }, "reconciler recovered documents without a live run or job");
    }
    return report;
  }
}
