/**
 * One attempt of a webhook delivery: load the PENDING row, POST it signed
 * (pinned DNS, SSRF checks), log the attempt and move the delivery on. The
 * scheduling — first attempt, retries with backoff, recovery — is BullMQ's:
 * see ./webhook.queue.ts and the worker in ./webhook.worker.ts.
 */
import type { DataSource } from "typeorm";
import { SecretBox } from "../auth/secret-box.js";
import type { Config } from "../config/env.js";
import { DeliveryStatus, WebhookDeliveryAttemptEntity, WebhookDeliveryEntity } from "../db/entities/index.js";
import type { Logger } from "../logging/logger.js";
import { parseWebhookUrl, WebhookAllowList, type HostResolver } from "../outbound/outbound.address.js";
import { postWebhook, type AttemptResult } from "../outbound/outbound.http-client.js";
import { renderWebhookBody, type WebhookPayload } from "./outbox.js";
import { signatureHeader, WEBHOOK_HEADERS, WEBHOOK_USER_AGENT } from "./signature.js";

/** A delivery about to be attempted. */
interface PendingDelivery {
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
  config: Pick<Config, "webhooks" | "publicUrl" | "signingSecret">;
  logger: Logger;
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

/** Makes single attempts of deliveries; see the module comment. */
export class WebhookSender {
  private readonly log: Logger;
  private readonly secrets: SecretBox;
  private readonly allowList: WebhookAllowList;

  constructor(private readonly options: WebhookSenderOptions) {
    this.log = options.logger;
    this.secrets = new SecretBox(options.config.signingSecret);
    this.allowList = new WebhookAllowList(options.config.webhooks.allowedHosts);
  }

  /** One attempt of each given delivery that is PENDING (others are skipped). */
  async deliver(ids: readonly string[]): Promise<DeliveryOutcome[]> {
    const outcomes = await Promise.all(ids.map((id) => this.attemptDelivery(id)));
    return outcomes.filter((o): o is DeliveryOutcome => o !== null);
  }

  /** One attempt of a delivery; null when it is not PENDING (sent, failed or gone). */
  async attemptDelivery(deliveryId: string): Promise<DeliveryOutcome | null> {
    const rows = (await this.options.dataSource.query(
      `SELECT id, webhook_id, event, payload, attempts FROM webhook_deliveries WHERE id = $1 AND status = 'PENDING'`,
      [deliveryId],
    )) as { id: string; webhook_id: string; event: string; payload: WebhookPayload; attempts: number }[];
    const r = rows[0];
    if (!r) return null;
    return this.attempt({ id: r.id, webhookId: r.webhook_id, event: r.event, payload: r.payload, attempts: r.attempts });
  }

  /** Make one attempt of a delivery and record it. */
  private async attempt(delivery: PendingDelivery): Promise<DeliveryOutcome> {
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
    this.log.info({ deliveryId: delivery.id, attempt, statusCode: result.statusCode, status, error: result.error, ...result.logDetails }, "webhook attempt");
    return { deliveryId: delivery.id, attempt, status, result, nextRetryAt };
  }

  /** Log the attempt (when one was made) and move the delivery on, in one transaction. */
  private async finish(delivery: PendingDelivery, attempt: number, result: AttemptResult | null, status: DeliveryStatus, nextRetryAt: Date | null, lastError: string | null): Promise<void> {
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
        // Guarded by the attempt count read, so a stale attempt (e.g. a stalled job run twice) cannot overwrite a newer outcome.
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
}
