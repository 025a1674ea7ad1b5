import { randomUUID } from "node:crypto";
import type { DataSource } from "typeorm";
import { SecretBox } from "../auth/secret-box.js";
import type { Config } from "../config/env.js";
import { WebhookDeliveryEntity, WebhookEntity } from "../db/entities/index.js";
import { AppError, ValidationError } from "../errors/app.error.js";
import { parseWebhookUrl, resolveAllowedAddresses, WebhookAllowList, type HostResolver } from "../outbound/outbound.address.js";
import { validateWebhookEvents } from "./events.js";
import { insertDeliveries, notifyWebhookSender, type WebhookPayload } from "./outbox.js";
import { generateWebhookSecret } from "./signature.js";
import { createWithinQuota } from "../db/quota.guard.js";
import { WebhookReadModel } from "./webhook.read-model.js";


/** A webhook with its plaintext secret, returned only on create and rotate. */
export interface WebhookWithSecret {
  webhook: WebhookEntity;
  secret: string;
}

/** Changes to a webhook; undefined/null fields stay as they are (except description, where null clears). */
export interface WebhookPatch {
  url?: string | null;
  events?: readonly string[] | null;
  description?: string | null;
  active?: boolean | null;
}

/**
 * Users' webhooks: registration (with the SSRF check), changes, secrets and
 * redelivery; the reads are in {@link WebhookReadModel}. Every method takes the caller's id and treats another
 * user's webhook exactly like a missing one (NOT_FOUND), so ids cannot be probed.
 */
export class WebhookService {
  private readonly secrets: SecretBox;
  private readonly allowList: WebhookAllowList;
  private readonly reads: WebhookReadModel;

  constructor(
    private readonly deps: {
      dataSource: DataSource;
      config: Pick<Config, "webhooks" | "signingSecret" | "quotas">;
      /** Scope of this deployment's senders (see webhookScope). */
      scope: string;
      resolve?: HostResolver;
    },
  ) {
    this.secrets = new SecretBox(deps.config.signingSecret);
    this.allowList = new WebhookAllowList(deps.config.webhooks.allowedHosts);
    this.reads = new WebhookReadModel(deps.dataSource);
  }

  private get repo() {
    return this.deps.dataSource.getRepository(WebhookEntity);
  }

  /** Parse and SSRF-check a URL at registration, so the user hears about a forbidden target now rather than from failed deliveries. */
  private async checkUrl(raw: string): Promise<string> {
    const url = parseWebhookUrl(raw);
    await resolveAllowedAddresses(url, this.allowList, this.deps.resolve);
    return url.toString();
  }

  private checkDescription(description: string | null | undefined): string | null {
    const text = description?.trim() ?? "";
    if (text.length > 500) throw new ValidationError("The description is longer than 500 characters.");
    return text || null;
  }

  async create(userId: string, input: { url: string; events: readonly string[]; description?: string | null }): Promise<WebhookWithSecret> {
    const events = validateWebhookEvents(input.events);
    const description = this.checkDescription(input.description);
    const url = await this.checkUrl(input.url);
    const secret = generateWebhookSecret();
    // Each terminal event fans out to all of a user's webhooks: their number is capped (MAX_WEBHOOKS_PER_USER).
    const saved = await createWithinQuota(this.deps.dataSource, {
      userId,
      resource: "webhooks",
      label: "webhooks",
      limit: this.deps.config.quotas.maxWebhooksPerUser,
      count: (m) => m.countBy(WebhookEntity, { userId }),
      create: (m) => m.save(m.create(WebhookEntity, { userId, url, events, description, active: true, secretEnc: this.secrets.seal(secret) })),
    });
    return { webhook: await this.get(userId, saved.id), secret };
  }

  /** The caller's webhook, or NOT_FOUND. */
  private get(userId: string, id: string): Promise<WebhookEntity> {
    return this.reads.get(userId, id);
  }

  async update(userId: string, id: string, patch: WebhookPatch): Promise<WebhookEntity> {
    const hook = await this.get(userId, id);
    if (patch.events !== undefined && patch.events !== null) hook.events = validateWebhookEvents(patch.events);
    if (patch.description !== undefined) hook.description = this.checkDescription(patch.description);
    if (patch.url !== undefined && patch.url !== null) hook.url = await this.checkUrl(patch.url);
    if (patch.active !== undefined && patch.active !== null) hook.active = patch.active;
    await this.repo.update({ id: hook.id }, { url: hook.url, events: hook.events, description: hook.description, active: hook.active });
    return this.get(userId, id);
  }

  /** Delete a webhook with its delivery log (cascade). */
  async delete(userId: string, id: string): Promise<string> {
    const hook = await this.get(userId, id);
    await this.repo.delete({ id: hook.id });
    return hook.id;
  }

  /** Replace the signing secret. Deliveries already in flight may still be signed with the old one. */
  async rotateSecret(userId: string, id: string): Promise<WebhookWithSecret> {
    const hook = await this.get(userId, id);
    const secret = generateWebhookSecret();
    await this.repo.update({ id: hook.id }, { secretEnc: this.secrets.seal(secret) });
    return { webhook: await this.get(userId, id), secret };
  }

  /**
   * Send a delivery's payload again as a NEW delivery (new id, `redeliveryOf`
   * naming the original, fresh attempt budget). The original and its attempt
   * log stay as they were, so the log never rewrites history; receivers that
   * de-duplicate by delivery id see the redelivery as new, which is what an
   * explicit redelivery asks for.
   */
  async redeliver(userId: string, deliveryId: string): Promise<WebhookDeliveryEntity> {
    const { delivery } = await this.reads.getDelivery(userId, deliveryId);
    const hook = await this.get(userId, delivery.webhookId);
    if (!hook.active) throw new AppError("CONFLICT", "The webhook is disabled; activate it before redelivering.");
    const id = randomUUID();
    const original = delivery.payload as unknown as WebhookPayload;
    const payload: WebhookPayload = { ...original, id, redeliveryOf: original.redeliveryOf ?? delivery.id };
    await this.deps.dataSource.transaction(async (m) => {
      await insertDeliveries(m, delivery.documentId, delivery.event, [{ id, webhookId: hook.id, payload }]);
      await notifyWebhookSender(m, this.deps.scope, [id]);
    });
    return this.deps.dataSource.getRepository(WebhookDeliveryEntity).findOneByOrFail({ id });
  }
}
