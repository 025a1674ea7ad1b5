import { describe, expect, it } from "vitest";
import { STEP_NAMES, TERMINAL_EVENT_TYPES, applyEvent, initialProgress, isTerminalEvent, type EventFieldsFragment, type ProgressState } from "../../src/client/index.js";
import { STEP_REGISTRY } from "../../src/pipeline/registry.js";
import { TERMINAL_EVENT_TYPES as SERVER_TERMINAL_TYPES } from "../../src/events/progress-event.js";

let seq = 0;
/** An event as the server sends it; seq grows by one unless given. */
function event(type: string, fields: Partial<EventFieldsFragment> = {}): EventFieldsFragment {
  return {
    documentId: "d1",
    seq: ++seq,
    type,
    step: null,
    status: "IN_PROGRESS",
    documentStatus: "PROCESSING",
    progress: 0,
    stepProgress: null,
    message: null,
    detail: {},
    details: null,
    createdAt: "2026-01-01T00:00:00.000Z",
    ...fields,
  };
}

const fold = (events: EventFieldsFragment[], from: ProgressState = initialProgress("QUEUED")) => events.reduce(applyEvent, from);
const step = (state: ProgressState, name: string) => state.steps.find((s) => s.name === name)!;

describe("the client's step list and terminal events", () => {
  it("equal the server's registry order and terminal event types", () => {
    expect([...STEP_NAMES]).toEqual(Object.keys(STEP_REGISTRY));
    expect([...TERMINAL_EVENT_TYPES].sort()).toEqual([...SERVER_TERMINAL_TYPES].sort());
    expect(isTerminalEvent("document.failed")).toBe(true);
    expect(isTerminalEvent("step.failed")).toBe(false);
  });
});

describe("the progress fold", () => {
  it("starts with every step pending, in pipeline order", () => {
    const state = initialProgress("QUEUED");
    expect(state.steps.map((s) => [s.name, s.phase])).toEqual(STEP_NAMES.map((n) => [n, "pending"]));
    expect(state.terminal).toBe(false);
  });

  it("follows a step from started through progress to succeeded, and ends on document.completed", () => {
    const state = fold([
      event("document.processing", { progress: 1 }),
      event("step.started", { step: "ocr", detail: { attempt: 1 }, message: "starting" }),
      event("step.progress", { step: "ocr", stepProgress: 0.5, message: "page 1 of 2", progress: 40 }),
      event("step.succeeded", { step: "ocr", detail: { durationMs: 1234 }, progress: 60 }),
      event("document.completed", { documentStatus: "COMPLETED", status: "SUCCEEDED", progress: 100, message: "done" }),
    ]);
    expect(step(state, "ocr")).toMatchObject({ phase: "succeeded", fraction: 1, durationMs: 1234, attempts: 1, message: "page 1 of 2" });
    expect(state).toMatchObject({ status: "COMPLETED", progress: 100, terminal: true, message: "done", lastSeq: seq });
  });

  it("ignores events at or below the last seq (a replay after a reconnect never counts twice)", () => {
    const started = event("step.started", { step: "detect", detail: { attempt: 1 } });
    const once = fold([started]);
    expect(applyEvent(once, started)).toBe(once);
    expect(applyEvent(once, { ...started, seq: started.seq - 1, type: "step.failed" })).toBe(once);
  });

  it("records a failed step's code and the document's error on document.failed", () => {
    const state = fold([
      event("step.started", { step: "extract_text", detail: { attempt: 2 } }),
      event("step.failed", { step: "extract_text", detail: { code: "PASSWORD_REQUIRED", durationMs: 12 }, message: "The PDF is encrypted." }),
      event("document.failed", { documentStatus: "FAILED", detail: { code: "PASSWORD_REQUIRED" }, message: "The PDF is encrypted." }),
    ]);
    expect(step(state, "extract_text")).toMatchObject({ phase: "failed", errorCode: "PASSWORD_REQUIRED", durationMs: 12, attempts: 2 });
    expect(state).toMatchObject({ status: "FAILED", terminal: true, errorCode: "PASSWORD_REQUIRED", errorMessage: "The PDF is encrypted." });
  });

  it("marks skipped steps and cancelled documents", () => {
    const state = fold([event("step.skipped", { step: "ocr", message: "Every page has a text layer" }), event("document.cancelled", { documentStatus: "CANCELLED" })]);
    expect(step(state, "ocr").phase).toBe("skipped");
    expect(state).toMatchObject({ status: "CANCELLED", terminal: true });
  });

  it("on document.reprocess resets the named steps (keeping attempts), clears the error and reopens the run", () => {
    const failed = fold([
      event("step.started", { step: "classify", detail: { attempt: 1 } }),
      event("step.failed", { step: "classify", detail: { code: "INTERNAL_ERROR" } }),
      event("document.failed", { documentStatus: "FAILED", detail: { code: "INTERNAL_ERROR" }, message: "boom" }),
    ]);
    const again = applyEvent(failed, event("document.reprocess", { documentStatus: "QUEUED", detail: { reset: ["classify", "extract_fields", 7] } }));
    expect(step(again, "classify")).toMatchObject({ phase: "pending", errorCode: null, attempts: 1 });
    expect(again).toMatchObject({ terminal: false, errorCode: null, errorMessage: null, status: "QUEUED" });
  });

  it("adds a step it does not know (a delivery step) after the pipeline's", () => {
    const state = fold([event("step.started", { step: "deliver:hook", detail: { attempt: 1 } })]);
    expect(state.steps.at(-1)).toMatchObject({ name: "deliver:hook", phase: "running", fraction: 0 });
  });

  it("does not change the state it was given", () => {
    const before = initialProgress("QUEUED");
    const copy = structuredClone(before);
    applyEvent(before, event("step.started", { step: "detect" }));
    expect(before).toEqual(copy);
  });
});
