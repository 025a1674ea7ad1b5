import { ValidationError } from "../errors/app.error.js";

/** Every event a webhook can subscribe to. */
export const WEBHOOK_EVENTS = ["document.completed", "document.failed", "document.cancelled", "document.deleted", "document.corrected"] as const;

/** An event a webhook can subscribe to. */
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

/** True when `value` names a webhook event. */
export function isWebhookEvent(value: string): value is WebhookEvent {
  return (WEBHOOK_EVENTS as readonly string[]).includes(value);
}

/**
 * Check a subscription list: at least one event, every one known. Returns it
 * de-duplicated in the canonical order, so equal subscriptions are stored equally.
 */
export function validateWebhookEvents(events: readonly string[]): WebhookEvent[] {
  const unknown = events.filter((e) => !isWebhookEvent(e));
  if (unknown.length > 0) {
    throw new ValidationError(
      `Unknown webhook event${unknown.length > 1 ? "s" : ""} ${unknown.map((e) => JSON.stringify(e)).join(", ")}; events are ${WEBHOOK_EVENTS.join(", ")}.`,
      unknown.map((e) => `unknown event ${JSON.stringify(e)}`),
    );
  }
  if (events.length === 0) throw new ValidationError(`Subscribe to at least one event: ${WEBHOOK_EVENTS.join(", ")}.`);
  return WEBHOOK_EVENTS.filter((e) => events.includes(e));
}
