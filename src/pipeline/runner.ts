import type { DataSource, EntityManager } from "typeorm";
import type { SecretBox } from "../auth/secret-box.js";
import type { PipelineLimits } from "../config/env.js";
import { DestinationEntity, DocumentEntity, DocumentStatus, ProcessingStepEntity, StepStatus } from "../db/entities/index.js";
import { deliveryStepName } from "../destinations/destination.service.js";
import { AppError, toAppError, type ErrorCode } from "../errors/app.error.js";
import type { EventPublisher } from "../events/event.publisher.js";
import { isExtractionError } from "../extraction/extraction.errors.js";
import type { OcrPool } from "../extraction/ocr.adapter.js";
import type { Logger } from "../logging/logger.js";
import type { ObjectStore } from "../storage/object-store.js";
import { withDocumentTransaction, type NewEvent } from "../events/event.log.js";
import { notify, type PipelineObserver } from "./pipeline-observer.js";
import { STEP_REGISTRY } from "./registry.js";
import { STEP_NAMES, isStepName, type StepContext, type StepDataMap, type StepDocument, type StepName, type StepResult } from "./step.js";

/** How one run of the pipeline over a document ended. */
export type RunOutcome =
  | { kind: "completed" }
  | { kind: "failed"; code: ErrorCode; message: string; permanent: boolean }
  | { kind: "cancelled" }
  /** The worker asked to stop; the run ended at a step boundary and must be resumed elsewhere. */
  | { kind: "interrupted" }
  /** Nothing to do: the document is gone or already finished. */
  | { kind: "noop"; reason: string };

/** Options of one run. */
export interface RunOptions {
  /** Aborted when the worker must stop now (the current step is abandoned). */
  signal?: AbortSignal;
  /** Asked to stop: finish the current step, then return `interrupted`. */
  shouldStop?: () => boolean;
  /** Whether a transient failure of this run fails the document (no retry left). */
  finalAttempt: boolean;
}

/** What the runner needs. */
export interface RunnerDeps {
  dataSource: DataSource;
  store: ObjectStore;
  publisher: EventPublisher;
  ocr: OcrPool;
  limits: PipelineLimits;
  logger: Logger;
  /** Opens PDF passwords sealed at upload. */
  secrets: SecretBox;
  /** Told about finished steps and documents (metrics). */
  observer?: PipelineObserver;
  /** Queues delivery steps after their document completed; a sweeper catches any that are missed. */
  deliveries?: { enqueue(documentId: string, destinations: readonly string[]): Promise<void> };
}

const TOTAL_WEIGHT = STEP_NAMES.reduce((sum, name) => sum + STEP_REGISTRY[name].weight, 0);

/** Overall progress (0–99; 100 only on completion) from the steps that finished and the current one's fraction. */
export function overallProgress(done: ReadonlySet<string>, current?: { name: StepName; fraction: number }): number {
  let weight = 0;
  for (const name of STEP_NAMES) if (done.has(name)) weight += STEP_REGISTRY[name].weight;
  if (current) weight += STEP_REGISTRY[current.name].weight * Math.min(1, Math.max(0, current.fraction));
  return Math.min(99, Math.floor((weight / TOTAL_WEIGHT) * 100));
}

/** Errors caused by the document or its limits: retrying would fail the same way. */
function isPermanent(error: AppError): boolean {
  return error.kind === "document" || error.kind === "client";
}

/** Turn anything a step threw into an AppError; extraction errors keep their codes. */
function normaliseError(error: unknown): AppError {
  if (isExtractionError(error)) return new AppError(error.code, error.message, { cause: error });
  return toAppError(error);
}

/**
 * Runs the pipeline over one document. It alone persists step status, appends
 * events, updates the document and publishes; steps only compute. Every state
 * change is one transaction under the document's row lock, published after commit.
 */
export class PipelineRunner {
  constructor(private readonly deps: RunnerDeps) {}

