import { randomUUID } from "node:crypto";
import { DelayedError, UnrecoverableError, WaitingChildrenError, type Job } from "bullmq";
import type { Logger } from "../logging/logger.js";
import type { PipelineRunner } from "../pipeline/runner.js";
import type { DocumentJobData } from "../queue/document.queue.js";
import { isFinalAttempt } from "../queue/job.worker.js";
import type { PageQueue } from "../queue/page.queue.js";
import type { DependencyWaits } from "./dependency.waits.js";

/** The BullMQ processor of document jobs: what it returns is the job's result, what it throws BullMQ's next move. */
export type DocumentJobProcessor = (job: Job<DocumentJobData>, token?: string, signal?: AbortSignal) => Promise<string>;

/**
 * The processor of document jobs: runs the document's pipeline once per job
 * and turns the run's outcome into BullMQ's terms. Page fan-out makes the
 * pages children of the job (a BullMQ flow) that it waits for; a dependency
 * outage puts the job back to wait without spending an attempt; a document
 * another run holds is looked at again when that run's lease would expire.
 */
export function createDocumentJobProcessor(deps: {
  runner: PipelineRunner;
  pageQueue: PageQueue;
  waits: DependencyWaits;
  /** True once the worker is shutting down: the run stops at the next step boundary. */
  isStopping: () => boolean;
  log: Logger;
}): DocumentJobProcessor {
  const { runner, pageQueue, waits, isStopping, log } = deps;
  return async (job, token, signal) => {
    const finalAttempt = isFinalAttempt(job);
    const jobId = job.id ?? job.data.documentId;
    let outcome: Awaited<ReturnType<PipelineRunner["run"]>>;
    // A job resuming after an outage runs under the token its cut-off run left on the document, so however many runs
    // the outage cuts off before one takes the lease, the lease found is the job's own.
    const runToken = job.data.handover ?? randomUUID();
    // Once held again, the hand-over is forgotten: a worker death after this point counts.
    const onLeaseTaken = async () => {
      if (job.data.handover === undefined) return;
      const { handover: _forgotten, ...data } = job.data;
      await job.updateData(data).catch((error: unknown) => log.warn({ err: error, documentId: job.data.documentId }, "could not clear the job's lease hand-over"));
    };
    try {
      outcome = await runner.run(job.data.documentId, { signal, shouldStop: isStopping, finalAttempt, token: runToken, handover: job.data.handover, onLeaseTaken });
      // Page fan-out: the pages become children of this job (a BullMQ flow), which waits for them and then runs
      // again to merge them. Children that all finished already leave nothing to wait for: run again at once.
      for (let round = 0; outcome.kind === "waiting-pages" && token !== undefined; round++) {
        const { fanout, pages, pageCount } = outcome;
        const documentId = job.data.documentId;
        await pageQueue.addChildren(
          { id: jobId, queue: job.queueQualifiedName },
          pages.map((page) => ({ documentId, fanout, page, pageCount, pagesTotal: pages.length })),
        );
        if (await job.moveToWaitingChildren(token)) throw new WaitingChildrenError();
        // Nothing pending yet pages not recorded (e.g. children lost with Redis data): give the page jobs time rather than spin.
        if (round >= 2) {
          await job.moveToDelayed(Date.now() + 1_000, token);
          throw new DelayedError();
        }
        outcome = await runner.run(documentId, { signal, shouldStop: isStopping, finalAttempt, token: randomUUID() });
      }
    } catch (error) {
      if (error instanceof WaitingChildrenError || error instanceof DelayedError) throw error;
      if (token === undefined) throw error;
      const failure = await waits.diagnose(error);
      if (!failure) throw error;
      // PostgreSQL, Redis or storage is away: the document did nothing wrong. Put the job back to wait, which
      // BullMQ does not count as an attempt; the run resumes from PostgreSQL's state once the dependency is back.
      const { delayMs } = waits.wait(jobId, failure, { documentId: job.data.documentId, attemptsMade: job.attemptsMade });
      // The run could not hand its lease back (the database may be the one away): the job's next run takes it over
      // as its own rather than as a worker death.
      await job.updateData({ ...job.data, handover: runToken });
      await job.moveToDelayed(Date.now() + delayMs, token);
      throw new DelayedError();
    }
    waits.passed(jobId);
    switch (outcome.kind) {
      case "completed":
      case "cancelled":
      case "noop":
      case "lease-lost":
        return outcome.kind;
      case "leased":
        // Another run holds the document (e.g. this job's lock ran out while that run is alive): look again once its lease would expire.
        await job.moveToDelayed(outcome.until.getTime() + 250, token);
        throw new DelayedError();
      case "failed":
        // The document row already says FAILED (or is waiting for the retry); BullMQ only decides whether to try again.
        if (outcome.permanent || finalAttempt) throw new UnrecoverableError(`${outcome.code}: ${outcome.message}`);
        throw new Error(`${outcome.code}: ${outcome.message}`);
      case "interrupted":
        // Hand the job back without spending an attempt; another worker resumes at the next step.
        await job.moveToDelayed(Date.now() + 1_000, token);
        throw new DelayedError();
      case "waiting-pages":
        // Only without a lock token (never from BullMQ's own worker): nothing to wait with.
        throw new Error("page fan-out needs the job's lock token");
    }
  };
}
