import { randomUUID } from "node:crypto";
import type { DataSource } from "typeorm";
import type { SecretBox } from "../auth/secret-box.js";
import type { PipelineLimits } from "../config/env.js";
import { DocumentEntity, DocumentPageEntity, DocumentStatus } from "../db/entities/index.js";
import {
  complete,
  fail,
  fanOutPages,
  recordPage,
  type FanOut,
  failStep,
  isLeaseLost,
  releaseLease,
  renewLease,
  reportProgress,
  startRun,
  stepFailure,
  transition,
  writeSteps,
  type StepFinish,
  type StepStart,
  type StepWrite,
  type Transition,
  type Tx,
} from "../documents/transitions/index.js";
import { AppError, type ErrorCode } from "../errors/app.error.js";
import { toAppError } from "../errors/error.normaliser.js";
import { isDependencyFailure } from "../errors/dependency.failure.js";
import type { EventLog } from "../events/event.log.js";
import type { LearningPort } from "../extraction/learning/learning.types.js";
import type { OcrPool } from "../extraction/ocr.adapter.js";
import type { Logger } from "../logging/logger.js";
import type { ObjectStore } from "../storage/object-store.js";
import { readStoredOriginal } from "./original.reader.js";
import type { DeliveryPlanner } from "./delivery.port.js";
import { notify, type PipelineObserver } from "./pipeline-observer.js";
import { STEP_REGISTRY } from "./registry.js";
import type { PageModel } from "../extraction/page/page.model.js";
import {
  isStepName,
  type RecordedPage,
  type StepContext,
  type StepDataMap,
  type StepDocument,
  type StepFanOut,
  type StepName,
  type StepPages,
  type StepResult,
} from "./step.js";

/** How one run of the pipeline over a document ended. */
export type RunOutcome =
  | { kind: "completed" }
  | { kind: "failed"; code: ErrorCode; message: string; permanent: boolean }
  | { kind: "cancelled" }
  /** The worker asked to stop; the run ended at a step boundary and must be resumed elsewhere. */
  | { kind: "interrupted" }
  /** Nothing to do: the document is gone or already finished. */
  | { kind: "noop"; reason: string }
  /** Another run holds the document's lease until `until`: try again then (a live run is never duplicated). */
  | { kind: "leased"; until: Date }
  /** This run lost its lease (another run took the document over): it stopped and wrote nothing more. */
  | { kind: "lease-lost" }
  /**
   * The OCR step handed `pages` to page jobs of fan-out `fanout` (rows recorded, lease handed back): the caller
   * adds them as children of the document's job, which waits for them and then runs again to merge them.
   */
  | { kind: "waiting-pages"; fanout: string; pages: number[]; pageCount: number };

/** Options of one run. */
export interface RunOptions {
  /** Aborted when the worker must stop now (the current step is abandoned). */
  signal?: AbortSignal;
  /** Asked to stop: finish the current step, then return `interrupted`. */
  shouldStop?: () => boolean;
  /** Whether a transient failure of this run fails the document (no retry left). */
  finalAttempt: boolean;
  /** This run's fencing token (default: a fresh uuid); the worker names it to hand the lease to the job's next run. */
  token?: string;
  /** The token of the job's previous run that an outage cut off (its lease is taken over without counting a death). */
  handover?: string;
  /** Called once the run holds the lease (the worker forgets a hand-over then, so a later death counts again). */
  onLeaseTaken?: () => Promise<void>;
}

/** A step that ran to its end, its outcome not yet written: it goes into the run's next transaction. */
interface FinishedStep {
  /**
   * Its outcome, and its start too when it ran before its start was written ({@link PipelineStep.deferStart}):
   * then `finish.attempt` is 0 and the start's attempt number replaces it.
   */
  write: StepWrite & { finish: StepFinish };
  stepStarted: Date;
}

/** A transaction's value (null: the document is gone), or how the run ends instead. */
type Written<T> = { value: T | null } | { stop: RunOutcome };

/** What one run's transactions share: its document, its lease and whether a transient failure fails the document. */
interface RunScope {
  doc: DocumentEntity;
  lease: string | undefined;
  finalAttempt: boolean;
  log: Logger;
}