  /** Write the step rows a document needs (idempotent). */
  static async ensureSteps(manager: EntityManager, documentId: string): Promise<void> {
    await manager
      .createQueryBuilder()
      .insert()
      .into(ProcessingStepEntity)
      .values(STEP_NAMES.map((name, i) => ({ documentId, name, position: i + 1, status: StepStatus.PENDING })))
      .orIgnore()
      .execute();
  }

  private commit<T>(documentId: string, work: (m: EntityManager, doc: DocumentEntity) => Promise<{ events: NewEvent[]; value: T }>) {
    return withDocumentTransaction(this.deps.dataSource, this.deps.publisher, documentId, work);
  }

  /** Process a document from its first unfinished step. */
  async run(documentId: string, options: RunOptions): Promise<RunOutcome> {
    const log = this.deps.logger.child({ documentId });
    const startedAt = new Date();
    type Begun = { skip: string } | { steps: ProcessingStepEntity[]; done: Set<string>; doc: DocumentEntity; sealedPassword: string | null };
    const begun = await this.commit<Begun>(documentId, async (m, doc) => {
      if (doc.status !== DocumentStatus.QUEUED && doc.status !== DocumentStatus.PROCESSING) {
        return { events: [], value: { skip: `document is ${doc.status}` } };
      }
      await PipelineRunner.ensureSteps(m, doc.id);
      const steps = await m.find(ProcessingStepEntity, { where: { documentId: doc.id }, order: { position: "ASC" } });
      const done = new Set(steps.filter((s) => s.status === StepStatus.SUCCEEDED || s.status === StepStatus.SKIPPED).map((s) => s.name));
      const [sealed] = (await m.query(`SELECT pdf_password_enc FROM documents WHERE id = $1`, [doc.id])) as { pdf_password_enc: string | null }[];
      const attempts = doc.attempts + 1;
      const progress = overallProgress(done);
      await m.update(DocumentEntity, doc.id, {
        status: DocumentStatus.PROCESSING,
        attempts,
        startedAt: doc.startedAt ?? startedAt,
        progress,
        errorCode: null,
        errorMessage: null,
      });
      doc.status = DocumentStatus.PROCESSING;
      return {
        events: [{ type: "document.processing", status: DocumentStatus.PROCESSING, progress, message: `Processing (attempt ${attempts})`, detail: { attempt: attempts }, at: startedAt }],
        value: { steps, done, doc: Object.assign(doc, { startedAt: doc.startedAt ?? startedAt }), sealedPassword: sealed?.pdf_password_enc ?? null },
      };
    });
    if (begun === null) return { kind: "noop", reason: "document not found" };
    if ("skip" in begun) return { kind: "noop", reason: begun.skip };

    const { steps, done, doc, sealedPassword } = begun;
    const pdfPassword = sealedPassword ? this.deps.secrets.open(sealedPassword) : null;
    if (sealedPassword && pdfPassword === null) log.warn("the PDF password was sealed under another SIGNING_SECRET and cannot be used");
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

    for (const row of steps) {
      const name = row.name;
      if (done.has(name) || !isStepName(name)) continue;
      if (options.shouldStop?.()) return { kind: "interrupted" };

      const stepStarted = new Date();
      // The status is checked under the row lock: a document cancelled (or failed elsewhere) starts no further step.
      const started = await this.commit(doc.id, async (m, locked) => {
        if (locked.status !== DocumentStatus.PROCESSING) return { events: [], value: false };
        const progress = overallProgress(done, { name, fraction: 0 });
        await m.update(ProcessingStepEntity, { documentId: doc.id, name }, {
          status: StepStatus.IN_PROGRESS,
          attempts: () => "attempts + 1",
          startedAt: stepStarted,
          completedAt: null,
          durationMs: null,
          errorCode: null,
          errorMessage: null,
        });
        await m.update(DocumentEntity, doc.id, { currentStep: name, progress });
        const attempt = (row.attempts ?? 0) + 1;
        row.attempts = attempt;
        return {
          events: [{ type: "step.started", step: name, status: StepStatus.IN_PROGRESS, progress, stepProgress: 0, message: `${name} started`, detail: { attempt }, at: stepStarted }],
          value: true,
        };
      });
      if (started !== true) return { kind: "cancelled" };

      const timeout = AbortSignal.timeout(this.deps.limits.stepTimeoutMs);
      const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
      const ctx: StepContext = {
        document: stepDocument,
        outputs,
        original: () => (original ??= this.readOriginal(doc)),
        store: this.deps.store,
        ocr: this.deps.ocr,
        limits: this.deps.limits,
        logger: log.child({ step: name }),
        signal,
        timings,
        progress: async (fraction, message) => {
          const at = new Date();
          await this.commit(doc.id, async (m) => {
            const progress = overallProgress(done, { name, fraction });
            await m.update(DocumentEntity, doc.id, { progress });
            return {
              events: [{ type: "step.progress", step: name, status: StepStatus.IN_PROGRESS, progress, stepProgress: fraction, message: message ?? null, at }],
              value: null,
            };
          });
        },
      };

      let result: StepResult;
      try {
        result = await runWithSignal(() => STEP_REGISTRY[name].run(ctx) as Promise<StepResult>, signal);
      } catch (thrown) {
        let error = normaliseError(thrown);
        if (timeout.aborted && !options.signal?.aborted) {
          error = new AppError("PROCESSING_TIMEOUT", `Step ${name} took longer than ${this.deps.limits.stepTimeoutMs} ms.`, { cause: thrown });
        } else if (options.signal?.aborted) {
          // The worker is going away or the job was cancelled: not the document's fault.
          return (await this.isCancelled(doc.id)) ? { kind: "cancelled" } : { kind: "interrupted" };
        }
        return this.fail(doc, name, stepStarted, error, options.finalAttempt, log);
      }

      const finished = new Date();
      const durationMs = finished.getTime() - stepStarted.getTime();
      timings[name] = durationMs;
      if (result.data !== undefined) (outputs as Record<string, unknown>)[name] = result.data;
      done.add(name);
      const status = result.status === "skipped" ? StepStatus.SKIPPED : StepStatus.SUCCEEDED;
      try {
        await this.commitStepSuccess(doc.id, name, status, finished, durationMs, result, row.attempts, done);
      } catch (thrown) {
        // The database refused the step's output (e.g. a NUL in jsonb): permanent, never a retry.
        const error = toAppError(thrown);
        if (error.code === "UNSTORABLE_DATA") return this.fail(doc, name, stepStarted, error, options.finalAttempt, log);
        throw thrown;
      }
      notify(this.deps.observer, "stepFinished", { step: name, status: status === StepStatus.SKIPPED ? "SKIPPED" : "SUCCEEDED", durationMs, summary: result.summary ?? null });
      log.debug({ step: name, status, durationMs }, "step finished");
    }

    const completedAt = new Date();
    const finishedOk = await this.commit(doc.id, async (m, locked) => {
      if (locked.status !== DocumentStatus.PROCESSING) return { events: [], value: null };
      const processingMs = completedAt.getTime() - startedAt.getTime();
      await m.update(DocumentEntity, doc.id, { status: DocumentStatus.COMPLETED, progress: 100, currentStep: null, completedAt, processingMs, pdfPasswordEnc: null });
      locked.status = DocumentStatus.COMPLETED;
      // Each active destination becomes a delivery step of this document, written with its completion.
      const destinations = await m.find(DestinationEntity, { where: { userId: doc.ownerId, active: true }, order: { createdAt: "ASC" } });
      const deliveries = destinations.map((d, i) => ({ name: deliveryStepName(d.name), destination: d.name, position: STEP_NAMES.length + 1 + i }));
      for (const delivery of deliveries) {
        await m.query(
          `INSERT INTO processing_steps (document_id, name, position, status) VALUES ($1, $2, $3, 'PENDING')
           ON CONFLICT (document_id, name) DO UPDATE SET status = 'PENDING', started_at = NULL, completed_at = NULL, duration_ms = NULL, error_code = NULL, error_message = NULL, output = NULL`,
          [doc.id, delivery.name, delivery.position],
        );
      }
      return {
        events: [
          {
            type: "document.completed",
            status: DocumentStatus.COMPLETED,
            progress: 100,
            message: deliveries.length ? `Completed; delivering to ${deliveries.length} destination(s)` : "Completed",
            detail: { processingMs, timingsMs: timings, deliveries: deliveries.map((d) => ({ step: d.name, position: d.position })) },
            at: completedAt,
          },
        ],
        value: deliveries.map((d) => d.destination),
      };
    });
    if (finishedOk === null) return { kind: "cancelled" };
    if (finishedOk.length > 0 && this.deps.deliveries) {
      await this.deps.deliveries.enqueue(doc.id, finishedOk).catch((error: unknown) => log.warn({ err: error }, "could not queue deliveries; the sweeper will"));
    }
    const latest = await this.deps.dataSource.getRepository(DocumentEntity).findOne({ where: { id: doc.id }, select: { id: true, documentType: true } });
    notify(this.deps.observer, "documentFinished", { status: "COMPLETED", documentType: latest?.documentType ?? null, errorCode: null, processingMs: completedAt.getTime() - startedAt.getTime() });
    log.info({ processingMs: completedAt.getTime() - startedAt.getTime() }, "document completed");
    return { kind: "completed" };
  }

