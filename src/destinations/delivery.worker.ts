import { UnrecoverableError, type Job } from "bullmq";
import type { DataSource } from "typeorm";
import type { Config } from "../config/env.js";
import { SecretBox } from "../auth/secret-box.js";
import { DocumentStatus, ProcessingStepEntity, StepStatus } from "../db/entities/index.js";
import { AppError, toAppError } from "../errors/app.error.js";
import type { EventPublisher } from "../events/event.publisher.js";
import type { Logger } from "../logging/logger.js";
import { withDocumentTransaction } from "../events/event.log.js";
import { createJobWorker, isFinalAttempt } from "../queue/job.worker.js";
import type { SweepRegistry } from "../queue/sweeper.js";
import type { ObjectStore } from "../storage/object-store.js";
import { WebhookAllowList } from "../outbound/outbound.address.js";
import { deliveryJobId, type DeliveryJobData, type DeliveryQueue } from "./delivery.queue.js";
import { DestinationService, deliveryStepName } from "./destination.service.js";
import { sendToDestination, type SendOptions } from "./destination.senders.js";

/** Dependencies of {@link deliverOnce}. */
export interface DeliveryDeps {
  dataSource: DataSource;
  publisher: EventPublisher;
  store: ObjectStore;
  destinations: DestinationService;
  logger: Logger;
  timeoutMs: number;
  allowList: SendOptions["allowList"];
}

/** How one delivery attempt ended. */
export type DeliveryResult = "succeeded" | "retry" | "failed" | "noop";

/**
 * Run one attempt of a `deliver:<name>` step: the step's own status, attempts
 * and events, exactly like a pipeline step, while the document stays COMPLETED.
 */
export async function deliverOnce(deps: DeliveryDeps, job: DeliveryJobData, finalAttempt: boolean): Promise<DeliveryResult> {
  const step = deliveryStepName(job.destination);
  const started = new Date();
  const begun = await withDocumentTransaction(deps.dataSource, deps.publisher, job.documentId, async (m, doc) => {
    const row = await m.findOneBy(ProcessingStepEntity, { documentId: doc.id, name: step });
    if (doc.status !== DocumentStatus.COMPLETED || !row || row.status === StepStatus.SUCCEEDED || row.status === StepStatus.IN_PROGRESS) {
      return { events: [], value: null };
    }
    const attempt = row.attempts + 1;
    await m.update(ProcessingStepEntity, { id: row.id }, { status: StepStatus.IN_PROGRESS, attempts: attempt, startedAt: started, completedAt: null, durationMs: null, errorCode: null, errorMessage: null });
    return {
      events: [{ type: "step.started", step, status: StepStatus.IN_PROGRESS, progress: doc.progress, stepProgress: 0, message: `${step} started`, detail: { attempt }, at: started }],
      value: { attempt, doc: { id: doc.id, ownerId: doc.ownerId, resultKey: doc.resultKey, textKey: doc.textKey } },
    };
  });
  if (!begun) return "noop";
  const { attempt, doc } = begun;

  let outcome: Record<string, unknown> | null = null;
  let failure: AppError | null = null;
  try {
    const found = await deps.destinations.withSecret(doc.ownerId, job.destination);
    if (!found || !found.destination.active) throw new AppError("NOT_FOUND", `Destination ${job.destination} no longer exists or is inactive.`);
    if (!doc.resultKey || !doc.textKey) throw new AppError("NOT_FOUND", "The document has no stored results to deliver.");
    outcome = await sendToDestination(found.destination, found.secret, { documentId: doc.id, resultKey: doc.resultKey, textKey: doc.textKey }, {
      store: deps.store,
      timeoutMs: deps.timeoutMs,
      allowList: deps.allowList,
    });
  } catch (error) {
    failure = toAppError(error);
    if (failure.code === "INTERNAL_ERROR") deps.logger.error({ err: error, documentId: doc.id, step }, "delivery failed");
    else if (failure.logDetails) deps.logger.warn({ ...failure.logDetails, code: failure.code, documentId: doc.id, step }, "delivery refused");
  }

  const finished = new Date();
  const durationMs = finished.getTime() - started.getTime();
  const permanent = failure !== null && failure.kind !== "server";
  const willRetry = failure !== null && !permanent && !finalAttempt;
  await withDocumentTransaction(deps.dataSource, deps.publisher, doc.id, async (m, locked) => {
    if (!failure) {
      await m.update(ProcessingStepEntity, { documentId: doc.id, name: step }, { status: StepStatus.SUCCEEDED, completedAt: finished, durationMs, output: outcome as never });
      return {
        events: [{ type: "step.succeeded", step, status: StepStatus.SUCCEEDED, progress: locked.progress, stepProgress: 1, message: `Delivered to ${job.destination}`, detail: { attempt, durationMs, output: outcome }, at: finished }],
        value: null,
      };
    }
    const message = failure.code === "INTERNAL_ERROR" ? "An internal error occurred." : failure.message;
    await m.update(ProcessingStepEntity, { documentId: doc.id, name: step }, { status: StepStatus.FAILED, completedAt: finished, durationMs, errorCode: failure.code, errorMessage: message });
    return {
      events: [{ type: "step.failed", step, status: StepStatus.FAILED, progress: locked.progress, message, detail: { code: failure.code, durationMs, permanent, willRetry, attempt }, at: finished }],
      value: null,
    };
  });
  if (!failure) return "succeeded";
  return willRetry ? "retry" : "failed";
}