/**
 * What follows the finished steps in their transaction ({@link PipelineRunner.withFinished}): it writes their
 * `writes` itself, folded into its own statements, and says how many of them it wrote (a refused start ends them).
 */
type Next<T> = (tx: Tx, locked: DocumentEntity, writes: readonly StepWrite[]) => Promise<Transition<{ written: number; value: T }>>;

/** Next: the start of a step (its attempt number, null when refused), with the finished steps in the same statements. */
function thenStart(step: StepName, start: StepStart, lease: string | undefined): Next<number | null> {
  return async (tx, locked, writes) => {
    const all = [...writes, { step, start }];
    const written = await writeSteps(tx, locked, { writes: all, lease });
    const { attempts } = written.value;
    return transition({ written: Math.min(attempts.length, writes.length), value: attempts.length === all.length ? attempts.at(-1)! : null }, written.events);
  };
}

/** Next: any transition, after the finished steps. */
function then<T>(lease: string | undefined, next: (tx: Tx, locked: DocumentEntity) => Promise<Transition<T>>): Next<T> {
  return async (tx, locked, writes) => {
    const written = await writeSteps(tx, locked, { writes, lease });
    const after = await next(tx, locked);
    return transition({ written: written.value.attempts.length, value: after.value }, [...written.events, ...after.events]);
  };
}

/** Next: nothing but the finished steps. */
const nothing = (lease: string | undefined): Next<null> => then(lease, async () => transition(null));

/** What the runner needs. */
export interface RunnerDeps {
  /** For reads only: every write is a transition appended through {@link RunnerDeps.events}. */
  dataSource: DataSource;
  events: EventLog;
  store: ObjectStore;
  ocr: OcrPool;
  limits: PipelineLimits;
  logger: Logger;
  /** Opens PDF passwords sealed at upload. */
  secrets: SecretBox;
  /** What corrections taught, read by classify and extract_fields (none: nothing learned is applied). */
  learning?: LearningPort;
  /** Told about finished steps and documents (metrics). */
  observer?: PipelineObserver;
  /** Which delivery steps a completed document gets, and their queue (none without it). */
  deliveries?: DeliveryPlanner;
  /** Whether this runner's caller can run page jobs (BullMQ flow children); without it every document takes the single-job path. */
  fanOut?: boolean;
  /** Fencing: each run leases its document (renewed every third of `leaseMs`); `crashLimit` worker deaths fail it. None: runs are not fenced. */
  lease?: { leaseMs: number; crashLimit: number };
}

/**
 * Runs the pipeline over one document: the loop only. It chooses the next
 * step, runs it with its context and hands the outcome to a transition of
 * `documents/` (each one transaction under the document's row lock, its events
 * appended and published after commit); steps only compute.
 */
export class PipelineRunner {
  constructor(private readonly deps: RunnerDeps) {}

  /**
   * Process a document from its first unfinished step, holding its lease:
   * renewed while the run goes on, released when it ends in any way but a
   * worker death. A run that loses the lease stops at once (LEASE_LOST).
   */
  async run(documentId: string, options: RunOptions): Promise<RunOutcome> {
    const token = options.token ?? randomUUID();
    const log = this.deps.logger.child({ documentId, run: token });
    const lost = new AbortController();
    let renewal: NodeJS.Timeout | undefined;
    const lease = this.deps.lease;
    try {
      return await this.runFenced(documentId, options, token, lost.signal, log, () => {
        if (!lease) return;
        renewal = setInterval(() => {
          renewLease(this.deps.dataSource.manager, documentId, token, lease.leaseMs).then(
            // Not held: another run took the document over (or this run just ended it). A step in flight is
            // aborted at once; the refusal is logged where the run stops.
            (held) => held || lost.abort(new AppError("LEASE_LOST", `Run ${token} lost its lease on document ${documentId} while a step ran.`)),
            // The database being away is no reason to stop: the transitions fence the writes.
            (error: unknown) => log.warn({ err: error }, "could not renew the run's lease"),
          );
        }, Math.max(100, Math.floor(lease.leaseMs / 3)));
        renewal.unref();
      });
    } catch (thrown) {
      if (!isLeaseLost(thrown)) throw thrown;
      log.warn({ reason: (thrown as Error).message }, "run refused: it lost its lease on the document; stopping without writing");
      return { kind: "lease-lost" };
    } finally {
      clearInterval(renewal);
      // Hand the document back (a no-op once completed or failed, or when another run holds it): a run that ended is no worker death.
      if (lease && !lost.signal.aborted) {
        await releaseLease(this.deps.dataSource.manager, documentId, token).catch((error: unknown) => log.warn({ err: error }, "could not release the run's lease; it expires"));
      }
    }
  }

