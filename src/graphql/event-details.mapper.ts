import type { EventType } from "../events/event.detail.js";
import { formatMoney } from "../extraction/summary.js";
import {
  DeliveryRetryDetail,
  DeliveryStepRef,
  DocumentCancelledDetail,
  DocumentCompletedDetail,
  DocumentCorrectedDetail,
  DocumentFailedDetail,
  DocumentPageDetail,
  DocumentProcessingDetail,
  DocumentQueuedDetail,
  DocumentReprocessDetail,
  StepFailedDetail,
  StepFinishedDetail,
  StepStartedDetail,
  type EventDetailsValue,
} from "./types/event-detail.type.js";

/** Thrown by the readers below when a logged detail lacks a key its type requires. */
class MissingKey extends Error {}

type Detail = Record<string, unknown>;

const isObject = (value: unknown): value is Detail => typeof value === "object" && value !== null && !Array.isArray(value);

function num(d: Detail, key: string): number {
  const value = d[key];
  if (typeof value !== "number" || !Number.isFinite(value)) throw new MissingKey(key);
  return value;
}
function str(d: Detail, key: string): string {
  const value = d[key];
  if (typeof value !== "string") throw new MissingKey(key);
  return value;
}
function bool(d: Detail, key: string): boolean {
  const value = d[key];
  if (typeof value !== "boolean") throw new MissingKey(key);
  return value;
}
function strings(d: Detail, key: string): string[] {
  const value = d[key];
  if (!Array.isArray(value) || !value.every((v) => typeof v === "string")) throw new MissingKey(key);
  return value as string[];
}
/** An optional key: null when absent or null, else it must have the type. */
function optional<T>(d: Detail, key: string, read: (d: Detail, key: string) => T): T | null {
  return d[key] === undefined || d[key] === null ? null : read(d, key);
}

/**
 * How to build the GraphQL detail of each event type from the logged JSON.
 * Keyed by every event type of EventDetailMap (events/event.detail.ts): a new event type is a
 * compile error here until it has a builder (or null: no detail to describe).
 */
const BUILDERS: { [T in EventType]: ((d: Detail) => EventDetailsValue) | null } = {
  "document.queued": (d) =>
    Object.assign(new DocumentQueuedDetail(), {
      steps: optional(d, "steps", strings),
      sizeBytes: optional(d, "sizeBytes", num),
      sha256: optional(d, "sha256", str),
      held: optional(d, "held", bool),
      released: optional(d, "released", bool),
    }),
  "document.processing": (d) => Object.assign(new DocumentProcessingDetail(), { attempt: num(d, "attempt") }),
  "document.completed": (d) => {
    const timings = isObject(d.timingsMs) ? d.timingsMs : {};
    const deliveries = Array.isArray(d.deliveries) ? d.deliveries : [];
    return Object.assign(new DocumentCompletedDetail(), {
      processingMs: num(d, "processingMs"),
      timingsMs: Object.fromEntries(Object.entries(timings).filter(([, v]) => typeof v === "number")) as Record<string, number>,
      deliveries: deliveries.filter(isObject).map((r) => Object.assign(new DeliveryStepRef(), { step: str(r, "step"), position: num(r, "position") })),
    });
  },
  "document.failed": (d) => Object.assign(new DocumentFailedDetail(), { code: str(d, "code"), step: optional(d, "step", str) }),
  "document.cancelled": (d) => Object.assign(new DocumentCancelledDetail(), { step: optional(d, "step", str) }),
  "document.reprocess": (d) => Object.assign(new DocumentReprocessDetail(), { fromStep: str(d, "fromStep"), reset: strings(d, "reset") }),
  "document.page": (d) =>
    Object.assign(new DocumentPageDetail(), {
      page: num(d, "page"),
      pageCount: num(d, "pageCount"),
      pagesDone: num(d, "pagesDone"),
      pagesTotal: num(d, "pagesTotal"),
      confidence: optional(d, "confidence", num),
      characters: num(d, "characters"),
      fannedOut: bool(d, "fannedOut"),
    }),
  "document.corrected": (d) =>
    Object.assign(new DocumentCorrectedDetail(), {
      correctionId: str(d, "correctionId"),
      field: str(d, "field"),
      value: valueText(d.value) ?? (() => { throw new MissingKey("value"); })(),
      machineValue: valueText(d.machineValue),
      actorId: str(d, "actorId"),
    }),
  "delivery.retry": (d) => Object.assign(new DeliveryRetryDetail(), { previous: str(d, "previous") }),
  "step.started": (d) => Object.assign(new StepStartedDetail(), { attempt: num(d, "attempt") }),
  // step.progress carries nothing beyond the event's own fields (stepProgress, message).
  "step.progress": null,
  "step.succeeded": (d) => finished(d),
  "step.skipped": (d) => finished(d),
  "step.failed": (d) =>
    Object.assign(new StepFailedDetail(), {
      code: str(d, "code"),
      durationMs: num(d, "durationMs"),
      permanent: bool(d, "permanent"),
      willRetry: bool(d, "willRetry"),
      attempt: optional(d, "attempt", num),
    }),
};

/** A logged field value as text: strings as they are, amounts as `CUR 12.50` (the summary's format). */
function valueText(value: unknown): string | null {
  if (typeof value === "string") return value;
  if (isObject(value) && typeof value.amount === "number") return formatMoney({ amount: value.amount, currency: typeof value.currency === "string" ? value.currency : null });
  return null;
}

function finished(d: Detail): StepFinishedDetail {
  return Object.assign(new StepFinishedDetail(), { attempt: num(d, "attempt"), durationMs: num(d, "durationMs"), output: isObject(d.output) ? d.output : null });
}

/**
 * The typed detail of an event for `ProcessingEvent.details`, or null when
 * the type carries none (step.progress), is unknown, or the logged JSON lacks
 * a key its shape requires (a row written before the shape was fixed): a
 * non-null GraphQL field must never fail a whole history for one old row.
 */
export function toEventDetails(type: string, detail: unknown): EventDetailsValue | null {
  const build = Object.hasOwn(BUILDERS, type) ? BUILDERS[type as EventType] : null;
  if (!build || !isObject(detail)) return null;
  try {
    return build(detail);
  } catch (error) {
    if (error instanceof MissingKey) return null;
    throw error;
  }
}
