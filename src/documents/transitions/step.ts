/**
 * The one step lifecycle, for pipeline steps and delivery steps alike:
 * PENDING → IN_PROGRESS → SUCCEEDED / SKIPPED / FAILED, each change with its
 * event. A pipeline step also moves the document's progress and current step;
 * a delivery step runs while its document stays COMPLETED and leaves it alone.
 * A run writes the pipeline steps it computed since its last transaction with
 * {@link writeSteps}: the same changes, rows and events as startStep and
 * finishStep one by one, in one statement for the step rows and one for the
 * document row.
 */
import { DocumentEntity, DocumentStatus, ProcessingStepEntity, StepStatus } from "../../db/entities/index.js";
import type { AppError } from "../../errors/app.error.js";
import type { NewEvent } from "../../events/event.log.js";
import type { DocumentPatch } from "../document.patch.js";
import { overallProgress } from "../document.progress.js";
import { isDeliveryStep, isStepName, type StepName } from "../step.names.js";
import { assertLease } from "./lease.js";
import { transition, type Transition, type Tx } from "./transition.js";

/** Pipeline steps that finished in this or an earlier run, for the overall progress. */
type Done = ReadonlySet<string>;

/** The document's overall progress with `step` at `fraction` (pipeline steps), or as it is (delivery steps). */
function progressOf(doc: DocumentEntity, step: string, done: Done | undefined, fraction?: number): number {
  if (!isStepName(step)) return doc.progress;
  return overallProgress(done ?? new Set(), fraction === undefined ? undefined : { name: step, fraction });
}

/** A step's start (another attempt of it), as {@link startStep} and {@link writeSteps} write it. */
export interface StepStart {
  at: Date;
  /** Pipeline steps that finished, for the overall progress. */
  done?: Done;
}

/**
 * Start a step (another attempt of it). A pipeline step starts only while its
 * document is PROCESSING (a cancelled one starts nothing more); a delivery step
 * only while its document is COMPLETED and it is neither running nor done.
 * Returns the attempt number, or null when the step must not start.
 */
