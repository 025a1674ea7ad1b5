import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/env.js";
import type { StepDataMap } from "../../src/pipeline/step.js";
import { pagesToOcr } from "../../src/pipeline/steps/extract-text.step.js";
import { ocrStep } from "../../src/pipeline/steps/ocr.step.js";

const TEXT = "Invoice 2025-0042 from Example Trading Ltd, total EUR 120.00";
/** Page 1 born digital, page 2 an earlier OCR drawn invisibly, page 3 a scan without text. */
const textLayer: StepDataMap["extract_text"] = { pageCount: 3, pages: [TEXT, TEXT, ""], ocrLayerPages: [2] };

describe("which PDF pages the OCR step reads (OCR_MODE)", () => {
  it("skip: only pages without a usable text layer", () => {
    expect(pagesToOcr(textLayer, "skip")).toEqual([3]);
  });

  it("redo: also pages whose text is an earlier OCR", () => {
    expect(pagesToOcr(textLayer, "redo")).toEqual([2, 3]);
    // A text layer stored before OCR layers were looked for counts as the page's own.
    expect(pagesToOcr({ pages: [TEXT, ""] }, "redo")).toEqual([2]);
  });

  it("force: every page, whatever text it has", () => {
    expect(pagesToOcr(textLayer, "force")).toEqual([1, 2, 3]);
  });

  it("only computes (skips without a start of its own) when the mode leaves no page to read", () => {
    const outputs: Partial<StepDataMap> = { detect: { mime: "application/pdf", ext: "pdf", kind: "pdf" }, extract_text: { pageCount: 1, pages: [TEXT], ocrLayerPages: [1] } };
    const defer = ocrStep.deferStart as (o: Partial<StepDataMap>, l: ReturnType<typeof loadConfig>["limits"]) => boolean;
    expect(defer(outputs, loadConfig({}).limits)).toBe(true);
    expect(defer(outputs, loadConfig({ OCR_MODE: "redo" }).limits)).toBe(false);
    expect(defer({ ...outputs, extract_text: { pageCount: 1, pages: [TEXT], ocrLayerPages: [] } }, loadConfig({ OCR_MODE: "redo" }).limits)).toBe(true);
    expect(defer({ ...outputs, extract_text: { pageCount: 1, pages: [TEXT] } }, loadConfig({ OCR_MODE: "force" }).limits)).toBe(false);
  });
});
