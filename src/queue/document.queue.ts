import type { Config } from "../config/env.js";
import { queueAddress, UniqueJobQueue } from "./unique-job.queue.js";

/** Name of the BullMQ queue that carries documents to workers. */
export const DOCUMENTS_QUEUE = "documents";

/** What a document job carries: only the id; everything else is read from PostgreSQL. */
export interface DocumentJobData {
  documentId: string;
  /**
   * The run token of this job's previous run when that run was cut off by a dependency outage and could not
   * hand its lease back: the job's next run takes the lease over as its own, not as a worker death.
   */
  handover?: string;
}

/**
 * The documents queue — the only way document jobs are added, inspected or
 * removed. The job id is the document id, so adding a document that already
 * has a live job is a no-op.
 */
export type DocumentQueue = UniqueJobQueue<DocumentJobData>;

/** The documents queue of a deployment: JOB_ATTEMPTS attempts with exponential backoff from JOB_BACKOFF_MS. */
export function createDocumentQueue(config: Pick<Config, "redisUrl" | "queue">): DocumentQueue {
  return new UniqueJobQueue<DocumentJobData>(queueAddress(config, DOCUMENTS_QUEUE), {
    jobName: "process",
    jobId: (data) => data.documentId,
    jobOptions: { attempts: config.queue.attempts, backoff: { type: "exponential", delay: config.queue.backoffMs } },
  });
}
