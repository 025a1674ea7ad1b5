/**
 * State changes people ask for from outside a run: release a held document,
 * cancel, reprocess, retry a delivery. Each checks the document's status under
 * its row lock and throws CONFLICT when the change does not apply.
 */
import { In } from "typeorm";
import { reprocessStartStep, type OcrMode } from "../../common/ocr-mode.js";
import { DocumentStatus, ProcessingStepEntity, StepStatus, TERMINAL_DOCUMENT_STATUSES, DocumentEntity, DocumentPageEntity } from "../../db/entities/index.js";
import { AppError, NotFoundError } from "../../errors/app.error.js";
import { overallProgress } from "../document.progress.js";
import { STEP_NAMES, deliveryStepName, isStepName, type StepName } from "../step.names.js";
import { transition, type Transition, type Tx } from "./transition.js";

/**
 * Release a document uploaded with `autoProcess: false`. A QUEUED document
 * that is not held is left as it is (the caller only makes sure a job exists);
 * anything else is a CONFLICT (use reprocess).
 */
export async function release(tx: Tx, doc: DocumentEntity, at = new Date()): Promise<Transition<DocumentEntity>> {
  if (doc.status !== DocumentStatus.QUEUED) {
    throw new AppError("CONFLICT", `The document is ${doc.status}; use reprocessDocument to run it again.`);
  }
  if (!doc.held) return transition(doc);
  await tx.update(DocumentEntity, doc.id, { held: false });
  doc.held = false;
  return transition(doc, [{ type: "document.queued", status: DocumentStatus.QUEUED, progress: doc.progress, message: "Processing requested", detail: { released: true }, at }]);
}

/** Cancel a QUEUED or PROCESSING document; a running step notices at its next boundary. */
export async function cancel(tx: Tx, doc: DocumentEntity, at = new Date()): Promise<Transition<DocumentEntity>> {
  if (doc.status !== DocumentStatus.QUEUED && doc.status !== DocumentStatus.PROCESSING) {
    throw new AppError("CONFLICT", `The document is ${doc.status}; only queued or processing documents can be cancelled.`);
  }
  await tx.update(DocumentEntity, doc.id, { status: DocumentStatus.CANCELLED, errorCode: "CANCELLED", errorMessage: "Cancelled on request.", completedAt: at });
  doc.status = DocumentStatus.CANCELLED;
  return transition(doc, [{ type: "document.cancelled", status: DocumentStatus.CANCELLED, progress: doc.progress, message: "Cancelled on request", detail: { step: doc.currentStep }, at }]);
}

/**
 * Queue a finished (COMPLETED, FAILED or CANCELLED) document again from
 * `fromStep`: that step and the later ones go back to PENDING, earlier ones
 * keep their results (and must have finished). `options.ocrMode` becomes the
 * document's OCR mode, and the run starts at {@link OCR_MODE_TAKES_EFFECT_AT} at
 * the latest.
 */
export async function reprocess(tx: Tx, doc: DocumentEntity, requestedStep: StepName, at = new Date(), options: { ocrMode?: OcrMode } = {}): Promise<Transition<DocumentEntity>> {
  if (!TERMINAL_DOCUMENT_STATUSES.includes(doc.status)) {
    throw new AppError("CONFLICT", `The document is ${doc.status}; it can be reprocessed once it is completed, failed or cancelled.`);
  }
  // Another OCR mode takes effect from the text layer on: extract_text is where OCR layers are looked for.
  const fromStep = reprocessStartStep(requestedStep, options.ocrMode);
  const from = STEP_NAMES.indexOf(fromStep);
  const steps = await tx.find(ProcessingStepEntity, { where: { documentId: doc.id }, order: { position: "ASC" } });
  const earlierUnfinished = steps.filter(
    (s) => isStepName(s.name) && STEP_NAMES.indexOf(s.name) < from && s.status !== StepStatus.SUCCEEDED && s.status !== StepStatus.SKIPPED,
  );
  if (earlierUnfinished.length > 0) {
    throw new AppError("CONFLICT", `Cannot start at ${fromStep}: ${earlierUnfinished.map((s) => s.name).join(", ")} did not finish.`);
  }
  const reset: StepName[] = STEP_NAMES.slice(from);
  await tx.update(
    ProcessingStepEntity,
    { documentId: doc.id, name: In(reset) },
    { status: StepStatus.PENDING, startedAt: null, completedAt: null, durationMs: null, errorCode: null, errorMessage: null, output: null as never, result: null as never },
  );
  // Pages OCR'd before belong to the run being redone: a new OCR step starts without them.
  if (reset.includes("ocr")) await tx.delete(DocumentPageEntity, { documentId: doc.id });
  const progress = overallProgress(new Set<string>(STEP_NAMES.slice(0, from)));
  const queued = {
    status: DocumentStatus.QUEUED,
    held: false,
    progress,
    currentStep: null,
    errorCode: null,
    errorMessage: null,
    startedAt: null,
    completedAt: null,
    processingMs: null,
    // A new request starts a fresh count of worker deaths; a run still holding the document loses it (LEASE_LOST).
    runToken: null,
    leaseExpiresAt: null,
    workerDeaths: 0,
    ...(options.ocrMode ? { ocrMode: options.ocrMode } : {}),
  } satisfies Partial<DocumentEntity>;
  await tx.update(DocumentEntity, doc.id, queued);
  // The returned row is what this transaction committed, not a later read a worker may already have moved on.
  Object.assign(doc, queued);
  return transition(doc, [{ type: "document.reprocess", status: DocumentStatus.QUEUED, progress, message: `Reprocessing from ${fromStep}`, detail: { fromStep, reset, ...(options.ocrMode ? { ocrMode: options.ocrMode } : {}) }, at }]);
}

/**
 * Send a completed document to one destination again: its delivery step goes
 * back to PENDING. Allowed when the step has finished (FAILED, or SUCCEEDED
 * for a re-send); one still pending or running is a CONFLICT.
 */
export async function retryDelivery(tx: Tx, doc: DocumentEntity, destination: string, at = new Date()): Promise<Transition<true>> {
  if (doc.status !== DocumentStatus.COMPLETED) throw new AppError("CONFLICT", `The document is ${doc.status}; deliveries run once it is completed.`);
  const step = deliveryStepName(destination);
  const row = await tx.findOneBy(ProcessingStepEntity, { documentId: doc.id, name: step });
  if (!row) throw new NotFoundError(`Delivery ${destination}`);
  if (row.status === StepStatus.PENDING || row.status === StepStatus.IN_PROGRESS) {
    throw new AppError("CONFLICT", `Delivery to ${destination} is already ${row.status === StepStatus.PENDING ? "queued" : "running"}.`);
  }
  await tx.update(ProcessingStepEntity, { id: row.id }, { status: StepStatus.PENDING, startedAt: null, completedAt: null, durationMs: null, errorCode: null, errorMessage: null, output: null as never });
  return transition(true as const, [
    { type: "delivery.retry", step, status: StepStatus.PENDING, progress: doc.progress, message: `Delivery to ${destination} requested again`, detail: { previous: row.status }, at },
  ]);
}