  private async isCancelled(documentId: string): Promise<boolean> {
    const doc = await this.deps.dataSource.getRepository(DocumentEntity).findOne({ where: { id: documentId }, select: { id: true, status: true } });
    return doc?.status === DocumentStatus.CANCELLED;
  }

  private async readOriginal(doc: DocumentEntity): Promise<Buffer> {
    const chunks: Buffer[] = [];
    let total = 0;
    for await (const chunk of await this.deps.store.get(doc.rawKey)) {
      const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
      total += buffer.length;
      // The upload limit was enforced on the way in; this guards against an object swapped behind Folio's back.
      if (total > doc.sizeBytes + 1) throw new AppError("CORRUPT_FILE", "The stored original is larger than what was uploaded.");
      chunks.push(buffer);
    }
    return Buffer.concat(chunks);
  }

  /** Persist a finished step's status, outputs and document patch (one transaction). */
  private async commitStepSuccess(
    documentId: string,
    name: StepName,
    status: StepStatus,
    finished: Date,
    durationMs: number,
    result: StepResult,
    attempt: number,
    done: Set<string>,
  ): Promise<void> {
    await this.commit(documentId, async (m) => {
      const progress = overallProgress(done);
      await m.update(ProcessingStepEntity, { documentId, name }, {
        status,
        completedAt: finished,
        durationMs,
        // TypeORM's update typing cannot express jsonb columns of arbitrary shape.
        output: (result.summary ?? null) as never,
        result: (result.data ?? null) as never,
      });
      await m.update(DocumentEntity, documentId, { ...(result.document ?? {}), progress });
      return {
        events: [
          {
            type: status === StepStatus.SKIPPED ? "step.skipped" : "step.succeeded",
            step: name,
            status,
            progress,
            stepProgress: 1,
            message: result.message ?? null,
            detail: { attempt, durationMs, output: result.summary ?? null },
            at: finished,
          },
        ],
        value: null,
      };
    });
  }

