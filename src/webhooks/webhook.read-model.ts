import { In, type DataSource } from "typeorm";
import { WebhookDeliveryAttemptEntity, WebhookDeliveryEntity, WebhookEntity } from "../db/entities/index.js";
import { NotFoundError } from "../errors/app.error.js";
import { isUuid } from "../common/uuid.js";

/** Most deliveries one `webhookDeliveries` call returns. */
export const MAX_DELIVERIES_PAGE = 100;

/** A delivery with its attempts, oldest attempt first. */
export interface DeliveryWithAttempts {
  delivery: WebhookDeliveryEntity;
  attempts: WebhookDeliveryAttemptEntity[];
}

/**
 * Reads of users' webhooks and their delivery log. Every method takes the
 * caller's id and treats another user's webhook exactly like a missing one
 * (NOT_FOUND), so ids cannot be probed.
 */
export class WebhookReadModel {
  constructor(private readonly dataSource: DataSource) {}

  /** The caller's webhooks, oldest first. */
  list(userId: string): Promise<WebhookEntity[]> {
    return this.dataSource.getRepository(WebhookEntity).find({ where: { userId }, order: { createdAt: "ASC" } });
  }

  /** The caller's webhook, or NOT_FOUND. */
  async get(userId: string, id: string): Promise<WebhookEntity> {
    const hook = isUuid(id) ? await this.dataSource.getRepository(WebhookEntity).findOneBy({ id, userId }) : null;
    if (!hook) throw new NotFoundError("Webhook");
    return hook;
  }

  /** The newest deliveries of one of the caller's webhooks (at most {@link MAX_DELIVERIES_PAGE}), each with all its attempts (two queries in all). */
  async deliveries(userId: string, webhookId: string, first: number): Promise<DeliveryWithAttempts[]> {
    const hook = await this.get(userId, webhookId);
    const take = Math.min(Math.max(1, Math.trunc(first)), MAX_DELIVERIES_PAGE);
    const deliveries = await this.dataSource.getRepository(WebhookDeliveryEntity).find({ where: { webhookId: hook.id }, order: { createdAt: "DESC", id: "ASC" }, take });
    if (deliveries.length === 0) return [];
    const attempts = await this.dataSource
      .getRepository(WebhookDeliveryAttemptEntity)
      .find({ where: { deliveryId: In(deliveries.map((d) => d.id)) }, order: { attempt: "ASC", id: "ASC" } });
    return deliveries.map((delivery) => ({ delivery, attempts: attempts.filter((a) => a.deliveryId === delivery.id) }));
  }

  /** One delivery of one of the caller's webhooks, or NOT_FOUND. */
  async getDelivery(userId: string, deliveryId: string): Promise<DeliveryWithAttempts> {
    const delivery = isUuid(deliveryId) ? await this.dataSource.getRepository(WebhookDeliveryEntity).findOneBy({ id: deliveryId }) : null;
    if (!delivery) throw new NotFoundError("Webhook delivery");
    await this.get(userId, delivery.webhookId).catch(() => {
      throw new NotFoundError("Webhook delivery");
    });
    const attempts = await this.dataSource.getRepository(WebhookDeliveryAttemptEntity).find({ where: { deliveryId }, order: { attempt: "ASC", id: "ASC" } });
    return { delivery, attempts };
  }
}
