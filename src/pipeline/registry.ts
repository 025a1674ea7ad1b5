import type { PipelineStep, StepName } from "./step.js";
import { classifyStep } from "./steps/classify.step.js";
import { detectStep } from "./steps/detect.step.js";
import { extractFieldsStep } from "./steps/extract-fields.step.js";
import { extractTextStep } from "./steps/extract-text.step.js";
import { finalizeStep } from "./steps/finalize.step.js";
import { ocrStep } from "./steps/ocr.step.js";
import { searchablePdfStep } from "./steps/searchable-pdf.step.js";
import { summarizeStep } from "./steps/summarize.step.js";

/** Every step by name: a step without an implementation is a compile error. */
export const STEP_REGISTRY: { readonly [N in StepName]: PipelineStep<N> } = {
  detect: detectStep,
  extract_text: extractTextStep,
  ocr: ocrStep,
  classify: classifyStep,
  extract_fields: extractFieldsStep,
  summarize: summarizeStep,
  searchable_pdf: searchablePdfStep,
  finalize: finalizeStep,
};
