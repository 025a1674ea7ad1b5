/**
 * The webhook sender: claims due PENDING deliveries, POSTs them signed, logs
 * every attempt and schedules retries with exponential backoff.
 *
 * Work reaches it in three ways, all scoped to this deployment (several
 * deployments may share a database — the tests do — and must not send each
 * other's deliveries with the wrong allow-list):
 * - terminal progress events on this deployment's Redis events channel (the
 *   outbox rows committed with them), and PostgreSQL NOTIFYs carrying this
 *   deployment's scope (document.deleted, redeliveries);
 * - in-process timers for its own retries;
 * - a sweeper that claims anything overdue by more than {@link SWEEP_GRACE_MS}:
 *   a lost notification, a sender that crashed mid-delivery (its lease ran
 *   out) or a retry whose timer died with its process.
 * Claiming is one UPDATE over `FOR UPDATE SKIP LOCKED` rows that pushes
 * `next_attempt_at` out by a lease, so concurrent senders never send the same
 * attempt twice, and no transaction stays open during the HTTP request.
 */
import type { Redis } from "ioredis";
import pg from "pg";
import type { DataSource } from "typeorm";
import { SecretBox } from "../auth/secret-box.js";
import type { Config } from "../config/env.js";
import { DeliveryStatus, WebhookDeliveryAttemptEntity, WebhookDeliveryEntity } from "../db/entities/index.js";
import { eventsChannel, parseProgressEvent, TERMINAL_EVENT_TYPES } from "../events/progress-event.js";
import type { Logger } from "../logging/logger.js";
import { createRedis } from "../redis/redis.connection.js";
import { parseWebhookUrl, WebhookAllowList, type HostResolver } from "./webhook.address.js";
import { postWebhook, type AttemptResult } from "./http-client.js";
import { renderWebhookBody, WEBHOOK_NOTIFY_CHANNEL, type WebhookNotification, type WebhookPayload } from "./outbox.js";
import { signatureHeader, WEBHOOK_HEADERS, WEBHOOK_USER_AGENT } from "./signature.js";

/** How often the sweeper looks for overdue deliveries. */
export const SWEEP_INTERVAL_MS = 5_000;
/** How overdue a delivery must be before the sweeper takes it (leaves the fast paths their deployment's own work). */
export const SWEEP_GRACE_MS = 15_000;
/** How long a claim holds a delivery beyond the request timeout before another sender may take it over. */
const LEASE_EXTRA_MS = 30_000;
/** How early a delivery named by id (a retry timer, a notification) may be claimed. */
const CLAIM_SLACK_MS = 250;
/** At most this many deliveries per claim. */
const CLAIM_BATCH = 50;

/** A claimed delivery. */
interface ClaimedDelivery {
  id: string;
  webhookId: string;
  event: string;
  payload: WebhookPayload;
  attempts: number;
}

/** What one attempt ended as. */
export interface DeliveryOutcome {
  deliveryId: string;
  attempt: number;
  status: DeliveryStatus;
  result: AttemptResult | null;
  nextRetryAt: Date | null;
}

/** What the sender needs. */
export interface WebhookSenderOptions {
  dataSource: DataSource;
  config: Pick<Config, "webhooks" | "publicUrl" | "signingSecret" | "redisUrl" | "databaseUrl" | "queue">;
  logger: Logger;
  /** This deployment's scope token (see {@link webhookScope}); NOTIFYs for other scopes are ignored. */
  scope: string;
  /** DNS resolver (tests inject one). */
  resolve?: HostResolver;
  random?: () => number;
}

/**
 * Delay before retry number `attempt` (the attempt that just failed):
 * `backoffMs * 2^(attempt-1)` plus up to 10 % jitter, so receivers that failed
 * together are not hit again all at the same instant. Jitter is only ever
 * added: a retry never comes earlier than the documented schedule.
 */
export function retryDelayMs(backoffMs: number, attempt: number, random: () => number = Math.random): number {
  const base = backoffMs * 2 ** (attempt - 1);
  return Math.round(base * (1 + 0.1 * random()));
}

/** Sends deliveries; see the module comment. */
export class WebhookSender {
  private readonly log: Logger;
  private readonly secrets: SecretBox;
  private readonly allowList: WebhookAllowList;
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly inFlight = new Set<Promise<unknown>>();
  private stopping = false;
  private subscriber: Redis | null = null;
  private listener: pg.Client | null = null;
  private sweepTimer: NodeJS.Timeout | null = null;

  constructor(private readonly options: WebhookSenderOptions) {
    this.log = options.logger;
    this.secrets = new SecretBox(options.config.signingSecret);
    this.allowList = new WebhookAllowList(options.config.webhooks.allowedHosts);
  }

