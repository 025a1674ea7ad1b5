import { Queue, type ConnectionOptions, type JobsOptions } from "bullmq";
import type { Config } from "../config/env.js";

/** Name of the BullMQ queue that carries documents to workers. */
export const DOCUMENTS_QUEUE = "documents";

/** What a document job carries: only the id; everything else is read from PostgreSQL. */
export interface DocumentJobData {
  documentId: string;
}

/** Job states in which BullMQ will still run (or is running) the job. */
const LIVE_STATES = new Set(["waiting", "active", "delayed", "prioritized", "waiting-children"]);

/** Whether BullMQ will still run (or is running) this job; the queues use it to enqueue each id once. */
export async function isLiveJob(job: { getState(): Promise<string> } | undefined | null): Promise<boolean> {
  return job ? LIVE_STATES.has(await job.getState()) : false;
}

/** BullMQ connection options from a Redis URL (BullMQ makes its own connections from them). */
export function bullConnection(redisUrl: string): ConnectionOptions {
  return { url: redisUrl, maxRetriesPerRequest: null } as ConnectionOptions;
}

/**
 * The producer side of the documents queue — the only module that adds,
 * inspects or removes document jobs. The job id is the document id, so adding
 * a document that already has a live job is a no-op.
 */
export class DocumentQueue {
  readonly queue: Queue<DocumentJobData>;
  private readonly jobOptions: JobsOptions;

  constructor(config: Pick<Config, "redisUrl" | "queue">) {
    this.queue = new Queue<DocumentJobData>(DOCUMENTS_QUEUE, { connection: bullConnection(config.redisUrl), prefix: config.queue.prefix });
    this.jobOptions = {
      attempts: config.queue.attempts,
      backoff: { type: "exponential", delay: config.queue.backoffMs },
      // PostgreSQL keeps the history; finished jobs only block re-adding the same id.
      removeOnComplete: true,
      removeOnFail: true,
    };
  }

  /**
   * Queue a document. A finished job left under the same id (e.g. from before
   * a reprocess) is removed first so the new one is not swallowed.
   * Returns false when a live job already exists.
   */
  async enqueue(documentId: string): Promise<boolean> {
    const existing = await this.queue.getJob(documentId);
    if (existing) {
      const state = await existing.getState();
      if (LIVE_STATES.has(state)) return false;
      await existing.remove().catch(() => undefined);
    }
    await this.queue.add("process", { documentId }, { ...this.jobOptions, jobId: documentId });
    return true;
  }

  /** Whether BullMQ will still run (or is running) the document's job. */
  async hasLiveJob(documentId: string): Promise<boolean> {
    const job = await this.queue.getJob(documentId);
    if (!job) return false;
    return LIVE_STATES.has(await job.getState());
  }

  /** Remove a job that has not started; an active job is left to stop at its next step boundary. */
  async removeIfWaiting(documentId: string): Promise<boolean> {
    const job = await this.queue.getJob(documentId);
    if (!job) return false;
    const state = await job.getState();
    if (state === "active") return false;
    await job.remove().catch(() => undefined);
    return true;
  }

  /** Job counts by state, for metrics and tests. */
  counts() {
    return this.queue.getJobCounts("waiting", "active", "delayed", "failed", "completed", "prioritized");
  }

  async close(): Promise<void> {
    await this.queue.close();
  }
}
