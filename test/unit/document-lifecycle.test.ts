import { describe, expect, it } from "vitest";
import { StepStatus } from "../../src/db/entities/index.js";
import { STEP_NAMES, deliveryStepName } from "../../src/documents/step.names.js";
import type { NewEvent } from "../../src/events/event.log.js";
import { projectSteps, type ProjectedEvent } from "../../src/events/step.projection.js";

const at = new Date("2026-01-01T00:00:00Z");

describe("event details are typed per event type", () => {
  it("accepts each type's own detail and rejects another's at compile time", () => {
    const ok: NewEvent[] = [
      { type: "step.failed", step: "ocr", status: "FAILED", progress: 10, detail: { code: "OCR_FAILED", durationMs: 5, permanent: true, willRetry: false }, at },
      { type: "document.processing", status: "PROCESSING", progress: 0, detail: { attempt: 1 }, at },
    ];
    // @ts-expect-error step.failed needs code, durationMs, permanent and willRetry
    const wrong: NewEvent = { type: "step.failed", step: "ocr", status: "FAILED", progress: 10, detail: { attempt: 1 }, at };
    // @ts-expect-error an event type that does not exist
    const unknown: NewEvent = { type: "document.exploded", status: "FAILED", progress: 0, detail: {}, at };
    expect(ok.length + [wrong, unknown].length).toBe(4);
  });
});

describe("step projection", () => {
  it("folds pipeline and delivery steps through the same step events", () => {
    const t = (s: number) => new Date(at.getTime() + s * 1000);
    const deliver = deliveryStepName("archive");
    const events: ProjectedEvent[] = [
      { type: "document.queued", step: null, message: null, createdAt: t(0), detail: { steps: [...STEP_NAMES] } },
      { type: "document.processing", step: null, message: null, createdAt: t(1), detail: { attempt: 1 } },
      { type: "step.started", step: "detect", message: null, createdAt: t(2), detail: { attempt: 1 } },
      { type: "step.succeeded", step: "detect", message: null, createdAt: t(3), detail: { attempt: 1, durationMs: 1000, output: { mime: "application/pdf" } } },
      { type: "document.completed", step: null, message: null, createdAt: t(4), detail: { processingMs: 3000, timingsMs: {}, deliveries: [{ step: deliver, position: 8 }] } },
      { type: "step.started", step: deliver, message: null, createdAt: t(5), detail: { attempt: 1 } },
      { type: "step.failed", step: deliver, message: "HTTP 500", createdAt: t(6), detail: { code: "DELIVERY_FAILED", durationMs: 1000, permanent: false, willRetry: false, attempt: 1 } },
      { type: "delivery.retry", step: deliver, message: null, createdAt: t(7), detail: { previous: "FAILED" } },
    ];
    const steps = projectSteps(events, STEP_NAMES);
    expect(steps.map((s) => s.name)).toEqual([...STEP_NAMES, deliver]);
    expect(steps[0]).toMatchObject({ status: StepStatus.SUCCEEDED, attempts: 1, durationMs: 1000, output: { mime: "application/pdf" } });
    expect(steps[1]).toMatchObject({ status: StepStatus.PENDING, attempts: 0 });
    // The retry puts the delivery back to PENDING and keeps its attempt count.
    expect(steps.at(-1)).toMatchObject({ name: deliver, position: 8, status: StepStatus.PENDING, attempts: 1, errorCode: null });
  });
});
