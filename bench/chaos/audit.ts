/** After a scenario's faults: wait for documents to settle, then account for every one of them. */

import fs from "node:fs/promises";
import path from "node:path";
import type pg from "pg";
import { STEP_NAMES } from "../../src/pipeline/step.js";
import { overlappingRuns, type LoggedEvent } from "./run-overlap.js";

const TERMINAL = ["COMPLETED", "FAILED", "CANCELLED"];

interface DocumentRow {
  id: string;
  status: string;
  error_code: string | null;
  attempts: number;
  worker_deaths: number;
}

/** What happened to the documents of one scenario. */
export interface DocumentAudit {
  /** Accepted uploads (answered with an id). */
  accepted: number;
  /** Rows created for uploads whose answer never arrived (the API died after committing). */
  unanswered: number;
  completed: number;
  failed: number;
  failedCodes: Record<string, number>;
  /** Accepted ids with no row. */
  lost: string[];
  /** Not terminal after the settle timeout: id and status. */
  stuck: string[];
  /** Documents whose log shows overlapping runs, with the reasons. */
  duplicated: Record<string, string[]>;
  /** WORKER_CRASHED documents whose death count differs from WORKER_CRASH_LIMIT. */
  wrongDeathCounts: string[];
  /** Runs started (documents.attempts) over all documents, and the most one document took. */
  runs: { total: number; max: number };
  workerDeaths: number;
  settleMs: number;
}

/** Poll until every document of the database is terminal, or `timeoutMs` passed; returns how long it took. */
export async function waitSettled(pool: pg.Pool, timeoutMs: number): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    const { rows } = await pool.query<{ open: string }>(`SELECT count(*) AS open FROM documents WHERE status <> ALL($1)`, [TERMINAL]);
    if (Number(rows[0]!.open) === 0) return Date.now() - started;
    await new Promise((r) => setTimeout(r, 1000));
  }
  return Date.now() - started;
}

/** Count outcomes and read every document's event log (the scenario's database holds only its documents). */
export async function auditDocuments(pool: pg.Pool, acceptedIds: readonly string[], crashLimit: number, settleMs: number): Promise<DocumentAudit> {
  const { rows } = await pool.query<DocumentRow>(`SELECT id, status, error_code, attempts, worker_deaths FROM documents`);
  const byId = new Map(rows.map((r) => [r.id, r]));
  const accepted = new Set(acceptedIds);
  const { rows: events } = await pool.query<LoggedEvent & { document_id: string }>(`SELECT document_id, seq, type, step, detail->>'code' AS code FROM processing_events ORDER BY document_id, seq`);
  const logs = new Map<string, LoggedEvent[]>();
  for (const e of events) {
    const list = logs.get(e.document_id) ?? [];
    list.push({ seq: e.seq, type: e.type, step: e.step, code: e.code });
    logs.set(e.document_id, list);
  }
  const audit: DocumentAudit = {
    accepted: accepted.size,
    unanswered: rows.filter((r) => !accepted.has(r.id)).length,
    completed: 0,
    failed: 0,
    failedCodes: {},
    lost: [...accepted].filter((id) => !byId.has(id)),
    stuck: [],
    duplicated: {},
    wrongDeathCounts: [],
    runs: { total: 0, max: 0 },
    workerDeaths: 0,
    settleMs,
  };
  for (const r of rows) {
    audit.runs.total += r.attempts;
    audit.runs.max = Math.max(audit.runs.max, r.attempts);
    audit.workerDeaths += r.worker_deaths;
    if (r.status === "COMPLETED") audit.completed++;
    else if (r.status === "FAILED") {
      audit.failed++;
      const code = r.error_code ?? "NO_CODE";
      audit.failedCodes[code] = (audit.failedCodes[code] ?? 0) + 1;
      if (code === "WORKER_CRASHED" && r.worker_deaths !== crashLimit) audit.wrongDeathCounts.push(`${r.id} (${r.worker_deaths} deaths, limit ${crashLimit})`);
    } else if (!TERMINAL.includes(r.status)) audit.stuck.push(`${r.id} ${r.status}`);
    const problems = overlappingRuns(logs.get(r.id) ?? [], STEP_NAMES);
    // The log goes with the reasons, so a reported duplicate can be read without the (dropped) database.
    if (problems.length > 0) audit.duplicated[r.id] = [...problems, `log: ${(logs.get(r.id) ?? []).map((e) => `${e.seq}:${e.type}${e.step ? `:${e.step}` : ""}${e.code ? `:${e.code}` : ""}`).join(" ")}`];
  }
  return audit;
}

/** Temporary `.part` files and document folders without a row left in local storage. */
export async function storageLeftovers(pool: pg.Pool, storageDir: string): Promise<{ partFiles: number; orphanFolders: number }> {
  const walk = async (dir: string): Promise<string[]> => {
    const entries = await fs.readdir(dir, { withFileTypes: true }).catch(() => []);
    const nested = await Promise.all(entries.map((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : Promise.resolve([path.join(dir, e.name)]))));
    return nested.flat();
  };
  const files = await walk(storageDir);
  const { rows } = await pool.query<{ id: string }>(`SELECT id FROM documents`);
  const ids = new Set(rows.map((r) => r.id));
  const folders = new Set<string>();
  for (const f of files) {
    const m = /users\/[^/]+\/documents\/([^/]+)\//.exec(path.relative(storageDir, f).split(path.sep).join("/"));
    if (m && !ids.has(m[1]!)) folders.add(m[1]!);
  }
  return { partFiles: files.filter((f) => f.endsWith(".part")).length, orphanFolders: folders.size };
}
