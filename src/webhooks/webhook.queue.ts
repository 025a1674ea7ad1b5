import { Queue } from "bullmq";
import type { Config } from "../config/env.js";
import { bullConnection, isLiveJob } from "../queue/document.queue.js";

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


/** The producer side of the webhooks queue. */
export class WebhookQueue {
  readonly queue: Queue<WebhookJobData>;

  constructor(private readonly config: Pick<Config, "redisUrl" | "queue" | "webhooks">) {
    this.queue = new Queue<WebhookJobData>(WEBHOOKS_QUEUE, { connection: bullConnection(config.redisUrl), prefix: config.queue.prefix });
  }

  /**
   * Queue deliveries (call after the transaction that wrote them committed). A
   * delivery with a live job is left alone; a finished job under its id is
   * removed first. `delayMs` postpones the first attempt (a retry that lost its job).
   */
  async enqueue(deliveryIds: readonly string[], delayMs = 0): Promise<void> {
    for (const deliveryId of deliveryIds) {
      const existing = await this.queue.getJob(deliveryId);
      if (existing) {
        if (await isLiveJob(existing)) continue;
        await existing.remove().catch(() => undefined);
      }
      await this.queue.add(
        "deliver",
        { deliveryId },
        {
          jobId: deliveryId,
          delay: Math.max(0, delayMs),
          attempts: this.config.webhooks.maxAttempts,
          backoff: { type: WEBHOOK_BACKOFF_TYPE, delay: this.config.webhooks.backoffMs },
          removeOnComplete: true,
          removeOnFail: true,
        },
      );
    }
  }

  /** Whether BullMQ will still run (or is running) the delivery's job. */
  async hasLiveJob(deliveryId: string): Promise<boolean> {
    const job = await this.queue.getJob(deliveryId);
    return isLiveJob(job);
  }

  async close(): Promise<void> {
    await this.queue.close();
  }
}
