import { DelayedError, type Job } from "bullmq";
import type { PageRunner } from "../pipeline/page.runner.js";
import { isFinalAttempt } from "../queue/job.worker.js";
import type { PageJobData } from "../queue/page.queue.js";
import type { DependencyWaits } from "./dependency.waits.js";

/** The processor of page jobs plus the page jobs it is running per document (to cancel them with their document). */
export interface PageJobProcessor {
  process(job: Job<PageJobData>, token?: string, signal?: AbortSignal): Promise<string>;
  /** Ids of the page jobs of `documentId` running in this worker now. */
  running(documentId: string): Iterable<string>;
}

/**
 * The processor of page jobs (children of fanned-out document jobs): any
 * worker reads any page and each page retries alone, spending its own
 * attempts; a dependency outage waits without spending one, as for
 * document jobs.
 */
export function createPageJobProcessor(deps: { pageRunner: PageRunner; waits: DependencyWaits }): PageJobProcessor {
  const { pageRunner, waits } = deps;
  const runningPages = new Map<string, Set<string>>();
  return {
    running: (documentId) => runningPages.get(documentId) ?? [],
    async process(job, token, signal) {
      const jobId = job.id ?? `${job.data.documentId}.p${job.data.page}`;
      const running = runningPages.get(job.data.documentId) ?? new Set<string>();
      runningPages.set(job.data.documentId, running.add(jobId));
      try {
        const outcome = await pageRunner.run(job.data, { signal, finalAttempt: isFinalAttempt(job) });
        waits.passed(jobId);
        // A page that is retried spends one of its own attempts; the other pages are not touched.
        if (outcome.kind === "retry") throw new Error(`${outcome.code}: ${outcome.message}`);
        return outcome.kind;
      } catch (error) {
        if (token === undefined) throw error;
        const failure = await waits.diagnose(error);
        if (!failure) throw error;
        const { delayMs } = waits.wait(jobId, failure, { documentId: job.data.documentId, page: job.data.page, attemptsMade: job.attemptsMade });
        await job.moveToDelayed(Date.now() + delayMs, token);
        throw new DelayedError();
      } finally {
        running.delete(jobId);
        if (running.size === 0) runningPages.delete(job.data.documentId);
      }
    },
  };
}
