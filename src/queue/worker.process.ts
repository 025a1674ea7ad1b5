import { DelayedError, UnrecoverableError, Worker, type Job } from "bullmq";
import type { AppContext } from "../app/app-context.js";
import { SecretBox } from "../auth/secret-box.js";
import { RedisEventPublisher } from "../events/event.publisher.js";
import { eventsChannel, parseProgressEvent } from "../events/progress-event.js";
import { getSharedOcrPool } from "../extraction/ocr.adapter.js";
import { closePdfChildren, startPdfPool } from "../extraction/pdf.adapter.js";
import type { RunningComponent } from "../http/api.server.js";
import { pipelineMetrics } from "../metrics/pipeline-metrics.js";
import { PipelineRunner } from "../pipeline/runner.js";
import { createRedis } from "../redis/redis.connection.js";
import { bullConnection, DocumentQueue, DOCUMENTS_QUEUE, type DocumentJobData } from "./document.queue.js";
import { abandonDocument, Reconciler } from "../pipeline/reconciler.js";
import { WORKER_EXTENSIONS } from "./worker-extensions.js";
import { DeliveryQueue } from "../destinations/delivery.queue.js";
import { destinationDeliveryPlanner } from "../destinations/delivery.planner.js";
import { createEventLog } from "../events/event.log.js";
import { webhookOutboxHook, webhookScope } from "../webhooks/outbox.js";

/** How long after creation a QUEUED document without a job counts as lost (the API enqueues right after its commit). */
const RECONCILE_GRACE_MS = 10_000;

/** A running worker: the component plus handles tests use. */
export interface RunningWorker extends RunningComponent {
  worker: Worker<DocumentJobData>;
  reconciler: Reconciler;
  queue: DocumentQueue;
}

/**
 * Start a pipeline worker: a BullMQ worker that runs {@link PipelineRunner} per
 * job, a reconciler (at start and every RECONCILE_INTERVAL_MS), and a listener
 * that aborts a running job when its document is cancelled.
 */
