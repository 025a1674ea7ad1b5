/**
 * A run of the pipeline over a document: it starts (QUEUED/PROCESSING →
 * PROCESSING), and ends COMPLETED (with its delivery steps) or FAILED — or is
 * abandoned from outside when its worker keeps dying.
 */
import { DocumentEntity, DocumentStatus, ProcessingStepEntity, StepStatus } from "../../db/entities/index.js";
import type { NewEvent } from "../../events/event.log.js";
import { NO_CORRECTIONS, type DocumentCorrections } from "../../extraction/fields/corrections.apply.js";
import { loadCorrections } from "../corrected.reading.js";
import { overallProgress } from "../document.progress.js";
import { STEP_NAMES, deliveryStepName } from "../step.names.js";
import { assertLease, crashedTooOften, decideLease, leaseColumns } from "./lease.js";
import { failStep, writeStepRows, type StepWrite } from "./step.js";
import { ensureSteps, transition, type Transition, type Tx } from "./transition.js";

/** What a run starts from. */
export interface StartedRun {
  /** Every step row, in order. */
  steps: ProcessingStepEntity[];
  /** Steps already SUCCEEDED or SKIPPED (their results are stored). */
  done: Set<string>;
  doc: DocumentEntity;
  /** The uploader's PDF password, sealed. */
  sealedPassword: string | null;
  /** People's corrections of an earlier reading, applied again over this run's (see corrected.reading.ts). */
  corrections: DocumentCorrections;
}

/** The lease a starting run asks for. */
export interface RunLease {
  /** The run's fencing token (a fresh uuid per run). */
  token: string;
  /** How long the lease lasts without renewal. */
  leaseMs: number;
  /** Worker deaths after which the document fails with WORKER_CRASHED. */
  crashLimit: number;
  /** The token of the same job's previous run, cut off by an outage before it could hand the lease back (see decideLease). */
  handover?: string;
}

/** Why a run did not start. `retryAt`: another run holds a live lease until then. */
export interface SkippedRun {
  skip: string;
  retryAt?: Date;
}

/** The document failed as the run started: its worker died `deaths` times. */
export interface CrashedRun {
  crashed: { deaths: number; message: string };
}

/** What a starting run reads: its step rows in position order, the database clock, the sealed PDF password. */
async function readRunStart(tx: Tx, documentId: string): Promise<{ steps: ProcessingStepEntity[]; now: Date; sealedPassword: string | null }> {
  const { entities, raw } = await tx
    .createQueryBuilder(ProcessingStepEntity, "step")
    .addSelect("clock_timestamp()", "run_now")
    .addSelect("(SELECT d.pdf_password_enc FROM documents d WHERE d.id = :documentId)", "run_password")
    .where("step.document_id = :documentId", { documentId })
    .orderBy("step.position", "ASC")
    .getRawAndEntities<{ run_now: Date; run_password: string | null }>();
  const first = raw[0];
  if (first) return { steps: entities, now: new Date(first.run_now), sealedPassword: first.run_password };
  // No step rows (a document from before intake wrote them): the clock and the password on their own.
  const [row] = (await tx.query(`SELECT clock_timestamp() AS now, pdf_password_enc FROM documents WHERE id = $1`, [documentId])) as { now: Date; pdf_password_enc: string | null }[];
  return { steps: [], now: new Date(row!.now), sealedPassword: row?.pdf_password_enc ?? null };
}

/**
 * Start (or resume) a run: the document becomes PROCESSING, attempt n+1, and
 * the run takes its lease. A document another run holds a live lease on is
 * left alone (`retryAt`); one whose previous run's lease expired without a
 * hand-back counts a worker death, and at WORKER_CRASH_LIMIT deaths fails with
 * WORKER_CRASHED instead. Returns why not when it is not QUEUED or PROCESSING.
 */
