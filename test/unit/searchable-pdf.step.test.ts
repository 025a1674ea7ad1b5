import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/env.js";
import { buildPage } from "../../src/extraction/page/page.builder.js";
import type { StepContext, StepDataMap } from "../../src/pipeline/step.js";
import { searchablePdfStep } from "../../src/pipeline/steps/searchable-pdf.step.js";

/** A context for the step's decisions that come before any I/O: reading the original or storage fails the test. */
function context(outputs: Partial<StepDataMap>, env: Record<string, string> = {}): StepContext {
  const untouched = () => {
    throw new Error("the step must decide this without reading the original or writing storage");
  };
  return { outputs, limits: loadConfig(env).limits, original: untouched, store: new Proxy({}, { get: untouched }) } as unknown as StepContext;
}

const page = buildPage([{ text: "TOTAL", x0: 10, y0: 10, x1: 60, y1: 24, confidence: 0.9 }], { page: 1, width: 100, height: 100, source: "ocr" });
const ocrd: Partial<StepDataMap> = {
  detect: { mime: "image/png", ext: "png", kind: "image" },
  ocr: { pages: [page.text], models: [page], ocrPages: [1], meanConfidence: 0.9 },
};

describe("the searchable_pdf step", () => {
  it("is optional: its failure never fails the document", () => {
    expect(searchablePdfStep.optional).toBe(true);
  });

  it("skips a document no page of which needed OCR, only computing (its start is written with its outcome)", async () => {
    const outputs: Partial<StepDataMap> = { detect: { mime: "application/pdf", ext: "pdf", kind: "pdf" }, ocr: { pages: ["text"], ocrPages: [], meanConfidence: null } };
    expect(typeof searchablePdfStep.deferStart === "function" && searchablePdfStep.deferStart(outputs, loadConfig({}).limits)).toBe(true);
    expect(typeof searchablePdfStep.deferStart === "function" && searchablePdfStep.deferStart(ocrd, loadConfig({}).limits)).toBe(false);
    await expect(searchablePdfStep.run(context(outputs))).resolves.toMatchObject({ status: "skipped" });
  });

  it("skips when SEARCHABLE_PDF is off", async () => {
    const result = await searchablePdfStep.run(context(ocrd, { SEARCHABLE_PDF: "false" }));
    expect(result).toMatchObject({ status: "skipped", message: expect.stringContaining("SEARCHABLE_PDF") });
  });

  it("skips OCR results stored without word positions (a text-only rebuild has no boxes to place words at)", async () => {
    const result = await searchablePdfStep.run(context({ ...ocrd, ocr: { ...ocrd.ocr!, models: undefined } }));
    expect(result).toMatchObject({ status: "skipped" });
  });

  it("adds no second text layer to pages OCRed again over a text layer of their own (OCR_MODE redo or force)", async () => {
    const text = "an earlier OCR layer of this scanned page, thirty-odd characters";
    const outputs: Partial<StepDataMap> = {
      detect: { mime: "application/pdf", ext: "pdf", kind: "pdf" },
      extract_text: { pageCount: 1, pages: [text], ocrLayerPages: [1] },
      ocr: { pages: [page.text], models: [page], ocrPages: [1], meanConfidence: 0.9 },
    };
    expect(typeof searchablePdfStep.deferStart === "function" && searchablePdfStep.deferStart(outputs, loadConfig({}).limits)).toBe(true);
    await expect(searchablePdfStep.run(context(outputs))).resolves.toMatchObject({ status: "skipped", message: expect.stringContaining("had a text layer already") });
    // A page without text of its own among them still gets its layer.
    const mixed: Partial<StepDataMap> = { ...outputs, extract_text: { pageCount: 2, pages: [text, ""], ocrLayerPages: [1] }, ocr: { ...outputs.ocr!, ocrPages: [1, 2] } };
    expect(typeof searchablePdfStep.deferStart === "function" && searchablePdfStep.deferStart(mixed, loadConfig({}).limits)).toBe(false);
  });
});
