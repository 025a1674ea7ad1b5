/**
 * What each event type carries in its `detail`: one shape per type, so writers
 * cannot invent keys and readers need no casts. The log stores `detail` as
 * JSON; these types are the contract for what is in it.
 */

/** `document.queued`: written by intake (first four keys) or by a release of a held document (`released`). */
export interface DocumentQueuedDetail {
  /** The steps the document will run, in order. */
  steps?: string[];
  sizeBytes?: number;
  sha256?: string;
  /** Stored but held until processing is requested. */
  held?: boolean;
  /** A held document was released for processing. */
  released?: boolean;
}

/** `document.processing`: a run started. */
export interface DocumentProcessingDetail {
  /** 1-based run attempt. */
  attempt: number;
}

/** `document.completed`. */
export interface DocumentCompletedDetail {
  processingMs: number;
  /** Wall time per step that ran in this run, in milliseconds. */
  timingsMs: Record<string, number>;
  /** Delivery steps added after completion, in order. */
  deliveries: { step: string; position: number }[];
}

/** `document.failed`. */
export interface DocumentFailedDetail {
  /** Stable error code (see the README's error table). */
  code: string;
  /** The step that failed, when one did. */
  step: string | null;
}

/** `document.cancelled`. */
export interface DocumentCancelledDetail {
  /** The step that was running or next, when cancelled. */
  step: string | null;
}

/** `document.reprocess`. */
export interface DocumentReprocessDetail {
  fromStep: string;
  /** The steps reset to PENDING. */
  reset: string[];
}

/** `delivery.retry`: a failed delivery step was requested again. */
export interface DeliveryRetryDetail {
  /** The step status before the retry. */
  previous: string;
}

/** `step.started`. */
export interface StepStartedDetail {
  attempt: number;
}

/** `step.progress` carries nothing beyond the common fields. */
export type StepProgressDetail = Record<string, never>;

/** `step.succeeded` / `step.skipped`. */
export interface StepFinishedDetail {
  attempt: number;
  durationMs: number;
  /** A short, JSON-safe summary of the step's output (never the full result); null when it reported none. */
  output: Record<string, unknown> | null;
}

/** `step.failed`. */
export interface StepFailedDetail {
  code: string;
  /** Null when a step is failed from outside its run and never recorded a start time. */
  durationMs: number | null;
  /** The failure will not be retried (corrupt input, limits, …). */
  permanent: boolean;
  /** Another attempt follows. */
  willRetry: boolean;
  attempt?: number;
}

/**
 * `document.page`: one page's OCR finished and its text is stored (readable
 * through `Document.pages`) before the document completes. The page text is
 * not in the event: the log stays small, and the final result stays the one
 * source of truth.
 */
export interface DocumentPageDetail {
  /** 1-based page number. */
  page: number;
  /** Pages in the document. */
  pageCount: number;
  /** Pages of this OCR step finished so far, this one included (grows by one per event, in log order). */
  pagesDone: number;
  /** Pages the OCR step reads. */
  pagesTotal: number;
  /** Mean OCR confidence of the page in [0, 1]. */
  confidence: number | null;
  /** Characters of text found on the page. */
  characters: number;
  /** The page was read by a page job of a fan-out (any worker), not by the document's own run. */
  fannedOut: boolean;
}

/** `document.corrected`: a person corrected a field or the type of a completed document. */
export interface DocumentCorrectedDetail {
  /** The correction (a row of `field_corrections`). */
  correctionId: string;
  /** The field corrected, or `document_type` for the type. */
  field: string;
  /** The normalised value now shown: a string (dates YYYY-MM-DD, ids, the type) or `{ amount, currency }`. */
  value: string | { amount: number; currency: string | null };
  /** What the machine had read (null when it found nothing). */
  machineValue: string | { amount: number; currency: string | null } | null;
  /** The user who corrected. */
  actorId: string;
}

/** The detail of every event type. Adding an event type without a detail shape is a compile error where this map is used. */
export interface EventDetailMap {
  "document.queued": DocumentQueuedDetail;
  "document.processing": DocumentProcessingDetail;
  "document.completed": DocumentCompletedDetail;
  "document.failed": DocumentFailedDetail;
  "document.cancelled": DocumentCancelledDetail;
  "document.reprocess": DocumentReprocessDetail;
  "document.page": DocumentPageDetail;
  "document.corrected": DocumentCorrectedDetail;
  "delivery.retry": DeliveryRetryDetail;
  "step.started": StepStartedDetail;
  "step.progress": StepProgressDetail;
  "step.succeeded": StepFinishedDetail;
  "step.skipped": StepFinishedDetail;
  "step.failed": StepFailedDetail;
}

/** Every event type. */
export type EventType = keyof EventDetailMap;

/** A `{ type, detail }` pair, discriminated by `type`: narrowing on `type` narrows `detail`. */
export type TypedDetail = { [T in EventType]: { type: T; detail: EventDetailMap[T] } }[EventType];
