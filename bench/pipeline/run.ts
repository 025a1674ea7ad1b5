/**
 * The pipeline side of the bench: the bench database and environment, submitting corpus files
 * to the real pipeline, waiting for them, and reading back what happened to each.
 */

import { randomBytes } from "node:crypto";
import { createReadStream } from "node:fs";
import { performance } from "node:perf_hooks";
import pg from "pg";
import { In } from "typeorm";
import type { AppContext } from "../../src/app/app-context.js";
import type { PipelineServices } from "../../src/app/pipeline-services.js";
import type { Config } from "../../src/config/env.js";
import { createDataSource, migrate } from "../../src/db/data-source.js";
import { DocumentEntity, ProcessingStepEntity, StepStatus, TERMINAL_DOCUMENT_STATUSES } from "../../src/db/entities/index.js";
import { AppError } from "../../src/errors/app.error.js";
import type { ExtractedField } from "../../src/extraction/extraction.types.js";
import { STEP_NAMES } from "../../src/pipeline/step.js";
import { createRedis } from "../../src/redis/redis.connection.js";
import type { CorpusItem } from "./corpus.js";
import type { SetName } from "./options.js";
import { stats, type Stats } from "./stats.js";

// ───────────────────────────── database and environment ─────────────────────────────

export const BENCH_DATABASE_URL = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/folio_bench";

/** Folio variables a developer may tune for a bench run; everything that decides *where* data goes stays under the bench's control. */
export const TUNABLE = [
  "REDIS_URL", "OCR_WORKERS", "PDF_TIMEOUT_MS", "PDF_MEMORY_MB", "OCR_PAGE_TIMEOUT_MS", "STEP_TIMEOUT_MS",
  "MAX_PAGES", "MAX_OCR_PAGES", "MAX_IMAGE_PIXELS", "MAX_TEXT_CHARS", "JOB_ATTEMPTS", "JOB_BACKOFF_MS", "OCR_REREAD_MAX_REGIONS", "OCR_ENGINE",
] as const;

export async function ensureDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.replace(/^\//, ""));
  if (!/^[A-Za-z0-9_]+$/.test(name)) throw new Error(`refusing to create database with unusual name "${name}"`);
  const admin = new URL(url);
  admin.pathname = "/postgres";
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const found = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    // CREATE DATABASE takes no parameters; the name was checked above.
    if (found.rowCount === 0) await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
  const dataSource = createDataSource({ url, poolSize: 2 });
  try {
    await migrate(dataSource);
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
  }
}

export function benchEnv(storageDir: string, prefix: string, concurrency: number): Record<string, string> {
  const env: Record<string, string> = {
    NODE_ENV: "development",
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? "warn",
    DATABASE_URL: BENCH_DATABASE_URL,
    DATABASE_POOL_SIZE: "10",
    STORAGE_DRIVER: "local",
    STORAGE_DIR: storageDir,
    QUEUE_PREFIX: prefix,
    SIGNING_SECRET: randomBytes(32).toString("hex"),
    WORKER_CONCURRENCY: String(concurrency),
    // bomb_giant.pdf hangs the parser until this budget runs out; at the default 60 s it would dominate the run.
    PDF_TIMEOUT_MS: "15000",
    JOB_BACKOFF_MS: "500",
    RECONCILE_INTERVAL_MS: "3600000",
  };
  for (const key of TUNABLE) {
    const value = process.env[key];
    if (value !== undefined && value.trim() !== "") env[key] = value;
  }
  return env;
}

// ───────────────────────────── pipeline run ─────────────────────────────

export interface Submitted {
  item: CorpusItem;
  documentId: string | null;
  /** Intake refused the file (a client/document error before any pipeline step). */
  rejectedCode: string | null;
  latencyMs: number;
  /** The bench gave up waiting; the document was still QUEUED/PROCESSING. */
  stuck: boolean;
}

export const DOC_TIMEOUT_MS = Number(process.env.BENCH_DOC_TIMEOUT_MS ?? 600_000);

