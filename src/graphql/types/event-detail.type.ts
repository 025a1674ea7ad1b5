import { GraphQLJSONObject } from "graphql-scalars";
import { createUnionType, Field, Float, ID, Int, ObjectType } from "type-graphql";

/*
 * The GraphQL side of events/event.detail.ts: one object type per detail
 * shape, joined in the `EventDetails` union. `ProcessingEvent.details` carries
 * it beside the untyped `detail` JSON (kept for existing clients).
 */

@ObjectType({ description: "document.queued: written by an upload, or by the release of a held document (released)." })
export class DocumentQueuedDetail {
  @Field(() => [String], { nullable: true, description: "The steps the document will run, in order." })
  steps: string[] | null;

  @Field(() => Float, { nullable: true })
  sizeBytes: number | null;

  @Field(() => String, { nullable: true })
  sha256: string | null;

  @Field(() => Boolean, { nullable: true, description: "Stored but held until processDocument." })
  held: boolean | null;

  @Field(() => Boolean, { nullable: true, description: "A held document was released for processing." })
  released: boolean | null;
}

@ObjectType({ description: "document.processing: a run started." })
export class DocumentProcessingDetail {
  @Field(() => Int, { description: "1-based run attempt." })
  attempt: number;
}

@ObjectType({ description: "A delivery step added when a document completed." })
export class DeliveryStepRef {
  @Field(() => String)
  step: string;

  @Field(() => Int)
  position: number;
}

@ObjectType({ description: "document.completed." })
export class DocumentCompletedDetail {
  @Field(() => Int)
  processingMs: number;

  @Field(() => GraphQLJSONObject, { description: "Wall time per step that ran in this run, in milliseconds, by step name." })
  timingsMs: Record<string, number>;

  @Field(() => [DeliveryStepRef], { description: "Delivery steps added after completion, in order; the run ends when they have." })
  deliveries: DeliveryStepRef[];
}

@ObjectType({ description: "document.failed." })
export class DocumentFailedDetail {
  @Field(() => String, { description: "Stable error code." })
  code: string;

  @Field(() => String, { nullable: true, description: "The step that failed, when one did." })
  step: string | null;
}

@ObjectType({ description: "document.cancelled." })
export class DocumentCancelledDetail {
  @Field(() => String, { nullable: true, description: "The step that was running or next." })
  step: string | null;
}

@ObjectType({ description: "document.reprocess." })
export class DocumentReprocessDetail {
  @Field(() => String)
  fromStep: string;

  @Field(() => [String], { description: "The steps reset to PENDING." })
  reset: string[];
}

@ObjectType({ description: "delivery.retry: a finished delivery step was requested again." })
export class DeliveryRetryDetail {
  @Field(() => String, { description: "The step status before the retry." })
  previous: string;
}

@ObjectType({ description: "step.started." })
export class StepStartedDetail {
  @Field(() => Int)
  attempt: number;
}

@ObjectType({ description: "step.succeeded and step.skipped." })
export class StepFinishedDetail {
  @Field(() => Int)
  attempt: number;

  @Field(() => Int)
  durationMs: number;

  @Field(() => GraphQLJSONObject, { nullable: true, description: "A short summary of the step's output (never the full result)." })
  output: Record<string, unknown> | null;
}

@ObjectType({ description: "step.failed." })
export class StepFailedDetail {
  @Field(() => String, { description: "Stable error code." })
  code: string;

  @Field(() => Int)
  durationMs: number;

  @Field(() => Boolean, { description: "The failure will not be retried (corrupt input, limits, …)." })
  permanent: boolean;

  @Field(() => Boolean, { description: "Another attempt follows." })
  willRetry: boolean;

  @Field(() => Int, { nullable: true })
  attempt: number | null;
}

@ObjectType({ description: "document.page: one page's OCR finished; its text is readable through Document.pages before the document completes." })
export class DocumentPageDetail {
  @Field(() => Int, { description: "1-based page number." })
  page: number;

  @Field(() => Int, { description: "Pages in the document." })
  pageCount: number;

  @Field(() => Int, { description: "Pages of the OCR step finished so far, this one included (grows by one per event)." })
  pagesDone: number;

  @Field(() => Int, { description: "Pages the OCR step reads." })
  pagesTotal: number;

  @Field(() => Float, { nullable: true, description: "Mean OCR confidence of the page in [0, 1]." })
  confidence: number | null;

  @Field(() => Int, { description: "Characters of text found on the page." })
  characters: number;

  @Field(() => Boolean, { description: "Read by a page job of a fan-out (any worker) rather than by the document's own run." })
  fannedOut: boolean;
}

@ObjectType({ description: "document.corrected: a person corrected a field or the type of a completed document." })
export class DocumentCorrectedDetail {
  @Field(() => ID, { description: "The correction." })
  correctionId: string;

  @Field(() => String, { description: "The field corrected, or document_type for the type." })
  field: string;

  @Field(() => String, { description: "The normalised value now shown (amounts as `CUR 12.50`)." })
  value: string;

  @Field(() => String, { nullable: true, description: "What the machine had read (null when it found nothing)." })
  machineValue: string | null;

  @Field(() => ID, { description: "The user who corrected." })
  actorId: string;
}

/** Every detail object type, in the union's order. */
export const EVENT_DETAIL_TYPES = [
  DocumentQueuedDetail,
  DocumentProcessingDetail,
  DocumentCompletedDetail,
  DocumentFailedDetail,
  DocumentCancelledDetail,
  DocumentReprocessDetail,
  DocumentPageDetail,
  DocumentCorrectedDetail,
  DeliveryRetryDetail,
  StepStartedDetail,
  StepFinishedDetail,
  StepFailedDetail,
] as const;

/** A value of the `EventDetails` union: an instance of one of {@link EVENT_DETAIL_TYPES}. */
export type EventDetailsValue = InstanceType<(typeof EVENT_DETAIL_TYPES)[number]>;

/**
 * The GraphQL type of a detail value: the class it was built from (see
 * event-details.mapper.ts, which only builds instances). The class names are
 * the GraphQL type names. Undefined for anything else, which GraphQL reports
 * as an error rather than guessing a type.
 */
export function eventDetailsTypeName(value: unknown): string | undefined {
  return EVENT_DETAIL_TYPES.find((type) => value instanceof type)?.name;
}

export const EventDetailsUnion = createUnionType({
  name: "EventDetails",
  description: "An event's detail, typed: one object type per event type (step.succeeded and step.skipped share StepFinishedDetail).",
  types: () => EVENT_DETAIL_TYPES,
  resolveType: (value) => eventDetailsTypeName(value),
});
