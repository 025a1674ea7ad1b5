/**
 * `npm run bench:latency`: upload → `document.completed` of a 1-page text PDF, as a user sees it.
 *
 * Starts `folio serve` and `folio worker` as two child processes (from source through tsx, or the build with
 * `--dist`) on a database of its own (created, migrated, dropped), a queue prefix of its own and a temporary
 * storage directory. Then, one document at a time: uploads the PDF through the GraphQL multipart mutation with
 * the SDK and follows it on a graphql-ws `documentProgress` subscription until `document.completed` arrives;
 * `--runs` times warm, then `--idle-rounds` times after `--idle-ms` without any document. Beside each upload
 * it runs poppler's `pdftotext` on the same file (alternating, so both see the same load).
 *
 * The breakdown per document comes from the log and the step table: upload (mutation round trip), queue wait
 * (`document.queued` → `document.processing`), each step's `duration_ms`, the bookkeeping between steps
 * (transitions, events), and the delivery of `document.completed` (its timestamp → the client receiving it).
 * The API, the worker and the bench run on one machine, so their clocks are the same clock.
 *
 * Results go to bench/results/latency-<timestamp>.json (gitignored) and a table on stdout.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import pg from "pg";
import WebSocket from "ws";
import { ApiKeyService } from "../src/auth/api-key.service.js";
import { DocumentProgressDocument, FolioClient, UploadDocumentDocument } from "../src/client/index.js";
import type { DataSource } from "typeorm";
import { createDataSource } from "../src/db/data-source.js";
import { UserEntity } from "../src/db/entities/index.js";
import { createRedis } from "../src/redis/redis.connection.js";
import { stats, type Stats } from "./pipeline/stats.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const USAGE = `usage: npm run bench:latency -- [--runs N] [--warmup N] [--idle-ms MS] [--idle-rounds N] [--file PATH] [--dist]
  --runs N         warm documents, one at a time (default 50)
  --warmup N       documents before the measured ones, not counted (default 3)
  --idle-ms MS     idle time before each after-idle document (default 40000)
  --idle-rounds N  after-idle documents (default 2; 0 leaves the part out)
  --file PATH      the PDF (default <corpus>/invoices/AmazonWebServices.pdf)
  --compare DIR    also start another Folio checkout (e.g. /work/main) the same way and alternate documents between the two
  --dist           run the build (node dist/src/main.js; run \`npm run build\` first) instead of tsx
Corpus: FOLIO_CORPUS or ../shared/corpus. PostgreSQL and Redis as for the tests (BENCH_ADMIN_DATABASE_URL, REDIS_URL).`;

const { values: args } = parseArgs({
  options: {
    runs: { type: "string", default: "50" },
    warmup: { type: "string", default: "3" },
    "idle-ms": { type: "string", default: "40000" },
    "idle-rounds": { type: "string", default: "2" },
    compare: { type: "string" },
    file: { type: "string" },
    dist: { type: "boolean", default: false },
    help: { type: "boolean", default: false },
  },
});
if (args.help) {
  console.log(USAGE);
  process.exit(0);
}
const num = (name: string, v: string | undefined): number => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) {
    console.error(`--${name}: expected a whole number\n${USAGE}`);
    process.exit(2);
  }
  return n;
};
const RUNS = num("runs", args.runs);
const WARMUP = num("warmup", args.warmup);
const IDLE_MS = num("idle-ms", args["idle-ms"]);
const IDLE_ROUNDS = num("idle-rounds", args["idle-rounds"]);
/** Another checkout (e.g. main's) measured side by side, round by round. */
const COMPARE = args.compare ? path.resolve(args.compare) : undefined;
const CORPUS = process.env.FOLIO_CORPUS ?? path.resolve(ROOT, "..", "shared", "corpus");
const FILE = args.file ?? path.join(CORPUS, "invoices", "AmazonWebServices.pdf");
const ADMIN_URL = process.env.BENCH_ADMIN_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const DOC_TIMEOUT_MS = 60_000;

/** What one document went through, in milliseconds from the start of its upload. */
interface Sample {
  phase: "warmup" | "warm" | "idle";
  documentId: string;
  /** Upload → `document.completed` received by the client. */
  totalMs: number;
  /** The mutation's round trip (stream to storage, the QUEUED transaction, enqueue). */
  uploadMs: number;
  /** `document.queued` → `document.processing` (BullMQ pick-up and the run's start). */
  queueWaitMs: number;
  /** `document.processing` → `document.completed`, as stamped by the worker. */
  runMs: number;
  /** Each step's `duration_ms`. */
  stepsMs: Record<string, number>;
  /** The run minus the steps: the transitions between them. */
  bookkeepingMs: number;
  /** `document.completed` stamped → received by the client (commit, publish, API fan-out, graphql-ws). */
  deliveryMs: number;
  /** The same file through `pdftotext`, just before. */
  pdftotextMs: number | null;
}

