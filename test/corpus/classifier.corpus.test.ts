import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, it, expect } from "vitest";
import { classifyDocument } from "../../src/extraction/classifier.js";
import { DOCUMENT_TYPES } from "../../src/extraction/extraction.types.js";
import type { Classification } from "../../src/extraction/extraction.types.js";
import { requireCorpus } from "../support/corpus.js";

function expectWellFormed(c: Classification): void {
  expect(c.confidence).toBeGreaterThanOrEqual(0);
  expect(c.confidence).toBeLessThanOrEqual(1);
  // Every type is scored exactly once, best first, and the winner heads the list.
  expect(c.scores.map((s) => s.type).sort()).toEqual([...DOCUMENT_TYPES].sort());
  for (let i = 1; i < c.scores.length; i += 1) {
    expect(c.scores[i - 1]!.score).toBeGreaterThanOrEqual(c.scores[i]!.score);
  }
  expect(c.scores[0]!.type).toBe(c.type);
  // A type's score is exactly the sum of its cues' weights: the explanation is complete.
  for (const { type, score } of c.scores) {
    const sum = c.cues.filter((cue) => cue.type === type).reduce((acc, cue) => acc + cue.weight, 0);
    expect(score).toBeCloseTo(sum, 2);
  }
}

/** Share of the manifest's receipts classified as receipt: measured 119/120. */
const RECEIPT_FLOOR = 0.97;

describe("SROIE receipts corpus", () => {
  const dir = path.join(requireCorpus(), "receipts");
  const files = readdirSync(dir)
    .filter((f) => f.endsWith(".box.csv"))
    .sort();

  /** Each line is `x1,y1,x2,y2,x3,y3,x4,y4,TEXT`; the text may itself contain commas. */
  function boxText(file: string): string {
    return readFileSync(path.join(dir, file), "utf8")
      .split(/\r?\n/)
      .filter((line) => line.trim().length > 0)
      .map((line) => line.split(",").slice(8).join(","))
      .join("\n");
  }

  const manifest = JSON.parse(readFileSync(path.join(dir, "manifest.json"), "utf8")) as { ocr_lines: string }[];

  it("has a box.csv for every receipt of the manifest", () => {
    expect(files.length).toBeGreaterThan(0);
    expect(files).toEqual(manifest.map((m) => m.ocr_lines).sort());
  });

  it("classifies nearly every receipt as receipt", () => {
    const results = files.map((file) => ({ file, result: classifyDocument([boxText(file)]) }));
    for (const { result } of results) expectWellFormed(result);
    const misses = results.filter((r) => r.result.type !== "receipt").map((r) => `${r.file}: ${r.result.type}`);
    const hits = results.length - misses.length;
    console.info(`classifier: ${hits}/${results.length} receipts`);
    expect(hits / results.length, `misclassified: ${misses.join(", ")}`).toBeGreaterThanOrEqual(RECEIPT_FLOOR);
  });
});
