import type { DataSource } from "typeorm";

/** A count per key (a status, a document type, an error code). */
export interface KeyCount {
  key: string;
  count: number;
}

/** Durations of one step over the documents of a range. */
export interface StepDurations {
  step: string;
  count: number;
  medianMs: number | null;
  p95Ms: number | null;
}

/** Aggregates over the documents created in [from, to). */
export interface ProcessingStatsRow {
  total: number;
  byStatus: KeyCount[];
  byType: KeyCount[];
  failures: KeyCount[];
  steps: StepDurations[];
}

/** Dashboard aggregates: counts by status, type and error code, and step durations (median, p95). */
export class StatsReadModel {
  constructor(private readonly dataSource: DataSource) {}

  /** For documents created in [from, to), of `ownerId` (null: everyone's). Four queries, run side by side. */
  async processingStats(range: { from: Date; to: Date; ownerId: string | null }): Promise<ProcessingStatsRow> {
    const db = this.dataSource;
    const scope = `d.created_at >= $1 AND d.created_at < $2 AND ($3::uuid IS NULL OR d.owner_id = $3)`;
    const params = [range.from, range.to, range.ownerId];
    const count = (sql: string) => db.query(sql, params) as Promise<KeyCount[]>;
    const [byStatus, byType, failures, steps] = await Promise.all([
      count(`SELECT d.status::text AS key, count(*)::int AS count FROM documents d WHERE ${scope} GROUP BY 1 ORDER BY 2 DESC, 1`),
      count(`SELECT coalesce(d.document_type, 'unknown') AS key, count(*)::int AS count FROM documents d WHERE ${scope} GROUP BY 1 ORDER BY 2 DESC, 1`),
      count(`SELECT d.error_code AS key, count(*)::int AS count FROM documents d WHERE ${scope} AND d.status = 'FAILED' GROUP BY 1 ORDER BY 2 DESC, 1`),
      db.query(
        `SELECT s.name AS step, count(*)::int AS count,
                percentile_cont(0.5) WITHIN GROUP (ORDER BY s.duration_ms) AS "medianMs",
                percentile_cont(0.95) WITHIN GROUP (ORDER BY s.duration_ms) AS "p95Ms"
           FROM processing_steps s JOIN documents d ON d.id = s.document_id
          WHERE ${scope} AND s.duration_ms IS NOT NULL AND s.status IN ('SUCCEEDED', 'SKIPPED', 'FAILED')
          GROUP BY s.name, s.position ORDER BY min(s.position)`,
        params,
      ) as Promise<StepDurations[]>,
    ]);
    return { total: byStatus.reduce((n, r) => n + r.count, 0), byStatus, byType, failures, steps };
  }
}
