import { UnrecoverableError, type Worker } from "bullmq";
import { SecretBox } from "../auth/secret-box.js";
import { LearningRepository } from "../documents/learning.repository.js";
import { createDeliveryQueue } from "../destinations/delivery.queue.js";
import { startDeliveryWorker } from "../destinations/delivery.worker.js";
import { EventHub } from "../events/event-hub.js";
import { RedisEventPublisher } from "../events/event.publisher.js";
import { getSharedOcrPool } from "../extraction/ocr.adapter.js";
import { closePdfChildren, startPdfPool } from "../extraction/pdf.adapter.js";
import { checkReadiness } from "../http/readiness.check.js";
import { startWorkerMetrics } from "../metrics/metrics.worker.js";
import { pipelineMetrics } from "../metrics/pipeline-metrics.js";
import { OriginalCache } from "../pipeline/original.cache.js";
import { PageRunner } from "../pipeline/page.runner.js";
import { PipelineRunner } from "../pipeline/runner.js";
import { createPageQueue, type PageJobData } from "../queue/page.queue.js";
import { createDocumentQueue, type DocumentJobData, type DocumentQueue } from "../queue/document.queue.js";
import { createJobWorker } from "../queue/job.worker.js";
import { Sweeper } from "../queue/sweeper.js";
import { DependencyBackoff, type DependencyOutage } from "../queue/dependency.backoff.js";
import { DependencyWaits } from "./dependency.waits.js";
import { createDocumentJobProcessor } from "./document-job.processor.js";
import { createPageJobProcessor } from "./page-job.processor.js";
import { createRedis } from "../redis/redis.connection.js";
import { abandonDocument, Reconciler } from "../pipeline/reconciler.js";
import { failPage } from "../documents/transitions/index.js";
import { destinationDeliveryPlanner } from "../destinations/delivery.planner.js";
import { createEventLog } from "../events/event.log.js";
import { startRetentionWorker } from "../retention/retention.worker.js";
import { webhookOutboxHook, webhookScope } from "../webhooks/outbox.js";
import { createWebhookQueue } from "../webhooks/webhook.queue.js";
import { startWebhookWorker } from "../webhooks/webhook.worker.js";
import type { AppContext } from "./app-context.js";
import type { RunningComponent, WorkerExtension } from "./component.types.js";
import { storageSweepExtension } from "./storage-sweep.extension.js";

/** How long after creation a QUEUED document without a job counts as lost (the API enqueues right after its commit). */
const RECONCILE_GRACE_MS = 10_000;
/** An original no page job asked for in this long is let go: its fan-out is over or elsewhere. */
const ORIGINAL_IDLE_MS = 60_000;

/** Every extension a worker starts, in start order (stopped in reverse). */
export const WORKER_EXTENSIONS: readonly WorkerExtension[] = [
  {
    // GET /metrics on METRICS_PORT (src/metrics)
    name: "metrics",
    start: ({ ctx, documents, logger }) => startWorkerMetrics({ port: ctx.config.metricsPort, host: ctx.config.host, queues: [documents], logger }),
  },
  {
    // the deployment-wide retention job scheduler on the "retention" queue (src/retention)
    name: "retention",
    start: ({ ctx, logger }) =>
      startRetentionWorker({ dataSource: ctx.dataSource, store: ctx.store, config: ctx.config.retention, redisUrl: ctx.config.redisUrl, prefix: ctx.config.queue.prefix, logger }),
  },
  {
    // webhook deliveries on the "webhooks" queue + their sweep (src/webhooks)
    name: "webhook-sender",
    start: async ({ ctx, documents, hub, sweeper, logger }) => {
      const queue = createWebhookQueue(ctx.config);
      const worker = await startWebhookWorker({ dataSource: ctx.dataSource, config: ctx.config, queue, scope: webhookScope(documents), hub, sweeper, logger });
      return {
        async stop() {
          await worker.stop();
          await queue.close();
        },
      };
    },
  },
  {
    // deliver:<destination> steps of completed documents + their sweep (src/destinations)
    name: "deliveries",
    start: ({ ctx, events, deliveries, sweeper, logger }) =>
      startDeliveryWorker({ dataSource: ctx.dataSource, events, store: ctx.store, queue: deliveries, sweeper, config: ctx.config, logger }),
  },
  // temporary writes and objects of documents without a row, left by crashes (src/documents/storage-orphans.sweep.ts)
  storageSweepExtension,
];

/** A running worker: the component plus handles tests use. */
export interface RunningWorker extends RunningComponent {
  worker: Worker<DocumentJobData>;
  /** Takes page jobs of fanned-out documents. */
  pageWorker: Worker<PageJobData>;
  reconciler: Reconciler;
  queue: DocumentQueue;
  /** The dependency outage this worker's document jobs are waiting out, or null (readiness, tests). */
  dependencyOutage(): DependencyOutage | null;
}