/**
 * Waits for documents to reach a terminal status with one query per tick for all of them, however many are in
 * flight. The bench runs in the worker's process: one poll per document every 50 ms (20 in flight: ~400 queries a
 * second) cost ~0.12 core of Node and ~0.05 of PostgreSQL on the 2 shared cores, charged to the service it measures.
 */
export class TerminalWaiter {
  private readonly pending = new Map<string, { deadline: number; resolve: (finished: boolean) => void }>();
  private ticking = false;

  constructor(private readonly ctx: AppContext) {}

  /** True once the document is terminal; false when it still was not after {@link DOC_TIMEOUT_MS}. */
  wait(id: string): Promise<boolean> {
    return new Promise((resolve) => {
      this.pending.set(id, { deadline: Date.now() + DOC_TIMEOUT_MS, resolve });
      if (!this.ticking) void this.loop();
    });
  }

  private async loop(): Promise<void> {
    this.ticking = true;
    try {
      // Documents handed over in the same turn of the event loop share the first query.
      await new Promise((r) => setImmediate(r));
      while (this.pending.size > 0) {
        const ids = [...this.pending.keys()];
        const rows = await this.ctx.dataSource.getRepository(DocumentEntity).find({ where: { id: In(ids) }, select: { id: true, status: true } });
        const terminal = new Set(rows.filter((d) => TERMINAL_DOCUMENT_STATUSES.includes(d.status)).map((d) => d.id));
        const now = Date.now();
        for (const id of ids) {
          const waiting = this.pending.get(id)!;
          if (terminal.has(id) || now > waiting.deadline) {
            this.pending.delete(id);
            waiting.resolve(terminal.has(id));
          }
        }
        // 50 ms keeps the polling overhead out of the latency figure without loading PostgreSQL.
        if (this.pending.size > 0) await new Promise((r) => setTimeout(r, 50));
      }
    } finally {
      this.ticking = false;
    }
  }
}

export async function waitTerminal(ctx: AppContext, id: string): Promise<boolean> {
  return new TerminalWaiter(ctx).wait(id);
}

export async function runOne(ctx: AppContext, services: PipelineServices, ownerId: string, item: CorpusItem, waiter = new TerminalWaiter(ctx)): Promise<Submitted> {
  const t0 = performance.now();
  let documentId: string;
  try {
    // The warm-up documents come back in the measured run: they must be processed again, not deduplicated.
    const { document } = await services.intake.submit({ ownerId, filename: item.file, contentType: item.contentType, stream: createReadStream(item.absPath), onDuplicate: "PROCESS_AGAIN" });
    documentId = document.id;
  } catch (error) {
    // A refusal at the door is an outcome to count; a server-side failure means the bench itself is broken.
    if (error instanceof AppError && error.kind !== "server") {
      return { item, documentId: null, rejectedCode: error.code, latencyMs: performance.now() - t0, stuck: false };
    }
    throw error;
  }
  const finished = await waiter.wait(documentId);
  return { item, documentId, rejectedCode: null, latencyMs: performance.now() - t0, stuck: !finished };
}

