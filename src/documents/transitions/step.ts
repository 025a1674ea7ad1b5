/**
 * The one step lifecycle, for pipeline steps and delivery steps alike:
 * PENDING → IN_PROGRESS → SUCCEEDED / SKIPPED / FAILED, each change with its
 * event. A pipeline step also moves the document's progress and current step;
 * a delivery step runs while its document stays COMPLETED and leaves it alone.
 */
import { DocumentEntity, DocumentStatus, ProcessingStepEntity, StepStatus } from "../../db/entities/index.js";
import type { AppError } from "../../errors/app.error.js";
import type { DocumentPatch } from "../document.patch.js";
import { overallProgress } from "../document.progress.js";
import { isDeliveryStep, isStepName } from "../step.names.js";
import { assertLease } from "./lease.js";
import { transition, type Transition, type Tx } from "./transition.js";

/** Pipeline steps that finished in this or an earlier run, for the overall progress. */
type Done = ReadonlySet<string>;

/** The document's overall progress with `step` at `fraction` (pipeline steps), or as it is (delivery steps). */
function progressOf(doc: DocumentEntity, step: string, done: Done | undefined, fraction?: number): number {
  if (!isStepName(step)) return doc.progress;
  return overallProgress(done ?? new Set(), fraction === undefined ? undefined : { name: step, fraction });
}

/**
 * Start a step (another attempt of it). A pipeline step starts only while its
 * document is PROCESSING (a cancelled one starts nothing more); a delivery step
 * only while its document is COMPLETED and it is neither running nor done.
 * Returns the attempt number, or null when the step must not start.
 */
export async function startStep(tx: Tx, doc: DocumentEntity, args: { step: string; at: Date; done?: Done; lease?: string }): Promise<Transition<number | null>> {
  const { step, at } = args;
  assertLease(doc, args.lease);
  const delivery = isDeliveryStep(step);
  if (doc.status !== (delivery ? DocumentStatus.COMPLETED : DocumentStatus.PROCESSING)) return transition(null);
  // One statement, the step row's own state checked in its WHERE: a delivery step that runs or is done does not start again.
  const updated = (await tx.query(
    `UPDATE processing_steps SET status = 'IN_PROGRESS', attempts = attempts + 1, started_at = $3, completed_at = NULL, duration_ms = NULL, error_code = NULL, error_message = NULL
      WHERE document_id = $1 AND name = $2${delivery ? ` AND status NOT IN ('SUCCEEDED', 'IN_PROGRESS')` : ""}
      RETURNING attempts`,
    [doc.id, step, at],
  )) as [{ attempts: number }[], number] | { attempts: number }[];
  // TypeORM's postgres driver answers an UPDATE … RETURNING with [rows, rowCount].
  const row = Array.isArray(updated[0]) ? updated[0][0] : (updated[0] as { attempts: number } | undefined);
  if (!row) return transition(null);
  const attempt = row.attempts;
  const progress = progressOf(doc, step, args.done, 0);
  if (isStepName(step)) await tx.update(DocumentEntity, doc.id, { currentStep: step, progress });
  return transition(attempt, [{ type: "step.started", step, status: StepStatus.IN_PROGRESS, progress, stepProgress: 0, message: `${step} started`, detail: { attempt }, at }]);
}

/** Progress within a running pipeline step, in [0, 1], with an optional message ("page 3 of 12"). */
export async function reportProgress(
  tx: Tx,
  doc: DocumentEntity,
  args: { step: string; fraction: number; message?: string | null; at: Date; done?: Done; lease?: string },
): Promise<Transition<null>> {
  assertLease(doc, args.lease);
  const progress = progressOf(doc, args.step, args.done, args.fraction);
  await tx.update(DocumentEntity, doc.id, { progress });
  return transition(null, [
    { type: "step.progress", step: args.step, status: StepStatus.IN_PROGRESS, progress, stepProgress: args.fraction, message: args.message ?? null, detail: {}, at: args.at },
  ]);
}

