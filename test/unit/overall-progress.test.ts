import { describe, expect, it } from "vitest";
import { overallProgress } from "../../src/documents/document.progress.js";
import { STEP_NAMES, STEP_WEIGHTS, type StepName } from "../../src/documents/step.names.js";

// Overall progress is the weighted share of the pipeline's steps that are done (each step's
// weight from STEP_WEIGHTS), plus the running step's own fraction; 100 is kept for completion.

const totalWeight = STEP_NAMES.reduce((sum, name) => sum + STEP_WEIGHTS[name], 0);
const percent = (weight: number) => Math.floor((weight / totalWeight) * 100);
const weightOf = (names: readonly StepName[]) => names.reduce((sum, name) => sum + STEP_WEIGHTS[name], 0);

describe("overallProgress", () => {
  it("is 0 before any step finished", () => {
    expect(overallProgress(new Set())).toBe(0);
    expect(overallProgress(new Set(), { name: "detect", fraction: 0 })).toBe(0);
  });

  it("is the finished steps' share of the total weight, rounded down", () => {
    const done: StepName[] = ["detect", "extract_text"];
    expect(overallProgress(new Set(done))).toBe(percent(weightOf(done)));
    // OCR is by far the heaviest step: finishing it moves the bar the most.
    const beforeOcr = overallProgress(new Set(done));
    const afterOcr = overallProgress(new Set([...done, "ocr"]));
    const afterClassify = overallProgress(new Set([...done, "ocr", "classify"]));
    expect(afterOcr - beforeOcr).toBeGreaterThan(afterClassify - afterOcr);
  });

  it("adds the running step's fraction of its weight", () => {
    const done: StepName[] = ["detect", "extract_text"];
    expect(overallProgress(new Set(done), { name: "ocr", fraction: 0.5 })).toBe(percent(weightOf(done) + STEP_WEIGHTS.ocr * 0.5));
  });

  it("clamps the running step's fraction to [0, 1]", () => {
    const done = new Set<StepName>(["detect"]);
    expect(overallProgress(done, { name: "ocr", fraction: -3 })).toBe(overallProgress(done, { name: "ocr", fraction: 0 }));
    expect(overallProgress(done, { name: "ocr", fraction: 7 })).toBe(overallProgress(done, { name: "ocr", fraction: 1 }));
  });

  it("stays at 99 when every step is done: 100 belongs to the completion event", () => {
    expect(overallProgress(new Set(STEP_NAMES))).toBe(99);
    expect(overallProgress(new Set(STEP_NAMES), { name: "finalize", fraction: 1 })).toBe(99);
  });

  it("ignores names that are not pipeline steps (delivery steps run after completion)", () => {
    expect(overallProgress(new Set(["deliver:archive", "detect"]))).toBe(overallProgress(new Set(["detect"])));
  });

  it("never goes backwards over a run that reports increasing fractions", () => {
    const done = new Set<StepName>();
    let last = 0;
    for (const name of STEP_NAMES) {
      for (const fraction of [0, 0.25, 0.5, 0.75, 1]) {
        const value = overallProgress(done, { name, fraction });
        expect(value).toBeGreaterThanOrEqual(last);
        last = value;
      }
      done.add(name);
      const value = overallProgress(done);
      expect(value).toBeGreaterThanOrEqual(last);
      last = value;
    }
  });
});
