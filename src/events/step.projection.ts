import { StepStatus, type ProcessingStepEntity } from "../db/entities/index.js";
import type { TypedDetail } from "./event.detail.js";

/** The columns of a step row that the event log determines. */
export interface ProjectedStep {
  name: string;
  position: number;
  status: StepStatus;
  attempts: number;
  startedAt: string | null;
  completedAt: string | null;
  durationMs: number | null;
  errorCode: string | null;
  errorMessage: string | null;
  output: Record<string, unknown> | null;
}

const blank = (name: string, position: number): ProjectedStep => ({
  name,
  position,
  status: StepStatus.PENDING,
  attempts: 0,
  startedAt: null,
  completedAt: null,
  durationMs: null,
  errorCode: null,
  errorMessage: null,
  output: null,
});

/** What the projection reads of an event. */
export type ProjectedEvent = { step: string | null; message: string | null; createdAt: Date } & TypedDetail;

/**
 * Fold a document's events (in seq order) into its step table: the step table
 * is a projection of the log, and this is the projection. `standardSteps` are
 * the pipeline's steps, which every run makes sure exist.
 */
export function projectSteps(events: readonly ProjectedEvent[], standardSteps: readonly string[]): ProjectedStep[] {
  const rows = new Map<string, ProjectedStep>();
  const ensureStandard = () => standardSteps.forEach((name, i) => rows.has(name) || rows.set(name, blank(name, i + 1)));
  for (const e of events) {
    const at = e.createdAt.toISOString();
    const row = e.step && e.type.startsWith("step.") ? (rows.get(e.step) ?? rows.set(e.step, blank(e.step, rows.size + 1)).get(e.step)!) : undefined;
    switch (e.type) {
      case "document.queued": {
        const steps = e.detail.steps ?? standardSteps;
        steps.forEach((name, i) => rows.has(name) || rows.set(name, blank(name, i + 1)));
        break;
      }
      case "document.processing":
        ensureStandard();
        break;
      case "document.completed":
        // Delivery steps are created (or reset for another round) with the completion.
        for (const d of e.detail.deliveries ?? []) {
          const r = rows.get(d.step);
          rows.set(d.step, { ...blank(d.step, r?.position ?? d.position), attempts: r?.attempts ?? 0 });
        }
        break;
      case "delivery.retry": {
        const r = e.step ? rows.get(e.step) : undefined;
        if (r && e.step) rows.set(e.step, { ...blank(e.step, r.position), attempts: r.attempts });
        break;
      }
      case "document.reprocess":
        for (const name of e.detail.reset ?? []) {
          const r = rows.get(name);
          if (r) rows.set(name, { ...blank(name, r.position), attempts: r.attempts });
        }
        break;
      case "step.started":
        if (row) Object.assign(row, { status: StepStatus.IN_PROGRESS, attempts: e.detail.attempt ?? row.attempts + 1, startedAt: at, completedAt: null, durationMs: null, errorCode: null, errorMessage: null });
        break;
      case "step.succeeded":
      case "step.skipped":
        if (row) {
          Object.assign(row, {
            status: e.type === "step.skipped" ? StepStatus.SKIPPED : StepStatus.SUCCEEDED,
            completedAt: at,
            durationMs: e.detail.durationMs ?? null,
            output: e.detail.output ?? null,
          });
        }
        break;
      case "step.failed":
        if (row) Object.assign(row, { status: StepStatus.FAILED, completedAt: at, durationMs: e.detail.durationMs ?? null, errorCode: e.detail.code ?? null, errorMessage: e.message });
        break;
      default:
        break;
    }
  }
  return [...rows.values()].sort((a, b) => a.position - b.position);
}

/** A step row as stored, in the projection's shape, for comparison. */
export function storedStep(row: ProcessingStepEntity): ProjectedStep {
  return {
    name: row.name,
    position: row.position,
    status: row.status,
    attempts: row.attempts,
    startedAt: row.startedAt?.toISOString() ?? null,
    completedAt: row.completedAt?.toISOString() ?? null,
    durationMs: row.durationMs,
    errorCode: row.errorCode,
    errorMessage: row.errorMessage,
    output: row.output,
  };
}