const children: ChildProcess[] = [];

/** One Folio deployment under test: `folio serve` + `folio worker` from a checkout, on a database, queue prefix and storage of its own. */
interface Deployment {
  label: string;
  root: string;
  client: FolioClient;
  db: DataSource;
  samples: Sample[];
  stop(): Promise<void>;
  cleanup(): Promise<void>;
}

async function deploy(label: string, root: string, admin: pg.Client): Promise<Deployment> {
  const dbName = `folio_latency_${randomUUID().replace(/-/g, "").slice(0, 10)}`;
  await admin.query(`CREATE DATABASE "${dbName}"`);
  const dbUrl = new URL(ADMIN_URL);
  dbUrl.pathname = `/${dbName}`;
  const storageDir = await mkdtemp(path.join(os.tmpdir(), "folio-latency-"));
  const prefix = `lat-${randomUUID().slice(0, 8)}`;
  const db = createDataSource({ url: dbUrl.toString(), poolSize: 2 });
  const own: ChildProcess[] = [];
  let client: FolioClient | null = null;
  const cleanup = async () => {
    await client?.close().catch(() => undefined);
    for (const child of own) if (child.exitCode === null) child.kill("SIGKILL");
    if (db.isInitialized) await db.destroy();
    await admin.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`).catch(() => undefined);
    await rm(storageDir, { recursive: true, force: true });
    await dropQueueKeys(prefix);
  };
  try {
    const port = 20_000 + Math.floor(Math.random() * 20_000);
    const env: Record<string, string> = {
      ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(DATABASE_URL|STORAGE_|S3_|QUEUE_PREFIX|PORT|HOST|PUBLIC_URL)$/.test(k)) as [string, string][]),
      NODE_ENV: "production",
      LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? "warn",
      HOST: "127.0.0.1",
      PORT: String(port),
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      DATABASE_URL: dbUrl.toString(),
      REDIS_URL,
      QUEUE_PREFIX: prefix,
      STORAGE_DRIVER: "local",
      STORAGE_DIR: storageDir,
      SIGNING_SECRET: randomBytes(32).toString("base64url"),
      METRICS_PORT: "0",
      UPLOAD_RATE_LIMIT: "100000",
      QUERY_RATE_LIMIT: "100000",
    };
    // `serve` applies the checkout's own migrations before it says it is ready; the worker starts on the migrated database.
    own.push(await startProcess(root, "serve", env, /Folio ready at/, true));
    own.push(await startProcess(root, "worker", env, /Folio worker ready/, false));
    await db.initialize();
    const user = await db.getRepository(UserEntity).save({ email: `latency-${randomUUID()}@bench.test`, isAdmin: false });
    const { key } = await new ApiKeyService(db).create(user.id, "latency-bench");
    client = new FolioClient({ url: `http://127.0.0.1:${port}`, apiKey: key, webSocketImpl: WebSocket, retryAttempts: 0 });
    return {
      label,
      root,
      client,
      db,
      samples: [],
      async stop() {
        await client?.close().catch(() => undefined);
        client = null;
        for (const child of own) await stopProcess(child);
      },
      cleanup,
    };
  } catch (error) {
    await cleanup();
    throw error;
  }
}

