import { Queue } from "bullmq";
import type { Config } from "../config/env.js";
import { bullConnection, isLiveJob } from "../queue/document.queue.js";

/** Name of the BullMQ queue of delivery steps. */
export const DELIVERIES_QUEUE = "deliveries";

/** What a delivery job carries. */
export interface DeliveryJobData {
  documentId: string;
  /** Destination name (the step is `deliver:<name>`). */
  destination: string;
}


/** BullMQ job ids may not contain ":", so the id joins document and destination with a dot. */
export const deliveryJobId = (documentId: string, destination: string) => `${documentId}.${destination}`;

/** The producer side of the deliveries queue; one job per document and destination. */
export class DeliveryQueue {
  readonly queue: Queue<DeliveryJobData>;

  constructor(private readonly config: Pick<Config, "redisUrl" | "queue" | "deliveries">) {
    this.queue = new Queue<DeliveryJobData>(DELIVERIES_QUEUE, { connection: bullConnection(config.redisUrl), prefix: config.queue.prefix });
  }

  /** Queue delivery of a document to destinations (by name); a live job for the same pair is left alone. */
  async enqueue(documentId: string, destinations: readonly string[]): Promise<void> {
    for (const destination of destinations) {
      const jobId = deliveryJobId(documentId, destination);
      const existing = await this.queue.getJob(jobId);
      if (existing) {
        if (await isLiveJob(existing)) continue;
        await existing.remove().catch(() => undefined);
      }
      await this.queue.add(
        "deliver",
        { documentId, destination },
        {
          jobId,
          attempts: this.config.deliveries.maxAttempts,
          backoff: { type: "exponential", delay: this.config.deliveries.backoffMs },
          removeOnComplete: true,
          removeOnFail: true,
        },
      );
    }
  }

  async hasLiveJob(documentId: string, destination: string): Promise<boolean> {
    const job = await this.queue.getJob(deliveryJobId(documentId, destination));
    return isLiveJob(job);
  }

  async close(): Promise<void> {
    await this.queue.close();
  }
}
