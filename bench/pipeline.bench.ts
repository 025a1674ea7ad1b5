/**
 * End-to-end pipeline benchmark: the shared evaluation corpus through the real
 * pipeline (in-process worker, real PostgreSQL and Redis, local storage), with
 * poppler's `pdftotext` and the native `tesseract` CLI timed side by side in the
 * same run so the ratios are measured on the same machine under the same load.
 *
 *   npm run bench:pipeline -- [--only receipts|invoices|pdfs] [--limit N] [--concurrency N]
 *                             [--skip-baselines] [--skip-warmup]
 *
 * See bench/README.md for what each figure means.
 */
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createReadStream } from "node:fs";
import { createRequire } from "node:module";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { gunzipSync } from "node:zlib";
import pg from "pg";
import { In } from "typeorm";
import { z } from "zod";
import { createAppContext, type AppContext } from "../src/app/app-context.js";
import { createPipelineServices, type PipelineServices } from "../src/app/pipeline-services.js";
import { loadConfig, type Config } from "../src/config/env.js";
import { createDataSource, migrate } from "../src/db/data-source.js";
import { DocumentEntity, DocumentStatus, ProcessingStepEntity, StepStatus, TERMINAL_DOCUMENT_STATUSES, UserEntity } from "../src/db/entities/index.js";
import { AppError } from "../src/errors/app.error.js";
import type { ExtractedField, Money } from "../src/extraction/extraction.types.js";
import { bestField, extractFields } from "../src/extraction/fields/index.js";
import { createLogger } from "../src/logging/logger.js";
import { STEP_NAMES } from "../src/pipeline/step.js";
import { startWorker, type RunningWorker } from "../src/app/worker.js";
import { createRedis } from "../src/redis/redis.connection.js";

// ───────────────────────────── options ─────────────────────────────

const SETS = ["receipts", "invoices", "pdfs"] as const;
type SetName = (typeof SETS)[number];

interface BenchOptions {
  only: SetName | null;
  limit: number | null;
  concurrency: number;
  baselines: boolean;
  warmup: boolean;
}

const USAGE = `usage: tsx bench/pipeline.bench.ts [--only receipts|invoices|pdfs] [--limit N] [--concurrency N] [--skip-baselines] [--skip-warmup]
  --only          run one corpus set
  --limit N       at most N files of each selected set (quick runs)
  --concurrency N documents in flight at once (default 1: sequential, so per-step timings are clean)
  --skip-baselines  do not run pdftotext / tesseract
  --skip-warmup   include cold start (first OCR worker, first PDF child) in the figures
Environment: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/folio_bench), REDIS_URL,
  BENCH_LOG_LEVEL (default warn), BENCH_DOC_TIMEOUT_MS (default 600000) and the Folio tuning variables
  ${"OCR_WORKERS, PDF_TIMEOUT_MS (default 15000 here), PDF_MEMORY_MB, OCR_PAGE_TIMEOUT_MS, STEP_TIMEOUT_MS, MAX_*, JOB_ATTEMPTS"}.`;

class UsageError extends Error {}

function positiveInt(name: string, value: string | undefined): number | null {
  if (value === undefined) return null;
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new UsageError(`--${name} expects a whole number ≥ 1 (got "${value}")`);
  return Number(value);
}