  /**
   * Record a failed step. A permanent failure (or a transient one with no retry
   * left) fails the document too; a transient one leaves it PROCESSING for the retry.
   */
  private async fail(doc: DocumentEntity, name: StepName, stepStarted: Date, error: AppError, finalAttempt: boolean, log: Logger): Promise<RunOutcome> {
    const permanent = isPermanent(error);
    const failsDocument = permanent || finalAttempt;
    const at = new Date();
    const durationMs = at.getTime() - stepStarted.getTime();
    // Internal errors keep their details in the logs, not in the database or the API.
    const message = error.kind === "server" && error.code === "INTERNAL_ERROR" ? "An internal error occurred." : error.message;
    if (error.kind === "server") log.error({ err: error.cause ?? error, step: name }, "step failed");
    else log.info({ step: name, code: error.code }, "step failed");
    await this.commit(doc.id, async (m, locked) => {
      await m.update(ProcessingStepEntity, { documentId: doc.id, name }, { status: StepStatus.FAILED, completedAt: at, durationMs, errorCode: error.code, errorMessage: message });
      const events: NewEvent[] = [
        {
          type: "step.failed",
          step: name,
          status: StepStatus.FAILED,
          progress: locked.progress,
          message,
          detail: { code: error.code, durationMs, permanent, willRetry: !failsDocument },
          at,
        },
      ];
      if (failsDocument && locked.status === DocumentStatus.PROCESSING) {
        await m.update(DocumentEntity, doc.id, {
          status: DocumentStatus.FAILED,
          errorCode: error.code,
          errorMessage: message,
          completedAt: at,
          currentStep: null,
          processingMs: at.getTime() - (doc.startedAt ?? stepStarted).getTime(),
          pdfPasswordEnc: null,
        });
        locked.status = DocumentStatus.FAILED;
        events.push({ type: "document.failed", status: DocumentStatus.FAILED, progress: locked.progress, message, detail: { code: error.code, step: name }, at });
      }
      return { events, value: null };
    });
    notify(this.deps.observer, "stepFinished", { step: name, status: "FAILED", durationMs, errorCode: error.code });
    if (failsDocument) notify(this.deps.observer, "documentFinished", { status: "FAILED", documentType: null, errorCode: error.code, processingMs: at.getTime() - (doc.startedAt ?? stepStarted).getTime() });
    return { kind: "failed", code: error.code, message, permanent };
  }