export async function startWorker(ctx: AppContext): Promise<RunningWorker> {
  const { config, logger } = ctx;
  const log = logger.child({ component: "worker" });
  const publisherRedis = createRedis(config.redisUrl, { name: "worker-publish", logger: log });
  const subscriberRedis = createRedis(config.redisUrl, { name: "worker-subscribe", logger: log });
  const publisher = new RedisEventPublisher(publisherRedis, config.queue.prefix, log);
  const ocr = getSharedOcrPool({ size: config.ocrWorkers, maxPixels: config.limits.maxImagePixels, defaultTimeoutMs: config.limits.ocrPageTimeoutMs, logger: log });
  // Pre-started PDF sandboxes, so no document waits for one to start.
  await startPdfPool({ ...config.pdfPool, maxMemoryMb: config.limits.pdfMemoryMb, logger: log });
  const deliveries = new DeliveryQueue(config);
  const queue = new DocumentQueue(config);
  const events = createEventLog({ dataSource: ctx.dataSource, publisher, hooks: [webhookOutboxHook(webhookScope(queue))] });
  const runner = new PipelineRunner({
    dataSource: ctx.dataSource,
    events,
    store: ctx.store,
    ocr,
    limits: config.limits,
    logger: log,
    secrets: new SecretBox(config.signingSecret),
    observer: pipelineMetrics,
    deliveries: destinationDeliveryPlanner(deliveries),
  });
  const reconciler = new Reconciler(
    { dataSource: ctx.dataSource, queue, events, observer: pipelineMetrics, logger: log },
    { graceMs: RECONCILE_GRACE_MS, maxRuns: config.queue.attempts * 2, batchSize: 500 },
  );
  let stopping = false;

  const processor = async (job: Job<DocumentJobData>, token?: string, signal?: AbortSignal): Promise<string> => {
    const finalAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    const outcome = await runner.run(job.data.documentId, { signal, shouldStop: () => stopping, finalAttempt });
    switch (outcome.kind) {
      case "completed":
      case "cancelled":
      case "noop":
        return outcome.kind;
      case "failed":
        // The document row already says FAILED (or is waiting for the retry); BullMQ only decides whether to try again.
        if (outcome.permanent || finalAttempt) throw new UnrecoverableError(`${outcome.code}: ${outcome.message}`);
        throw new Error(`${outcome.code}: ${outcome.message}`);
      case "interrupted":
        // Hand the job back without spending an attempt; another worker resumes at the next step.
        await job.moveToDelayed(Date.now() + 1_000, token);
        throw new DelayedError();
    }
  };

  const worker = new Worker<DocumentJobData>(DOCUMENTS_QUEUE, processor, {
    connection: bullConnection(config.redisUrl),
    prefix: config.queue.prefix,
    concurrency: config.workerConcurrency,
    lockDuration: config.queue.lockMs,
    stalledInterval: config.queue.lockMs,
    maxStalledCount: 2,
    autorun: false,
  });
  worker.on("failed", (job, error) => {
    if (!job) return;
    // abandonDocument changes nothing (and returns false) when the runner already recorded the failure.
    const fail = (code: "RESOURCE_LIMIT" | "INTERNAL_ERROR", message: string) =>
      void abandonDocument({ events, observer: pipelineMetrics }, job.data.documentId, code, message)
        .then((changed) => changed && log.error({ err: error, documentId: job.data.documentId, attempts: job.attemptsMade }, "document job gave up"))
        .catch((e: unknown) => log.error({ err: e }, "could not fail a document whose job gave up"));
    // A job that stalled too often never reached our processor's error handling: fail the document here.
    if (/stalled more than allowable limit/i.test(error.message)) {
      fail("RESOURCE_LIMIT", "The worker processing this document stopped responding repeatedly.");
      return;
    }
    // Out of attempts for an error outside any step (e.g. the database was away): fail it now with a code,
    // rather than leave it PROCESSING for the reconciler. A no-op when the runner already failed it.
    if (job.attemptsMade >= (job.opts.attempts ?? 1) || error instanceof UnrecoverableError) {
      fail("INTERNAL_ERROR", `Processing failed after ${job.attemptsMade} attempt(s); the cause is in the worker's logs.`);
    }
  });
  worker.on("error", (error) => log.error({ err: error }, "worker error"));

  // Cancel running jobs promptly: the step in flight is aborted (PDF child killed, OCR stopped).
  await subscriberRedis.subscribe(eventsChannel(config.queue.prefix));
  subscriberRedis.on("message", (_channel, message) => {
    const event = parseProgressEvent(message);
    if (event?.type === "document.cancelled") worker.cancelJob(event.documentId, "document cancelled");
  });

  const reconcile = () =>
    reconciler.reconcileOnce().catch((error: unknown) => log.warn({ err: error }, "reconciliation failed; will retry"));
  await reconcile();
  const timer = setInterval(() => void reconcile(), config.queue.reconcileIntervalMs);
  timer.unref();
  void worker.run().catch((error: unknown) => log.error({ err: error }, "worker stopped"));
  const extensions: RunningComponent[] = [];
  for (const start of WORKER_EXTENSIONS) extensions.push(await start({ ctx, runner, publisher, events, queue, logger: log }));
  log.info({ concurrency: config.workerConcurrency, ocrWorkers: config.ocrWorkers, pdfPool: config.pdfPool.size, prefix: config.queue.prefix }, "worker started");

  return {
    name: "worker",
    worker,
    reconciler,
    queue,
    async stop() {
      stopping = true;
      clearInterval(timer);
      for (const extension of [...extensions].reverse()) {
        await extension.stop().catch((error: unknown) => log.error({ err: error, component: extension.name }, "stop failed"));
      }
      // Let the step in flight finish; past the budget, abandon it (its lock expires and another worker resumes it).
      let timedOut = false;
      const budget = new Promise<void>((resolve) =>
        setTimeout(() => {
          timedOut = true;
          resolve();
        }, config.queue.shutdownTimeoutMs).unref(),
      );
      await Promise.race([worker.close(), budget]);
      if (timedOut) {
        log.warn("current step did not finish within SHUTDOWN_TIMEOUT_MS; abandoning it");
        worker.cancelAllJobs("worker shutting down");
        await worker.close(true);
      }
      await ocr.close();
      await closePdfChildren();
      await queue.close();
      await deliveries.close();
      subscriberRedis.disconnect();
      publisherRedis.disconnect();
      log.info("worker stopped");
    },
  };
}
