import "reflect-metadata";
import { graphql, type GraphQLResolveInfo, type GraphQLSchema, type GraphQLUnionType } from "graphql";
import { beforeAll, describe, expect, it } from "vitest";
import type { EventDetailMap, EventType } from "../../src/events/event.detail.js";
import { toEventDetails } from "../../src/graphql/event-details.mapper.js";
import { createSchema } from "../../src/graphql/schema.js";

let schema: GraphQLSchema;
beforeAll(async () => {
  schema = await createSchema();
});

/** The GraphQL type the schema's union resolves a value to, exactly as execution asks it. */
async function resolvedTypeName(value: unknown): Promise<string | undefined> {
  const union = schema.getType("EventDetails") as GraphQLUnionType;
  return union.resolveType!(value, {}, {} as GraphQLResolveInfo, union) as Promise<string | undefined>;
}

/** One well-formed detail per event type, as the writers log them. */
const SAMPLES: { [T in EventType]: { detail: EventDetailMap[T]; graphqlType: string | null } } = {
  "document.queued": { detail: { steps: ["detect", "ocr"], sizeBytes: 1234, sha256: "ab".repeat(32), held: false }, graphqlType: "DocumentQueuedDetail" },
  "document.processing": { detail: { attempt: 1 }, graphqlType: "DocumentProcessingDetail" },
  "document.completed": { detail: { processingMs: 900, timingsMs: { detect: 3, ocr: 800 }, deliveries: [{ step: "deliver:s3", position: 9 }] }, graphqlType: "DocumentCompletedDetail" },
  "document.failed": { detail: { code: "PDF_ENCRYPTED", step: "extract-text" }, graphqlType: "DocumentFailedDetail" },
  "document.cancelled": { detail: { step: null }, graphqlType: "DocumentCancelledDetail" },
  "document.reprocess": { detail: { fromStep: "classify", reset: ["classify", "finalize"] }, graphqlType: "DocumentReprocessDetail" },
  "document.page": { detail: { page: 12, pageCount: 40, pagesDone: 3, pagesTotal: 40, confidence: 0.91, characters: 812, fannedOut: true }, graphqlType: "DocumentPageDetail" },
  "document.corrected": { detail: { correctionId: "c1", field: "total", value: { amount: 12.5, currency: "EUR" }, machineValue: null, actorId: "u1" }, graphqlType: "DocumentCorrectedDetail" },
  "delivery.retry": { detail: { previous: "FAILED" }, graphqlType: "DeliveryRetryDetail" },
  "step.started": { detail: { attempt: 2 }, graphqlType: "StepStartedDetail" },
  "step.progress": { detail: {}, graphqlType: null },
  "step.succeeded": { detail: { attempt: 1, durationMs: 40, output: { pages: 2 } }, graphqlType: "StepFinishedDetail" },
  "step.skipped": { detail: { attempt: 1, durationMs: 0, output: null }, graphqlType: "StepFinishedDetail" },
  "step.failed": { detail: { code: "OCR_TIMEOUT", durationMs: 30_000, permanent: false, willRetry: true, attempt: 1 }, graphqlType: "StepFailedDetail" },
};

describe("ProcessingEvent.details (the EventDetails union)", () => {
  it.each(Object.entries(SAMPLES))("%s resolves to its own object type", async (type, { detail, graphqlType }) => {
    const value = toEventDetails(type, detail);
    if (graphqlType === null) {
      expect(value).toBeNull();
      return;
    }
    expect(await resolvedTypeName(value)).toBe(graphqlType);
    expect(schema.getType(graphqlType)).toBeDefined();
  });

  it("carries a step.failed detail field by field", () => {
    expect(toEventDetails("step.failed", { code: "PDF_CORRUPT", durationMs: 12, permanent: true, willRetry: false })).toEqual({
      code: "PDF_CORRUPT",
      durationMs: 12,
      permanent: true,
      willRetry: false,
      attempt: null,
    });
  });

  it("gives null, not a failing non-null field, for an old row missing a required key, an unknown type or a non-object detail", () => {
    expect(toEventDetails("step.failed", { code: "X", durationMs: 1, permanent: true })).toBeNull();
    expect(toEventDetails("document.processing", { attempt: "1" })).toBeNull();
    expect(toEventDetails("document.renamed", { name: "x" })).toBeNull();
    expect(toEventDetails("step.started", null)).toBeNull();
  });

  it("names no type for a value that is not a detail object, so GraphQL reports it instead of guessing", async () => {
    expect(await resolvedTypeName({ code: "X", durationMs: 1, permanent: true, willRetry: false })).toBeUndefined();
  });
});

describe("argument lists declared as @ArgsType", () => {
  it("still validate nested inputs with their class-validator rules", async () => {
    const result = await graphql({ schema, source: `{ documents(filter: { label: "${"x".repeat(65)}" }) { totalCount } }`, contextValue: {} });
    expect(result.errors?.[0]?.message).toBe("Argument Validation Error");
    expect(result.errors?.[0]?.extensions?.validationErrors).toBeDefined();
  });

  it("keep the defaults the schema declares", () => {
    const field = schema.getQueryType()!.getFields().documentEvents!;
    expect(Object.fromEntries(field.args.map((a) => [a.name, a.defaultValue]))).toEqual({ id: undefined, afterSeq: 0, first: 100 });
  });
});
