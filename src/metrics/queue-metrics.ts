import type { DocumentQueue } from "../queue/document.queue.js";
import type { QueueSource } from "./registry.js";

/** A DocumentQueue as a source of `folio_queue_jobs` (read with BullMQ's getJobCounts at scrape time). */
export function queueSource(queue: DocumentQueue): QueueSource {
  const name = queue.queue.name;
  return { name, key: `${queue.queue.opts.prefix ?? "bull"}:${name}`, counts: () => queue.counts() };
}
