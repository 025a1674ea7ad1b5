import type { DataSource } from "typeorm";
import { DocumentStatus, ProcessingStepEntity, StepStatus } from "../db/entities/index.js";
import { AppError, NotFoundError } from "../errors/app.error.js";
import type { EventPublisher } from "../events/event.publisher.js";
import { withDocumentTransaction } from "../events/event.log.js";
import type { DeliveryQueue } from "./delivery.queue.js";
import { deliveryStepName } from "./destination.service.js";

/**
 * Send a completed document to one destination again — only that delivery
 * step runs; extraction is not repeated. Allowed when the step has finished
 * (FAILED, or SUCCEEDED for a re-send); one still pending or running is a CONFLICT.
 */
export async function retryDelivery(
  deps: { dataSource: DataSource; publisher: EventPublisher; queue: DeliveryQueue },
  documentId: string,
  destination: string,
): Promise<void> {
  const step = deliveryStepName(destination);
  const done = await withDocumentTransaction(deps.dataSource, deps.publisher, documentId, async (m, doc) => {
    if (doc.status !== DocumentStatus.COMPLETED) throw new AppError("CONFLICT", `The document is ${doc.status}; deliveries run once it is completed.`);
    const row = await m.findOneBy(ProcessingStepEntity, { documentId, name: step });
    if (!row) throw new NotFoundError(`Delivery ${destination}`);
    if (row.status === StepStatus.PENDING || row.status === StepStatus.IN_PROGRESS) {
      throw new AppError("CONFLICT", `Delivery to ${destination} is already ${row.status === StepStatus.PENDING ? "queued" : "running"}.`);
    }
    await m.update(ProcessingStepEntity, { id: row.id }, { status: StepStatus.PENDING, startedAt: null, completedAt: null, durationMs: null, errorCode: null, errorMessage: null, output: null as never });
    return {
      events: [{ type: "delivery.retry", step, status: StepStatus.PENDING, progress: doc.progress, message: `Delivery to ${destination} requested again`, detail: { previous: row.status }, at: new Date() }],
      value: true,
    };
  });
  if (!done) throw new NotFoundError("Document");
  await deps.queue.enqueueOnce({ documentId, destination });
}
