import { describe, expect, it } from "vitest";
import { StepStatus } from "../../src/db/entities/index.js";
import { projectSteps, type ProjectedStep } from "../../src/events/step.projection.js";
import { STEP_NAMES } from "../../src/pipeline/step.js";

// The step table is a projection of the event log: these specs fold hand-written logs.

type LogEntry = Parameters<typeof projectSteps>[0][number];

/** The projection with the pipeline's standard steps. */
const project = (entries: readonly LogEntry[]) => projectSteps(entries, STEP_NAMES);

/** A log written one event at a time, one second apart. */
function log() {
  const entries: LogEntry[] = [];
  const at = (i: number) => new Date(Date.UTC(2026, 0, 1, 12, 0, i));
  const builder = {
    entries,
    add(type: string, step: string | null = null, detail: Record<string, unknown> = {}, message: string | null = null) {
      // Hand-written logs may hold any type and detail, as old rows in the database can.
      entries.push({ type, step, detail, message, createdAt: at(entries.length) } as LogEntry);
      return builder;
    },
    /** The time of the nth event (0-based), as the projection stores it. */
    timeOf: (i: number) => at(i).toISOString(),
  };
  return builder;
}

const byName = (rows: ProjectedStep[]) => new Map(rows.map((row) => [row.name, row]));

