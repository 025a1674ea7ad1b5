import { describe, expect, it } from "vitest";
import { buildResult, RESULT_SCHEMA_VERSION, resultSourceOf, type ResultReading, type ResultSource } from "../../src/documents/result.layout.js";

const source: ResultSource = {
  documentId: "d1",
  filename: "a.pdf",
  sha256: "ab".repeat(32),
  contentType: "application/pdf",
  pages: [{ page: 1, text: "Invoice 1", model: null }],
  ocr: null,
  classification: { scores: [{ type: "invoice", score: 2 }], cues: [] },
  lineItems: [],
  searchablePdf: null,
  timingsMs: { detect: 3 },
  processedAt: "2026-01-01T00:00:00.000Z",
};
const reading: ResultReading = { type: "invoice", confidence: 0.8, fields: [], summary: "Invoice 1", typeCorrection: null, correctedAt: null };

describe("the result JSON layout", () => {
  it("gives back, from a stored file, exactly what the run read, so a correction rebuilds the same file", () => {
    const stored = JSON.parse(JSON.stringify(buildResult(source, reading))) as unknown;
    expect(resultSourceOf(stored)).toEqual(source);
    expect(buildResult(resultSourceOf(stored)!, reading)).toEqual(stored);
  });

  it("rebuilds a version-2 file (before line items) as the current version, with no line items", () => {
    const { lineItems: _lineItems, searchablePdf: _pdf, ...v2 } = { ...buildResult(source, reading), schemaVersion: 2 };
    const rebuilt = buildResult(resultSourceOf(v2)!, reading);
    expect(rebuilt.schemaVersion).toBe(RESULT_SCHEMA_VERSION);
    expect(rebuilt.lineItems).toEqual([]);
    expect(rebuilt.pages).toEqual(source.pages);
  });

  it("leaves alone what it cannot rebuild: version 1, a later version, or not a result at all", () => {
    expect(resultSourceOf({ ...buildResult(source, reading), schemaVersion: 1 })).toBeNull();
    expect(resultSourceOf({ ...buildResult(source, reading), schemaVersion: RESULT_SCHEMA_VERSION + 1 })).toBeNull();
    expect(resultSourceOf(null)).toBeNull();
    expect(resultSourceOf({ hello: "world" })).toBeNull();
  });
});
