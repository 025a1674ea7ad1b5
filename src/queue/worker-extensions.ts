import type { AppContext } from "../app/app-context.js";
import type { EventLog } from "../events/event.log.js";
import type { EventPublisher } from "../events/event.publisher.js";
import type { RunningComponent } from "../http/api.server.js";
import type { Logger } from "../logging/logger.js";
import { metricsWorkerExtension } from "../metrics/metrics-server.js";
import type { PipelineRunner } from "../pipeline/runner.js";
import { startRetentionExtension } from "../retention/retention.extension.js";
import type { DocumentQueue } from "./document.queue.js";
import { webhookSenderExtension } from "../webhooks/extension.js";
import { startDeliveryWorker } from "../destinations/delivery.worker.js";

/** What a worker extension may use: the worker's own connections and runner. */
export interface WorkerServices {
  ctx: AppContext;
  runner: PipelineRunner;
  publisher: EventPublisher;
  /** The worker's event log: every state change goes through it (with the hooks the worker registered). */
  events: EventLog;
  queue: DocumentQueue;
  logger: Logger;
}

/**
 * Something a worker process runs besides the document pipeline (webhook
 * sender, delivery steps, retention, metrics endpoint). Started after the
 * pipeline worker, stopped before it, in reverse order.
 */
export type WorkerExtension = (services: WorkerServices) => Promise<RunningComponent>;

/** Every extension a worker starts. */
export const WORKER_EXTENSIONS: readonly WorkerExtension[] = [
  metricsWorkerExtension, // GET /metrics on METRICS_PORT (src/metrics)
  startRetentionExtension, // repeatable retention job on the "retention" queue (src/retention)
  webhookSenderExtension, // webhook deliveries on the "webhooks" BullMQ queue + sweeper (src/webhooks)
  startDeliveryWorker, // deliver:<destination> steps of completed documents (src/destinations)
];
