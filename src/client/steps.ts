/**
 * What every Folio client needs to know about the pipeline without asking the
 * server: the steps in the order they run and the events that end a run.
 * The step list is the server's own (common/step.names.ts, import-free so the
 * browser bundle takes it); a unit test keeps the registry in that order.
 */
export { STEP_NAMES, type StepName } from "../common/step.names.js";

/** The events that end a processing run (a reprocess starts a new one). */
export const TERMINAL_EVENT_TYPES: ReadonlySet<string> = new Set(["document.completed", "document.failed", "document.cancelled"]);

/** True for an event that ends a run. */
export function isTerminalEvent(type: string): boolean {
  return TERMINAL_EVENT_TYPES.has(type);
}
