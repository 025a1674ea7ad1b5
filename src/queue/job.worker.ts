import { Worker, type AdvancedOptions, type Job, type Processor, type WorkerOptions } from "bullmq";
import type { Logger } from "../logging/logger.js";
import { bullConnection, type QueueAddress } from "./unique-job.queue.js";

/** How a job worker runs; anything left out keeps BullMQ's default. */
export interface JobWorkerOptions {
  /** Names the worker in its log lines, e.g. "delivery". */
  label: string;
  logger: Pick<Logger, "error">;
  /** Jobs run at once by this worker. */
  concurrency: number;
  /** How long a job's lock lasts without renewal (BullMQ renews it while the job runs). */
  lockMs?: number;
  /** How often BullMQ looks for jobs whose worker died. */
  stalledIntervalMs?: number;
  /** How many times a job may stall before it fails. */
  maxStalledCount?: number;
  /** Custom backoff strategies. */
  settings?: AdvancedOptions;
  /** Start taking jobs at once (default); false leaves `worker.run()` to the caller. */
  autorun?: boolean;
}

/**
 * A BullMQ worker on `queue` with Folio's connection handling and error
 * logging. The processor decides retries the BullMQ way: throw to retry with
 * backoff, throw an `UnrecoverableError` to stop.
 */
export function createJobWorker<T, R>(queue: QueueAddress, processor: Processor<T, R, string>, options: JobWorkerOptions): Worker<T, R, string> {
  const settings: WorkerOptions = {
    connection: bullConnection(queue.redisUrl),
    prefix: queue.prefix,
    concurrency: options.concurrency,
  };
  // Only what is set: BullMQ spreads these over its defaults, so an undefined would replace a default.
  if (options.lockMs !== undefined) settings.lockDuration = options.lockMs;
  if (options.stalledIntervalMs !== undefined) settings.stalledInterval = options.stalledIntervalMs;
  if (options.maxStalledCount !== undefined) settings.maxStalledCount = options.maxStalledCount;
  if (options.settings !== undefined) settings.settings = options.settings;
  if (options.autorun !== undefined) settings.autorun = options.autorun;
  const worker = new Worker<T, R, string>(queue.name, processor, settings);
  worker.on("error", (error) => options.logger.error({ err: error }, `${options.label} worker error`));
  return worker;
}

/** Whether this run of `job` is its last: a transient failure now fails for good. */
export function isFinalAttempt(job: Pick<Job, "attemptsMade" | "opts">): boolean {
  return job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
}
