import type { DocumentStatus, EventFieldsFragment } from "./generated/graphql.js";
import { STEP_NAMES, isTerminalEvent } from "./steps.js";

/**
 * The client-side fold of a document's event stream into what a progress view
 * shows (the web page's upload rows, the CLI's bars). Pure: no I/O, no
 * imports beyond types and the step list, so browser and Node share it.
 */

/** How a client names a step's state. */
export type StepPhase = "pending" | "running" | "succeeded" | "skipped" | "failed";

/** One step as a progress view shows it. */
export interface StepView {
  name: string;
  phase: StepPhase;
  /** The latest message about the step, e.g. "page 1 of 1". */
  message: string | null;
  /** [0, 1] while running. */
  fraction: number | null;
  durationMs: number | null;
  attempts: number;
  errorCode: string | null;
}

/** Pages read so far by OCR (document.page events), for a progressive view; texts come from `Document.pages`. */
export interface PagesView {
  /** Pages read so far. */
  done: number;
  /** Pages the OCR step reads. */
  total: number;
  /** Page numbers read so far, in the order they were announced. */
  read: number[];
}

/** What a document's event stream has told us so far. */
export interface ProgressState {
  /** The last seq applied: events at or below it are duplicates. */
  lastSeq: number;
  status: DocumentStatus;
  /** Overall 0–100. */
  progress: number;
  steps: StepView[];
  /** The latest event's message. */
  message: string | null;
  /** The run ended (document.completed / failed / cancelled). */
  terminal: boolean;
  errorCode: string | null;
  errorMessage: string | null;
  /** Pages OCR'd so far; null before the first document.page event. */
  pages: PagesView | null;
}

/** A step that has not run. */
export const blankStep = (name: string): StepView => ({ name, phase: "pending", message: null, fraction: null, durationMs: null, attempts: 0, errorCode: null });

/** The state before any event: every step pending. */
export function initialProgress(status: DocumentStatus, progress = 0): ProgressState {
  return { lastSeq: 0, status, progress, steps: STEP_NAMES.map(blankStep), message: null, terminal: false, errorCode: null, errorMessage: null, pages: null };
}

const num = (value: unknown): number | null => (typeof value === "number" ? value : null);
const str = (value: unknown): string | null => (typeof value === "string" ? value : null);

/**
 * Apply one event (the client's copy of src/events/step.projection.ts's
 * rules). Events at or below `lastSeq` were already applied and are ignored:
 * replays after a reconnect never count twice. Returns a new state.
 */
export function applyEvent(state: ProgressState, e: EventFieldsFragment): ProgressState {
  if (e.seq <= state.lastSeq) return state;
  const steps = state.steps.map((s) => ({ ...s }));
  const stepOf = (name: string): StepView => {
    let row = steps.find((s) => s.name === name);
    if (!row) {
      row = blankStep(name);
      steps.push(row);
    }
    return row;
  };
  const next: ProgressState = { ...state, lastSeq: e.seq, status: e.documentStatus, progress: e.progress, message: e.message ?? state.message, steps };
  const row = e.step ? stepOf(e.step) : null;
  const detail = (e.detail ?? {}) as Record<string, unknown>;
  switch (e.type) {
    case "document.queued":
    case "document.processing":
      next.terminal = false;
      break;
    case "document.reprocess": {
      const reset = Array.isArray(detail.reset) ? (detail.reset as unknown[]).filter((n): n is string => typeof n === "string") : [];
      for (const name of reset) Object.assign(stepOf(name), { ...blankStep(name), attempts: stepOf(name).attempts });
      next.terminal = false;
      next.errorCode = null;
      next.errorMessage = null;
      if (reset.includes("ocr")) next.pages = null;
      break;
    }
    case "step.started":
      if (row) Object.assign(row, { phase: "running", fraction: 0, durationMs: null, errorCode: null, attempts: num(detail.attempt) ?? row.attempts + 1, message: e.message ?? row.message });
      break;
    case "step.progress":
      if (row) Object.assign(row, { phase: "running", fraction: e.stepProgress ?? row.fraction, message: e.message ?? row.message });
      break;
    case "step.succeeded":
    case "step.skipped":
      if (row) Object.assign(row, { phase: e.type === "step.skipped" ? "skipped" : "succeeded", fraction: 1, durationMs: num(detail.durationMs), message: e.message ?? row.message });
      break;
    case "step.failed":
      if (row) Object.assign(row, { phase: "failed", durationMs: num(detail.durationMs), errorCode: str(detail.code), message: e.message ?? row.message });
      break;
    case "document.page": {
      // A page is read: the OCR step's fraction moves; the message stays the latest step message.
      const page = num(detail.page);
      const total = num(detail.pagesTotal) ?? state.pages?.total ?? 0;
      const known = state.pages?.read ?? [];
      const read = page === null || known.includes(page) ? known : [...known, page];
      next.pages = { done: Math.max(num(detail.pagesDone) ?? 0, read.length), total, read };
      next.message = state.message;
      if (row) Object.assign(row, { phase: "running", fraction: e.stepProgress ?? row.fraction });
      break;
    }
    case "document.failed":
      next.errorCode = str(detail.code);
      next.errorMessage = e.message;
      break;
    default:
      break;
  }
  if (isTerminalEvent(e.type)) next.terminal = true;
  return next;
}
