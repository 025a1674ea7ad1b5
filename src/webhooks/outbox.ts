/**
 * The webhook outbox: delivery rows are written in the same transaction as the
 * event that causes them, so a committed event always has its deliveries and a
 * rolled-back one never does. After the commit they become jobs on the
 * `webhooks` BullMQ queue (./webhook.queue.ts, ./webhook.worker.ts), which sends them.
 */
import { randomUUID } from "node:crypto";
import type { EntityManager } from "typeorm";
import type { EventLogHook } from "../events/event.log.js";
import type { DocumentQueue } from "../queue/document.queue.js";
import { isWebhookEvent, type WebhookEvent } from "./events.js";

/** The PostgreSQL NOTIFY channel that tells this deployment's webhook worker to queue new deliveries. */
export const WEBHOOK_NOTIFY_CHANNEL = "folio_webhook_deliveries";

/** What a notification on {@link WEBHOOK_NOTIFY_CHANNEL} carries. */
export interface WebhookNotification {
  /** Which deployment's worker should act: the qualified name of its documents queue (several may share a database, e.g. in tests). */
  scope: string;
  deliveryIds: string[];
}

/** The scope token of a deployment, from its documents queue (`<QUEUE_PREFIX>:documents`). */
export function webhookScope(queue: DocumentQueue): string {
  return queue.qualifiedName;
}

/** The document facts a payload carries: status and results, never the text or fields. */
export interface WebhookDocumentSummary {
  id: string;
  status: string;
  documentType: string | null;
  summary: string | null;
  errorCode: string | null;
}

/** The stored payload of a delivery (the request body minus `links`, which depend on PUBLIC_URL at send time). */
export interface WebhookPayload {
  /** The delivery id, also sent as `Folio-Delivery`: receivers de-duplicate by it. */
  id: string;
  event: WebhookEvent;
  /** When the event happened (ISO 8601). */
  createdAt: string;
  document: WebhookDocumentSummary;
  /** Set on a redelivery: the delivery it repeats. */
  redeliveryOf?: string;
}

/**
 * Insert one PENDING delivery per active webhook of the owner that subscribes
 * to `event`, inside the caller's transaction. Reads the document row through
 * the same transaction, so the payload shows the state being committed.
 * Returns the new delivery ids (empty, after one cheap query, when nobody listens).
 */
export async function recordWebhookDeliveries(manager: EntityManager, doc: { id: string; ownerId: string }, event: WebhookEvent, at: Date = new Date()): Promise<string[]> {
  const hooks = (await manager.query(`SELECT id FROM webhooks WHERE user_id = $1 AND active AND events @> $2::jsonb`, [doc.ownerId, JSON.stringify([event])])) as { id: string }[];
  if (hooks.length === 0) return [];
  const rows = (await manager.query(`SELECT id, status, document_type, summary, error_code FROM documents WHERE id = $1`, [doc.id])) as {
    id: string;
    status: string;
    document_type: string | null;
    summary: string | null;
    error_code: string | null;
  }[];
  const row = rows[0];
  if (!row) return [];
  const document: WebhookDocumentSummary = { id: row.id, status: row.status, documentType: row.document_type, summary: row.summary, errorCode: row.error_code };
  const deliveries = hooks.map((hook) => {
    const id = randomUUID();
    const payload: WebhookPayload = { id, event, createdAt: at.toISOString(), document };
    return { id, webhookId: hook.id, payload };
  });
  await insertDeliveries(manager, doc.id, event, deliveries);
  return deliveries.map((d) => d.id);
}

/** Insert PENDING deliveries, due now. */
export async function insertDeliveries(
  manager: EntityManager,
  documentId: string | null,
  event: string,
  deliveries: readonly { id: string; webhookId: string; payload: WebhookPayload }[],
): Promise<void> {
  if (deliveries.length === 0) return;
  const params: unknown[] = [];
  const values = deliveries.map((d) => {
    params.push(d.id, d.webhookId, documentId, event, JSON.stringify(d.payload));
    const n = params.length;
    return `($${n - 4}::uuid, $${n - 3}::uuid, $${n - 2}::uuid, $${n - 1}, $${n}::jsonb, 'PENDING', 0, now())`;
  });
  await manager.query(`INSERT INTO webhook_deliveries (id, webhook_id, document_id, event, payload, status, attempts, next_attempt_at) VALUES ${values.join(", ")}`, params);
}

/**
 * Tell this deployment's webhook worker to queue new deliveries. NOTIFY is
 * transactional: run inside the inserting transaction, it is delivered only if
 * that commits, so the job never runs before its row is visible. Terminal
 * document events need no notification (the worker hears them on the
 * progress-event channel); a lost notification is caught by the sweeper.
 */
export async function notifyWebhookSender(manager: EntityManager, scope: string, deliveryIds: readonly string[]): Promise<void> {
  if (deliveryIds.length === 0) return;
  const message: WebhookNotification = { scope, deliveryIds: [...deliveryIds] };
  await manager.query(`SELECT pg_notify($1, $2)`, [WEBHOOK_NOTIFY_CHANNEL, JSON.stringify(message)]);
}

/**
 * The outbox as a hook of the event log, registered where a process is wired:
 * terminal events get their deliveries in the appending transaction (the
 * worker hears the events themselves over Redis and queues them), and a
 * deletion records and announces its `document.deleted` deliveries in the
 * deleting transaction, before the row goes. `scope` is this deployment's
 * ({@link webhookScope}).
 */
export function webhookOutboxHook(scope: string): EventLogHook {
  return {
    async appended(manager, doc, events) {
      for (const e of events) if (isWebhookEvent(e.type)) await recordWebhookDeliveries(manager, doc, e.type, new Date(e.createdAt));
    },
    async deleting(manager, doc) {
      const ids = await recordWebhookDeliveries(manager, doc, "document.deleted");
      await notifyWebhookSender(manager, scope, ids);
    },
  };
}

/**
 * The request body: the stored payload plus `links`, which tell the receiver
 * where to fetch the rest (text, fields) with its own API key — the payload
 * itself never carries document content.
 */
export function renderWebhookBody(payload: WebhookPayload, publicUrl: string): string {
  const graphql = `${publicUrl}/graphql`;
  const links: Record<string, string> =
    payload.event === "document.deleted"
      ? { document: graphql, hint: "The document no longer exists." }
      : {
          document: graphql,
          hint: `POST a GraphQL query with an API key (Authorization: Bearer <key>), e.g. query { document(id: "${payload.document.id}") { id status documentType summary fields { name value } } }`,
        };
  return JSON.stringify({ ...payload, links });
}
