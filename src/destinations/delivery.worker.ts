import { UnrecoverableError, Worker, type Job } from "bullmq";
import { SecretBox } from "../auth/secret-box.js";
import { deliveryDestination } from "../documents/step.names.js";
import { failStep, finishStep, resetStep, startStep, stepFailure, transition } from "../documents/transitions/index.js";
import { AppError, toAppError } from "../errors/app.error.js";
import type { EventLog } from "../events/event.log.js";
import type { RunningComponent } from "../http/api.server.js";
import type { Logger } from "../logging/logger.js";
import { bullConnection } from "../queue/document.queue.js";
import type { WorkerExtension } from "../queue/worker-extensions.js";
import type { ObjectStore } from "../storage/object-store.js";
import { WebhookAllowList } from "../outbound/outbound.address.js";
import { DeliveryQueue, DELIVERIES_QUEUE, type DeliveryJobData } from "./delivery.queue.js";
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

/**
 * The worker side of delivery steps: a BullMQ worker for the deliveries queue,
 * and a sweeper that queues PENDING delivery steps that lost their job.
 */
export const startDeliveryWorker: WorkerExtension = async ({ ctx, events, logger }): Promise<RunningComponent> => {
  const { config } = ctx;
  const log = logger.child({ component: "deliveries" });
  const destinations = new DestinationService(ctx.dataSource, new SecretBox(config.signingSecret));
  const deps: DeliveryDeps = {
    events,
    store: ctx.store,
    destinations,
    logger: log,
    timeoutMs: config.deliveries.timeoutMs,
    // Destinations obey the same address rules as webhooks (no private, loopback or link-local targets unless allowed).
    allowList: new WebhookAllowList(config.webhooks.allowedHosts),
  };
  const queue = new DeliveryQueue(config);
  const worker = new Worker<DeliveryJobData>(
    DELIVERIES_QUEUE,
    async (job: Job<DeliveryJobData>) => {
      const finalAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      const result = await deliverOnce(deps, job.data, finalAttempt);
      if (result === "retry") throw new Error(`delivery to ${job.data.destination} failed; will retry`);
      if (result === "failed") throw new UnrecoverableError(`delivery to ${job.data.destination} failed`);
      return result;
    },
    { connection: bullConnection(config.redisUrl), prefix: config.queue.prefix, concurrency: 4, lockDuration: config.queue.lockMs, stalledInterval: config.queue.lockMs },
  );
  worker.on("error", (error) => log.error({ err: error }, "delivery worker error"));

  // Delivery steps are written with the completion of their document; the jobs come after the commit.
  // Anything that lost its job (a crash in between, Redis data loss) is found here.
  const sweep = async () => {
    const pending = (await ctx.dataSource.query(
      `SELECT s.document_id, s.name FROM processing_steps s JOIN documents d ON d.id = s.document_id
        WHERE s.name LIKE 'deliver:%' AND s.status IN ('PENDING', 'IN_PROGRESS') AND d.status = 'COMPLETED' AND d.updated_at < now() - interval '10 seconds'
        LIMIT 500`,
    )) as { document_id: string; name: string }[];
    for (const row of pending) {
      const destination = deliveryDestination(row.name);
      if (!(await queue.hasLiveJob(row.document_id, destination))) {
        // A step still IN_PROGRESS lost its worker mid-send: it is retried as a whole.
        await events.transact(row.document_id, (tx, doc) => resetStep(tx, doc, row.name));
        await queue.enqueue(row.document_id, [destination]);
      }
    }
  };
  const timer = setInterval(() => void sweep().catch((error: unknown) => log.warn({ err: error }, "delivery sweep failed")), config.queue.reconcileIntervalMs);
  timer.unref();
  void sweep().catch((error: unknown) => log.warn({ err: error }, "delivery sweep failed"));

  return {
    name: "deliveries",
    async stop() {
      clearInterval(timer);
      await worker.close();
      await queue.close();
    },
  };
};
