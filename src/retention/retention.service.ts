import type { DataSource } from "typeorm";
import { recordAudit } from "../audit/audit.service.js";
import type { Config } from "../config/env.js";
import { DocumentStatus } from "../db/entities/index.js";
import { remove } from "../documents/transitions/index.js";
import type { Logger } from "../logging/logger.js";
import type { ObjectStore } from "../storage/object-store.js";
import { storageKeys } from "../storage/storage.factory.js";

/** Days documents are kept; 0 keeps them forever. */
export interface RetentionPolicy {
  /** COMPLETED documents, counted from `completed_at`. */
  completedDays: number;
  /** FAILED and CANCELLED documents, counted from `completed_at` (or `created_at` when unset). */
  failedDays: number;
}

/** A user's own settings (null → the global default). */
export interface RetentionOverrides {
  retentionCompletedDays: number | null;
  retentionFailedDays: number | null;
}

/** The policy that applies to a user: their override where set, the global default otherwise. */
export function effectiveRetentionPolicy(defaults: RetentionPolicy, user: RetentionOverrides): RetentionPolicy {
  return {
    completedDays: user.retentionCompletedDays ?? defaults.completedDays,
    failedDays: user.retentionFailedDays ?? defaults.failedDays,
  };
}

/** Largest number of days a policy may name (100 years, as RETENTION_*_DAYS). */
export const MAX_RETENTION_DAYS = 36_500;

/** Statuses retention removes. */
export type RetainedStatus = DocumentStatus.COMPLETED | DocumentStatus.FAILED | DocumentStatus.CANCELLED;

export interface RetentionRunOptions {
  /** Report what would be removed without removing anything. */
  dryRun?: boolean;
  /** The moment ages are measured against (default: now). */
  now?: Date;
  /** Only these users' documents (default: everyone's). */
  ownerIds?: readonly string[];
  /** Stop between documents when aborted (worker shutdown); the report says `stopped`. */
  signal?: AbortSignal;
}

/** What one run removed (or, in a dry run, would remove). */
export interface RetentionReport {
  dryRun: boolean;
  /** The moment ages were measured against. */
  now: string;
  /** The global defaults of this run (per-user overrides apply on top). */
  defaults: RetentionPolicy;
  /** Documents removed (dry run: expired), by status. */
  documents: Record<RetainedStatus, number> & { total: number };
  /** Their ids, at most {@link REPORT_ID_CAP}. */
  documentIds: string[];
  documentIdsTruncated: boolean;
  /** Stored objects removed (0 in a dry run). */
  objectsRemoved: number;
  /** Documents that could not be removed, or whose stored objects could not be (retried next run when the row is left). */
  failures: number;
  /** True when the run was aborted before it finished. */
  stopped: boolean;
  durationMs: number;
}

/** How many document ids a report lists. */
export const REPORT_ID_CAP = 1000;

const NO_ID = "00000000-0000-0000-0000-000000000000";

/**
 * Whether a document (alias d, its owner u) is past its retention, with
 * $1 = default completed days, $2 = default failed days, $3 = now. A policy
 * of 0 days never expires anything; a COMPLETED document without
 * `completed_at` never expires either.
 */
const EXPIRED = `(
  (d.status = 'COMPLETED'
    AND COALESCE(u.retention_completed_days, $1::int) > 0
    AND d.completed_at < $3::timestamptz - make_interval(days => COALESCE(u.retention_completed_days, $1::int)))
  OR (d.status IN ('FAILED', 'CANCELLED')
    AND COALESCE(u.retention_failed_days, $2::int) > 0
    AND COALESCE(d.completed_at, d.created_at) < $3::timestamptz - make_interval(days => COALESCE(u.retention_failed_days, $2::int)))
)`;

interface ExpiredRow {
  id: string;
  owner_id: string;
  status: RetainedStatus;
}

/**
 * Applies the retention policy: finds expired documents in batches (one query
 * joining their owners for the effective policy) and deletes each with its
 * steps and events (database cascade) and its stored objects (the document's
 * storage prefix), like `DocumentOperations.delete`, through the `remove`
 * transition. The delete re-checks the policy under the document's row lock,
 * so a document reprocessed since it was found is left alone, and two runs at
 * once never remove or count a document twice.
 */
export class RetentionService {
  constructor(
    private readonly deps: {
      dataSource: DataSource;
      store: ObjectStore;
      logger: Logger;
      config: Pick<Config["retention"], "completedDays" | "failedDays" | "batchSize">;
    },
  ) {}