  /**
   * Fail a document from outside a run (e.g. its job died repeatedly). No-op
   * unless it is QUEUED or PROCESSING.
   */
  async failDocument(documentId: string, code: ErrorCode, message: string): Promise<boolean> {
    const at = new Date();
    const changed = await this.commit(documentId, async (m, doc) => {
      if (doc.status !== DocumentStatus.QUEUED && doc.status !== DocumentStatus.PROCESSING) return { events: [], value: false };
      const events: NewEvent[] = [];
      if (doc.currentStep) {
        const step = await m.findOneBy(ProcessingStepEntity, { documentId, name: doc.currentStep });
        if (step?.status === StepStatus.IN_PROGRESS) {
          const durationMs = step.startedAt ? at.getTime() - step.startedAt.getTime() : null;
          await m.update(ProcessingStepEntity, { id: step.id }, { status: StepStatus.FAILED, completedAt: at, durationMs, errorCode: code, errorMessage: message });
          events.push({ type: "step.failed", step: step.name, status: StepStatus.FAILED, progress: doc.progress, message, detail: { code, durationMs, permanent: true, willRetry: false }, at });
        }
      }
      await m.update(DocumentEntity, documentId, { status: DocumentStatus.FAILED, errorCode: code, errorMessage: message, completedAt: at, currentStep: null, pdfPasswordEnc: null });
      doc.status = DocumentStatus.FAILED;
      events.push({ type: "document.failed", status: DocumentStatus.FAILED, progress: doc.progress, message, detail: { code, step: doc.currentStep }, at });
      return { events, value: true };
    });
    if (changed === true) notify(this.deps.observer, "documentFinished", { status: "FAILED", documentType: null, errorCode: code, processingMs: null });
    return changed === true;
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
