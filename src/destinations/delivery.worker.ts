import { UnrecoverableError, type Job } from "bullmq";
import type { DataSource } from "typeorm";
import type { Config } from "../config/env.js";
import { SecretBox } from "../auth/secret-box.js";
import { deliveryDestination } from "../documents/step.names.js";
import { failStep, finishStep, resetStep, startStep, stepFailure, transition } from "../documents/transitions/index.js";
import { AppError } from "../errors/app.error.js";
import { toAppError } from "../errors/error.normaliser.js";
import type { EventLog } from "../events/event.log.js";
import type { Logger } from "../logging/logger.js";
import { createJobWorker, isFinalAttempt } from "../queue/job.worker.js";
import type { SweepRegistry } from "../queue/sweeper.js";
import type { ObjectStore } from "../storage/object-store.js";
import { WebhookAllowList } from "../outbound/outbound.address.js";
import { deliveryJobId, type DeliveryJobData, type DeliveryQueue } from "./delivery.queue.js";
import { DestinationService, deliveryStepName } from "./destination.service.js";
import { sendToDestination, type DeliveryOutcome, type SendOptions } from "./destination.senders.js";

/** Dependencies of {@link deliverOnce}. */
export interface DeliveryDeps {
  events: EventLog;
  store: ObjectStore;
  destinations: DestinationService;
  logger: Logger;
  timeoutMs: number;
  allowList: SendOptions["allowList"];
}

/** How one delivery attempt ended. */
export type DeliveryResult = "succeeded" | "retry" | "failed" | "noop";

/**
 * Run one attempt of a `deliver:<name>` step through the same step
 * transitions as a pipeline step (startStep, finishStep, failStep), while the
 * document stays COMPLETED.
 */
export async function deliverOnce(deps: DeliveryDeps, job: DeliveryJobData, finalAttempt: boolean): Promise<DeliveryResult> {
  const step = deliveryStepName(job.destination);
  const started = new Date();
  const begun = await deps.events.transact(job.documentId, async (tx, locked) => {
    const start = await startStep(tx, locked, { step, at: started });
    const doc = { id: locked.id, ownerId: locked.ownerId, resultKey: locked.resultKey, textKey: locked.textKey };
    return transition(start.value === null ? null : { attempt: start.value, doc }, start.events);
  });
  if (!begun) return "noop";
  const { attempt, doc } = begun;

  let outcome: DeliveryOutcome | null = null;
  let error: AppError | null = null;
  try {
    const found = await deps.destinations.withSecret(doc.ownerId, job.destination);
    if (!found || !found.destination.active) throw new AppError("NOT_FOUND", `Destination ${job.destination} no longer exists or is inactive.`);
    if (!doc.resultKey || !doc.textKey) throw new AppError("NOT_FOUND", "The document has no stored results to deliver.");
    outcome = await sendToDestination(found.destination, found.secret, { documentId: doc.id, resultKey: doc.resultKey, textKey: doc.textKey }, {
      store: deps.store,
      timeoutMs: deps.timeoutMs,
      allowList: deps.allowList,
    });
  } catch (thrown) {
    error = toAppError(thrown);
    if (error.code === "INTERNAL_ERROR") deps.logger.error({ err: thrown, documentId: doc.id, step }, "delivery failed");
    else if (error.logDetails) deps.logger.warn({ ...error.logDetails, code: error.code, documentId: doc.id, step }, "delivery refused");
  }

  const finished = new Date();
  const durationMs = finished.getTime() - started.getTime();
  const failure = error ? stepFailure(error, !finalAttempt) : null;
  await deps.events.transact(doc.id, (tx, locked) =>
    failure
      ? failStep(tx, locked, { step, at: finished, durationMs, attempt, failure })
      : finishStep(tx, locked, { step, at: finished, durationMs, attempt, outcome: { status: "succeeded", message: `Delivered to ${job.destination}`, summary: outcome } }),
  );
  if (!failure) return "succeeded";
  return failure.willRetry ? "retry" : "failed";
}

/** What the delivery worker needs. */
export interface DeliveryWorkerDeps {
  dataSource: DataSource;
  /** The worker's event log: every state change of a delivery step goes through it. */
  events: EventLog;
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
  const { config, dataSource, queue, events } = deps;
  const log = deps.logger.child({ component: "deliveries" });
  const destinations = new DestinationService(dataSource, new SecretBox(config.signingSecret));
  const delivery: DeliveryDeps = {
    events,
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
        const destination = deliveryDestination(row.name);
        if (!(await queue.isLive(deliveryJobId(row.document_id, destination)))) {
          // A step still IN_PROGRESS lost its worker mid-send: it is retried as a whole.
          await events.transact(row.document_id, (tx, doc) => resetStep(tx, doc, row.name));
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
