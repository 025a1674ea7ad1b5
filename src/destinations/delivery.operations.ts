import { NotFoundError } from "../errors/app.error.js";
import { retryDelivery as retryDeliveryTransition } from "../documents/transitions/index.js";
import type { EventLog } from "../events/event.log.js";
import type { DeliveryQueue } from "./delivery.queue.js";

/**
 * Send a completed document to one destination again — only that delivery
 * step runs; extraction is not repeated. Allowed when the step has finished
 * (FAILED, or SUCCEEDED for a re-send); one still pending or running is a CONFLICT.
 */
export async function retryDelivery(deps: { events: EventLog; queue: DeliveryQueue }, documentId: string, destination: string): Promise<void> {
  const done = await deps.events.transact(documentId, (tx, doc) => retryDeliveryTransition(tx, doc, destination));
  if (!done) throw new NotFoundError("Document");
  await deps.queue.enqueueOnce({ documentId, destination });
}