  private async runFenced(documentId: string, options: RunOptions, token: string, lostSignal: AbortSignal, log: Logger, leased: () => void): Promise<RunOutcome> {
    const { events } = this.deps;
    const lease = this.deps.lease ? token : undefined;
    const startedAt = new Date();
    const begun = await events.transact(documentId, (tx, doc) => startRun(tx, doc, startedAt, this.deps.lease && { token, ...this.deps.lease, handover: options.handover }));
    if (begun === null) return { kind: "noop", reason: "document not found" };
    if ("skip" in begun) return begun.retryAt ? { kind: "leased", until: begun.retryAt } : { kind: "noop", reason: begun.skip };
    if ("crashed" in begun) {
      log.error({ workerDeaths: begun.crashed.deaths }, "document failed: its worker died too many times");
      notify(this.deps.observer, "documentFinished", { status: "FAILED", documentType: null, errorCode: "WORKER_CRASHED", processingMs: null });
      return { kind: "failed", code: "WORKER_CRASHED", message: begun.crashed.message, permanent: true };
    }
    leased();
    await options.onLeaseTaken?.();

    const { steps, done, doc, sealedPassword, corrections } = begun;
    const scope: RunScope = { doc, lease, finalAttempt: options.finalAttempt, log };
    const pdfPassword = sealedPassword ? this.deps.secrets.open(sealedPassword) : null;
    if (sealedPassword && pdfPassword === null) log.warn("the PDF password was sealed under another SIGNING_SECRET and cannot be used");
    // The document's own OCR mode (upload or reprocessing option) over the server's.
    const limits: PipelineLimits = doc.ocrMode ? { ...this.deps.limits, ocrMode: doc.ocrMode } : this.deps.limits;
    const outputs: Partial<StepDataMap> = {};
    const timings: Partial<Record<StepName, number>> = {};
    for (const s of steps) {
      const stepName = s.name;
      if (done.has(stepName) && isStepName(stepName)) {
        if (s.result !== null && s.result !== undefined) (outputs as Record<string, unknown>)[stepName] = s.result;
        if (s.durationMs !== null) timings[stepName] = s.durationMs;
      }
    }
    let original: Promise<Buffer> | undefined;
    const stepDocument: StepDocument = {
      id: doc.id,
      ownerId: doc.ownerId,
      originalFilename: doc.originalFilename,
      declaredContentType: doc.declaredContentType,
      sizeBytes: doc.sizeBytes,
      sha256: doc.sha256,
      rawKey: doc.rawKey,
      createdAt: doc.createdAt,
      processingStartedAt: doc.startedAt ?? startedAt,
      ...(pdfPassword ? { pdfPassword } : {}),
    };

    // A finished step's outcome is written in the same transaction as whatever comes next (the next step's start,
    // the completion), one round of locking, sequencing and publishing instead of two; nothing runs in between.
    // Steps that only compute (deferStart) run before their start is written: start and outcome go with the next write.
    let finished: FinishedStep[] = [];
    for (const row of steps) {
      const name = row.name;
      if (done.has(name) || !isStepName(name)) continue;
      if (options.shouldStop?.()) {
        const written = await this.withFinished(scope, finished, nothing(lease));
        return "stop" in written ? written.stop : { kind: "interrupted" };
      }

      const stepStarted = new Date();
      const defer = STEP_REGISTRY[name].deferStart;
      const deferred = typeof defer === "function" ? defer(outputs, limits) : defer === true;
      const start: StepStart = { at: stepStarted, done: new Set(done) };
      let attempt = 0;
      if (!deferred) {
        const previous = finished;
        finished = [];
        // The status is checked under the row lock: a document cancelled (or failed elsewhere) starts no further step.
        const started: Written<number | null> = await this.withFinished(scope, previous, thenStart(name, start, lease));
        if ("stop" in started) return started.stop;
        if (started.value === null) return { kind: "cancelled" };
        attempt = started.value;
      }

      const timeout = AbortSignal.timeout(this.deps.limits.stepTimeoutMs);
      const signal = AbortSignal.any([...(options.signal ? [options.signal] : []), timeout, lostSignal]);
      const ctx: StepContext = {
        document: stepDocument,
        outputs,
        original: () => (original ??= readStoredOriginal(this.deps.store, doc)),
        store: this.deps.store,
        ocr: this.deps.ocr,
        limits,
        logger: log.child({ step: name }),
        signal,
        timings,
        progress: async (fraction, message) => {
          const at = new Date();
          await events.transact(doc.id, (tx, locked) => reportProgress(tx, locked, { step: name, fraction, message, at, done, lease }));
        },
        pages: this.stepPages(doc.id, lease),
        ...(this.deps.learning ? { learning: this.deps.learning } : {}),
        corrections,
      };

      let outcome: StepResult | StepFanOut;
      try {
        outcome = await runWithSignal(() => STEP_REGISTRY[name].run(ctx) as Promise<StepResult | StepFanOut>, signal);
      } catch (thrown) {
        // Lost the lease mid-step: stop at once, write nothing (run() logs and reports it).
        if (lostSignal.aborted) throw lostSignal.reason;
        if (deferred && !isDependencyFailure(thrown) && !options.signal?.aborted) {
          // The failure is recorded below as usual: first what ran before it, and this step's start.
          const previous = finished;
          finished = [];
          const started: Written<number | null> = await this.withFinished(scope, previous, thenStart(name, start, lease));
          if ("stop" in started) return started.stop;
          if (started.value === null) return { kind: "cancelled" };
        }
        let error = toAppError(thrown);
        if (isLeaseLost(error)) throw error;
        if (timeout.aborted && !options.signal?.aborted) {
          error = new AppError("PROCESSING_TIMEOUT", `Step ${name} took longer than ${this.deps.limits.stepTimeoutMs} ms.`, { cause: thrown });
        } else if (options.signal?.aborted) {
          // The worker is going away or the job was cancelled: not the document's fault. What finished before is kept
          // (the starts of steps that only computed are refused once the document is cancelled).
          const written = await this.withFinished(scope, finished, nothing(lease));
          if ("stop" in written) return written.stop;
          return (await this.isCancelled(doc.id)) ? { kind: "cancelled" } : { kind: "interrupted" };
        } else if (isDependencyFailure(thrown)) {
          // PostgreSQL, Redis or storage is away: not the document's failure. Nothing is recorded (the worker waits and resumes this step).
          throw thrown;
        }
        if (STEP_REGISTRY[name].optional) {
          // An extra that failed: recorded on its step, and the document goes on without it.
          if (!(await this.failOptional(doc, name, stepStarted, error, log, lease))) return { kind: "cancelled" };
          continue;
        }
        return this.fail(doc, name, stepStarted, error, options.finalAttempt, log, lease);
      }
      if (lostSignal.aborted) throw lostSignal.reason;
      if (outcome.status === "fan-out") {
        // The step stays IN_PROGRESS; the run ends here (its lease is handed back) until the page jobs are done.
        // Outcomes not yet written (none when the step's start was written) go first, in the same transaction.
        const written: Written<FanOut | null> = await this.withFinished(
          scope,
          finished,
          then(lease, (tx, locked) => fanOutPages(tx, locked, { pages: outcome.pages, pageCount: outcome.pageCount, fanout: randomUUID(), at: new Date(), lease })),
        );
        if ("stop" in written) return written.stop;
        const handed = written.value;
        if (handed === null || handed === undefined) return { kind: "cancelled" };
        log.info({ step: name, pages: handed.pending.length, fanout: handed.fanout }, "pages handed to page jobs");
        return { kind: "waiting-pages", fanout: handed.fanout, pages: handed.pending, pageCount: outcome.pageCount };
      }
      const result = outcome;

      const at = new Date();
      const durationMs = at.getTime() - stepStarted.getTime();
      timings[name] = durationMs;
      if (result.data !== undefined) (outputs as Record<string, unknown>)[name] = result.data;
      done.add(name);
      finished.push({ write: { step: name, finish: { at, durationMs, attempt, outcome: result, done: new Set(done) }, ...(deferred ? { start } : {}) }, stepStarted });
    }

    const completedAt = new Date();
    const planner = this.deps.deliveries;
    // The completion writes the last steps' document columns in its own UPDATE of the row.
    const completed = await this.withFinished(scope, finished, async (tx, locked, writes) => {
      const plan = async () => (planner ? planner.plan(tx, locked.ownerId) : []);
      const done = await complete(tx, locked, { at: completedAt, startedAt, timingsMs: timings, lease, plan, steps: writes });
      return transition({ written: done.value.stepsWritten, value: done.value.destinations }, done.events);
    });
    if ("stop" in completed) return completed.stop;
    const destinations = completed.value;
    if (destinations === null) return { kind: "cancelled" };
    if (destinations.length > 0 && planner) {
      await planner.enqueue(doc.id, destinations).catch((error: unknown) => log.warn({ err: error }, "could not queue deliveries; the sweeper will"));
    }
    const latest = await this.deps.dataSource.getRepository(DocumentEntity).findOne({ where: { id: doc.id }, select: { id: true, documentType: true } });
    notify(this.deps.observer, "documentFinished", { status: "COMPLETED", documentType: latest?.documentType ?? null, errorCode: null, processingMs: completedAt.getTime() - startedAt.getTime() });
    log.info({ processingMs: completedAt.getTime() - startedAt.getTime() }, "document completed");
    return { kind: "completed" };
  }