/** How a step that did not fail ended. */
export interface StepSuccess {
  status: "succeeded" | "skipped";
  /** One line for people, shown in the event log. */
  message?: string | null;
  /** Small, safe-to-show facts about the outcome (the step row's `output`). */
  summary?: Record<string, unknown> | null;
  /** Data later steps read (pipeline steps; kept in the step row's `result`). */
  data?: unknown;
  /** Document columns the step set (pipeline steps). */
  document?: DocumentPatch;
}

/** Finish a step that succeeded or was skipped: its output, the document columns it set, the progress. */
export async function finishStep(
  tx: Tx,
  doc: DocumentEntity,
  args: { step: string; at: Date; durationMs: number; attempt: number; outcome: StepSuccess; done?: Done; lease?: string },
): Promise<Transition<null>> {
  assertLease(doc, args.lease);
  const { step, at, durationMs, attempt, outcome } = args;
  const pipeline = isStepName(step);
  const status = outcome.status === "skipped" ? StepStatus.SKIPPED : StepStatus.SUCCEEDED;
  const progress = pipeline ? overallProgress(args.done ?? new Set()) : doc.progress;
  const output = outcome.summary ?? null;
  await tx.update(ProcessingStepEntity, { documentId: doc.id, name: step }, {
    status,
    completedAt: at,
    durationMs,
    // TypeORM's update typing cannot express jsonb columns of arbitrary shape.
    output: output as never,
    ...(pipeline ? { result: (outcome.data ?? null) as never } : {}),
  });
  if (pipeline) await tx.update(DocumentEntity, doc.id, { ...(outcome.document ?? {}), progress });
  return transition(null, [
    {
      type: status === StepStatus.SKIPPED ? "step.skipped" : "step.succeeded",
      step,
      status,
      progress,
      stepProgress: 1,
      message: outcome.message ?? null,
      detail: { attempt, durationMs, output },
      at,
    },
  ]);
}

/** Why a step failed, as recorded. */
export interface StepFailure {
  code: string;
  /** Shown to people (internal details stay in the logs). */
  message: string;
  /** Retrying would fail the same way. */
  permanent: boolean;
  /** Another attempt follows. */
  willRetry: boolean;
}

/**
 * How an error a step threw is recorded, for pipeline and delivery steps
 * alike: errors caused by the input or its limits (client and document
 * errors) are permanent; server errors retry while `retryLeft`. Internal
 * errors keep their details in the logs, not in the database or the API.
 */
export function stepFailure(error: AppError, retryLeft: boolean): StepFailure {
  const permanent = error.kind !== "server";
  return {
    code: error.code,
    message: error.code === "INTERNAL_ERROR" ? "An internal error occurred." : error.message,
    permanent,
    willRetry: !permanent && retryLeft,
  };
}

/** Record a failed step. Failing the document too is {@link fail}'s part, in the same transaction. */
export async function failStep(
  tx: Tx,
  doc: DocumentEntity,
  args: { step: string; at: Date; durationMs: number | null; failure: StepFailure; attempt?: number; lease?: string },
): Promise<Transition<null>> {
  assertLease(doc, args.lease);
  const { step, at, durationMs, failure } = args;
  await tx.update(ProcessingStepEntity, { documentId: doc.id, name: step }, { status: StepStatus.FAILED, completedAt: at, durationMs, errorCode: failure.code, errorMessage: failure.message });
  return transition(null, [
    {
      type: "step.failed",
      step,
      status: StepStatus.FAILED,
      progress: doc.progress,
      message: failure.message,
      detail: { code: failure.code, durationMs, permanent: failure.permanent, willRetry: failure.willRetry, ...(args.attempt === undefined ? {} : { attempt: args.attempt }) },
      at,
    },
  ]);
}

/**
 * Put a step whose worker died mid-run back to PENDING, so it is retried as a
 * whole (no event: the attempt that died already has its `step.started`).
 * Returns whether it was running.
 */
export async function resetStep(tx: Tx, doc: Pick<DocumentEntity, "id">, step: string): Promise<Transition<boolean>> {
  const row = await tx.findOneBy(ProcessingStepEntity, { documentId: doc.id, name: step });
  if (row?.status !== StepStatus.IN_PROGRESS) return transition(false);
  await tx.update(ProcessingStepEntity, { id: row.id }, { status: StepStatus.PENDING });
  return transition(true);
}
