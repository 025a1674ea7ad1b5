import { FlowProducer } from "bullmq";
import type { Config } from "../config/env.js";
import { bullConnection, queueAddress, type QueueAddress } from "./unique-job.queue.js";

/** Name of the BullMQ queue that carries page jobs (children of document jobs) to workers. */
export const PAGES_QUEUE = "document-pages";

/** What a page job carries: which page of which fan-out; everything else is read from PostgreSQL. */
export interface PageJobData {
  documentId: string;
  /** The fan-out the page belongs to (its page row carries the same id). */
  fanout: string;
  /** 1-based page number. */
  page: number;
  pageCount: number;
  /** Pages of the fan-out's OCR step, for progress. */
  pagesTotal: number;
}

/** The document job a page job belongs to (BullMQ's parent reference). */
export interface ParentJob {
  id: string;
  /** The parent's queue, qualified (`<prefix>:<name>`, BullMQ's `job.queueQualifiedName`). */
  queue: string;
}

/** The id of a page job: one per page of a fan-out, so adding it twice is harmless (ids may not contain ":"). */
export function pageJobId(data: Pick<PageJobData, "documentId" | "fanout" | "page">): string {
  return `${data.documentId}.${data.fanout.slice(0, 8)}.p${data.page}`;
}

/**
 * The producer side of page jobs: a BullMQ flow whose children are the pages
 * and whose parent is the document's own job, which BullMQ moves back to
 * waiting once every child finished. Each page has its own attempts; a page
 * that runs out of them does not fail the parent
 * (`ignoreDependencyOnFailure`): its page row says FAILED and the document's
 * OCR step reports it when it resumes.
 */
export class PageQueue {
  readonly address: QueueAddress;
  private readonly flows: FlowProducer;

  constructor(
    address: QueueAddress,
    private readonly retry: { attempts: number; backoffMs: number },
  ) {
    this.address = { ...address };
    this.flows = new FlowProducer({ connection: bullConnection(address.redisUrl), prefix: address.prefix });
    // Failed calls reject on their own; the outage is logged by the process's Redis connections.
    this.flows.on("error", () => undefined);
  }

  /** Add one page job per page as a child of `parent`, atomically (one flow per page, added in bulk). Existing ids are kept. */
  async addChildren(parent: ParentJob, pages: readonly PageJobData[]): Promise<void> {
    if (pages.length === 0) return;
    await this.flows.addBulk(
      pages.map((data) => ({
        name: "page",
        queueName: this.address.name,
        data,
        opts: {
          jobId: pageJobId(data),
          parent,
          attempts: this.retry.attempts,
          backoff: { type: "exponential", delay: this.retry.backoffMs },
          ignoreDependencyOnFailure: true,
          removeOnComplete: true,
          removeOnFail: true,
        },
      })),
    );
  }

  async close(): Promise<void> {
    await this.flows.close();
  }
}

/** The page queue of a deployment: JOB_ATTEMPTS attempts per page with exponential backoff from JOB_BACKOFF_MS. */
export function createPageQueue(config: Pick<Config, "redisUrl" | "queue">): PageQueue {
  return new PageQueue(queueAddress(config, PAGES_QUEUE), { attempts: config.queue.attempts, backoffMs: config.queue.backoffMs });
}
