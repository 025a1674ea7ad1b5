import type { UniqueJobQueue } from "../queue/unique-job.queue.js";
import type { QueueSource } from "./registry.js";

/** What metrics read of a queue (any payload type). */
export type CountedQueue = Pick<UniqueJobQueue<never>, "address" | "qualifiedName" | "counts">;

/** A queue as a source of `folio_queue_jobs` (read with BullMQ's getJobCounts at scrape time). */
export function queueSource(queue: CountedQueue): QueueSource {
  return { name: queue.address.name, key: queue.qualifiedName, counts: () => queue.counts() };
}
