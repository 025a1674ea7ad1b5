/**
 * What every Folio client needs to know about the pipeline without asking the
 * server: the steps in the order they run and the events that end a run.
 * Import-free on purpose, so the browser bundle can take it as it is; a unit
 * test keeps it equal to the server's registry (src/pipeline/registry.ts).
 */

/** The fixed steps of the pipeline, in the order they run. */
export const STEP_NAMES = ["detect", "extract_text", "ocr", "classify", "extract_fields", "summarize", "finalize"] as const;

/** A pipeline step's name. */
export type StepName = (typeof STEP_NAMES)[number];

/** The events that end a processing run (a reprocess starts a new one). */
export const TERMINAL_EVENT_TYPES: ReadonlySet<string> = new Set(["document.completed", "document.failed", "document.cancelled"]);

/** True for an event that ends a run. */
export function isTerminalEvent(type: string): boolean {
  return TERMINAL_EVENT_TYPES.has(type);
}