export async function startStep(tx: Tx, doc: DocumentEntity, args: StepStart & { step: string; lease?: string }): Promise<Transition<number | null>> {
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
  return transition(attempt, [startedEvent(step, progress, attempt, at)]);
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

/** A step's successful end, as {@link finishStep} and {@link writeSteps} write it. */
export interface StepFinish {
  at: Date;
  durationMs: number;
  /** The attempt that ended (with a start in the same {@link StepWrite}, the start's number is used instead). */
  attempt: number;
  outcome: StepSuccess;
  /** Pipeline steps that finished, this one included, for the overall progress. */
  done?: Done;
}

/** The event of a step's start, as {@link startStep} and {@link writeSteps} record it. */
function startedEvent(step: string, progress: number, attempt: number, at: Date): NewEvent {
  return { type: "step.started", step, status: StepStatus.IN_PROGRESS, progress, stepProgress: 0, message: `${step} started`, detail: { attempt }, at };
}

/** The event of a step's successful end, as {@link finishStep} and {@link writeSteps} record it. */
function finishedEvent(step: string, progress: number, finish: StepFinish): NewEvent {
  const { outcome, attempt, durationMs, at } = finish;
  const status = outcome.status === "skipped" ? StepStatus.SKIPPED : StepStatus.SUCCEEDED;
  return {
    type: status === StepStatus.SKIPPED ? "step.skipped" : "step.succeeded",
    step,
    status,
    progress,
    stepProgress: 1,
    message: outcome.message ?? null,
    detail: { attempt, durationMs, output: outcome.summary ?? null },
    at,
  };
}

/** Finish a step that succeeded or was skipped: its output, the document columns it set, the progress. */
export async function finishStep(tx: Tx, doc: DocumentEntity, args: StepFinish & { step: string; lease?: string }): Promise<Transition<null>> {
  assertLease(doc, args.lease);
  const { step, at, durationMs, outcome } = args;
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
  return transition(null, [finishedEvent(step, progress, args)]);
}

/**
 * One pipeline step's part of {@link writeSteps}: its start, its outcome, or
 * both (a step that ran before its start was written).
 */
export interface StepWrite {
  step: StepName;
  start?: StepStart;
  finish?: StepFinish;
}

/** What {@link writeSteps} wrote. */
export interface StepsWritten {
  /**
   * The attempt number of each write that was written, in order. Shorter than
   * the writes when a start was refused (the document is no longer
   * PROCESSING): that write and every one after it were not written.
   */
  attempts: number[];
}

/** The document columns of {@link writeSteps}, coalesced: written with the caller's own UPDATE of the row, or alone. */
export type StepDocumentColumns = DocumentPatch & { currentStep?: string; progress?: number };

/** A step row's new values, as {@link writeStepRows} sends them (one JSON array for all rows). */
interface StepRowValues {
  name: string;
  started: boolean;
  finished: boolean;
  status: StepStatus;
  started_at: string | null;
  completed_at: string | null;
  duration_ms: number | null;
  output: Record<string, unknown> | null;
  result: unknown;
}

/**
 * The step-row half of {@link writeSteps}: every row in one UPDATE, their
 * events in order, and the document columns they set (coalesced, last value
 * wins, in step order) for the caller to write in its one UPDATE of the
 * document row (see {@link complete} and {@link writeSteps}).
 */
export async function writeStepRows(tx: Tx, doc: DocumentEntity, writes: readonly StepWrite[], lease?: string): Promise<StepsWritten & { events: NewEvent[]; document: StepDocumentColumns }> {
  assertLease(doc, lease);
  // A pipeline step starts only while its document is PROCESSING: the first start refused ends the writes (as startStep).
  const refused = doc.status === DocumentStatus.PROCESSING ? -1 : writes.findIndex((w) => w.start !== undefined);
  const writable = refused === -1 ? writes : writes.slice(0, refused);
  if (writable.length === 0) return { attempts: [], events: [], document: {} };
  if (new Set(writable.map((w) => w.step)).size !== writable.length) throw new Error(`A step is written twice in one transaction of document ${doc.id}.`);

  const rows = writable.map((w): StepRowValues => {
    const finished = w.finish !== undefined;
    return {
      name: w.step,
      started: w.start !== undefined,
      finished,
      status: !w.finish ? StepStatus.IN_PROGRESS : w.finish.outcome.status === "skipped" ? StepStatus.SKIPPED : StepStatus.SUCCEEDED,
      started_at: w.start?.at.toISOString() ?? null,
      completed_at: w.finish?.at.toISOString() ?? null,
      duration_ms: w.finish?.durationMs ?? null,
      output: w.finish?.outcome.summary ?? null,
      result: w.finish?.outcome.data ?? null,
    };
  });
  // The columns startStep and finishStep set, each only where that half is written: a start clears the last attempt's
  // end and error, an end leaves the start alone. JSON null becomes SQL NULL (as the single-row writes store it).
  const updated = (await tx.query(
    `UPDATE processing_steps AS s SET
       status = w.status,
       attempts = s.attempts + CASE WHEN w.started THEN 1 ELSE 0 END,
       started_at = CASE WHEN w.started THEN w.started_at ELSE s.started_at END,
       completed_at = w.completed_at,
       duration_ms = w.duration_ms,
       error_code = CASE WHEN w.started THEN NULL ELSE s.error_code END,
       error_message = CASE WHEN w.started THEN NULL ELSE s.error_message END,
       output = CASE WHEN w.finished THEN w.output ELSE s.output END,
       result = CASE WHEN w.finished THEN w.result ELSE s.result END
     FROM jsonb_to_recordset($2::jsonb) AS w(name varchar, started boolean, finished boolean, status step_status, started_at timestamptz,
                                             completed_at timestamptz, duration_ms integer, output jsonb, result jsonb)
     WHERE s.document_id = $1 AND s.name = w.name
     RETURNING s.name, s.attempts`,
    [doc.id, JSON.stringify(rows)],
  )) as [{ name: string; attempts: number }[], number] | { name: string; attempts: number }[];
  // TypeORM's postgres driver answers an UPDATE … RETURNING with [rows, rowCount].
  const returned = (Array.isArray(updated[0]) ? updated[0] : updated) as { name: string; attempts: number }[];
  const attemptOf = new Map(returned.map((r) => [r.name, r.attempts]));
  // startRun writes every pipeline step's row before a run writes any: a missing one is a broken invariant, not a refusal.
  if (attemptOf.size !== writable.length) throw new Error(`Document ${doc.id} lacks step rows for ${writable.filter((w) => !attemptOf.has(w.step)).map((w) => w.step).join(", ")}.`);

  const attempts: number[] = [];
  const events: NewEvent[] = [];
  const document: StepDocumentColumns = {};
  for (const w of writable) {
    const attempt = w.start ? attemptOf.get(w.step)! : w.finish!.attempt;
    attempts.push(attempt);
    if (w.start) {
      const progress = progressOf(doc, w.step, w.start.done, 0);
      Object.assign(document, { currentStep: w.step, progress });
      events.push(startedEvent(w.step, progress, attempt, w.start.at));
    }
    if (w.finish) {
      const progress = overallProgress(w.finish.done ?? new Set());
      Object.assign(document, w.finish.outcome.document ?? {}, { progress });
      events.push(finishedEvent(w.step, progress, { ...w.finish, attempt }));
    }
  }
  return { attempts, events, document };
}

/**
 * Write the starts and outcomes of several pipeline steps at once, as
 * {@link startStep} and {@link finishStep} would one after the other, with
 * the same rows and events: the step rows in one UPDATE, the document row in
 * one (its current step, progress and the columns the steps set, last value
 * wins). A run writes what it computed since its last transaction this way.
 * A start is refused, as by startStep, once the document is not PROCESSING.
 */
export async function writeSteps(tx: Tx, doc: DocumentEntity, args: { writes: readonly StepWrite[]; lease?: string }): Promise<Transition<StepsWritten>> {
  const { attempts, events, document } = await writeStepRows(tx, doc, args.writes, args.lease);
  if (Object.keys(document).length > 0) await tx.update(DocumentEntity, doc.id, document);
  return transition({ attempts }, events);
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
