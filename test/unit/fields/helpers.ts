import { expect } from "vitest";
import type { ExtractedField, FieldName, PageTexts } from "../../../src/extraction/extraction.types.js";
import { bestField } from "../../../src/extraction/fields/index.js";

/** Asserts the contract every produced field must honour, whatever extractor made it. */
export function expectWellFormed(fields: readonly ExtractedField[], pages: PageTexts): void {
  for (const f of fields) {
    const page = pages[f.page - 1];
    expect(page, `page ${f.page} of ${f.name}`).toBeDefined();
    expect(f.raw, `${f.name} raw/offset invariant`).toBe(page?.slice(f.start, f.end));
    expect(f.start).toBeLessThan(f.end);
    expect(f.confidence).toBeGreaterThanOrEqual(0);
    expect(f.confidence).toBeLessThanOrEqual(1);
  }
}

/** The best candidate's value, for terse assertions. */
export function best(fields: readonly ExtractedField[], name: FieldName): ExtractedField["value"] | undefined {
  return bestField(fields, name)?.value;
}