describe("projectSteps", () => {
  it("gives every standard step a PENDING row, in pipeline order, once the document is queued", () => {
    const rows = project(log().add("document.queued", null, { steps: [...STEP_NAMES] }).entries);
    expect(rows.map((r) => [r.name, r.position, r.status, r.attempts])).toEqual(
      STEP_NAMES.map((name, i) => [name, i + 1, StepStatus.PENDING, 0]),
    );
    expect(rows.every((r) => r.startedAt === null && r.completedAt === null && r.output === null)).toBe(true);
  });

  it("falls back to the standard steps when the queued event does not list them (older logs)", () => {
    expect(project(log().add("document.queued").entries).map((r) => r.name)).toEqual([...STEP_NAMES]);
    expect(project(log().add("document.processing", null, { attempt: 1 }).entries).map((r) => r.name)).toEqual([...STEP_NAMES]);
  });

  it("records start, finish, duration and output of a step that succeeded, and SKIPPED for a skipped one", () => {
    const l = log()
      .add("document.queued", null, { steps: [...STEP_NAMES] })
      .add("step.started", "detect", { attempt: 1 })
      .add("step.progress", "detect")
      .add("step.succeeded", "detect", { attempt: 1, durationMs: 12, output: { mime: "application/pdf" } })
      .add("step.started", "ocr", { attempt: 1 })
      .add("step.skipped", "ocr", { attempt: 1, durationMs: 1, output: null });
    const rows = byName(project(l.entries));
    expect(rows.get("detect")).toEqual({
      name: "detect",
      position: 1,
      status: StepStatus.SUCCEEDED,
      attempts: 1,
      startedAt: l.timeOf(1),
      completedAt: l.timeOf(3),
      durationMs: 12,
      errorCode: null,
      errorMessage: null,
      output: { mime: "application/pdf" },
    });
    expect(rows.get("ocr")).toMatchObject({ status: StepStatus.SKIPPED, attempts: 1, durationMs: 1, output: null, completedAt: l.timeOf(5) });
    expect(rows.get("extract_text")?.status).toBe(StepStatus.PENDING);
  });

  it("shows a running step as IN_PROGRESS with no completion yet", () => {
    const l = log().add("document.queued").add("step.started", "detect", { attempt: 1 }).add("step.progress", "detect");
    expect(byName(project(l.entries)).get("detect")).toMatchObject({
      status: StepStatus.IN_PROGRESS,
      attempts: 1,
      startedAt: l.timeOf(1),
      completedAt: null,
    });
  });

  it("keeps a failure's code and message, and clears them when the step is started again", () => {
    const failed = log()
      .add("document.queued")
      .add("step.started", "ocr", { attempt: 1 })
      .add("step.failed", "ocr", { code: "PROCESSING_TIMEOUT", durationMs: 30_000, permanent: false, willRetry: true }, "OCR timed out");
    expect(byName(project(failed.entries)).get("ocr")).toMatchObject({
      status: StepStatus.FAILED,
      attempts: 1,
      completedAt: failed.timeOf(2),
      durationMs: 30_000,
      errorCode: "PROCESSING_TIMEOUT",
      errorMessage: "OCR timed out",
    });

    const retried = failed.add("step.started", "ocr", { attempt: 2 }).add("step.succeeded", "ocr", { attempt: 2, durationMs: 900, output: { pages: 1 } });
    expect(byName(project(retried.entries)).get("ocr")).toMatchObject({
      status: StepStatus.SUCCEEDED,
      attempts: 2,
      startedAt: retried.timeOf(3),
      completedAt: retried.timeOf(4),
      durationMs: 900,
      errorCode: null,
      errorMessage: null,
    });
  });

  it("counts attempts itself when a started event does not carry one", () => {
    const l = log().add("document.queued").add("step.started", "detect").add("step.failed", "detect", { code: "INTERNAL" }).add("step.started", "detect");
    expect(byName(project(l.entries)).get("detect")?.attempts).toBe(2);
  });

  it("adds the delivery steps a completion announces, after the pipeline's steps", () => {
    const deliveries = [
      { step: "deliver:archive", position: STEP_NAMES.length + 1 },
      { step: "deliver:erp", position: STEP_NAMES.length + 2 },
    ];
    const l = log().add("document.queued").add("document.completed", null, { processingMs: 10, timingsMs: {}, deliveries });
    const rows = project(l.entries);
    expect(rows.slice(-2).map((r) => [r.name, r.position, r.status, r.attempts])).toEqual([
      ["deliver:archive", STEP_NAMES.length + 1, StepStatus.PENDING, 0],
      ["deliver:erp", STEP_NAMES.length + 2, StepStatus.PENDING, 0],
    ]);
  });

  it("resets a delivery step for another round on completion or a retry request, keeping its attempts and position", () => {
    const deliveries = [{ step: "deliver:erp", position: STEP_NAMES.length + 1 }];
    const l = log()
      .add("document.queued")
      .add("document.completed", null, { deliveries })
      .add("step.started", "deliver:erp", { attempt: 1 })
      .add("step.failed", "deliver:erp", { code: "DELIVERY_FAILED", durationMs: 5, permanent: false, willRetry: false }, "HTTP 503");
    const afterRetry = project([...l.entries, ...log().add("delivery.retry", "deliver:erp", { previous: "FAILED" }).entries]);
    expect(byName(afterRetry).get("deliver:erp")).toMatchObject({
      status: StepStatus.PENDING,
      attempts: 1,
      position: STEP_NAMES.length + 1,
      errorCode: null,
      errorMessage: null,
      completedAt: null,
    });
    const afterRecompletion = project([...l.entries, ...log().add("document.completed", null, { deliveries: [{ step: "deliver:erp", position: 99 }] }).entries]);
    expect(byName(afterRecompletion).get("deliver:erp")).toMatchObject({ status: StepStatus.PENDING, attempts: 1, position: STEP_NAMES.length + 1 });
  });

  it("ignores a retry request for a step it does not know", () => {
    const rows = project(log().add("document.queued").add("delivery.retry", "deliver:gone", { previous: "FAILED" }).entries);
    expect(rows.map((r) => r.name)).toEqual([...STEP_NAMES]);
  });

  it("resets exactly the steps a reprocess lists, keeping their attempts, and leaves earlier ones as they were", () => {
    const l = log().add("document.queued");
    for (const name of STEP_NAMES) l.add("step.started", name, { attempt: 1 }).add("step.succeeded", name, { attempt: 1, durationMs: 1, output: { ok: true } });
    l.add("document.reprocess", null, { fromStep: "classify", reset: ["classify", "extract_fields", "summarize", "finalize"] });
    const rows = byName(project(l.entries));
    for (const name of ["detect", "extract_text", "ocr"]) expect(rows.get(name)).toMatchObject({ status: StepStatus.SUCCEEDED, output: { ok: true } });
    for (const name of ["classify", "extract_fields", "summarize", "finalize"]) {
      expect(rows.get(name)).toMatchObject({ status: StepStatus.PENDING, attempts: 1, startedAt: null, completedAt: null, durationMs: null, output: null });
    }
  });

  it("gives a step it has never heard of the next position", () => {
    const rows = project(log().add("document.queued").add("step.started", "custom", { attempt: 1 }).entries);
    expect(rows.at(-1)).toMatchObject({ name: "custom", position: STEP_NAMES.length + 1, status: StepStatus.IN_PROGRESS });
  });

  it("leaves document-level events without a step alone", () => {
    const l = log().add("document.queued").add("document.failed", null, { code: "CORRUPT_FILE", step: "detect" }).add("document.cancelled", null, { step: null });
    expect(project(l.entries).every((r) => r.status === StepStatus.PENDING)).toBe(true);
  });
});
