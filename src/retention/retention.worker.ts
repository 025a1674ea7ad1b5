import { Queue, Worker } from "bullmq";
import type { RunningComponent } from "../http/http.app.js";
import { bullConnection } from "../queue/document.queue.js";
import type { WorkerExtension } from "../app/component.types.js";
import { RetentionService } from "./retention.service.js";

/** The BullMQ queue that carries retention ticks (its own queue: nothing else is processed there). */
export const RETENTION_QUEUE = "retention";
/** Id of the job scheduler that adds a retention job every RETENTION_INTERVAL_MS. */
export const RETENTION_SCHEDULER_ID = "retention";
/** Name of the scheduled jobs. */
export const RETENTION_JOB = "retention.run";

/** What a retention job returns (kept small: it is stored in Redis). */
export interface RetentionJobResult {
  documents: number;
  objectsRemoved: number;
  failures: number;
  stopped: boolean;
}

/**
 * The retention worker extension. Every worker upserts the same job scheduler
 * (so the interval follows RETENTION_INTERVAL_MS of the worker that started
 * last) and consumes the retention queue with concurrency 1. BullMQ hands each
 * tick's job to exactly one worker; the run itself is safe even if two ever
 * overlap (its deletes re-check the policy row by row).
 */
export const startRetentionExtension: WorkerExtension = async ({ ctx, logger }): Promise<RunningComponent> => {
  const { config } = ctx;
  const log = logger.child({ component: "retention" });
  const connection = bullConnection(config.redisUrl);
  const queue = new Queue(RETENTION_QUEUE, { connection, prefix: config.queue.prefix });
  await queue.upsertJobScheduler(
    RETENTION_SCHEDULER_ID,
    { every: config.retention.intervalMs },
    { name: RETENTION_JOB, data: {}, opts: { attempts: 1, removeOnComplete: { count: 20 }, removeOnFail: { count: 50 } } },
  );
  const service = new RetentionService({ dataSource: ctx.dataSource, store: ctx.store, logger: log, config: config.retention });
  const abort = new AbortController();
  const worker = new Worker<Record<string, never>, RetentionJobResult>(
    RETENTION_QUEUE,
    async (): Promise<RetentionJobResult> => {
      const report = await service.run({ dryRun: false, signal: abort.signal });
      return { documents: report.documents.total, objectsRemoved: report.objectsRemoved, failures: report.failures, stopped: report.stopped };
    },
    { connection, prefix: config.queue.prefix, concurrency: 1 },
  );
  worker.on("failed", (_job, error) => log.error({ err: error }, "retention run failed; the next tick retries"));
  worker.on("error", (error) => log.error({ err: error }, "retention worker error"));
  log.debug({ everyMs: config.retention.intervalMs, defaults: service.defaults }, "retention scheduled");
  return {
    name: "retention",
    async stop() {
      abort.abort();
      await worker.close();
      await queue.close();
    },
  };
};
