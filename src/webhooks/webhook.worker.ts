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
 * - terminal progress events on this deployment's Redis events channel: the
 *   document's due PENDING deliveries are queued;
 * - PostgreSQL NOTIFYs carrying this deployment's scope (document.deleted and
 *   redeliveries, written where no webhook queue is at hand; NOTIFY is
 *   transactional, so it arrives only after the commit);
 * - a sweeper every {@link SWEEP_INTERVAL_MS} that queues PENDING deliveries
 *   overdue by more than {@link SWEEP_GRACE_MS} without a live job: a crash
 *   between commit and enqueue, a lost notification, Redis data loss.
 */
import type { Redis } from "ioredis";
import pg from "pg";
import { Worker, type Job } from "bullmq";
import { DeliveryStatus } from "../db/entities/index.js";
import { eventsChannel, parseProgressEvent, TERMINAL_EVENT_TYPES } from "../events/progress-event.js";
import { bullConnection } from "../queue/document.queue.js";
import type { WorkerExtension } from "../app/component.types.js";
import { createRedis } from "../redis/redis.connection.js";
import { WEBHOOK_NOTIFY_CHANNEL, webhookScope, type WebhookNotification } from "./outbox.js";
import { WebhookQueue, WEBHOOKS_QUEUE, type WebhookJobData } from "./webhook.queue.js";
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

/** The worker extension that runs the webhook worker beside the pipeline worker. */
export const webhookSenderExtension: WorkerExtension = async ({ ctx, queue: documents, logger }) => {
  const { config, dataSource } = ctx;
  const log = logger.child({ component: "webhooks" });
  const scope = webhookScope(documents);
  const sender = new WebhookSender({ dataSource, config, logger: log });
  const queue = new WebhookQueue(config);
  let stopping = false;

  const worker = new Worker<WebhookJobData>(
    WEBHOOKS_QUEUE,
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
      connection: bullConnection(config.redisUrl),
      prefix: config.queue.prefix,
      concurrency: 8,
      lockDuration: Math.max(config.queue.lockMs, config.webhooks.timeoutMs + 30_000),
      settings: {
        backoffStrategy: (attemptsMade, _type, err) => (err instanceof RetryLater ? err.delayMs : retryDelayMs(config.webhooks.backoffMs, attemptsMade)),
      },
    },
  );
  worker.on("error", (error) => log.error({ err: error }, "webhook worker error"));
  worker.on("failed", (job, error) => {
    if (job && !(error instanceof RetryLater)) log.warn({ err: error, deliveryId: job.data.deliveryId }, "webhook job failed");
  });

  const enqueue = (ids: readonly string[]) => void queue.enqueue(ids).catch((error: unknown) => log.warn({ err: error }, "webhook enqueue failed (the sweeper retries)"));
  const enqueueForDocument = async (documentId: string) => {
    const rows = (await dataSource.query(`SELECT id FROM webhook_deliveries WHERE document_id = $1 AND status = 'PENDING' AND next_attempt_at <= now()`, [documentId])) as { id: string }[];
    enqueue(rows.map((r) => r.id));
  };

  // Terminal events: their outbox rows committed with them.
  const subscriber: Redis = createRedis(config.redisUrl, { name: "webhook-subscribe", logger: log });
  subscriber.on("message", (_channel: string, message: string) => {
    const event = parseProgressEvent(message);
    if (event && TERMINAL_EVENT_TYPES.includes(event.type)) void enqueueForDocument(event.documentId).catch((error: unknown) => log.warn({ err: error }, "webhook enqueue failed"));
  });
  await subscriber.subscribe(eventsChannel(config.queue.prefix));

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
  const sweep = async () => {
    const rows = (await dataSource.query(
      `SELECT id FROM webhook_deliveries WHERE status = 'PENDING' AND next_attempt_at <= now() - make_interval(secs => $1::double precision)
        ORDER BY next_attempt_at LIMIT 500`,
      [SWEEP_GRACE_MS / 1000],
    )) as { id: string }[];
    for (const { id } of rows) {
      if (stopping) return;
      if (!(await queue.hasLiveJob(id))) await queue.enqueue([id]);
    }
  };
  const sweepTimer = setInterval(() => void sweep().catch((error: unknown) => log.warn({ err: error }, "webhook sweep failed")), SWEEP_INTERVAL_MS);
  sweepTimer.unref();
  void sweep().catch((error: unknown) => log.warn({ err: error }, "webhook sweep failed"));

  return {
    name: "webhook-sender",
    async stop() {
      stopping = true;
      clearInterval(sweepTimer);
      if (reconnectTimer) clearTimeout(reconnectTimer);
      const client = listener;
      listener = null;
      await client?.end().catch(() => undefined);
      subscriber.disconnect();
      await worker.close();
      await queue.close();
    },
  };
};