/** What the delivery worker needs. */
export interface DeliveryWorkerDeps {
  dataSource: DataSource;
  publisher: EventPublisher;
  store: ObjectStore;
  /** The deliveries queue: where the worker's address comes from and the sweep re-queues. */
  queue: DeliveryQueue;
  sweeper: SweepRegistry;
  config: Pick<Config, "signingSecret" | "deliveries" | "webhooks" | "queue">;
  logger: Logger;
}

/**
 * The worker side of delivery steps: a BullMQ worker for the deliveries queue,
 * and a sweep that queues PENDING delivery steps that lost their job.
 */
export async function startDeliveryWorker(deps: DeliveryWorkerDeps): Promise<{ stop(): Promise<void> }> {
  const { config, dataSource, queue } = deps;
  const log = deps.logger.child({ component: "deliveries" });
  const destinations = new DestinationService(dataSource, new SecretBox(config.signingSecret));
  const delivery: DeliveryDeps = {
    dataSource,
    publisher: deps.publisher,
    store: deps.store,
    destinations,
    logger: log,
    timeoutMs: config.deliveries.timeoutMs,
    // Destinations obey the same address rules as webhooks (no private, loopback or link-local targets unless allowed).
    allowList: new WebhookAllowList(config.webhooks.allowedHosts),
  };
  const worker = createJobWorker<DeliveryJobData, DeliveryResult>(
    queue.address,
    async (job: Job<DeliveryJobData>) => {
      const result = await deliverOnce(delivery, job.data, isFinalAttempt(job));
      if (result === "retry") throw new Error(`delivery to ${job.data.destination} failed; will retry`);
      if (result === "failed") throw new UnrecoverableError(`delivery to ${job.data.destination} failed`);
      return result;
    },
    { label: "delivery", logger: log, concurrency: 4, lockMs: config.queue.lockMs, stalledIntervalMs: config.queue.lockMs },
  );

  // Delivery steps are written with the completion of their document; the jobs come after the commit.
  // Anything that lost its job (a crash in between, Redis data loss) is found here.
  deps.sweeper.add({
    name: "deliveries",
    intervalMs: config.queue.reconcileIntervalMs,
    runAtStart: true,
    run: async (signal) => {
      const pending = (await dataSource.query(
        `SELECT s.document_id, s.name FROM processing_steps s JOIN documents d ON d.id = s.document_id
          WHERE s.name LIKE 'deliver:%' AND s.status IN ('PENDING', 'IN_PROGRESS') AND d.status = 'COMPLETED' AND d.updated_at < now() - interval '10 seconds'
          LIMIT 500`,
      )) as { document_id: string; name: string }[];
      for (const row of pending) {
        if (signal.aborted) return;
        const destination = row.name.slice("deliver:".length);
        if (!(await queue.isLive(deliveryJobId(row.document_id, destination)))) {
          if ((await dataSource.getRepository(ProcessingStepEntity).findOneBy({ documentId: row.document_id, name: row.name }))?.status === StepStatus.IN_PROGRESS) {
            // Its worker died mid-send: the step is retried as a whole.
            await dataSource.getRepository(ProcessingStepEntity).update({ documentId: row.document_id, name: row.name }, { status: StepStatus.PENDING });
          }
          await queue.enqueueOnce({ documentId: row.document_id, destination });
        }
      }
    },
  });

  return {
    async stop() {
      await worker.close();
    },
  };
}
