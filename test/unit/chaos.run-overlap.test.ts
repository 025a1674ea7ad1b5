import { describe, expect, it } from "vitest";
import { overlappingRuns, type LoggedEvent } from "../../bench/chaos/run-overlap.js";

const STEPS = ["detect", "extract_text", "ocr", "classify", "finalize"];

/** Build a log from compact "type step" entries, numbering seqs from 1. */
const log = (...entries: string[]): LoggedEvent[] =>
  entries.map((entry, i) => {
    const [type, step] = entry.split(" ");
    return { seq: i + 1, type: type!, step: step ?? null };
  });

describe("the chaos run's detector of overlapping runs", () => {
  it("accepts one run, and a run that took over from a dead one and repeated its step", () => {
    expect(overlappingRuns(log("document.queued", "document.processing", "step.started detect", "step.succeeded detect", "step.started ocr", "step.progress ocr", "document.processing", "step.started ocr", "step.succeeded ocr", "document.completed"), STEPS)).toEqual([]);
  });

  it("flags a step.succeeded after document.completed (a slower run finishing late)", () => {
    const problems = overlappingRuns(log("document.processing", "step.started ocr", "document.processing", "step.started ocr", "step.succeeded ocr", "document.completed", "step.succeeded ocr"), STEPS);
    expect(problems.join("\n")).toMatch(/after document.completed/);
    expect(problems.join("\n")).toMatch(/step.succeeded ocr #2/);
  });

  it("flags a step event of a run that lost the document to a newer run", () => {
    const problems = overlappingRuns(log("document.processing", "step.started ocr", "document.processing", "step.started detect", "step.progress ocr"), STEPS);
    expect(problems).toEqual(["step.progress ocr (seq 5) without a step.started in the current run"]);
  });

  it("flags seq gaps and a second terminal event", () => {
    const events = log("document.processing", "step.started detect", "step.succeeded detect", "document.completed", "document.completed");
    events[1]!.seq = 3;
    const problems = overlappingRuns(events, STEPS);
    expect(problems.some((p) => p.includes("gap or repeat"))).toBe(true);
    expect(problems.some((p) => p.includes("second terminal event"))).toBe(true);
  });

  it("accepts a step failed with its document from outside any run (WORKER_CRASHED after a run died before reaching the step)", () => {
    const events = log("document.processing", "step.started ocr", "document.processing", "step.failed ocr", "document.failed");
    events[3]!.code = "WORKER_CRASHED";
    events[4]!.code = "WORKER_CRASHED";
    expect(overlappingRuns(events, STEPS)).toEqual([]);
  });

  it("still flags a failed step of a stale run that the document's failure does not follow", () => {
    const events = log("document.processing", "step.started ocr", "document.processing", "step.started detect", "step.failed ocr");
    events[4]!.code = "OCR_FAILED";
    expect(overlappingRuns(events, STEPS)).toEqual(["step.failed ocr (seq 5) without a step.started in the current run"]);
  });

  it("does not count deliveries after completion", () => {
    expect(overlappingRuns(log("document.processing", "step.started detect", "step.succeeded detect", "document.completed", "delivery.retry deliver:x"), STEPS)).toEqual([]);
  });
});
