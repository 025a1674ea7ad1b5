import { DocumentProgressDocument, type DocumentStatus, type EventFieldsFragment } from "@folio/client";
import { FolioError, type FolioApi } from "./api";

/** The fixed steps of the pipeline, in the order they run (src/pipeline/step.ts). */
export const STEP_NAMES = ["detect", "extract_text", "ocr", "classify", "extract_fields", "summarize", "finalize"] as const;

/** How the UI names a step's state (and what `data-status` carries). */
export type StepPhase = "pending" | "running" | "succeeded" | "skipped" | "failed";

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
}

const TERMINAL_TYPES = new Set(["document.completed", "document.failed", "document.cancelled"]);

const blankStep = (name: string): StepView => ({ name, phase: "pending", message: null, fraction: null, durationMs: null, attempts: 0, errorCode: null });

export function initialProgress(status: DocumentStatus, progress = 0): ProgressState {
  return {
    lastSeq: 0,
    status,
    progress,
    steps: STEP_NAMES.map(blankStep),
    message: null,
    terminal: false,
    errorCode: null,
    errorMessage: null,
  };
}

const num = (value: unknown): number | null => (typeof value === "number" ? value : null);
const str = (value: unknown): string | null => (typeof value === "string" ? value : null);

/**
 * Apply one event (the same fold as src/events/step.projection.ts). Events
 * at or below `lastSeq` were already applied and are ignored: replays after a
 * reconnect never count twice.
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
  const next: ProgressState = {
    ...state,
    lastSeq: e.seq,
    status: e.documentStatus,
    progress: e.progress,
    message: e.message ?? state.message,
    steps,
  };
  const row = e.step ? stepOf(e.step) : null;
  switch (e.type) {
    case "document.queued":
    case "document.processing":
      next.terminal = false;
      break;
    case "document.reprocess": {
      const reset = Array.isArray(e.detail.reset) ? (e.detail.reset as unknown[]).filter((n): n is string => typeof n === "string") : [];
      for (const name of reset) Object.assign(stepOf(name), { ...blankStep(name), attempts: stepOf(name).attempts });
      next.terminal = false;
      next.errorCode = null;
      next.errorMessage = null;
      break;
    }
    case "step.started":
      if (row) Object.assign(row, { phase: "running", fraction: 0, durationMs: null, errorCode: null, attempts: num(e.detail.attempt) ?? row.attempts + 1, message: e.message ?? row.message });
      break;
    case "step.progress":
      if (row) Object.assign(row, { phase: "running", fraction: e.stepProgress ?? row.fraction, message: e.message ?? row.message });
      break;
    case "step.succeeded":
    case "step.skipped":
      if (row) {
        Object.assign(row, {
          phase: e.type === "step.skipped" ? "skipped" : "succeeded",
          fraction: 1,
          durationMs: num(e.detail.durationMs),
          message: e.message ?? row.message,
        });
      }
      break;
    case "step.failed":
      if (row) Object.assign(row, { phase: "failed", durationMs: num(e.detail.durationMs), errorCode: str(e.detail.code), message: e.message ?? row.message });
      break;
    case "document.failed":
      next.errorCode = str(e.detail.code);
      next.errorMessage = e.message;
      break;
    default:
      break;
  }
  if (TERMINAL_TYPES.has(e.type)) next.terminal = true;
  return next;
}

/** Error codes after which resubscribing cannot help. */
const FATAL_CODES = new Set(["UNAUTHENTICATED", "FORBIDDEN", "NOT_FOUND", "VALIDATION_FAILED", "BAD_USER_INPUT", "GRAPHQL_VALIDATION_FAILED"]);

export interface ProgressTracker {
  stop(): void;
}

/**
 * Follow a document's `documentProgress` until its terminal event. The socket
 * reconnects by itself (graphql-ws retryAttempts) and resends the subscription
 * with the current `afterSeq`; should the subscription still end or fail before
 * the terminal event, it is opened again from the last seq seen. Duplicates
 * (seq ≤ last seq) are dropped.
 */
export function trackProgress(
  api: FolioApi,
  id: string,
  handlers: {
    /** Called with each new event (in seq order, each once). */
    onEvent(event: EventFieldsFragment): void;
    /** Live, reconnecting (with the attempt number) or finished. */
    onConnection(state: { kind: "live" } | { kind: "reconnecting"; attempt: number; error: FolioError | null } | { kind: "ended" } | { kind: "failed"; error: FolioError }): void;
  },
  startAfterSeq = 0,
): ProgressTracker {
  let lastSeq = startAfterSeq;
  let stopped = false;
  let ended = false;
  let attempt = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let current: { unsubscribe(): void } | null = null;

  const open = () => {
    if (stopped) return;
    // The same object is serialised on every resend: graphql-ws's own resubscriptions resume from lastSeq too.
    const variables = { id, afterSeq: lastSeq };
    let finished = false;
    const retry = (error: FolioError | null) => {
      if (finished) return;
      finished = true;
      current = null;
      if (stopped || ended) return;
      if (error && FATAL_CODES.has(error.code)) {
        handlers.onConnection({ kind: "failed", error });
        return;
      }
      attempt++;
      handlers.onConnection({ kind: "reconnecting", attempt, error });
      timer = setTimeout(open, Math.min(10_000, 500 * 2 ** Math.min(attempt, 5)));
    };
    current = api.subscribe(DocumentProgressDocument, variables, {
      next: ({ documentProgress: e }) => {
        if (stopped || e.seq <= lastSeq) return;
        lastSeq = e.seq;
        variables.afterSeq = lastSeq;
        attempt = 0;
        handlers.onEvent(e);
        if (TERMINAL_TYPES.has(e.type)) {
          ended = true;
          handlers.onConnection({ kind: "ended" });
        } else {
          handlers.onConnection({ kind: "live" });
        }
      },
      error: (error) => retry(error),
      complete: () => {
        if (ended) {
          finished = true;
          current = null;
          return;
        }
        // The stream ended before the terminal event: open it again from the last seq.
        retry(null);
      },
    });
  };
  open();

  return {
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      current?.unsubscribe();
      current = null;
    },
  };
}

export function errorText(error: unknown): string {
  if (error instanceof FolioError) return `${error.code}: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}