/**
 * Start a pipeline worker: a BullMQ worker that runs {@link PipelineRunner} per
 * job, the reconciler (at start and every RECONCILE_INTERVAL_MS), a listener
 * that aborts a running job when its document is cancelled, and the
 * {@link WORKER_EXTENSIONS}. One Redis subscription (the event hub) and one
 * sweeper serve them all.
 */
export async function startWorker(ctx: AppContext): Promise<RunningWorker> {
  const { config, logger } = ctx;
  const log = logger.child({ component: "worker" });
  const publisherRedis = createRedis(config.redisUrl, { name: "worker-publish", logger: log });
  const subscriberRedis = createRedis(config.redisUrl, { name: "worker-subscribe", logger: log });
  const hub = new EventHub(subscriberRedis, config.queue.prefix, log);
  await hub.start();
  const publisher = new RedisEventPublisher(publisherRedis, config.queue.prefix, log);
  const ocr = getSharedOcrPool({ size: config.ocrWorkers, engine: config.ocrEngine, unsurePageConfidence: config.ocrUnsurePageConfidence, inkRegions: config.ocrInkRegions, maxPixels: config.limits.maxImagePixels, defaultTimeoutMs: config.limits.ocrPageTimeoutMs, logger: log });
  // Pre-started PDF sandboxes, so no document waits for one to start.
  await startPdfPool({ ...config.pdfPool, maxMemoryMb: config.limits.pdfMemoryMb, logger: log });
  const deliveries = createDeliveryQueue(config);
  const queue = createDocumentQueue(config);
  const pageQueue = createPageQueue(config);
  // Every state change of this worker goes through one event log; the webhook outbox is its hook.
  const events = createEventLog({ dataSource: ctx.dataSource, publisher, hooks: [webhookOutboxHook(webhookScope(queue))] });
  const runner = new PipelineRunner({
    dataSource: ctx.dataSource,
    events,
    store: ctx.store,
    ocr,
    limits: config.limits,
    logger: log,
    secrets: new SecretBox(config.signingSecret),
    // What the owners' corrections taught: anchors per issuer for extract_fields, corrected types for classify.
    learning: new LearningRepository(ctx.dataSource),
    observer: pipelineMetrics,
    deliveries: destinationDeliveryPlanner(deliveries),
    lease: { leaseMs: config.queue.leaseMs, crashLimit: config.queue.crashLimit },
    fanOut: true,
  });
  const pageRunner = new PageRunner({
    dataSource: ctx.dataSource,
    events,
    store: ctx.store,
    ocr,
    limits: config.limits,
    secrets: new SecretBox(config.signingSecret),
    logger: log.child({ component: "pages" }),
    // A page's job has its own attempts; PostgreSQL counts its starts as the backstop against deaths BullMQ lost track of.
    pageAttemptLimit: config.queue.attempts + config.queue.crashLimit,
    ...(config.pageOriginalCacheBytes > 0 ? { originals: new OriginalCache({ maxBytes: config.pageOriginalCacheBytes, idleMs: ORIGINAL_IDLE_MS }) } : {}),
  });
  const reconciler = new Reconciler(
    { dataSource: ctx.dataSource, queue, events, observer: pipelineMetrics, logger: log },
    { graceMs: RECONCILE_GRACE_MS, batchSize: 500 },
  );
  const sweeper = new Sweeper(log);
  let stopping = false;

  const waits = new DependencyWaits({
    backoff: new DependencyBackoff({ firstMs: config.queue.dependencyRetryMs, maxMs: config.queue.dependencyRetryMaxMs }),
    probe: async () => {
      const { checks } = await checkReadiness({ dataSource: ctx.dataSource, redis: publisherRedis, store: ctx.store }, 1_000);
      return checks.find((check) => !check.ok)?.name ?? null;
    },
    log,
  });
  const processor = createDocumentJobProcessor({ runner, pageQueue, waits, isStopping: () => stopping, log });

  const worker = createJobWorker<DocumentJobData, string>(queue.address, processor, {
    label: "document",
    logger: log,
    concurrency: config.workerConcurrency,
    lockMs: config.queue.lockMs,
    stalledIntervalMs: config.queue.lockMs,
    // PostgreSQL counts worker deaths (expired run leases) and fails the document at WORKER_CRASH_LIMIT;
    // BullMQ's own count is only a backstop that gives up one stall later.
    maxStalledCount: config.queue.crashLimit,
    autorun: false,
  });
  worker.on("failed", (job, error) => {
    if (!job) return;
    // abandonDocument changes nothing (and returns false) when the runner already recorded the failure.
    const fail = (code: "WORKER_CRASHED" | "INTERNAL_ERROR", message: string) =>
      void abandonDocument({ events, observer: pipelineMetrics }, job.data.documentId, code, message)
        .then((changed) => changed && log.error({ err: error, documentId: job.data.documentId, attempts: job.attemptsMade }, "document job gave up"))
        .catch((e: unknown) => log.error({ err: e }, "could not fail a document whose job gave up"));
    // A job that stalled too often never reached our processor's error handling: fail the document here.
    if (/stalled more than allowable limit/i.test(error.message)) {
      fail("WORKER_CRASHED", `The worker processing this document stopped responding more than ${config.queue.crashLimit} time(s).`);
      return;
    }
    // Out of attempts for an error outside any step (e.g. the database was away): fail it now with a code,
    // rather than leave it PROCESSING for the reconciler. A no-op when the runner already failed it.
    if (job.attemptsMade >= (job.opts.attempts ?? 1) || error instanceof UnrecoverableError) {
      fail("INTERNAL_ERROR", `Processing failed after ${job.attemptsMade} attempt(s); the cause is in the worker's logs.`);
    }
  });

  // Page jobs (children of fanned-out document jobs): any worker reads any page; each page retries alone.
  const pages = createPageJobProcessor({ pageRunner, waits });
  const pageWorker = createJobWorker<PageJobData, string>(pageQueue.address, (job, token, signal) => pages.process(job, token, signal), {
    label: "page",
    logger: log,
    // Pages are OCR-bound: one per OCR worker by default (rendering one page while OCR'ing another measured no faster).
    concurrency: config.pageJobConcurrency,
    lockMs: config.queue.lockMs,
    stalledIntervalMs: config.queue.lockMs,
    maxStalledCount: config.queue.crashLimit,
    autorun: false,
  });
  pageWorker.on("failed", (job, error) => {
    if (!job || !/stalled more than allowable limit/i.test(error.message)) return;
    // The page's worker kept dying: the page fails with WORKER_CRASHED, and the document's OCR step with it when it resumes.
    const { documentId, page, fanout } = job.data;
    void events
      .transact(documentId, (tx, doc) => failPage(tx, doc, { page, fanout, code: "WORKER_CRASHED", at: new Date() }))
      .catch((e: unknown) => log.error({ err: e, documentId, page }, "could not fail a page whose job gave up"));
  });

  // Cancel running jobs promptly: the step in flight is aborted (PDF child killed, OCR stopped), and the document's pages too.
  hub.listenAll((event) => {
    if (event.type !== "document.cancelled") return;
    worker.cancelJob(event.documentId, "document cancelled");
    for (const pageJob of pages.running(event.documentId)) pageWorker.cancelJob(pageJob, "document cancelled");
  });

  sweeper.add({ name: "reconcile", intervalMs: config.queue.reconcileIntervalMs, run: () => reconciler.reconcileOnce() });
  await sweeper.runNow("reconcile");
  void worker.run().catch((error: unknown) => log.error({ err: error }, "worker stopped"));
  void pageWorker.run().catch((error: unknown) => log.error({ err: error }, "page worker stopped"));
  const extensions: RunningComponent[] = [];
  for (const extension of WORKER_EXTENSIONS) {
    const running = await extension.start({ ctx, runner, publisher, events, hub, sweeper, documents: queue, deliveries, logger: log });
    extensions.push({ name: extension.name, stop: () => running.stop() });
  }
  log.info({ concurrency: config.workerConcurrency, ocrWorkers: config.ocrWorkers, pdfPool: config.pdfPool.size, prefix: config.queue.prefix }, "worker started");

  return {
    name: "worker",
    worker,
    pageWorker,
    reconciler,
    queue,
    dependencyOutage: () => waits.current,
    async stop() {
      stopping = true;
      await sweeper.stop();
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
      await Promise.race([Promise.all([worker.close(), pageWorker.close()]), budget]);
      if (timedOut) {
        log.warn("current step did not finish within SHUTDOWN_TIMEOUT_MS; abandoning it");
        worker.cancelAllJobs("worker shutting down");
        pageWorker.cancelAllJobs("worker shutting down");
        await Promise.all([worker.close(true), pageWorker.close(true)]);
      }
      await ocr.close();
      await closePdfChildren();
      await queue.close();
      await pageQueue.close();
      await deliveries.close();
      await hub.close();
      subscriberRedis.disconnect();
      publisherRedis.disconnect();
      log.info("worker stopped");
    },
  };
}