export async function runAll(ctx: AppContext, services: PipelineServices, ownerId: string, items: readonly CorpusItem[], concurrency: number, label: string): Promise<Submitted[]> {
  const results: Submitted[] = new Array<Submitted>(items.length);
  let next = 0;
  let done = 0;
  const waiter = new TerminalWaiter(ctx);
  const lane = async () => {
    for (;;) {
      const i = next++;
      if (i >= items.length) return;
      results[i] = await runOne(ctx, services, ownerId, items[i]!, waiter);
      done++;
      if (process.stderr.isTTY || done % 10 === 0 || done === items.length) {
        process.stderr.write(`  ${label}: ${done}/${items.length} (${items[i]!.set}/${items[i]!.file})\n`);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, lane));
  return results;
}

export interface DocResult {
  set: SetName;
  file: string;
  bytes: number;
  documentId: string | null;
  status: string;
  errorCode: string | null;
  pageCount: number | null;
  processingMs: number | null;
  /** Submit → terminal status as the bench observed it (includes queueing and polling). */
  latencyMs: number;
  attempts: number;
  documentType: string | null;
  steps: Record<string, { status: string; ms: number | null; errorCode: string | null }>;
}

export async function collect(ctx: AppContext, submitted: readonly Submitted[]): Promise<{ docs: DocResult[]; fields: Map<string, { fields: ExtractedField[]; text: string }> }> {
  const ids = submitted.flatMap((s) => (s.documentId ? [s.documentId] : []));
  const rows = ids.length ? await ctx.dataSource.getRepository(DocumentEntity).find({ where: { id: In(ids) } }) : [];
  const steps = ids.length ? await ctx.dataSource.getRepository(ProcessingStepEntity).find({ where: { documentId: In(ids) }, order: { position: "ASC" } }) : [];
  const byDoc = new Map(rows.map((r) => [r.id, r]));
  const stepsByDoc = new Map<string, ProcessingStepEntity[]>();
  for (const s of steps) stepsByDoc.set(s.documentId, [...(stepsByDoc.get(s.documentId) ?? []), s]);
  const fields = new Map<string, { fields: ExtractedField[]; text: string }>();
  const docs = submitted.map((s): DocResult => {
    const row = s.documentId ? byDoc.get(s.documentId) : undefined;
    if (row) fields.set(row.id, { fields: row.fields as ExtractedField[], text: row.extractedText ?? "" });
    return {
      set: s.item.set,
      file: s.item.file,
      bytes: s.item.bytes,
      documentId: s.documentId,
      status: s.rejectedCode ? "REJECTED" : s.stuck ? `STUCK_${row?.status ?? "UNKNOWN"}` : (row?.status ?? "MISSING"),
      errorCode: s.rejectedCode ?? row?.errorCode ?? null,
      pageCount: row?.pageCount ?? null,
      processingMs: row?.processingMs ?? null,
      latencyMs: Math.round(s.latencyMs),
      attempts: row?.attempts ?? 0,
      documentType: row?.documentType ?? null,
      steps: Object.fromEntries(
        (s.documentId ? (stepsByDoc.get(s.documentId) ?? []) : []).map((st) => [st.name, { status: st.status, ms: st.durationMs, errorCode: st.errorCode }]),
      ),
    };
  });
  return { docs, fields };
}

export interface StepStats extends Stats {
  succeeded: number;
  failed: number;
  skipped: number;
  pending: number;
}

/** Skipped steps (OCR of a PDF with a text layer, text layer of an image) take ~0 ms and would drag the medians down: only steps that ran are timed. */
export function stepTable(docs: readonly DocResult[]): Record<string, StepStats> {
  const out: Record<string, StepStats> = {};
  for (const name of STEP_NAMES) {
    const rows = docs.flatMap((d) => (d.steps[name] ? [d.steps[name]] : []));
    const ran = rows.filter((r) => (r.status === StepStatus.SUCCEEDED || r.status === StepStatus.FAILED) && r.ms !== null);
    out[name] = {
      ...stats(ran.map((r) => r.ms!)),
      succeeded: rows.filter((r) => r.status === StepStatus.SUCCEEDED).length,
      failed: rows.filter((r) => r.status === StepStatus.FAILED).length,
      skipped: rows.filter((r) => r.status === StepStatus.SKIPPED).length,
      pending: rows.filter((r) => r.status === StepStatus.PENDING || r.status === StepStatus.IN_PROGRESS).length,
    };
  }
  return out;
}

export async function removeQueueKeys(config: Config): Promise<void> {
  const redis = createRedis(config.redisUrl, { name: "bench-cleanup" });
  try {
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", `${config.queue.prefix}:*`, "COUNT", 500);
      cursor = next;
      if (keys.length) await redis.del(...keys);
    } while (cursor !== "0");
  } finally {
    redis.disconnect();
  }
}
