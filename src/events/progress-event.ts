/**
 * The shape of a processing event as it travels over Redis pub/sub and out to
 * subscribers, and the channel it travels on. The pipeline (publisher) and the
 * API (subscriber) both import this module, so they cannot drift apart.
 */

import type { EventType, TypedDetail } from "./event.detail.js";

/** What happened (every key of {@link EventDetailMap}). */
export type ProgressEventType = EventType;

/** Event types after which a document's processing run is over. */
export const TERMINAL_EVENT_TYPES: readonly ProgressEventType[] = ["document.completed", "document.failed", "document.cancelled"];

/** The fields every event has, whatever its type. */
export interface ProgressEventFields {
  documentId: string;
  ownerId: string;
  /** 1, 2, 3… per document with no gaps: clients de-duplicate and resume by it. */
  seq: number;
  /** The step the event is about; null for document events. */
  step: string | null;
  /** Step status for step events, document status for document events. */
  status: string;
  /** Document status after the event. */
  documentStatus: string;
  /** Overall progress 0–100. */
  progress: number;
  /** Progress of the step in [0, 1], when known. */
  stepProgress: number | null;
  message: string | null;
  /** ISO 8601. */
  createdAt: string;
}

/**
 * One processing event: a row of `processing_events` plus the owner and
 * document status, serialised. Discriminated by `type`: narrowing on it
 * narrows `detail` to that type's shape ({@link EventDetailMap}).
 */
export type ProgressEvent = ProgressEventFields & TypedDetail;

/**
 * The one pub/sub channel all events go to. API instances subscribe once and
 * fan out in-process (one Redis subscription per instance, not per client).
 */
export function eventsChannel(prefix: string): string {
  return `${prefix}:events`;
}

/** Parse a pub/sub message; null for anything that is not a well-formed event. */
export function parseProgressEvent(message: string): ProgressEvent | null {
  try {
    const value = JSON.parse(message) as Partial<ProgressEvent>;
    if (typeof value.documentId !== "string" || typeof value.seq !== "number" || typeof value.type !== "string") return null;
    return value as ProgressEvent;
  } catch {
    return null;
  }
}
