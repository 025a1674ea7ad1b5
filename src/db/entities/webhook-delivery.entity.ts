import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from "typeorm";
import type { WebhookEntity } from "./webhook.entity.js";

/** Where a delivery stands. */
export enum DeliveryStatus {
  PENDING = "PENDING",
  SUCCEEDED = "SUCCEEDED",
  FAILED = "FAILED",
}

/**
 * One event to deliver to one webhook: written in the same transaction as the
 * event that caused it (an outbox), then sent by a worker with retries.
 */
@Entity({ name: "webhook_deliveries" })
@Index("idx_webhook_deliveries_due", ["status", "nextAttemptAt"])
export class WebhookDeliveryEntity {
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Column({ name: "webhook_id", type: "uuid" })
  @Index("idx_webhook_deliveries_webhook")
  webhookId: string;

  @ManyToOne("WebhookEntity", { onDelete: "CASCADE" })
  @JoinColumn({ name: "webhook_id" })
  webhook?: Relation<WebhookEntity>;

  /** No foreign key: `document.deleted` outlives its document. */
  @Column({ name: "document_id", type: "uuid", nullable: true })
  documentId: string | null;

  @Column({ type: "varchar", length: 64 })
  event: string;

  /** The JSON body sent (never the document's text). */
  @Column({ type: "jsonb" })
  payload: Record<string, unknown>;

  @Column({ type: "varchar", length: 16, default: DeliveryStatus.PENDING })
  status: DeliveryStatus;

  @Column({ type: "integer", default: 0 })
  attempts: number;

  @Column({ name: "next_attempt_at", type: "timestamptz", nullable: true })
  nextAttemptAt: Date | null;

  @Column({ name: "last_status_code", type: "integer", nullable: true })
  lastStatusCode: number | null;

  @Column({ name: "last_error", type: "text", nullable: true })
  lastError: string | null;

  @CreateDateColumn({ name: "created_at", type: "timestamptz" })
  createdAt: Date;

  @Column({ name: "completed_at", type: "timestamptz", nullable: true })
  completedAt: Date | null;
}

/** One HTTP attempt of a delivery (the delivery log). */
@Entity({ name: "webhook_delivery_attempts" })
@Index("idx_webhook_delivery_attempts_delivery", ["deliveryId", "attempt"])
export class WebhookDeliveryAttemptEntity {
  @PrimaryGeneratedColumn({ type: "bigint" })
  id: string;

  @Column({ name: "delivery_id", type: "uuid" })
  deliveryId: string;

  @ManyToOne("WebhookDeliveryEntity", { onDelete: "CASCADE" })
  @JoinColumn({ name: "delivery_id" })
  delivery?: Relation<WebhookDeliveryEntity>;

  @Column({ type: "integer" })
  attempt: number;

  @Column({ name: "status_code", type: "integer", nullable: true })
  statusCode: number | null;

  @Column({ name: "latency_ms", type: "integer" })
  latencyMs: number;

  /** The first bytes of the response body. */
  @Column({ name: "response_excerpt", type: "text", nullable: true })
  responseExcerpt: string | null;

  @Column({ type: "text", nullable: true })
  error: string | null;

  @Column({ name: "next_retry_at", type: "timestamptz", nullable: true })
  nextRetryAt: Date | null;

  @CreateDateColumn({ name: "created_at", type: "timestamptz" })
  createdAt: Date;
}
