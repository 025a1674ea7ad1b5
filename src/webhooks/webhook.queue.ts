import type { Config } from "../config/env.js";
import { queueAddress, UniqueJobQueue } from "../queue/unique-job.queue.js";

/** Name of the BullMQ queue of webhook deliveries (one job per delivery, job id = delivery id). */
export const WEBHOOKS_QUEUE = "webhooks";

/**
 * The backoff type of webhook jobs: a custom strategy (see the worker in
 * ./webhook.worker.ts) that waits exactly the delay the attempt logged as its
 * `next_retry_at` — `retryDelayMs`: exponential plus up to 10 % jitter.
 */
export const WEBHOOK_BACKOFF_TYPE = "webhook";

/** What a webhook job carries: only the delivery id; everything else is read from PostgreSQL. */
export interface WebhookJobData {
  deliveryId: string;
}

/** The webhooks queue: one job per delivery row, added after the transaction that wrote the row committed. */
export type WebhookQueue = UniqueJobQueue<WebhookJobData>;

/** The webhooks queue of a deployment: WEBHOOK_MAX_ATTEMPTS attempts, spaced by the webhook backoff. */
export function createWebhookQueue(config: Pick<Config, "redisUrl" | "queue" | "webhooks">): WebhookQueue {
  return new UniqueJobQueue<WebhookJobData>(queueAddress(config, WEBHOOKS_QUEUE), {
    jobName: "deliver",
    jobId: (data) => data.deliveryId,
    jobOptions: { attempts: config.webhooks.maxAttempts, backoff: { type: WEBHOOK_BACKOFF_TYPE, delay: config.webhooks.backoffMs } },
  });
}

/**
 * Queue deliveries (call after the transaction that wrote them committed). A
 * delivery with a live job is left alone; `delayMs` postpones the first
 * attempt (a retry that lost its job).
 */
export async function enqueueWebhookDeliveries(queue: WebhookQueue, deliveryIds: readonly string[], delayMs = 0): Promise<void> {
  for (const deliveryId of deliveryIds) await queue.enqueueOnce({ deliveryId }, { delayMs });
}
