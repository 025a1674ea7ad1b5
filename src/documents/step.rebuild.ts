import { isDeepStrictEqual } from "node:util";
import type { DataSource } from "typeorm";
import { ProcessingEventEntity, ProcessingStepEntity } from "../db/entities/index.js";
import { readLoggedEvent } from "../events/event.log.js";
import { projectSteps, storedStep, type ProjectedStep } from "../events/step.projection.js";
import { STEP_NAMES } from "./step.names.js";

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
      const rebuilt = projectSteps(events.map(readLoggedEvent), STEP_NAMES);
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
