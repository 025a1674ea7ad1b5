import { Queue } from "bullmq";
import type { DataSource } from "typeorm";
import type { Config } from "../config/env.js";
import type { Logger } from "../logging/logger.js";
import { createJobWorker } from "../queue/job.worker.js";
import { bullConnection, type QueueAddress } from "../queue/unique-job.queue.js";
import type { ObjectStore } from "../storage/object-store.js";
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

/** What the retention worker needs. */
export interface RetentionWorkerDeps {
  dataSource: DataSource;
  store: ObjectStore;
  config: Config["retention"];
  /** Redis URL and QUEUE_PREFIX of the deployment. */
  redisUrl: string;
  prefix: string;
  logger: Logger;
}

/**
 * The retention worker. Retention is a BullMQ job scheduler rather than a
 * sweep of the process's {@link Sweeper}: it must run once per interval for the
 * whole deployment, not once per worker, and its next run time (hours apart)
 * must survive worker restarts. Every worker upserts the same scheduler (so the
 * interval follows RETENTION_INTERVAL_MS of the worker that started last) and
 * consumes the retention queue with concurrency 1. BullMQ hands each tick's job
 * to exactly one worker; the run itself is safe even if two ever overlap (its
 * deletes re-check the policy row by row).
 */
export async function startRetentionWorker(deps: RetentionWorkerDeps): Promise<{ stop(): Promise<void> }> {
  const log = deps.logger.child({ component: "retention" });
  const address: QueueAddress = { name: RETENTION_QUEUE, prefix: deps.prefix, redisUrl: deps.redisUrl };
  const queue = new Queue(RETENTION_QUEUE, { connection: bullConnection(deps.redisUrl), prefix: deps.prefix });
  await queue.upsertJobScheduler(
    RETENTION_SCHEDULER_ID,
    { every: deps.config.intervalMs },
    { name: RETENTION_JOB, data: {}, opts: { attempts: 1, removeOnComplete: { count: 20 }, removeOnFail: { count: 50 } } },
  );
  const service = new RetentionService({ dataSource: deps.dataSource, store: deps.store, logger: log, config: deps.config });
  const abort = new AbortController();
  const worker = createJobWorker<Record<string, never>, RetentionJobResult>(
    address,
    async (): Promise<RetentionJobResult> => {
      const report = await service.run({ dryRun: false, signal: abort.signal });
      return { documents: report.documents.total, objectsRemoved: report.objectsRemoved, failures: report.failures, stopped: report.stopped };
    },
    { label: "retention", logger: log, concurrency: 1 },
  );
  worker.on("failed", (_job, error) => log.error({ err: error }, "retention run failed; the next tick retries"));
  log.debug({ everyMs: deps.config.intervalMs, defaults: service.defaults }, "retention scheduled");
  return {
    async stop() {
      abort.abort();
      await worker.close();
      await queue.close();
    },
  };
}