async function main(): Promise<void> {
  const pdf = await readFile(FILE);
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  const deployments: Deployment[] = [];
  try {
    deployments.push(await deploy("this checkout", ROOT, admin));
    if (COMPARE) deployments.push(await deploy(`compare: ${COMPARE}`, COMPARE, admin));

    // Round by round, each deployment once (alternating who goes first) and pdftotext beside each: all sides see the same load.
    const round = async (phase: Sample["phase"], index: number) => {
      const order = index % 2 === 0 ? deployments : [...deployments].reverse();
      for (const d of order) {
        const pdftotextMs = timePdftotext();
        d.samples.push(await measure(d.client, d.db, pdf, phase, pdftotextMs));
      }
      process.stderr.write(phase === "warm" ? "." : phase === "idle" ? "i" : "w");
    };
    for (let i = 0; i < WARMUP; i++) await round("warmup", i);
    for (let i = 0; i < RUNS; i++) await round("warm", i);
    for (let i = 0; i < IDLE_ROUNDS; i++) {
      await new Promise((r) => setTimeout(r, IDLE_MS));
      await round("idle", i);
    }
    process.stderr.write("\n");
    for (const d of deployments) await d.stop();

    const reports = deployments.map((d) => ({ label: d.label, commit: commitOf(d.root), ...buildReport(d.samples) }));
    const report = {
      options: { runs: RUNS, warmup: WARMUP, idleMs: IDLE_MS, idleRounds: IDLE_ROUNDS, file: FILE, sizeBytes: pdf.length, mode: args.dist ? "dist" : "tsx", compare: COMPARE ?? null },
      machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? null, loadavg: os.loadavg(), node: process.version },
      targets: { warmP50Ms: 150, warmP95Ms: 300, afterIdleMs: 500 },
      deployments: reports,
      ratioToCompare:
        reports.length === 2 && reports[1]!.warm.totalMs.median && reports[1]!.warm.totalMs.p95
          ? { p50: round2(reports[0]!.warm.totalMs.median! / reports[1]!.warm.totalMs.median), p95: round2(reports[0]!.warm.totalMs.p95! / reports[1]!.warm.totalMs.p95) }
          : null,
    };
    const dir = path.join(ROOT, "bench", "results");
    await mkdir(dir, { recursive: true });
    const file = path.join(dir, `latency-${new Date().toISOString().replace(/[:.]/g, "-")}.json`);
    await writeFile(file, JSON.stringify(report, null, 2));
    console.log(`\n1-page text PDF ${path.relative(ROOT, FILE)}, ${RUNS} warm documents one at a time per deployment (load average ${report.machine.loadavg.map((l) => l.toFixed(1)).join(" ")})`);
    for (const r of reports) printReport(r);
    if (report.ratioToCompare) console.log(`\nthis checkout ÷ compare: p50 ${report.ratioToCompare.p50}, p95 ${report.ratioToCompare.p95}`);
    console.log(`\nwritten: ${path.relative(ROOT, file)}`);
  } finally {
    for (const d of deployments) await d.cleanup();
    await admin.end();
  }
}

function commitOf(root: string): string | null {
  return spawnSync("git", ["rev-parse", "--short", "HEAD"], { cwd: root, encoding: "utf8" }).stdout?.trim() || null;
}

/** Start `folio <command>` and wait for its ready line. */
async function startProcess(root: string, command: "serve" | "worker", env: Record<string, string>, ready: RegExp, migrate: boolean): Promise<ChildProcess> {
  const flags = [command, ...(migrate ? [] : ["--no-migrate"])];
  // e.g. BENCH_WORKER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" to profile the worker (NODE_OPTIONS refuses --cpu-prof).
  const extra = command === "worker" ? (process.env.BENCH_WORKER_NODE_ARGS ?? "").split(/\s+/).filter(Boolean) : [];
  const argv = args.dist ? [...extra, path.join(root, "dist", "src", "main.js"), ...flags] : [...extra, "--import", "tsx", path.join(root, "src", "main.ts"), ...flags];
  const child = spawn(process.execPath, argv, { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
  children.push(child);
  let output = "";
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`folio ${command} not ready within 120 s:\n${output}`)), 120_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString("utf8");
      if (ready.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`folio ${command} exited with ${code}:\n${output}`));
    });
  });
  // Keep draining its output so a chatty process never blocks on a full pipe.
  return child;
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
  if (child.exitCode === null) child.kill("SIGKILL");
}

/** Upload the PDF and follow it until `document.completed` reaches this client. */
async function measure(client: FolioClient, db: DataSource, pdf: Buffer, phase: Sample["phase"], pdftotextMs: number | null): Promise<Sample> {
  const t0 = performance.now();
  const wall0 = Date.now();
  const uploaded = await client.upload(UploadDocumentDocument, { file: null }, { file: { data: pdf, filename: "one-page.pdf", contentType: "application/pdf" } });
  const uploadMs = performance.now() - t0;
  const id = uploaded.uploadDocument.document.id;
  const completedAt = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`document ${id} did not complete within ${DOC_TIMEOUT_MS} ms`)), DOC_TIMEOUT_MS);
    const handle = client.listen(DocumentProgressDocument, { id, afterSeq: 0 }, {
      next: ({ documentProgress: e }) => {
        if (e.type === "document.completed" || e.type === "document.failed") {
          const at = performance.now();
          clearTimeout(timer);
          handle.unsubscribe();
          if (e.type === "document.failed") reject(new Error(`document ${id} failed: ${e.message ?? ""}`));
          else resolve(at);
        }
      },
      error: (error) => {
        clearTimeout(timer);
        reject(error);
      },
      complete: () => undefined,
    });
  });
  const totalMs = completedAt - t0;
  const events = (await db.query(`SELECT type, created_at FROM processing_events WHERE document_id = $1 ORDER BY seq`, [id])) as { type: string; created_at: Date }[];
  const steps = (await db.query(`SELECT name, duration_ms FROM processing_steps WHERE document_id = $1 AND duration_ms IS NOT NULL ORDER BY position`, [id])) as { name: string; duration_ms: number }[];
  const at = (type: string) => events.find((e) => e.type === type)?.created_at.getTime() ?? NaN;
  const stepsMs = Object.fromEntries(steps.map((s) => [s.name, s.duration_ms]));
  const runMs = at("document.completed") - at("document.processing");
  const stepTotal = steps.reduce((sum, s) => sum + s.duration_ms, 0);
  return {
    phase,
    documentId: id,
    totalMs,
    uploadMs,
    queueWaitMs: at("document.processing") - at("document.queued"),
    runMs,
    stepsMs,
    bookkeepingMs: runMs - stepTotal,
    // Wall clocks (the worker's stamp, this process's receipt): one machine, one clock; ms resolution.
    deliveryMs: wall0 + totalMs - at("document.completed"),
    pdftotextMs,
  };
}