function parseFlags(argv: string[]) {
  return parseArgs({
    args: argv,
    options: {
      only: { type: "string" },
      limit: { type: "string" },
      concurrency: { type: "string" },
      "skip-baselines": { type: "boolean", default: false },
      "skip-warmup": { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
    strict: true,
  });
}

function parseOptions(argv: string[]): BenchOptions | null {
  let values: ReturnType<typeof parseFlags>["values"];
  try {
    ({ values } = parseFlags(argv));
  } catch (error) {
    // parseArgs throws plain TypeErrors for unknown flags; they are usage mistakes, not a broken bench.
    throw new UsageError((error as Error).message);
  }
  if (values.help) return null;
  const only = values.only ?? null;
  if (only !== null && !(SETS as readonly string[]).includes(only)) throw new UsageError(`--only expects one of ${SETS.join(", ")} (got "${only}")`);
  return {
    only: only as SetName | null,
    limit: positiveInt("limit", values.limit),
    concurrency: positiveInt("concurrency", values.concurrency) ?? 1,
    baselines: !values["skip-baselines"],
    warmup: !values["skip-warmup"],
  };
}

// ───────────────────────────── corpus ─────────────────────────────

const CORPUS = path.resolve(process.cwd(), process.env.FOLIO_CORPUS ?? "../shared/corpus");

const receiptManifest = z.array(z.object({ file: z.string(), date: z.string(), total: z.string() }).passthrough());
const invoiceManifest = z.array(
  z
    .object({
      file: z.string(),
      kind: z.string(),
      expected: z.object({ amount: z.number().optional(), date: z.string().optional(), invoice_number: z.string().optional() }).passthrough(),
    })
    .passthrough(),
);

type ReceiptTruth = { set: "receipts"; total: string; date: string };
type InvoiceTruth = { set: "invoices"; amount?: number; date?: string; invoiceNumber?: string };

interface CorpusItem {
  set: SetName;
  file: string;
  absPath: string;
  bytes: number;
  contentType: string | null;
  truth: ReceiptTruth | InvoiceTruth | null;
}

const CONTENT_TYPES: Record<string, string> = { ".pdf": "application/pdf", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png" };

async function readJson(file: string): Promise<unknown> {
  return JSON.parse(await fs.readFile(file, "utf8")) as unknown;
}

/** Every file of a set straight from the corpus folder (the manifest only adds ground truth), so nothing is silently skipped. */
async function loadSet(set: SetName): Promise<CorpusItem[]> {
  const dir = path.join(CORPUS, set);
  const wanted = set === "receipts" ? [".jpg"] : set === "invoices" ? [".pdf", ".png"] : [".pdf"];
  const files = (await fs.readdir(dir)).filter((f) => wanted.includes(path.extname(f).toLowerCase())).sort();
  const truth = new Map<string, ReceiptTruth | InvoiceTruth>();
  if (set === "receipts") {
    for (const r of receiptManifest.parse(await readJson(path.join(dir, "manifest.json")))) truth.set(r.file, { set, total: r.total, date: r.date });
  } else if (set === "invoices") {
    for (const r of invoiceManifest.parse(await readJson(path.join(dir, "manifest.json")))) {
      truth.set(r.file, { set, amount: r.expected.amount, date: r.expected.date, invoiceNumber: r.expected.invoice_number });
    }
  }
  return Promise.all(
    files.map(async (file) => {
      const absPath = path.join(dir, file);
      return {
        set,
        file,
        absPath,
        bytes: (await fs.stat(absPath)).size,
        contentType: CONTENT_TYPES[path.extname(file).toLowerCase()] ?? null,
        truth: truth.get(file) ?? null,
      };
    }),
  );
}

// ───────────────────────────── statistics ─────────────────────────────

interface Stats {
  count: number;
  median: number | null;
  p95: number | null;
  mean: number | null;
  min: number | null;
  max: number | null;
  total: number;
}

/** Linear interpolation between closest ranks, so p95 of a small sample is not simply its maximum. */
function quantile(sorted: readonly number[], q: number): number | null {
  if (sorted.length === 0) return null;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

function stats(values: readonly number[]): Stats {
  const sorted = [...values].sort((a, b) => a - b);
  const total = sorted.reduce((a, b) => a + b, 0);
  return {
    count: sorted.length,
    median: round(quantile(sorted, 0.5)),
    p95: round(quantile(sorted, 0.95)),
    mean: round(sorted.length ? total / sorted.length : null),
    min: sorted[0] ?? null,
    max: sorted.at(-1) ?? null,
    total: Math.round(total),
  };
}

function round(value: number | null, digits = 1): number | null {
  if (value === null || !Number.isFinite(value)) return null;
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

function ratio(a: number | null, b: number | null): number | null {
  return a === null || b === null || b === 0 ? null : round(a / b, 2);
}

function countBy<T>(items: readonly T[], key: (item: T) => string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const item of items) out[key(item)] = (out[key(item)] ?? 0) + 1;
  return out;
}

// ───────────────────────────── memory sampling ─────────────────────────────

/** Peak RSS by sampling: `resourceUsage().maxRSS` alone cannot say which phase (pipeline or baselines) the peak belongs to. */
class RssSampler {
  private timer: NodeJS.Timeout | null = null;
  peakBytes = process.memoryUsage().rss;
  samples = 0;

  start(): void {
    this.timer = setInterval(() => this.sample(), 100);
    this.timer.unref();
  }

  sample(): void {
    this.samples++;
    this.peakBytes = Math.max(this.peakBytes, process.memoryUsage().rss);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.sample();
  }
}

const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

// ───────────────────────────── database and environment ─────────────────────────────

const BENCH_DATABASE_URL = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/folio_bench";

/** Folio variables a developer may tune for a bench run; everything that decides *where* data goes stays under the bench's control. */
const TUNABLE = [
  "REDIS_URL", "OCR_WORKERS", "PDF_TIMEOUT_MS", "PDF_MEMORY_MB", "OCR_PAGE_TIMEOUT_MS", "STEP_TIMEOUT_MS",
  "MAX_PAGES", "MAX_OCR_PAGES", "MAX_IMAGE_PIXELS", "MAX_TEXT_CHARS", "JOB_ATTEMPTS", "JOB_BACKOFF_MS",
] as const;

async function ensureDatabase(url: string): Promise<void> {
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

function benchEnv(storageDir: string, prefix: string, concurrency: number): Record<string, string> {
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

interface Submitted {
  item: CorpusItem;
  documentId: string | null;
  /** Intake refused the file (a client/document error before any pipeline step). */
  rejectedCode: string | null;
  latencyMs: number;
  /** The bench gave up waiting; the document was still QUEUED/PROCESSING. */
  stuck: boolean;
}

const DOC_TIMEOUT_MS = Number(process.env.BENCH_DOC_TIMEOUT_MS ?? 600_000);

async function waitTerminal(ctx: AppContext, id: string): Promise<boolean> {
  const repo = ctx.dataSource.getRepository(DocumentEntity);
  const deadline = Date.now() + DOC_TIMEOUT_MS;
  for (;;) {
    const doc = await repo.findOne({ where: { id }, select: { id: true, status: true } });
    if (doc && TERMINAL_DOCUMENT_STATUSES.includes(doc.status)) return true;
    if (Date.now() > deadline) return false;
    // 50 ms keeps the polling overhead out of the latency figure without loading PostgreSQL.
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function runOne(ctx: AppContext, services: PipelineServices, ownerId: string, item: CorpusItem): Promise<Submitted> {
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
  const finished = await waitTerminal(ctx, documentId);
  return { item, documentId, rejectedCode: null, latencyMs: performance.now() - t0, stuck: !finished };
}

async function runAll(ctx: AppContext, services: PipelineServices, ownerId: string, items: readonly CorpusItem[], concurrency: number, label: string): Promise<Submitted[]> {
  const results: Submitted[] = new Array<Submitted>(items.length);
  let next = 0;
  let done = 0;
  const lane = async () => {
    for (;;) {
      const i = next++;
      if (i >= items.length) return;
      results[i] = await runOne(ctx, services, ownerId, items[i]!);
      done++;
      if (process.stderr.isTTY || done % 10 === 0 || done === items.length) {
        process.stderr.write(`  ${label}: ${done}/${items.length} (${items[i]!.set}/${items[i]!.file})\n`);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, lane));
  return results;
}

interface DocResult {
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

async function collect(ctx: AppContext, submitted: readonly Submitted[]): Promise<{ docs: DocResult[]; fields: Map<string, { fields: ExtractedField[]; text: string }> }> {
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

interface StepStats extends Stats {
  succeeded: number;
  failed: number;
  skipped: number;
  pending: number;
}

/** Skipped steps (OCR of a PDF with a text layer, text layer of an image) take ~0 ms and would drag the medians down: only steps that ran are timed. */
function stepTable(docs: readonly DocResult[]): Record<string, StepStats> {
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

// ───────────────────────────── baselines ─────────────────────────────

interface ToolRun {
  file: string;
  ms: number;
  exitCode: number | null;
  signal: string | null;
  timedOut: boolean;
  /** pdftotext: form feeds in the output (one per page); tesseract: 1. */
  pages: number;
  chars: number;
}

const MAX_CAPTURE = 64 * 1024 * 1024;

function runTool(cmd: string, args: readonly string[], opts: { timeoutMs: number; env?: NodeJS.ProcessEnv }): Promise<Omit<ToolRun, "file" | "pages" | "chars"> & { stdout: string }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(cmd, args, { env: opts.env ?? process.env, stdio: ["ignore", "pipe", "ignore"] });
    const chunks: Buffer[] = [];
    let size = 0;
    let timedOut = false;
    child.stdout.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_CAPTURE) chunks.push(chunk);
    });
    // SIGKILL: poppler stuck in bomb_giant.pdf does not react to SIGTERM promptly.
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, opts.timeoutMs);
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on("close", (exitCode, signal) => {
      clearTimeout(timer);
      resolve({ ms: Math.round(performance.now() - t0), exitCode, signal, timedOut, stdout: Buffer.concat(chunks).toString("utf8") });
    });
  });
}

function which(tool: string): string | null {
  try {
    return execFileSync("which", [tool], { encoding: "utf8" }).trim() || null;
  } catch {
    return null;
  }
}

function toolVersion(cmd: string, args: string[]): string | null {
  // pdftotext prints its version on stderr, tesseract on stdout.
  const r = spawnSync(cmd, args, { encoding: "utf8", timeout: 10_000 });
  return `${r.stdout ?? ""}\n${r.stderr ?? ""}`.split("\n").map((l) => l.trim()).find((l) => l !== "") ?? null;
}

const PDFTOTEXT_TIMEOUT_MS = 60_000;
const TESSERACT_TIMEOUT_MS = 120_000;

interface Baseline {
  tool: string;
  version: string | null;
  command: string;
  files: number;
  timedOut: string[];
  nonZeroExit: string[];
  stats: Stats;
  pages: number;
  pagesPerSecond: number | null;
  runs: ToolRun[];
}

type MaybeBaseline = { baseline: Baseline } | { baseline: null; reason: string };

async function pdftotextBaseline(items: readonly CorpusItem[]): Promise<MaybeBaseline> {
  if (!which("pdftotext")) return { baseline: null, reason: "pdftotext not installed" };
  const pdfs = items.filter((i) => path.extname(i.file).toLowerCase() === ".pdf");
  if (pdfs.length === 0) return { baseline: null, reason: "no PDFs in this run" };
  const runs: ToolRun[] = [];
  for (const item of pdfs) {
    const r = await runTool("pdftotext", [item.absPath, "-"], { timeoutMs: PDFTOTEXT_TIMEOUT_MS });
    runs.push({ file: `${item.set}/${item.file}`, ms: r.ms, exitCode: r.exitCode, signal: r.signal, timedOut: r.timedOut, pages: (r.stdout.match(/\f/g) ?? []).length, chars: r.stdout.length });
  }
  return { baseline: summariseBaseline("pdftotext", toolVersion("pdftotext", ["-v"]), `pdftotext <file> -  (killed after ${PDFTOTEXT_TIMEOUT_MS / 1000} s)`, runs) };
}

/** Folio's own OCR model (tesseract.js's "best_int" LSTM data), unpacked for the CLI so one baseline compares engines on the same model. */
async function unpackFolioTessdata(): Promise<{ dir: string; source: string } | null> {
  try {
    const pkg = createRequire(import.meta.url).resolve("@tesseract.js-data/eng/package.json");
    const source = path.join(path.dirname(pkg), "4.0.0_best_int", "eng.traineddata.gz");
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), "folio-bench-tessdata-"));
    await fs.writeFile(path.join(dir, "eng.traineddata"), gunzipSync(await fs.readFile(source)));
    return { dir, source: path.relative(process.cwd(), source) };
  } catch {
    return null;
  }
}

type TesseractVariant = { model: "system" } | { model: "folio"; tessdataDir: string; source: string };

async function tesseractBaseline(items: readonly CorpusItem[], variant: TesseractVariant): Promise<{ result: MaybeBaseline; texts: Map<string, string> }> {
  const texts = new Map<string, string>();
  if (!which("tesseract")) return { result: { baseline: null, reason: "tesseract not installed" }, texts };
  const receipts = items.filter((i) => i.set === "receipts");
  if (receipts.length === 0) return { result: { baseline: null, reason: "no receipts in this run" }, texts };
  const runs: ToolRun[] = [];
  // Its default OpenMP threading is 1.7–2.3× slower on 2 cores (STACK.md): one thread is the fair, fast setting.
  const env = { ...process.env, OMP_THREAD_LIMIT: "1" };
  const modelArgs = variant.model === "folio" ? ["--tessdata-dir", variant.tessdataDir, "--oem", "1"] : [];
  for (const item of receipts) {
    const r = await runTool("tesseract", [item.absPath, "-", ...modelArgs, "--psm", "6"], { timeoutMs: TESSERACT_TIMEOUT_MS, env });
    texts.set(item.file, r.stdout);
    runs.push({ file: `${item.set}/${item.file}`, ms: r.ms, exitCode: r.exitCode, signal: r.signal, timedOut: r.timedOut, pages: 1, chars: r.stdout.length });
  }
  const command =
    variant.model === "folio"
      ? `OMP_THREAD_LIMIT=1 tesseract <img> - --tessdata-dir <${variant.source} unpacked> --oem 1 --psm 6`
      : "OMP_THREAD_LIMIT=1 tesseract <img> - --psm 6  (system eng.traineddata)";
  return { result: { baseline: summariseBaseline("tesseract", toolVersion("tesseract", ["--version"]), command, runs) }, texts };
}

function summariseBaseline(tool: string, version: string | null, command: string, runs: ToolRun[]): Baseline {
  const s = stats(runs.map((r) => r.ms));
  const pages = runs.reduce((n, r) => n + r.pages, 0);
  return {
    tool,
    version,
    command,
    files: runs.length,
    timedOut: runs.filter((r) => r.timedOut).map((r) => r.file),
    nonZeroExit: runs.filter((r) => !r.timedOut && r.exitCode !== 0).map((r) => r.file),
    stats: s,
    pages,
    pagesPerSecond: s.total > 0 ? round(pages / (s.total / 1000), 2) : null,
    runs,
  };
}

interface Comparison {
  what: string;
  /** Files timed by both; files where either side ran into its time limit are left out (both figures would be the limit, not work). */
  pairedFiles: number;
  excluded: { file: string; reason: string }[];
  folio: Stats;
  baseline: Stats;
  /** Folio ÷ baseline: above 1 means Folio is slower. */
  ratio: { median: number | null; p95: number | null; mean: number | null; total: number | null; medianOfPerFileRatios: number | null };
  folioPagesPerSecond: number | null;
  baselinePagesPerSecond: number | null;
}

function compare(what: string, docs: readonly DocResult[], step: string, baseline: Baseline, timeoutCodes: readonly string[]): Comparison {
  const folioByFile = new Map(docs.map((d) => [`${d.set}/${d.file}`, d]));
  const pairs: { file: string; folio: number; base: number; pages: number; basePages: number }[] = [];
  const excluded: { file: string; reason: string }[] = [];
  for (const run of baseline.runs) {
    const d = folioByFile.get(run.file);
    const st = d?.steps[step];
    if (!d || !st || st.ms === null || (st.status !== StepStatus.SUCCEEDED && st.status !== StepStatus.FAILED)) {
      excluded.push({ file: run.file, reason: `Folio ${step} did not run (${st?.status ?? d?.status ?? "missing"})` });
    } else if (run.timedOut) {
      excluded.push({ file: run.file, reason: `${baseline.tool} killed after its time limit` });
    } else if (st.errorCode !== null && timeoutCodes.includes(st.errorCode)) {
      excluded.push({ file: run.file, reason: `Folio ${step} hit its time limit (${st.errorCode})` });
    } else {
      pairs.push({ file: run.file, folio: st.ms, base: run.ms, pages: st.status === StepStatus.SUCCEEDED ? (d.pageCount ?? 0) : 0, basePages: run.pages });
    }
  }
  const f = stats(pairs.map((p) => p.folio));
  const b = stats(pairs.map((p) => p.base));
  const perFile = stats(pairs.filter((p) => p.base > 0).map((p) => p.folio / p.base));
  const pages = pairs.reduce((n, p) => n + p.pages, 0);
  const basePages = pairs.reduce((n, p) => n + p.basePages, 0);
  return {
    what,
    pairedFiles: pairs.length,
    excluded,
    folio: f,
    baseline: b,
    ratio: { median: ratio(f.median, b.median), p95: ratio(f.p95, b.p95), mean: ratio(f.mean, b.mean), total: ratio(f.total, b.total), medianOfPerFileRatios: round(perFile.median, 2) },
    folioPagesPerSecond: f.total > 0 ? round(pages / (f.total / 1000), 2) : null,
    baselinePagesPerSecond: b.total > 0 ? round(basePages / (b.total / 1000), 2) : null,
  };
}

// ───────────────────────────── quality ─────────────────────────────

const MONTHS: Record<string, number> = { jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12 };

function isoDate(y: number, m: number, d: number): string | null {
  const year = y < 100 ? 2000 + y : y;
  const dt = new Date(Date.UTC(year, m - 1, d));
  if (dt.getUTCFullYear() !== year || dt.getUTCMonth() !== m - 1 || dt.getUTCDate() !== d) return null;
  return dt.toISOString().slice(0, 10);
}

/**
 * Ground-truth dates as printed (SROIE mixes `25/12/2018`, `12-01-19`, `05 MAR 2018`, `2018-03-23` and a US
 * `12/28/2017`). Numeric dates are read day-first unless that is impossible, which is what these receipts use.
 */
function normaliseDate(raw: string): string | null {
  const s = raw.trim();
  let m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(s);
  if (m) return isoDate(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{2}|\d{4})$/.exec(s);
  if (m) {
    const a = Number(m[1]);
    const b = Number(m[2]);
    const y = Number(m[3]);
    return b > 12 && a <= 12 ? isoDate(y, a, b) : isoDate(y, b, a);
  }
  m = /^(\d{1,2})[\s-]*([A-Za-z]{3,})\.?[\s,-]*(\d{2}|\d{4})$/.exec(s);
  if (m) {
    const month = MONTHS[m[2]!.slice(0, 3).toLowerCase()];
    return month ? isoDate(Number(m[3]), month, Number(m[1])) : null;
  }
  m = /^([A-Za-z]{3,})\.?\s+(\d{1,2}),?\s+(\d{4})$/.exec(s);
  if (m) {
    const month = MONTHS[m[1]!.slice(0, 3).toLowerCase()];
    return month ? isoDate(Number(m[3]), month, Number(m[2])) : null;
  }
  return null;
}

/** Totals as printed: `9.00`, `$8.20`, `1,234.50`, `12,50`. */
function parseAmount(raw: string): number | null {
  let s = raw.replace(/[^\d.,]/g, "");
  if (s.includes(".") && s.includes(",")) s = s.replace(/,/g, "");
  else if (/,\d{2}$/.test(s)) s = s.replace(",", ".");
  else s = s.replace(/,/g, "");
  const n = Number(s);
  return s !== "" && Number.isFinite(n) ? n : null;
}

function isMoney(value: unknown): value is Money {
  return typeof value === "object" && value !== null && typeof (value as Money).amount === "number";
}

const sameAmount = (a: number | null | undefined, b: number | null | undefined) => a !== null && a !== undefined && b !== null && b !== undefined && Math.abs(a - b) < 0.005;
const normaliseId = (s: string) => s.toUpperCase().replace(/[^A-Z0-9]/g, "");

/** How an amount may be printed: `717.97`, `717,97`, `1,234.50`, `1.234,50`. */
function printedForms(amount: number): string[] {
  const dot = amount.toFixed(2);
  const en = amount.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const de = amount.toLocaleString("de-DE", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  return [...new Set([dot, dot.replace(".", ","), en, de])];
}

interface FieldCheck {
  expected: string | number | null;
  got: string | number | null;
  hit: boolean;
}

interface QualityRow {
  file: string;
  status: string;
  documentType: string | null;
  total: FieldCheck;
  date: FieldCheck;
  invoiceNumber?: FieldCheck;
  /** The expected total appears verbatim in the text: the OCR ceiling for total extraction. */
  totalInText: boolean;
}

function checkFields(truth: ReceiptTruth | InvoiceTruth, fields: readonly ExtractedField[], text: string, file: string, status: string, documentType: string | null): QualityRow {
  const total = bestField(fields, "total");
  const date = bestField(fields, "document_date");
  const gotAmount = total && isMoney(total.value) ? total.value.amount : null;
  const gotDate = date && typeof date.value === "string" ? date.value : null;
  const expectedAmount = truth.set === "receipts" ? parseAmount(truth.total) : (truth.amount ?? null);
  const expectedDate = truth.set === "receipts" ? normaliseDate(truth.date) : (truth.date ?? null);
  const row: QualityRow = {
    file,
    status,
    documentType,
    total: { expected: expectedAmount, got: gotAmount, hit: sameAmount(gotAmount, expectedAmount) },
    date: { expected: expectedDate, got: gotDate, hit: gotDate !== null && gotDate === expectedDate },
    totalInText: expectedAmount !== null && printedForms(expectedAmount).some((form) => text.includes(form)),
  };
  if (truth.set === "invoices") {
    const inv = bestField(fields, "invoice_number");
    const got = inv ? String(inv.value) : null;
    const expected = truth.invoiceNumber ?? null;
    row.invoiceNumber = { expected, got, hit: got !== null && expected !== null && normaliseId(got) === normaliseId(expected) };
  }
  return row;
}

interface QualitySummary {
  documents: number;
  /** Absent for baseline text, which no classifier saw. */
  classifiedAs?: Record<string, number>;
  totalHits: number;
  totalExpected: number;
  dateHits: number;
  dateExpected: number;
  invoiceNumberHits?: number;
  invoiceNumberExpected?: number;
  totalInText: number;
  rows: QualityRow[];
}

function summariseQuality(rows: QualityRow[]): QualitySummary {
  const withNumbers = rows.filter((r) => r.invoiceNumber);
  return {
    documents: rows.length,
    ...(rows.some((r) => r.documentType !== null || r.status !== "baseline") ? { classifiedAs: countBy(rows, (r) => r.documentType ?? "(none)") } : {}),
    totalHits: rows.filter((r) => r.total.hit).length,
    totalExpected: rows.filter((r) => r.total.expected !== null).length,
    dateHits: rows.filter((r) => r.date.hit).length,
    dateExpected: rows.filter((r) => r.date.expected !== null).length,
    ...(withNumbers.length
      ? { invoiceNumberHits: withNumbers.filter((r) => r.invoiceNumber!.hit).length, invoiceNumberExpected: withNumbers.filter((r) => r.invoiceNumber!.expected !== null).length }
      : {}),
    totalInText: rows.filter((r) => r.totalInText).length,
    rows,
  };
}

// ───────────────────────────── output ─────────────────────────────

function table(headers: string[], rows: (string | number | null)[][]): string {
  const cells = [headers, ...rows.map((r) => r.map((c) => (c === null ? "–" : String(c))))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
  return [line(cells[0]!), widths.map((w) => "─".repeat(w)).join("  "), ...cells.slice(1).map(line)].join("\n");
}

const fmt = (n: number | null) => (n === null ? null : n >= 100 ? Math.round(n) : n);

function printReport(r: Report): void {
  const out: string[] = [];
  out.push("", `Folio pipeline bench — ${r.startedAt}  (${r.machine.cpus}× ${r.machine.cpuModel}, node ${r.machine.node})`);
  out.push(`documents: ${r.overall.documents}  wall: ${(r.overall.wallMs / 1000).toFixed(1)} s  concurrency: ${r.options.concurrency}  OCR_WORKERS: ${r.config.ocrWorkers}  PDF_TIMEOUT_MS: ${r.config.pdfTimeoutMs}`);
  out.push("", "Per step (ms, over the steps that ran; skipped steps are only counted):");
  out.push(table(["step", "ran", "ok", "failed", "skipped", "median", "p95", "mean", "max", "total"], Object.entries(r.steps).map(([name, s]) => [name, s.count, s.succeeded, s.failed, s.skipped, fmt(s.median), fmt(s.p95), fmt(s.mean), s.max, s.total])));
  for (const [set, steps] of Object.entries(r.stepsBySet)) {
    out.push(`  ${set}: ` + ["extract_text", "ocr", "classify", "extract_fields", "finalize"].map((n) => `${n} ${fmt(steps[n]?.median ?? null) ?? "–"}/${fmt(steps[n]?.p95 ?? null) ?? "–"}`).join("  ") + "  (median/p95 ms)");
  }
  out.push("", "Per document processing_ms by set:");
  out.push(table(["set", "docs", "pages", "median", "p95", "mean", "max", "docs/s", "pages/s"], Object.entries(r.bySet).map(([set, s]) => [set, s.documents, s.pages, fmt(s.processingMs.median), fmt(s.processingMs.p95), fmt(s.processingMs.mean), s.processingMs.max, s.documentsPerSecond, s.pagesPerSecond])));
  out.push("", `Throughput: ${r.overall.documentsPerSecond} documents/s, ${r.overall.pagesPerSecond} pages/s (${r.overall.pages} pages; wall clock, submit of first → end of last)`);
  out.push(`Outcomes: ${Object.entries(r.outcomes.byStatus).map(([k, v]) => `${k} ${v}`).join(", ")}`);
  out.push(`Error codes: ${Object.entries(r.outcomes.byErrorCode).map(([k, v]) => `${k} ${v}`).join(", ") || "none"}`);
  if (r.outcomes.slowest.length) out.push(`Slowest: ${r.outcomes.slowest.map((d) => `${d.file} ${d.processingMs} ms${d.errorCode ? ` (${d.errorCode})` : ""}`).join(", ")}`);
  out.push(`Peak RSS (bench process, sampled every 100 ms; PDF child processes not included): ${r.memory.peakRssMb} MB during the pipeline; maxRSS ${r.memory.maxRssMb} MB`);
  if (r.warmup.length) out.push(`Warm-up (excluded): ${r.warmup.map((w) => `${w.file} ${w.processingMs} ms`).join(", ")}`);

  out.push("", "Baselines (same run, same machine):");
  for (const [name, b] of Object.entries(r.baselines)) {
    if (b.baseline === null) {
      out.push(`  ${name}: none — ${b.reason}`);
      continue;
    }
    const s = b.baseline.stats;
    out.push(`  ${name} (${b.baseline.version ?? "?"}): ${b.baseline.files} files, median ${fmt(s.median)} ms, p95 ${fmt(s.p95)} ms, total ${s.total} ms, ${b.baseline.pagesPerSecond ?? "–"} pages/s; timed out: ${b.baseline.timedOut.join(", ") || "none"}; non-zero exit: ${b.baseline.nonZeroExit.length}`);
  }
  if (r.comparisons.length) {
    out.push(table(
      ["Folio ÷ baseline", "files", "Folio med", "base med", "×med", "Folio p95", "base p95", "×p95", "×total", "×per-file", "Folio pg/s", "base pg/s"],
      r.comparisons.map((c) => [c.what, c.pairedFiles, fmt(c.folio.median), fmt(c.baseline.median), c.ratio.median, fmt(c.folio.p95), fmt(c.baseline.p95), c.ratio.p95, c.ratio.total, c.ratio.medianOfPerFileRatios, c.folioPagesPerSecond, c.baselinePagesPerSecond]),
    ));
    for (const c of r.comparisons) if (c.excluded.length) out.push(`  ${c.what} excluded: ${c.excluded.map((e) => `${e.file} (${e.reason})`).join("; ")}`);
  }

  out.push("", "Quality (best candidate per field vs manifest):");
  const q = (label: string, s: QualitySummary | null) => {
    if (!s) return;
    const inv = s.invoiceNumberExpected !== undefined ? `, invoice_number ${s.invoiceNumberHits}/${s.invoiceNumberExpected}` : "";
    out.push(`  ${label}: total ${s.totalHits}/${s.totalExpected}, date ${s.dateHits}/${s.dateExpected}${inv}; total printed in text ${s.totalInText}/${s.totalExpected}${s.classifiedAs ? `; classified ${Object.entries(s.classifiedAs).map(([k, v]) => `${k} ${v}`).join(", ")}` : ""}`);
  };
  q("receipts (Folio)", r.quality.receipts);
  q("receipts (tesseract CLI text, system model + Folio extractors)", r.quality.receiptsTesseractCli);
  q("receipts (tesseract CLI text, Folio's model + Folio extractors)", r.quality.receiptsTesseractCliFolioModel);
  q("invoices PDF", r.quality.invoicesPdf);
  q("invoices PNG", r.quality.invoicesPng);
  out.push("", `Results: ${r.files.json}`, `         ${r.files.latest}`, "");
  process.stdout.write(out.join("\n"));
}

// ───────────────────────────── main ─────────────────────────────

interface SetSummary {
  documents: number;
  pages: number;
  wallMs: number;
  processingMs: Stats;
  documentsPerSecond: number | null;
  pagesPerSecond: number | null;
}

interface Report {
  startedAt: string;
  finishedAt: string;
  benchWallMs: number;
  options: BenchOptions;
  machine: { cpus: number; cpuModel: string; memoryMb: number; node: string; platform: string; gitCommit: string | null };
  config: { databaseUrl: string; queuePrefix: string; workerConcurrency: number; ocrWorkers: number; pdfTimeoutMs: number; pdfMemoryMb: number; ocrPageTimeoutMs: number; stepTimeoutMs: number; jobAttempts: number };
  corpus: { root: string; files: Record<SetName, number> };
  overall: { documents: number; pages: number; wallMs: number; documentsPerSecond: number | null; pagesPerSecond: number | null; completedPages: number; latencyMs: Stats };
  bySet: Record<string, SetSummary>;
  steps: Record<string, StepStats>;
  stepsBySet: Record<string, Record<string, StepStats>>;
  outcomes: { byStatus: Record<string, number>; byErrorCode: Record<string, number>; bySetAndStatus: Record<string, Record<string, number>>; slowest: { file: string; processingMs: number | null; errorCode: string | null }[] };
  memory: { peakRssMb: number; peakRssMbOverall: number; maxRssMb: number; samples: number };
  warmup: { file: string; status: string; processingMs: number | null; steps: DocResult["steps"] }[];
  baselines: { pdftotext: MaybeBaseline; tesseract: MaybeBaseline; tesseractFolioModel: MaybeBaseline };
  comparisons: Comparison[];
  quality: {
    receipts: QualitySummary | null;
    receiptsTesseractCli: QualitySummary | null;
    receiptsTesseractCliFolioModel: QualitySummary | null;
    invoicesPdf: QualitySummary | null; invoicesPng: QualitySummary | null };
  documents: DocResult[];
  files: { json: string; latest: string };
}

function gitCommit(): string | null {
  try {
    return execFileSync("git", ["rev-parse", "HEAD"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
  } catch {
    return null;
  }
}

function setSummary(docs: readonly DocResult[], wallMs: number): SetSummary {
  const pages = docs.reduce((n, d) => n + (d.pageCount ?? 0), 0);
  return {
    documents: docs.length,
    pages,
    wallMs: Math.round(wallMs),
    processingMs: stats(docs.flatMap((d) => (d.processingMs === null ? [] : [d.processingMs]))),
    documentsPerSecond: wallMs > 0 ? round(docs.length / (wallMs / 1000), 3) : null,
    pagesPerSecond: wallMs > 0 ? round(pages / (wallMs / 1000), 3) : null,
  };
}

async function removeQueueKeys(config: Config): Promise<void> {
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

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  if (!options) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const benchStart = performance.now();
  const startedAt = new Date().toISOString();
  const allSets = options.only ? [options.only] : [...SETS];
  const bySet = new Map<SetName, CorpusItem[]>();
  for (const set of allSets) {
    const items = await loadSet(set);
    bySet.set(set, options.limit ? items.slice(0, options.limit) : items);
  }
  const items = allSets.flatMap((s) => bySet.get(s) ?? []);
  if (items.length === 0) throw new Error(`no corpus files found under ${CORPUS}`);

  process.stderr.write(`Preparing ${BENCH_DATABASE_URL.replace(/\/\/[^@]*@/, "//")} …\n`);
  await ensureDatabase(BENCH_DATABASE_URL);

  const storageDir = await fs.mkdtemp(path.join(os.tmpdir(), "folio-bench-"));
  const prefix = `bench-${randomBytes(4).toString("hex")}`;
  const config = loadConfig(benchEnv(storageDir, prefix, options.concurrency));
  const sampler = new RssSampler();
  sampler.start();

  let ctx: AppContext | undefined;
  let services: PipelineServices | undefined;
  let worker: RunningWorker | undefined;
  let ownerId: string | undefined;
  try {
    ctx = await createAppContext(config, { logger: createLogger({ level: config.logLevel, name: "folio-bench" }) });
    services = createPipelineServices(ctx);
    worker = await startWorker(ctx);
    const owner = await ctx.dataSource.getRepository(UserEntity).save({ email: `${prefix}@bench.invalid`, isAdmin: false });
    ownerId = owner.id;

    // One image and one PDF first so OCR-worker creation (~0.7 s) and the first PDF child's start-up are not charged to the first measured document.
    const warmItems = options.warmup ? [items.find((i) => i.contentType?.startsWith("image/")), items.find((i) => i.contentType === "application/pdf" && i.set !== "pdfs") ?? items.find((i) => i.contentType === "application/pdf")].filter((i): i is CorpusItem => i !== undefined) : [];
    const warmRuns = warmItems.length ? await runAll(ctx, services, ownerId, warmItems, 1, "warm-up") : [];
    const warm = (await collect(ctx, warmRuns)).docs;

    process.stderr.write(`Running ${items.length} documents (concurrency ${options.concurrency}) …\n`);
    const t0 = performance.now();
    const submitted = await runAll(ctx, services, ownerId, items, options.concurrency, "pipeline");
    const wallMs = performance.now() - t0;
    const pipelinePeak = sampler.peakBytes;
    const { docs, fields } = await collect(ctx, submitted);

    // The worker goes before the baselines so idle Folio threads and children do not share the CPU with them.
    await worker.stop();
    worker = undefined;

    const skipped = { baseline: null, reason: "skipped (--skip-baselines)" } as const;
    const baselines: Report["baselines"] = { pdftotext: skipped, tesseract: skipped, tesseractFolioModel: skipped };
    let tesseractTexts = new Map<string, string>();
    let tesseractFolioTexts = new Map<string, string>();
    if (options.baselines) {
      process.stderr.write("Running baselines …\n");
      baselines.pdftotext = await pdftotextBaseline(items);
      const t = await tesseractBaseline(items, { model: "system" });
      baselines.tesseract = t.result;
      tesseractTexts = t.texts;
      if (t.result.baseline) {
        const tessdata = await unpackFolioTessdata();
        if (tessdata) {
          try {
            const tf = await tesseractBaseline(items, { model: "folio", tessdataDir: tessdata.dir, source: tessdata.source });
            baselines.tesseractFolioModel = tf.result;
            tesseractFolioTexts = tf.texts;
          } finally {
            await fs.rm(tessdata.dir, { recursive: true, force: true });
          }
        } else {
          baselines.tesseractFolioModel = { baseline: null, reason: "could not unpack @tesseract.js-data/eng 4.0.0_best_int" };
        }
      } else {
        baselines.tesseractFolioModel = t.result;
      }
    }
    const comparisons: Comparison[] = [];
    if (baselines.pdftotext.baseline) comparisons.push(compare("extract_text vs pdftotext (PDFs)", docs, "extract_text", baselines.pdftotext.baseline, ["PROCESSING_TIMEOUT"]));
    if (baselines.tesseract.baseline) comparisons.push(compare("ocr vs tesseract CLI (receipts)", docs, "ocr", baselines.tesseract.baseline, ["PROCESSING_TIMEOUT"]));
    if (baselines.tesseractFolioModel.baseline) comparisons.push(compare("ocr vs tesseract CLI, Folio's model", docs, "ocr", baselines.tesseractFolioModel.baseline, ["PROCESSING_TIMEOUT"]));

    const qualityOf = (pick: (d: DocResult) => boolean): QualitySummary | null => {
      const rows = docs.flatMap((d) => {
        const item = items.find((i) => i.set === d.set && i.file === d.file);
        if (!pick(d) || !item?.truth) return [];
        const f = d.documentId ? fields.get(d.documentId) : undefined;
        return [checkFields(item.truth, f?.fields ?? [], f?.text ?? "", d.file, d.status, d.documentType)];
      });
      return rows.length ? summariseQuality(rows) : null;
    };
    const baselineQuality = (texts: Map<string, string>): QualitySummary | null => {
      const rows = items.flatMap((item) => {
        const text = texts.get(item.file);
        if (item.set !== "receipts" || text === undefined || !item.truth) return [];
        // Same extractors and type hint, fed the native CLI's text: separates OCR quality from extraction quality.
        const f = extractFields([text], { documentType: "receipt", referenceDate: new Date() });
        return [checkFields(item.truth, f, text, item.file, "baseline", null)];
      });
      return rows.length ? summariseQuality(rows) : null;
    };

    const pages = docs.reduce((n, d) => n + (d.pageCount ?? 0), 0);
    const stepsBySet: Report["stepsBySet"] = {};
    const setSummaries: Report["bySet"] = {};
    for (const set of allSets) {
      const subset = docs.filter((d) => d.set === set);
      stepsBySet[set] = stepTable(subset);
      // Sets run one after another, so a set's wall time is the sum of its documents' observed latencies when sequential.
      setSummaries[set] = setSummary(subset, options.concurrency === 1 ? subset.reduce((n, d) => n + d.latencyMs, 0) : wallMs);
    }
    const resultsDir = path.resolve(process.cwd(), "bench/results");
    await fs.mkdir(resultsDir, { recursive: true });
    const jsonPath = path.join(resultsDir, `pipeline-${startedAt.replace(/:/g, "-")}.json`);
    const latestPath = path.join(resultsDir, "latest.json");
    sampler.stop();
    const report: Report = {
      startedAt,
      finishedAt: new Date().toISOString(),
      benchWallMs: Math.round(performance.now() - benchStart),
      options,
      machine: { cpus: os.availableParallelism(), cpuModel: os.cpus()[0]?.model ?? "unknown", memoryMb: Math.round(os.totalmem() / 1024 / 1024), node: process.version, platform: `${os.platform()} ${os.release()}`, gitCommit: gitCommit() },
      config: {
        databaseUrl: config.databaseUrl,
        queuePrefix: config.queue.prefix,
        workerConcurrency: config.workerConcurrency,
        ocrWorkers: config.ocrWorkers,
        pdfTimeoutMs: config.limits.pdfTimeoutMs,
        pdfMemoryMb: config.limits.pdfMemoryMb,
        ocrPageTimeoutMs: config.limits.ocrPageTimeoutMs,
        stepTimeoutMs: config.limits.stepTimeoutMs,
        jobAttempts: config.queue.attempts,
      },
      corpus: { root: CORPUS, files: Object.fromEntries(SETS.map((s) => [s, bySet.get(s)?.length ?? 0])) as Record<SetName, number> },
      overall: {
        documents: docs.length,
        pages,
        wallMs: Math.round(wallMs),
        documentsPerSecond: round(docs.length / (wallMs / 1000), 3),
        pagesPerSecond: round(pages / (wallMs / 1000), 3),
        completedPages: docs.filter((d) => d.status === DocumentStatus.COMPLETED).reduce((n, d) => n + (d.pageCount ?? 0), 0),
        latencyMs: stats(docs.map((d) => d.latencyMs)),
      },
      bySet: setSummaries,
      steps: stepTable(docs),
      stepsBySet,
      outcomes: {
        byStatus: countBy(docs, (d) => d.status),
        byErrorCode: countBy(docs.filter((d) => d.errorCode !== null), (d) => d.errorCode!),
        bySetAndStatus: Object.fromEntries(allSets.map((s) => [s, countBy(docs.filter((d) => d.set === s), (d) => d.errorCode ? `${d.status}:${d.errorCode}` : d.status)])),
        slowest: [...docs].sort((a, b) => (b.processingMs ?? 0) - (a.processingMs ?? 0)).slice(0, 3).map((d) => ({ file: `${d.set}/${d.file}`, processingMs: d.processingMs, errorCode: d.errorCode })),
      },
      memory: { peakRssMb: mb(pipelinePeak), peakRssMbOverall: mb(sampler.peakBytes), maxRssMb: mb(process.resourceUsage().maxRSS * 1024), samples: sampler.samples },
      warmup: warm.map((w) => ({ file: `${w.set}/${w.file}`, status: w.status, processingMs: w.processingMs, steps: w.steps })),
      baselines,
      comparisons,
      quality: {
        receipts: qualityOf((d) => d.set === "receipts"),
        receiptsTesseractCli: baselineQuality(tesseractTexts),
        receiptsTesseractCliFolioModel: baselineQuality(tesseractFolioTexts),
        invoicesPdf: qualityOf((d) => d.set === "invoices" && d.file.toLowerCase().endsWith(".pdf")),
        invoicesPng: qualityOf((d) => d.set === "invoices" && d.file.toLowerCase().endsWith(".png")),
      },
      documents: docs,
      files: { json: path.relative(process.cwd(), jsonPath), latest: path.relative(process.cwd(), latestPath) },
    };
    const json = `${JSON.stringify(report, null, 2)}\n`;
    await fs.writeFile(jsonPath, json);
    await fs.writeFile(latestPath, json);
    printReport(report);
  } finally {
    sampler.stop();
    await worker?.stop();
    await services?.close();
    if (ctx) {
      // Rows cascade from the user; the stored objects live in the temp dir removed below.
      if (ownerId) await ctx.dataSource.getRepository(UserEntity).delete({ id: ownerId }).catch(() => undefined);
      await ctx.close();
    }
    await removeQueueKeys(config).catch(() => undefined);
    await fs.rm(storageDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  if (error instanceof UsageError) {
    process.stderr.write(`${error.message}\n${USAGE}\n`);
    process.exitCode = 2;
    return;
  }
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