  /** Start listening (events channel, NOTIFY) and sweeping. */
  async start(): Promise<void> {
    const { config } = this.options;
    this.subscriber = createRedis(config.redisUrl, { name: "webhook-subscribe", logger: this.log });
    this.subscriber.on("message", (_channel: string, message: string) => {
      const event = parseProgressEvent(message);
      if (event && TERMINAL_EVENT_TYPES.includes(event.type)) this.track(this.deliverForDocument(event.documentId));
    });
    await this.subscriber.subscribe(eventsChannel(config.queue.prefix));
    await this.listen();
    this.sweepTimer = setInterval(() => this.track(this.sweep()), SWEEP_INTERVAL_MS);
    this.sweepTimer.unref();
    this.track(this.sweep());
  }

  /** A dedicated connection for LISTEN (pooled connections cannot hold one); reconnects while running. */
  private async listen(): Promise<void> {
    const client = new pg.Client({ connectionString: this.options.config.databaseUrl });
    const reconnect = () => {
      if (this.stopping || this.listener !== client) return;
      this.listener = null;
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        void this.listen().catch((error: unknown) => this.log.warn({ err: error }, "webhook LISTEN reconnect failed"));
      }, 1_000);
      timer.unref();
      this.timers.add(timer);
    };
    client.on("error", (error) => {
      this.log.warn({ err: error }, "webhook LISTEN connection error");
      reconnect();
    });
    client.on("end", reconnect);
    client.on("notification", (message) => {
      if (message.channel !== WEBHOOK_NOTIFY_CHANNEL || !message.payload) return;
      try {
        const note = JSON.parse(message.payload) as Partial<WebhookNotification>;
        if (note.scope === this.options.scope && Array.isArray(note.deliveryIds)) this.track(this.deliver(note.deliveryIds.filter((id): id is string => typeof id === "string")));
      } catch {
        // Not ours or malformed: ignore; the sweeper catches anything missed.
      }
    });
    this.listener = client;
    await client.connect();
    // Whatever was notified while this connection was down is left to the sweeper: sweeping
    // without its grace here would also grab other deployments' fresh deliveries.
    await client.query(`LISTEN ${WEBHOOK_NOTIFY_CHANNEL}`);
  }

  /** Stop taking work and wait for attempts in flight (each bounded by the timeout). */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    const listener = this.listener;
    this.listener = null;
    await listener?.end().catch(() => undefined);
    this.subscriber?.disconnect();
    await Promise.allSettled([...this.inFlight]);
  }

  private track(work: Promise<unknown>): void {
    const tracked = work.catch((error: unknown) => this.log.error({ err: error }, "webhook delivery pass failed"));
    this.inFlight.add(tracked);
    void tracked.finally(() => this.inFlight.delete(tracked));
  }

  /** Claim and send the given deliveries that are PENDING and due. */
  async deliver(ids: readonly string[]): Promise<DeliveryOutcome[]> {
    if (ids.length === 0 || this.stopping) return [];
    // A timer can fire a millisecond before the stored due time by the database's clock; the
    // slack keeps such a retry from being skipped (a leased row is due far later, so it stays safe).
    return this.sendAll(await this.claim(`id = ANY($3::uuid[])`, [ids], CLAIM_SLACK_MS));
  }

  /** Claim and send the due deliveries of one document (after its terminal event). */
  async deliverForDocument(documentId: string): Promise<DeliveryOutcome[]> {
    if (this.stopping) return [];
    return this.sendAll(await this.claim(`document_id = $3::uuid`, [documentId]));
  }

  /** Claim and send deliveries overdue by more than `graceMs`. */
  async sweep(graceMs: number = SWEEP_GRACE_MS): Promise<DeliveryOutcome[]> {
    if (this.stopping) return [];
    return this.sendAll(await this.claim(`next_attempt_at <= now() - make_interval(secs => $3::double precision)`, [graceMs / 1000]));
  }

  private async claim(filter: string, params: unknown[], slackMs = 0): Promise<ClaimedDelivery[]> {
    const leaseSeconds = (this.options.config.webhooks.timeoutMs + LEASE_EXTRA_MS) / 1000;
    const result = (await this.options.dataSource.query(
      `UPDATE webhook_deliveries SET next_attempt_at = now() + make_interval(secs => $1::double precision)
       WHERE id IN (
         SELECT id FROM webhook_deliveries
         WHERE status = 'PENDING' AND next_attempt_at <= now() + make_interval(secs => ${slackMs / 1000}) AND ${filter}
         ORDER BY next_attempt_at LIMIT $2
         FOR UPDATE SKIP LOCKED)
       RETURNING id, webhook_id, event, payload, attempts`,
      [leaseSeconds, CLAIM_BATCH, ...params],
    )) as [{ id: string; webhook_id: string; event: string; payload: WebhookPayload; attempts: number }[], number];
    return result[0].map((r) => ({ id: r.id, webhookId: r.webhook_id, event: r.event, payload: r.payload, attempts: r.attempts }));
  }

  private async sendAll(claimed: ClaimedDelivery[]): Promise<DeliveryOutcome[]> {
    return Promise.all(claimed.map((d) => this.attempt(d)));
  }

  /** Make one attempt of a claimed delivery and record it. */
  private async attempt(delivery: ClaimedDelivery): Promise<DeliveryOutcome> {
    const { config } = this.options;
    const attempt = delivery.attempts + 1;
    const rows = (await this.options.dataSource.query(`SELECT url, active, secret_enc FROM webhooks WHERE id = $1`, [delivery.webhookId])) as { url: string; active: boolean; secret_enc: string }[];
    const hook = rows[0];
    if (!hook || !hook.active) {
      // A disabled webhook gets nothing; its deliveries can be redelivered once it is active again.
      await this.finish(delivery, attempt, null, DeliveryStatus.FAILED, null, "The webhook is disabled; the delivery was not sent.");
      return { deliveryId: delivery.id, attempt, status: DeliveryStatus.FAILED, result: null, nextRetryAt: null };
    }
    const secret = this.secrets.open(hook.secret_enc);
    let result: AttemptResult;
    if (secret === null) {
      result = { statusCode: null, latencyMs: 0, responseExcerpt: null, error: "The webhook secret cannot be decrypted (was SIGNING_SECRET changed?).", forbidden: false };
    } else {
      const body = renderWebhookBody(delivery.payload, config.publicUrl);
      result = await postWebhook({
        url: parseWebhookUrl(hook.url),
        body,
        timeoutMs: config.webhooks.timeoutMs,
        allowList: this.allowList,
        resolve: this.options.resolve,
        headers: {
          "content-type": "application/json",
          "user-agent": WEBHOOK_USER_AGENT,
          [WEBHOOK_HEADERS.event]: delivery.event,
          [WEBHOOK_HEADERS.delivery]: delivery.id,
          [WEBHOOK_HEADERS.signature]: signatureHeader(secret, body),
        },
      });
    }
    const ok = result.statusCode !== null && result.statusCode >= 200 && result.statusCode < 300;
    // A refused address is a policy decision, not a hiccup: retrying it would only knock on the same door.
    const retry = !ok && !result.forbidden && attempt < config.webhooks.maxAttempts;
    const nextRetryAt = retry ? new Date(Date.now() + retryDelayMs(config.webhooks.backoffMs, attempt, this.options.random)) : null;
    const status = ok ? DeliveryStatus.SUCCEEDED : retry ? DeliveryStatus.PENDING : DeliveryStatus.FAILED;
    await this.finish(delivery, attempt, result, status, nextRetryAt, result.error ?? (ok ? null : `HTTP ${result.statusCode}`));
    if (nextRetryAt) this.scheduleRetry(delivery.id, nextRetryAt);
    this.log.info({ deliveryId: delivery.id, attempt, statusCode: result.statusCode, status, error: result.error }, "webhook attempt");
    return { deliveryId: delivery.id, attempt, status, result, nextRetryAt };
  }

  /** Log the attempt (when one was made) and move the delivery on, in one transaction. */
  private async finish(delivery: ClaimedDelivery, attempt: number, result: AttemptResult | null, status: DeliveryStatus, nextRetryAt: Date | null, lastError: string | null): Promise<void> {
    await this.options.dataSource.transaction(async (m) => {
      if (result) {
        await m.insert(WebhookDeliveryAttemptEntity, {
          deliveryId: delivery.id,
          attempt,
          statusCode: result.statusCode,
          latencyMs: result.latencyMs,
          responseExcerpt: result.responseExcerpt,
          error: result.error,
          nextRetryAt,
        });
      }
      await m.update(
        WebhookDeliveryEntity,
        // Guarded by the attempt count we claimed, so a stale sender (lease ran out) cannot overwrite a newer outcome.
        { id: delivery.id, attempts: delivery.attempts },
        {
          attempts: result ? attempt : delivery.attempts,
          status,
          nextAttemptAt: status === DeliveryStatus.PENDING ? nextRetryAt : null,
          lastStatusCode: result?.statusCode ?? null,
          lastError: status === DeliveryStatus.SUCCEEDED ? null : lastError,
          completedAt: status === DeliveryStatus.PENDING ? null : new Date(),
        },
      );
    });
  }

  private scheduleRetry(deliveryId: string, at: Date): void {
    if (this.stopping) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.track(this.deliver([deliveryId]));
    }, Math.max(0, at.getTime() - Date.now()));
    timer.unref();
    this.timers.add(timer);
  }
}
