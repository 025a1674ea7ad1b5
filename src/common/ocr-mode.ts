import { STEP_NAMES, type StepName } from "./step.names.js";

/**
 * Which pages of a PDF are OCRed: the server's default (`OCR_MODE`) or one document's choice at upload or
 * reprocessing. Imports only the step list, so config, the database layer, the API and the client CLI share it.
 * - `skip`: only pages without a usable text layer;
 * - `redo`: also pages whose text is an earlier OCR drawn invisibly over the scan (a "sandwich" PDF); Folio's OCR
 *   replaces that text;
 * - `force`: every page, whatever text it has.
 */
export const OCR_MODES = ["skip", "redo", "force"] as const;

/** One of {@link OCR_MODES}. */
export type OcrMode = (typeof OCR_MODES)[number];

/** The earliest step a change of OCR mode must run again from: `extract_text` is where OCR layers are looked for. */
export const OCR_MODE_TAKES_EFFECT_AT: StepName = "extract_text";

/**
 * The step a reprocessing request starts at: the one asked for, or {@link OCR_MODE_TAKES_EFFECT_AT} when the
 * request sets an OCR mode and asked for a later step (the mode decides which pages the text steps OCR).
 */
export function reprocessStartStep(requestedStep: StepName, ocrMode?: OcrMode): StepName {
  return ocrMode && STEP_NAMES.indexOf(requestedStep) > STEP_NAMES.indexOf(OCR_MODE_TAKES_EFFECT_AT) ? OCR_MODE_TAKES_EFFECT_AT : requestedStep;
}
