import { isDeepStrictEqual } from "node:util";
import type { DataSource } from "typeorm";
import { ProcessingEventEntity, ProcessingStepEntity, StepStatus } from "../db/entities/index.js";
import { STEP_NAMES } from "../pipeline/step.js";

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

function num(value: unknown): number | null {
  return typeof value === "number" ? value : null;
}

/**
 * Fold a document's events (in seq order) into its step table: the step table
 * is a projection of the log, and this is the projection.
 */
export function projectSteps(events: readonly Pick<ProcessingEventEntity, "type" | "step" | "message" | "detail" | "createdAt">[]): ProjectedStep[] {
  const rows = new Map<string, ProjectedStep>();
  const ensureStandard = () => STEP_NAMES.forEach((name, i) => rows.has(name) || rows.set(name, blank(name, i + 1)));
  for (const e of events) {
    const at = e.createdAt.toISOString();
    const row = e.step && e.type.startsWith("step.") ? (rows.get(e.step) ?? rows.set(e.step, blank(e.step, rows.size + 1)).get(e.step)!) : undefined;
    switch (e.type) {
      case "document.queued": {
        const steps = Array.isArray(e.detail.steps) ? (e.detail.steps as string[]) : [...STEP_NAMES];
        steps.forEach((name, i) => rows.has(name) || rows.set(name, blank(name, i + 1)));
        break;
      }
      case "document.processing":
        ensureStandard();
        break;
      case "document.completed":
        // Delivery steps are created (or reset for another round) with the completion.
        for (const d of (e.detail.deliveries as { step: string; position: number }[] | undefined) ?? []) {
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
        for (const name of (e.detail.reset as string[] | undefined) ?? []) {
          const r = rows.get(name);
          if (r) rows.set(name, { ...blank(name, r.position), attempts: r.attempts });
        }
        break;
      case "step.started":
        if (row) Object.assign(row, { status: StepStatus.IN_PROGRESS, attempts: num(e.detail.attempt) ?? row.attempts + 1, startedAt: at, completedAt: null, durationMs: null, errorCode: null, errorMessage: null });
        break;
      case "step.succeeded":
      case "step.skipped":
        if (row) {
          Object.assign(row, {
            status: e.type === "step.skipped" ? StepStatus.SKIPPED : StepStatus.SUCCEEDED,
            completedAt: at,
            durationMs: num(e.detail.durationMs),
            output: (e.detail.output as Record<string, unknown> | null | undefined) ?? null,
          });
        }
        break;
      case "step.failed":
        if (row) Object.assign(row, { status: StepStatus.FAILED, completedAt: at, durationMs: num(e.detail.durationMs), errorCode: (e.detail.code as string) ?? null, errorMessage: e.message });
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

/** One difference between the stored step table and its rebuild. */
export interface StepDifference {
  documentId: string;
  step: string;
  /** `missing`: the log has the step, the table not; `extra`: the reverse; `changed`: columns differ. */
  kind: "missing" | "extra" | "changed";
  columns?: { column: string; stored: unknown; rebuilt: unknown }[];
}

/** Report of a rebuild. */
export interface RebuildReport {
  documents: number;
  differences: StepDifference[];
  /** Rows written (0 in a dry run). */
  written: number;
}

/**
 * Rebuild the step table from the event log and report how it differs. With
 * `dryRun` nothing is written. Each document is rebuilt in its own
 * transaction under its row lock, so a running worker is not raced.
 * Internal step results (the data later steps read) are left as they are.
 */
export async function rebuildSteps(dataSource: DataSource, options: { dryRun: boolean; documentIds?: string[]; batchSize?: number }): Promise<RebuildReport> {
  const report: RebuildReport = { documents: 0, differences: [], written: 0 };
  const ids =
    options.documentIds ??
    ((await dataSource.query(`SELECT id FROM documents ORDER BY created_at, id`)) as { id: string }[]).map((r) => r.id);
  for (const documentId of ids) {
    await dataSource.transaction(async (m) => {
      await m.query(`SELECT id FROM documents WHERE id = $1 FOR UPDATE`, [documentId]);
      const events = await m.find(ProcessingEventEntity, { where: { documentId }, order: { seq: "ASC" } });
      const stored = await m.find(ProcessingStepEntity, { where: { documentId } });
      const rebuilt = projectSteps(events);
      report.documents++;
      const byName = new Map(stored.map((s) => [s.name, s]));
      for (const r of rebuilt) {
        const existing = byName.get(r.name);
        byName.delete(r.name);
        if (!existing) {
          report.differences.push({ documentId, step: r.name, kind: "missing" });
          if (!options.dryRun) {
            await m.insert(ProcessingStepEntity, { documentId, ...r, startedAt: r.startedAt ? new Date(r.startedAt) : null, completedAt: r.completedAt ? new Date(r.completedAt) : null, output: r.output as never });
            report.written++;
          }
          continue;
        }
        const current = storedStep(existing);
        const columns = (Object.keys(r) as (keyof ProjectedStep)[])
          .filter((k) => !isDeepStrictEqual(current[k], r[k]))
          .map((k) => ({ column: k, stored: current[k], rebuilt: r[k] }));
        if (columns.length > 0) {
          report.differences.push({ documentId, step: r.name, kind: "changed", columns });
          if (!options.dryRun) {
            await m.update(ProcessingStepEntity, { id: existing.id }, {
              ...r,
              startedAt: r.startedAt ? new Date(r.startedAt) : null,
              completedAt: r.completedAt ? new Date(r.completedAt) : null,
              output: r.output as never,
            });
            report.written++;
          }
        }
      }
      for (const extra of byName.values()) {
        report.differences.push({ documentId, step: extra.name, kind: "extra" });
        if (!options.dryRun) {
          await m.delete(ProcessingStepEntity, { id: extra.id });
          report.written++;
        }
      }
    });
  }
  return report;
}