  get defaults(): RetentionPolicy {
    return { completedDays: this.deps.config.completedDays, failedDays: this.deps.config.failedDays };
  }

  async run(options: RetentionRunOptions = {}): Promise<RetentionReport> {
    const started = Date.now();
    const dryRun = options.dryRun ?? false;
    const now = options.now ?? new Date();
    const { dataSource, store, config } = this.deps;
    const log = this.deps.logger.child({ component: "retention", dryRun });
    const report: RetentionReport = {
      dryRun,
      now: now.toISOString(),
      defaults: this.defaults,
      documents: { COMPLETED: 0, FAILED: 0, CANCELLED: 0, total: 0 },
      documentIds: [],
      documentIdsTruncated: false,
      objectsRemoved: 0,
      failures: 0,
      stopped: false,
      durationMs: 0,
    };
    const base = [config.completedDays, config.failedDays, now];
    const owners = options.ownerIds ? [...options.ownerIds] : null;
    const count = (row: ExpiredRow) => {
      report.documents[row.status]++;
      report.documents.total++;
      if (report.documentIds.length < REPORT_ID_CAP) report.documentIds.push(row.id);
      else report.documentIdsTruncated = true;
    };

    let after = NO_ID;
    for (;;) {
      if (options.signal?.aborted) {
        report.stopped = true;
        break;
      }
      const batch = (await dataSource.query(
        `SELECT d.id, d.owner_id, d.status::text AS status
           FROM documents d JOIN users u ON u.id = d.owner_id
          WHERE d.id > $4::uuid AND ($6::uuid[] IS NULL OR d.owner_id = ANY($6::uuid[])) AND ${EXPIRED}
          ORDER BY d.id
          LIMIT $5`,
        [...base, after, config.batchSize, owners],
      )) as ExpiredRow[];
      if (batch.length === 0) break;
      after = batch.at(-1)!.id;
      for (const row of batch) {
        if (dryRun) {
          count(row);
          continue;
        }
        if (options.signal?.aborted) {
          report.stopped = true;
          break;
        }
        let gone: ExpiredRow | null;
        try {
          // The policy is checked again under the row lock, so a document reprocessed since it was found is left
          // alone, and of two runs at once the second finds nothing (FOR UPDATE re-reads the row once it is free).
          gone = await dataSource.transaction(async (tx) => {
            const [locked] = (await tx.query(
              `SELECT d.id, d.owner_id, d.status::text AS status
                 FROM documents d JOIN users u ON u.id = d.owner_id
                WHERE d.id = $4::uuid AND ${EXPIRED}
                  FOR UPDATE OF d`,
              [...base, row.id],
            )) as ExpiredRow[];
            if (!locked) return null;
            await remove(tx, locked);
            return locked;
          });
        } catch (error) {
          report.failures++;
          log.warn({ err: error, documentId: row.id }, "could not delete an expired document; will retry next run");
          continue;
        }
        if (!gone) continue; // reprocessed, re-policied or removed by someone else since it was found
        count(gone);
        try {
          report.objectsRemoved += await store.deletePrefix(storageKeys.documentPrefix(gone.owner_id, gone.id));
        } catch (error) {
          // The rows are gone; the objects are orphans under a prefix nothing points at.
          report.failures++;
          log.warn({ err: error, documentId: gone.id }, "expired document deleted but its stored objects could not be removed");
        }
        log.debug({ documentId: gone.id, ownerId: gone.owner_id, status: gone.status }, "expired document removed");
      }
      if (report.stopped || batch.length < config.batchSize) break;
    }

    report.durationMs = Date.now() - started;
    const summary = { documents: report.documents, objectsRemoved: report.objectsRemoved, failures: report.failures, stopped: report.stopped, durationMs: report.durationMs };
    if (report.documents.total > 0 || report.failures > 0) log.info(summary, dryRun ? "retention dry run: documents past their retention" : "retention removed expired documents");
    else log.debug(summary, "retention: nothing expired");
    if (!dryRun && report.documents.total > 0) {
      await recordAudit(dataSource, {
        actor: null,
        action: "retention.run",
        targetType: "document",
        targetId: null,
        detail: { documents: report.documents, objectsRemoved: report.objectsRemoved, failures: report.failures, defaults: report.defaults, stopped: report.stopped },
      });
    }
    return report;
  }
}
