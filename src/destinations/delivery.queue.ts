import type { Config } from "../config/env.js";
import { queueAddress, UniqueJobQueue } from "../queue/unique-job.queue.js";

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

/** The deliveries queue: one job per document and destination. */
export type DeliveryQueue = UniqueJobQueue<DeliveryJobData>;

/** The deliveries queue of a deployment: DELIVERY_MAX_ATTEMPTS attempts with exponential backoff. */
export function createDeliveryQueue(config: Pick<Config, "redisUrl" | "queue" | "deliveries">): DeliveryQueue {
  return new UniqueJobQueue<DeliveryJobData>(queueAddress(config, DELIVERIES_QUEUE), {
    jobName: "deliver",
    jobId: (data) => deliveryJobId(data.documentId, data.destination),
    jobOptions: { attempts: config.deliveries.maxAttempts, backoff: { type: "exponential", delay: config.deliveries.backoffMs } },
  });
}

/** Queue delivery of a document to destinations (by name); a live job for the same pair is left alone. */
export async function enqueueDeliveries(queue: DeliveryQueue, documentId: string, destinations: readonly string[]): Promise<void> {
  for (const destination of destinations) await queue.enqueueOnce({ documentId, destination });
}
