/**
 * The webhook worker: a BullMQ worker for the `webhooks` queue (one job per
 * delivery, job id = delivery id) whose processor makes ONE attempt; BullMQ
 * schedules the retries (custom backoff: the exact delay the attempt logged as
 * `next_retry_at`).
 *
 * Outbox rows (./outbox.ts) commit with their event; jobs are added after the
 * commit, by this deployment only (several deployments may share a database —
 * the tests do — and must not send each other's deliveries with the wrong
 * allow-list):
 * - progress events webhooks subscribe to (terminal ones, document.corrected) from the worker's event hub (this deployment's
 *   Redis events channel): the document's due PENDING deliveries are queued;
 * - PostgreSQL NOTIFYs carrying this deployment's scope (document.deleted and
 *   redeliveries, written where no webhook queue is at hand; NOTIFY is
 *   transactional, so it arrives only after the commit);
 * - a sweep every {@link SWEEP_INTERVAL_MS} that queues PENDING deliveries
 *   overdue by more than {@link SWEEP_GRACE_MS} without a live job: a crash
 *   between commit and enqueue, a lost notification, Redis data loss.
 */
import pg from "pg";
import type { Job } from "bullmq";
import type { DataSource } from "typeorm";
import type { Config } from "../config/env.js";
import { DeliveryStatus } from "../db/entities/index.js";
import type { EventHub } from "../events/event-hub.js";
import type { Logger } from "../logging/logger.js";
import { createJobWorker } from "../queue/job.worker.js";
import type { SweepRegistry } from "../queue/sweeper.js";
import { isWebhookEvent } from "./events.js";
import { WEBHOOK_NOTIFY_CHANNEL, type WebhookNotification } from "./outbox.js";
import { enqueueWebhookDeliveries, type WebhookJobData, type WebhookQueue } from "./webhook.queue.js";
import { retryDelayMs, WebhookSender } from "./sender.js";

/** How often the sweeper looks for deliveries that lost their job. */
export const SWEEP_INTERVAL_MS = 5_000;
/** How overdue a delivery must be before the sweeper queues it (leaves the fast paths their deployment's own work). */
export const SWEEP_GRACE_MS = 15_000;

/** Thrown by the processor after a retryable failure; carries the delay the attempt logged. */
class RetryLater extends Error {
  constructor(
    readonly delayMs: number,
    message: string,
  ) {
    super(message);
  }
}

/** What the webhook worker needs. */
export interface WebhookWorkerDeps {
  dataSource: DataSource;
  config: Pick<Config, "databaseUrl" | "webhooks" | "publicUrl" | "signingSecret" | "queue">;
  /** The webhooks queue (its address is the worker's; the fast paths and the sweep add to it). */
  queue: WebhookQueue;
  /** This deployment's scope token (see `webhookScope`): NOTIFYs of other deployments are ignored. */
  scope: string;
  /** The worker's event hub: terminal events queue their document's deliveries. */
  hub: EventHub;
  sweeper: SweepRegistry;
  logger: Logger;
}