  /** The page-by-page side of a step's context: reads of the page rows, and records fenced by this run's lease. */
  private stepPages(documentId: string, lease: string | undefined): StepPages {
    const { dataSource, events, limits } = this.deps;
    return {
      fanOutMinPages: this.deps.fanOut ? limits.ocrFanoutMinPages : 0,
      recorded: async () => {
        const rows = await dataSource.getRepository(DocumentPageEntity).find({ where: { documentId }, order: { pageNumber: "ASC" } });
        return rows.map(
          (row): RecordedPage => ({
            page: row.pageNumber,
            status: row.status,
            text: row.text,
            confidence: row.confidence,
            // Stored by the page's reader as JSON of a PageModel.
            model: (row.model ?? null) as PageModel | null,
            errorCode: row.errorCode,
          }),
        );
      },
      record: async (page) => {
        const at = new Date();
        await events.transact(documentId, (tx, locked) => recordPage(tx, locked, { page, at, lease }));
      },
    };
  }

  /**
   * Write `finished` (the outcomes of the steps that ran since the last write,
   * with the starts of those that ran before their start was written) and then
   * `next`, in one transaction under the document's row lock: `next` writes the
   * steps with its own statements (one UPDATE of their rows, one of the
   * document row). A start refused (the document was cancelled meanwhile)
   * drops what follows it. The database refusing a step's output (e.g. a NUL
   * in jsonb) fails that step permanently, never a retry: then `next` did not
   * happen and the run ends with `stop`.
   */
  private async withFinished<T>(scope: RunScope, finished: readonly FinishedStep[], next: Next<T>): Promise<Written<T>> {
    const { doc, lease, log } = scope;
    let written = 0;
    try {
      const value = await this.deps.events.transact(doc.id, async (tx, locked) => {
        const after = await next(tx, locked, finished.map((f) => f.write));
        written = after.value.written;
        return transition(after.value.value, after.events);
      });
      for (const step of finished.slice(0, written)) this.stepWritten(step, log);
      return { value };
    } catch (thrown) {
      const error = toAppError(thrown);
      if (error.code !== "UNSTORABLE_DATA" || finished.length === 0) throw thrown;
      if (finished.length > 1) {
        // Which step's output was refused: write them one by one (the refused one fails, and the run stops there).
        for (const step of finished) {
          const alone = await this.withFinished(scope, [step], nothing(lease));
          if ("stop" in alone) return alone;
        }
        throw thrown;
      }
      const step = finished[0]!;
      const { start } = step.write;
      if (start) {
        const started = await this.deps.events.transact(doc.id, (tx, locked) => writeSteps(tx, locked, { writes: [{ step: step.write.step, start }], lease }));
        if (started === null || started.attempts.length === 0) return { stop: { kind: "cancelled" } };
      }
      return { stop: await this.fail(doc, step.write.step, step.stepStarted, error, scope.finalAttempt, log, lease) };
    }
  }