export async function startRun(tx: Tx, doc: DocumentEntity, at: Date, lease?: RunLease): Promise<Transition<StartedRun | SkippedRun | CrashedRun>> {
  if (doc.status !== DocumentStatus.QUEUED && doc.status !== DocumentStatus.PROCESSING) return transition({ skip: `document is ${doc.status}` });
  // The step rows, the database clock and the sealed password in one round trip (every run starts here).
  const read = await readRunStart(tx, doc.id);
  let steps = read.steps;
  if (lease) {
    const decision = decideLease(doc, read.now, lease.handover);
    if (decision.kind === "held") return transition({ skip: "another run holds the document's lease", retryAt: decision.until });
    if (decision.kind === "expired") {
      const deaths = doc.workerDeaths + 1;
      await tx.update(DocumentEntity, doc.id, { workerDeaths: deaths });
      doc.workerDeaths = deaths;
      if (crashedTooOften(deaths, lease.crashLimit)) {
        const message = `The worker processing this document died ${deaths} time(s) (limit ${lease.crashLimit}).`;
        const failed = await abandon(tx, doc, { code: "WORKER_CRASHED", message, at, detail: { workerDeaths: deaths, limit: lease.crashLimit } });
        return transition({ crashed: { deaths, message } }, failed.events);
      }
    }
    doc.runToken = lease.token;
  }
  // Intake writes the step rows; only a document from before a step was added lacks some.
  if (!STEP_NAMES.every((name) => steps.some((s) => s.name === name))) {
    await ensureSteps(tx, doc.id);
    steps = await tx.find(ProcessingStepEntity, { where: { documentId: doc.id }, order: { position: "ASC" } });
  }
  // Pipeline steps run in STEP_NAMES order: a step added in a later release is inserted on an older document's
  // rows at its index in today's list, a position a later step of that document already has.
  const order = (name: string) => ((STEP_NAMES as readonly string[]).includes(name) ? (STEP_NAMES as readonly string[]).indexOf(name) : STEP_NAMES.length);
  steps = steps.map((s, i) => ({ s, i })).sort((a, b) => order(a.s.name) - order(b.s.name) || a.i - b.i).map(({ s }) => s);
  const done = new Set(steps.filter((s) => s.status === StepStatus.SUCCEEDED || s.status === StepStatus.SKIPPED).map((s) => s.name));
  // Only a document completed once can have been corrected (its first run reads nothing here but an empty table).
  const corrections = doc.attempts > 0 ? await loadCorrections(tx, doc.id) : NO_CORRECTIONS;
  const attempts = doc.attempts + 1;
  const progress = overallProgress(done);
  // The lease is taken in the same UPDATE as the status.
  await tx.update(DocumentEntity, doc.id, {
    status: DocumentStatus.PROCESSING,
    attempts,
    startedAt: doc.startedAt ?? at,
    progress,
    errorCode: null,
    errorMessage: null,
    ...(lease ? leaseColumns(lease.token, lease.leaseMs) : {}),
  });
  doc.status = DocumentStatus.PROCESSING;
  return transition(
    { steps, done, doc: Object.assign(doc, { startedAt: doc.startedAt ?? at }), sealedPassword: read.sealedPassword, corrections },
    [{ type: "document.processing", status: DocumentStatus.PROCESSING, progress, message: `Processing (attempt ${attempts})`, detail: { attempt: attempts }, at }],
  );
}

/** What {@link complete} did. */
export interface Completion {
  /** The destinations to deliver to; null when the document was not completed (no longer PROCESSING: cancelled or failed meanwhile). */
  destinations: string[] | null;
  /** How many of the steps it was given it wrote, in order (see {@link writeSteps}: a refused start ends them). */
  stepsWritten: number;
}

/**
 * Complete a PROCESSING document (not when it is not: cancelled or failed
 * meanwhile), after writing `steps` (what the run computed since its last
 * transaction, as {@link writeSteps} writes them, whether or not the document
 * completes): their columns go in the completion's own UPDATE of the
 * document row. Each destination `plan` names becomes a delivery step,
 * created PENDING (or reset for another round) with the completion.
 */