/** Run the webhook worker beside the pipeline worker. */
export async function startWebhookWorker(deps: WebhookWorkerDeps): Promise<{ stop(): Promise<void> }> {
  const { config, dataSource, queue, scope } = deps;
  const log = deps.logger.child({ component: "webhooks" });
  const sender = new WebhookSender({ dataSource, config, logger: log });
  let stopping = false;

  const worker = createJobWorker<WebhookJobData, string>(
    queue.address,
    async (job: Job<WebhookJobData>) => {
      const outcome = await sender.attemptDelivery(job.data.deliveryId);
      if (outcome?.status === DeliveryStatus.PENDING && outcome.nextRetryAt) {
        // Should BullMQ's own budget run out first (a job re-queued after Redis lost it), the sweeper takes the delivery up again when due.
        const delayMs = Math.max(0, outcome.nextRetryAt.getTime() - Date.now());
        throw new RetryLater(delayMs, `webhook attempt ${outcome.attempt} failed; retry in ${delayMs} ms`);
      }
      return outcome?.status ?? "noop";
    },
    {
      label: "webhook",
      logger: log,
      concurrency: 8,
      lockMs: Math.max(config.queue.lockMs, config.webhooks.timeoutMs + 30_000),
      settings: {
        backoffStrategy: (attemptsMade, _type, err) => (err instanceof RetryLater ? err.delayMs : retryDelayMs(config.webhooks.backoffMs, attemptsMade)),
      },
    },
  );
  worker.on("failed", (job, error) => {
    if (job && !(error instanceof RetryLater)) log.warn({ err: error, deliveryId: job.data.deliveryId }, "webhook job failed");
  });

  const enqueue = (ids: readonly string[]) => void enqueueWebhookDeliveries(queue, ids).catch((error: unknown) => log.warn({ err: error }, "webhook enqueue failed (the sweeper retries)"));
  const enqueueForDocument = async (documentId: string) => {
    const rows = (await dataSource.query(`SELECT id FROM webhook_deliveries WHERE document_id = $1 AND status = 'PENDING' AND next_attempt_at <= now()`, [documentId])) as { id: string }[];
    enqueue(rows.map((r) => r.id));
  };

  // Events webhooks subscribe to (terminal ones, corrections): their outbox rows committed with them.
  const stopListening = deps.hub.listenAll((event) => {
    if (isWebhookEvent(event.type)) void enqueueForDocument(event.documentId).catch((error: unknown) => log.warn({ err: error }, "webhook enqueue failed"));
  });

  // NOTIFYs (document.deleted, redeliveries) on a dedicated connection (pooled ones cannot hold a LISTEN); reconnects while running.
  let listener: pg.Client | null = null;
  let reconnectTimer: NodeJS.Timeout | null = null;
  const listen = async (): Promise<void> => {
    const client = new pg.Client({ connectionString: config.databaseUrl });
    const reconnect = () => {
      if (stopping || listener !== client) return;
      listener = null;
      reconnectTimer = setTimeout(() => void listen().catch((error: unknown) => log.warn({ err: error }, "webhook LISTEN reconnect failed")), 1_000);
      reconnectTimer.unref();
    };
    client.on("error", (error) => {
      log.warn({ err: error }, "webhook LISTEN connection error");
      reconnect();
    });
    client.on("end", reconnect);
    client.on("notification", (message) => {
      if (message.channel !== WEBHOOK_NOTIFY_CHANNEL || !message.payload) return;
      try {
        const note = JSON.parse(message.payload) as Partial<WebhookNotification>;
        if (note.scope === scope && Array.isArray(note.deliveryIds)) enqueue(note.deliveryIds.filter((id): id is string => typeof id === "string"));
      } catch {
        // Not ours or malformed: ignore; the sweeper catches anything missed.
      }
    });
    listener = client;
    await client.connect();
    await client.query(`LISTEN ${WEBHOOK_NOTIFY_CHANNEL}`);
  };
  await listen();

  // Anything that lost its job. Only long-overdue rows, so another deployment's fresh work is left to it.
  deps.sweeper.add({
    name: "webhooks",
    intervalMs: SWEEP_INTERVAL_MS,
    runAtStart: true,
    run: async (signal) => {
      const rows = (await dataSource.query(
        `SELECT id FROM webhook_deliveries WHERE status = 'PENDING' AND next_attempt_at <= now() - make_interval(secs => $1::double precision)
          ORDER BY next_attempt_at LIMIT 500`,
        [SWEEP_GRACE_MS / 1000],
      )) as { id: string }[];
      for (const { id } of rows) {
        if (stopping || signal.aborted) return;
        await queue.enqueueOnce({ deliveryId: id });
      }
    },
  });

  return {
    async stop() {
      stopping = true;
      stopListening();
      if (reconnectTimer) clearTimeout(reconnectTimer);
      const client = listener;
      listener = null;
      await client?.end().catch(() => undefined);
      await worker.close();
    },
  };
}
