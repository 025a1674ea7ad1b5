import { Queue, type ConnectionOptions, type JobsOptions } from "bullmq";
import type { Config } from "../config/env.js";

/** BullMQ connection options from a Redis URL (BullMQ makes its own connections from them). */
export function bullConnection(redisUrl: string): ConnectionOptions {
  return { url: redisUrl, maxRetriesPerRequest: null } as ConnectionOptions;
}

/** Where a BullMQ queue lives: what a producer and a worker of the same queue must agree on. */
export interface QueueAddress {
  /** The queue's name, e.g. `documents`. */
  name: string;
  /** QUEUE_PREFIX: keeps deployments (and test files) sharing one Redis apart. */
  prefix: string;
  redisUrl: string;
}

/** The address of the queue `name` of a deployment (REDIS_URL, QUEUE_PREFIX). */
export function queueAddress(config: Pick<Config, "redisUrl" | "queue">, name: string): QueueAddress {
  return { name, prefix: config.queue.prefix, redisUrl: config.redisUrl };
}

/** Job states in which BullMQ will still run (or is running) the job. */
const LIVE_STATES = new Set(["waiting", "active", "delayed", "prioritized", "waiting-children"]);

/** How a unique job queue is configured: the job name, the identity of a payload and the retry policy. */
export interface UniqueJobQueueOptions<T> {
  /** Name given to every job (shown by BullMQ tools; processors do not look at it). */
  jobName: string;
  /**
   * The job id of a payload: its identity, so enqueueing the same thing twice
   * is harmless. BullMQ ids may not contain ":".
   */
  jobId(data: T): string;
  /** Attempts and backoff. Finished jobs are removed by default: PostgreSQL keeps the history, and a kept job would only block re-adding its id. */
  jobOptions?: Omit<JobsOptions, "jobId" | "delay">;
}

/**
 * The producer side of a BullMQ queue whose jobs each stand for one row of
 * PostgreSQL (a document, a delivery step, a webhook delivery): at most one
 * live job per id. Every queue of Folio is a configuration of this class.
 */
export class UniqueJobQueue<T extends object> {
  readonly address: QueueAddress;
  /** Data and name types pinned: with a generic payload BullMQ cannot infer them. */
  private readonly queue: Queue<T, unknown, string, T, unknown, string>;

  constructor(
    address: QueueAddress,
    private readonly options: UniqueJobQueueOptions<T>,
  ) {
    this.address = { ...address };
    this.queue = new Queue<T, unknown, string, T, unknown, string>(address.name, { connection: bullConnection(address.redisUrl), prefix: address.prefix });
    // Without a listener BullMQ prints every reconnect failure's stack with console.error. The failed calls reject
    // on their own; the outage itself is logged once by the process's Redis connections and shown by readiness.
    this.queue.on("error", () => undefined);
  }

  /** `<prefix>:<name>`: names this queue uniquely across deployments sharing a Redis (or a database). */
  get qualifiedName(): string {
    return this.queue.qualifiedName;
  }

  /**
   * Add a job for `data` unless one with its id is live. A finished job left
   * under the same id (e.g. from before a reprocess) is removed first so the
   * new one is not swallowed. `delayMs` postpones the first attempt.
   * Returns false when a live job already existed.
   */
  async enqueueOnce(data: T, options: { delayMs?: number } = {}): Promise<boolean> {
    const jobId = this.options.jobId(data);
    const existing = await this.queue.getJob(jobId);
    if (existing) {
      if (LIVE_STATES.has(await existing.getState())) return false;
      await existing.remove().catch(() => undefined);
    }
    const delay = Math.max(0, options.delayMs ?? 0);
    await this.queue.add(this.options.jobName, data, {
      removeOnComplete: true,
      removeOnFail: true,
      ...this.options.jobOptions,
      jobId,
      ...(delay > 0 ? { delay } : {}),
    });
    return true;
  }

  /** Whether BullMQ will still run (or is running) the job with this id. */
  async isLive(jobId: string): Promise<boolean> {
    const job = await this.queue.getJob(jobId);
    return job ? LIVE_STATES.has(await job.getState()) : false;
  }

  /** Remove a job that has not started; an active job is left alone (it stops at its own next check). */
  async removeIfWaiting(jobId: string): Promise<boolean> {
    const job = await this.queue.getJob(jobId);
    if (!job) return false;
    if ((await job.getState()) === "active") return false;
    await job.remove().catch(() => undefined);
    return true;
  }

  /** Job counts by state, for metrics and tests. */
  counts(): Promise<Record<string, number>> {
    return this.queue.getJobCounts("waiting", "active", "delayed", "failed", "completed", "prioritized");
  }

  async close(): Promise<void> {
    await this.queue.close();
  }
}