  private stepWritten(finished: FinishedStep, log: Logger): void {
    const { step, finish } = finished.write;
    const { durationMs, outcome } = finish;
    const status = outcome.status === "skipped" ? "SKIPPED" : "SUCCEEDED";
    notify(this.deps.observer, "stepFinished", { step, status, durationMs, summary: outcome.summary ?? null });
    log.debug({ step, status, durationMs }, "step finished");
  }

  private async isCancelled(documentId: string): Promise<boolean> {
    const doc = await this.deps.dataSource.getRepository(DocumentEntity).findOne({ where: { id: documentId }, select: { id: true, status: true } });
    return doc?.status === DocumentStatus.CANCELLED;
  }

  /**
   * Record the failure of an optional step (`PipelineStep.optional`): the step is FAILED with its code
   * and never retried, the document stays PROCESSING for the steps after it. False when the document is no
   * longer processing (cancelled meanwhile): nothing was written.
   */
  private async failOptional(doc: DocumentEntity, name: StepName, stepStarted: Date, error: AppError, log: Logger, lease: string | undefined): Promise<boolean> {
    const failure = stepFailure(error, false);
    const at = new Date();
    const durationMs = at.getTime() - stepStarted.getTime();
    if (error.kind === "server") log.error({ err: error.cause ?? error, step: name }, "optional step failed; the document goes on without it");
    else log.info({ step: name, code: error.code }, "optional step failed; the document goes on without it");
    const written = await this.deps.events.transact(doc.id, async (tx, locked) => {
      if (locked.status !== DocumentStatus.PROCESSING) return transition(false);
      return transition(true, (await failStep(tx, locked, { step: name, at, durationMs, failure, lease })).events);
    });
    if (written !== true) return false;
    notify(this.deps.observer, "stepFinished", { step: name, status: "FAILED", durationMs, errorCode: error.code });
    return true;
  }