/** `pdftotext -q <file> -` once, in ms (null when poppler is not installed). */
function timePdftotext(): number | null {
  const t0 = performance.now();
  const run = spawnSync("pdftotext", ["-q", FILE, "-"], { stdio: ["ignore", "ignore", "ignore"] });
  if (run.error) return null;
  return performance.now() - t0;
}

async function dropQueueKeys(prefix: string): Promise<void> {
  const redis = createRedis(REDIS_URL, { name: "latency-bench-cleanup" });
  try {
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 500);
      cursor = next;
      if (keys.length) await redis.del(...keys);
    } while (cursor !== "0");
  } finally {
    redis.disconnect();
  }
}

interface Breakdown {
  totalMs: Stats;
  uploadMs: Stats;
  queueWaitMs: Stats;
  runMs: Stats;
  bookkeepingMs: Stats;
  deliveryMs: Stats;
  steps: Record<string, Stats>;
}

function breakdown(samples: readonly Sample[]): Breakdown {
  const names = [...new Set(samples.flatMap((s) => Object.keys(s.stepsMs)))];
  return {
    totalMs: stats(samples.map((s) => s.totalMs)),
    uploadMs: stats(samples.map((s) => s.uploadMs)),
    queueWaitMs: stats(samples.map((s) => s.queueWaitMs)),
    runMs: stats(samples.map((s) => s.runMs)),
    bookkeepingMs: stats(samples.map((s) => s.bookkeepingMs)),
    deliveryMs: stats(samples.map((s) => s.deliveryMs)),
    steps: Object.fromEntries(names.map((n) => [n, stats(samples.flatMap((s) => (n in s.stepsMs ? [s.stepsMs[n]!] : [])))])),
  };
}

function buildReport(samples: readonly Sample[]) {
  const warm = samples.filter((s) => s.phase === "warm");
  const idle = samples.filter((s) => s.phase === "idle");
  const pdftotext = stats(warm.flatMap((s) => (s.pdftotextMs === null ? [] : [s.pdftotextMs])));
  const total = stats(warm.map((s) => s.totalMs));
  return {
    warm: breakdown(warm),
    afterIdle: idle.length ? { ...breakdown(idle), samplesMs: idle.map((s) => Math.round(s.totalMs)) } : null,
    pdftotext,
    ratioToPdftotextP50: total.median && pdftotext.median ? round2(total.median / pdftotext.median) : null,
    samples,
  };
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}

function printReport(report: ReturnType<typeof buildReport> & { label: string; commit: string | null }): void {
  const fmt = (n: number | null | undefined) => (n === null || n === undefined ? "-" : n.toFixed(1)).padStart(9);
  const row = (label: string, s: Stats | undefined) => console.log(`${label.padEnd(34)} ${fmt(s?.median)} ${fmt(s?.p95)} ${fmt(s?.max)}`);
  console.log(`\n${report.label} (${report.commit ?? "?"})`);
  console.log(`${"".padEnd(34)} ${"p50 ms".padStart(9)} ${"p95 ms".padStart(9)} ${"max ms".padStart(9)}`);
  row("upload → document.completed", report.warm.totalMs);
  row("  upload mutation", report.warm.uploadMs);
  row("  queue wait", report.warm.queueWaitMs);
  row("  run (processing → completed)", report.warm.runMs);
  for (const [name, s] of Object.entries(report.warm.steps)) row(`    ${name}`, s);
  row("    between steps (transitions)", report.warm.bookkeepingMs);
  row("  completed → client", report.warm.deliveryMs);
  row("pdftotext, same file", report.pdftotext);
  if (report.afterIdle) console.log(`after ${IDLE_MS / 1000} s idle: ${report.afterIdle.samplesMs.join(", ")} ms`);
  console.log(`ratio (p50 ÷ pdftotext p50): ${report.ratioToPdftotextP50 ?? "-"}`);
}

main().catch((error: unknown) => {
  console.error(error);
  for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
  process.exit(1);
});