export async function complete(
  tx: Tx,
  doc: DocumentEntity,
  args: { at: Date; startedAt: Date; timingsMs: Record<string, number>; plan: () => Promise<readonly string[]>; steps?: readonly StepWrite[]; lease?: string },
): Promise<Transition<Completion>> {
  assertLease(doc, args.lease);
  const steps = await writeStepRows(tx, doc, args.steps ?? [], args.lease);
  const stepsWritten = steps.attempts.length;
  if (doc.status !== DocumentStatus.PROCESSING) {
    if (Object.keys(steps.document).length > 0) await tx.update(DocumentEntity, doc.id, steps.document);
    return transition({ destinations: null, stepsWritten }, steps.events);
  }
  const { at } = args;
  const processingMs = at.getTime() - args.startedAt.getTime();
  // The run ends here: its lease goes with it (a finished run is no death). The steps' progress and current step give way to the completion's.
  await tx.update(DocumentEntity, doc.id, {
    ...steps.document,
    status: DocumentStatus.COMPLETED,
    progress: 100,
    currentStep: null,
    completedAt: at,
    processingMs,
    pdfPasswordEnc: null,
    runToken: null,
    leaseExpiresAt: null,
  });
  doc.status = DocumentStatus.COMPLETED;
  const destinations = [...(await args.plan())];
  const deliveries = destinations.map((destination, i) => ({ step: deliveryStepName(destination), position: STEP_NAMES.length + 1 + i }));
  // All delivery rows in one statement; a name twice keeps its first position (one row per step name).
  const rows = deliveries.filter((d, i) => deliveries.findIndex((e) => e.step === d.step) === i);
  if (rows.length > 0) {
    await tx.query(
      `INSERT INTO processing_steps (document_id, name, position, status)
       SELECT $1, d.name, d.position, 'PENDING' FROM unnest($2::varchar[], $3::smallint[]) AS d(name, position)
       ON CONFLICT (document_id, name) DO UPDATE SET status = 'PENDING', started_at = NULL, completed_at = NULL, duration_ms = NULL, error_code = NULL, error_message = NULL, output = NULL`,
      [doc.id, rows.map((d) => d.step), rows.map((d) => d.position)],
    );
  }
  return transition({ destinations, stepsWritten }, [
    ...steps.events,
    {
      type: "document.completed",
      status: DocumentStatus.COMPLETED,
      progress: 100,
      message: deliveries.length ? `Completed; delivering to ${deliveries.length} destination(s)` : "Completed",
      detail: { processingMs, timingsMs: args.timingsMs, deliveries },
      at,
    },
  ]);
}

/** Why a document failed. */
export interface DocumentFailure {
  code: string;
  message: string;
  /** The step that failed, when one did. */
  step: string | null;
}

/** The FAILED document row and its event (the caller checked that the document may fail). */
async function failRow(tx: Tx, doc: DocumentEntity, failure: DocumentFailure, at: Date, processingMs?: number, detail: Record<string, unknown> = {}): Promise<NewEvent[]> {
  await tx.update(DocumentEntity, doc.id, {
    runToken: null,
    leaseExpiresAt: null,
    status: DocumentStatus.FAILED,
    errorCode: failure.code,
    errorMessage: failure.message,
    completedAt: at,
    currentStep: null,
    ...(processingMs === undefined ? {} : { processingMs }),
    pdfPasswordEnc: null,
  });
  doc.status = DocumentStatus.FAILED;
  return [{ type: "document.failed", status: DocumentStatus.FAILED, progress: doc.progress, message: failure.message, detail: { code: failure.code, step: failure.step, ...detail }, at }];
}

/** Fail a PROCESSING document at the end of a run (after {@link failStep} of the step that failed). No-op otherwise. */
export async function fail(tx: Tx, doc: DocumentEntity, args: { failure: DocumentFailure; at: Date; processingMs: number; lease?: string }): Promise<Transition<boolean>> {
  assertLease(doc, args.lease);
  if (doc.status !== DocumentStatus.PROCESSING) return transition(false);
  return transition(true, await failRow(tx, doc, args.failure, args.at, args.processingMs));
}

/**
 * Fail a QUEUED or PROCESSING document from outside any run (its job died
 * over and over, or gave up outside a step): the step it was in fails with it.
 * Returns false, changing nothing, for a document in any other status.
 */
export async function abandon(tx: Tx, doc: DocumentEntity, args: { code: string; message: string; at: Date; detail?: Record<string, unknown> }): Promise<Transition<boolean>> {
  if (doc.status !== DocumentStatus.QUEUED && doc.status !== DocumentStatus.PROCESSING) return transition(false);
  const { code, message, at } = args;
  const events: NewEvent[] = [];
  const current = doc.currentStep;
  if (current) {
    const step = await tx.findOneBy(ProcessingStepEntity, { documentId: doc.id, name: current });
    if (step?.status === StepStatus.IN_PROGRESS) {
      const durationMs = step.startedAt ? at.getTime() - step.startedAt.getTime() : null;
      events.push(...(await failStep(tx, doc, { step: current, at, durationMs, failure: { code, message, permanent: true, willRetry: false } })).events);
    }
  }
  events.push(...(await failRow(tx, doc, { code, message, step: current }, at, undefined, args.detail)));
  return transition(true, events);
}