  /**
   * Record a failed step. A permanent failure (or a transient one with no retry
   * left) fails the document too; a transient one leaves it PROCESSING for the retry.
   */
  private async fail(doc: DocumentEntity, name: StepName, stepStarted: Date, error: AppError, finalAttempt: boolean, log: Logger, lease: string | undefined): Promise<RunOutcome> {
    const failure = stepFailure(error, !finalAttempt);
    const failsDocument = !failure.willRetry;
    const at = new Date();
    const durationMs = at.getTime() - stepStarted.getTime();
    const processingMs = at.getTime() - (doc.startedAt ?? stepStarted).getTime();
    if (error.kind === "server") log.error({ err: error.cause ?? error, step: name }, "step failed");
    else log.info({ step: name, code: error.code }, "step failed");
    await this.deps.events.transact(doc.id, async (tx, locked) => {
      const stepFailed = await failStep(tx, locked, { step: name, at, durationMs, failure, lease });
      const docFailed = failsDocument ? await fail(tx, locked, { failure: { code: error.code, message: failure.message, step: name }, at, processingMs, lease }) : { events: [] };
      return { events: [...stepFailed.events, ...docFailed.events], value: null };
    });
    notify(this.deps.observer, "stepFinished", { step: name, status: "FAILED", durationMs, errorCode: error.code });
    if (failsDocument) notify(this.deps.observer, "documentFinished", { status: "FAILED", documentType: null, errorCode: error.code, processingMs });
    return { kind: "failed", code: error.code, message: failure.message, permanent: failure.permanent };
  }
}

/** Reject as soon as `signal` aborts, even when the step ignores the signal (it keeps running, but the run moves on). */
function runWithSignal<T>(work: () => Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new AppError("CANCELLED", "The step was aborted.", { cause: signal.reason }));
    signal.addEventListener("abort", onAbort, { once: true });
    work().then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}
