/**
 * `npm run bench:fanout`: a long scanned PDF (`--pages`, default 40, one shared-corpus receipt per page, no
 * text layer) from upload to COMPLETED, side by side in one run, alternating round by round:
 *
 * - `single-1p`: the single-job path (OCR_FANOUT_MIN_PAGES=0) on 1 worker process — the baseline;
 * - `fanout-1p`: page fan-out on 1 worker process;
 * - `fanout-2p`: page fan-out on 2 worker processes.
 * - `fanout-2p-overlap`: as `fanout-2p` with PAGE_JOB_CONCURRENCY=2 (a page renders while another is OCR'd);
 * - `fanout-2p-nocache`: as `fanout-2p` with PAGE_ORIGINAL_CACHE_MB=0 (every page job reads the original).
 *
 * Per worker process the CPU seconds it used during the document are recorded (`cpuSByProcess`, from
 * /proc: the process and its tesseract.js threads; PDF sandbox children are not counted), which shows
 * whether both processes took pages.
 *
 * Every worker process runs OCR_WORKERS=1 and WORKER_CONCURRENCY=1, so a process is one core's worth of OCR
 * (the machine has 2). Worker start-up is outside the timing (processes are started and ready first).
 * Results go to bench/results/page-fanout-<timestamp>.json (gitignored) and a table on stdout.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { createAppContext, type AppContext } from "../src/app/app-context.js";
import { createPipelineServices } from "../src/app/pipeline-services.js";
import { loadConfig } from "../src/config/env.js";
import { migrate } from "../src/db/data-source.js";
import { DocumentEntity, DocumentStatus, UserEntity } from "../src/db/entities/index.js";
import { createLogger } from "../src/logging/logger.js";
import { buildImagePdf } from "../test/support/image-pdf.js";
import { CORPUS } from "./pipeline/corpus.js";
import { BENCH_DATABASE_URL, benchEnv, ensureDatabase, removeQueueKeys, waitTerminal } from "./pipeline/run.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const { values: args } = parseArgs({ options: { pages: { type: "string", default: "40" }, rounds: { type: "string", default: "1" }, variants: { type: "string" } } });
const PAGES = Number(args.pages);
const ROUNDS = Number(args.rounds);

interface Variant {
  name: string;
  processes: number;
  fanOutMinPages: number;
  env?: Record<string, string>;
}
const ALL_VARIANTS: Variant[] = [
  { name: "single-1p", processes: 1, fanOutMinPages: 0 },
  { name: "fanout-1p", processes: 1, fanOutMinPages: 2 },
  { name: "fanout-2p", processes: 2, fanOutMinPages: 2 },
  { name: "fanout-2p-overlap", processes: 2, fanOutMinPages: 2, env: { PAGE_JOB_CONCURRENCY: "2" } },
  { name: "fanout-2p-nocache", processes: 2, fanOutMinPages: 2, env: { PAGE_ORIGINAL_CACHE_MB: "0" } },
];
/** `--variants a,b`: only those, in that order (the default runs all). */
const VARIANTS: Variant[] = args.variants
  ? args.variants.split(",").map((name) => {
      const variant = ALL_VARIANTS.find((v) => v.name === name.trim());
      if (!variant) throw new Error(`Unknown variant ${name}; known: ${ALL_VARIANTS.map((v) => v.name).join(", ")}`);
      return variant;
    })
  : ALL_VARIANTS;

/** CPU seconds (user + system) a process has used so far, from /proc; NaN where /proc is missing. */
async function cpuSeconds(pid: number | undefined): Promise<number> {
  try {
    const stat = await fs.readFile(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // utime and stime are fields 14 and 15 of stat, i.e. 11 and 12 after the command name.
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return NaN;
  }
}

/** Start `n` worker processes with `env` and wait until each says it is ready. */
async function startWorkers(n: number, env: Record<string, string>): Promise<ChildProcess[]> {
  const children = Array.from({ length: n }, () =>
    spawn(process.execPath, ["--import", "tsx", "src/main.ts", "worker", "--no-migrate"], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] }),
  );
  await Promise.all(
    children.map(
      (child) =>
        new Promise<void>((resolve, reject) => {
          // The ready line goes to stderr (stdout is kept for command output); warnings are passed through.
          let out = "";
          const watch = (chunk: Buffer) => {
            out += chunk.toString();
            if (out.includes("worker ready")) resolve();
          };
          child.stdout!.on("data", watch);
          child.stderr!.on("data", (chunk: Buffer) => {
            watch(chunk);
            process.stderr.write(chunk);
          });
          child.once("exit", (code) => reject(new Error(`worker exited with ${code} before it was ready`)));
        }),
    ),
  );
  return children;
}

async function stopWorkers(children: ChildProcess[]): Promise<void> {
  await Promise.all(
    children.map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null) return resolve();
          child.once("exit", () => resolve());
          child.kill("SIGTERM");
        }),
    ),
  );
}

async function main(): Promise<void> {
  const receipts = (await fs.readdir(path.join(CORPUS, "receipts"))).filter((f) => f.endsWith(".jpg")).sort();
  if (receipts.length === 0) throw new Error(`no receipts under ${CORPUS}/receipts`);
  const jpegs = await Promise.all(Array.from({ length: PAGES }, (_, i) => fs.readFile(path.join(CORPUS, "receipts", receipts[i % receipts.length]!))));
  const pdf = buildImagePdf(jpegs);
  process.stderr.write(`${PAGES}-page scanned PDF: ${(pdf.length / 1e6).toFixed(1)} MB; ${ROUNDS} round(s) of ${VARIANTS.map((v) => v.name).join(", ")}\n`);

  await ensureDatabase(BENCH_DATABASE_URL);
  const results: { variant: string; round: number; ms: number; status: string; pageEvents: number; cpuSByProcess: number[]; stepsMs: Record<string, number | null>; pagesSpanMs: number | null }[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    for (const variant of VARIANTS) {
      const storageDir = await fs.mkdtemp(path.join(os.tmpdir(), "folio-bench-fanout-"));
      const prefix = `bench-${randomBytes(4).toString("hex")}`;
      const env = { ...benchEnv(storageDir, prefix, 1), OCR_WORKERS: "1", WORKER_CONCURRENCY: "1", OCR_FANOUT_MIN_PAGES: String(variant.fanOutMinPages), MAX_OCR_PAGES: String(Math.max(100, PAGES)), STEP_TIMEOUT_MS: "3600000",
        // Rendering four large receipts at 2× on a loaded machine can take longer than the pipeline bench's 15 s.
        PDF_TIMEOUT_MS: "120000", ...variant.env };
      const config = loadConfig(env);
      let ctx: AppContext | undefined;
      let workers: ChildProcess[] = [];
      try {
        ctx = await createAppContext(config, { logger: createLogger({ level: "warn", name: "folio-bench" }) });
        await migrate(ctx.dataSource);
        workers = await startWorkers(variant.processes, env);
        const owner = await ctx.dataSource.getRepository(UserEntity).save({ email: `${prefix}@bench.invalid`, isAdmin: false });
        const services = createPipelineServices(ctx);
        const cpu0 = await Promise.all(workers.map((w) => cpuSeconds(w.pid)));
        const t0 = performance.now();
        const { document } = await services.intake.submit({ ownerId: owner.id, filename: `scan-${PAGES}.pdf`, contentType: "application/pdf", stream: Readable.from([pdf]), onDuplicate: "PROCESS_AGAIN" });
        await waitTerminal(ctx, document.id);
        const ms = performance.now() - t0;
        const cpuSByProcess = (await Promise.all(workers.map((w) => cpuSeconds(w.pid)))).map((c, i) => Number((c - cpu0[i]!).toFixed(1)));
        const doc = await ctx.dataSource.getRepository(DocumentEntity).findOneByOrFail({ id: document.id });
        const [counted] = (await ctx.dataSource.query(`SELECT count(*)::int AS n FROM processing_events WHERE document_id = $1 AND type = 'document.page'`, [document.id])) as { n: number }[];
        // Where the time went: each step's own duration, and the span from the first page recorded to the last
        // (the part more processes can share; the rest of the run is per-document work done once).
        const steps = (await ctx.dataSource.query(`SELECT name, duration_ms FROM processing_steps WHERE document_id = $1 ORDER BY position`, [document.id])) as { name: string; duration_ms: number | null }[];
        const stepsMs = Object.fromEntries(steps.map((s) => [s.name, s.duration_ms]));
        const [span] = (await ctx.dataSource.query(
          `SELECT (extract(epoch FROM max(created_at) - min(created_at)) * 1000)::int AS ms FROM processing_events WHERE document_id = $1 AND type = 'document.page'`,
          [document.id],
        )) as { ms: number | null }[];
        const pagesSpanMs = span?.ms ?? null;
        results.push({ variant: variant.name, round, ms: Math.round(ms), status: doc.status, pageEvents: counted?.n ?? 0, cpuSByProcess, stepsMs, pagesSpanMs });
        process.stderr.write(`round ${round} ${variant.name}: ${(ms / 1000).toFixed(1)} s ${doc.status}; CPU s per worker process ${cpuSByProcess.join(" / ")}; first → last page ${((pagesSpanMs ?? NaN) / 1000).toFixed(1)} s; steps ms ${JSON.stringify(stepsMs)}\n`);
        if (doc.status !== DocumentStatus.COMPLETED) process.stderr.write(`  ${doc.errorCode}: ${doc.errorMessage}\n`);
        await ctx.dataSource.getRepository(UserEntity).delete({ id: owner.id }).catch(() => undefined);
      } finally {
        await stopWorkers(workers);
        await ctx?.close();
        await removeQueueKeys(config).catch(() => undefined);
        await fs.rm(storageDir, { recursive: true, force: true });
      }
    }
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
  // A variant left out by --variants has no median: its ratios come out NaN (null in the JSON).
  const byVariant: Record<string, number> = Object.fromEntries(VARIANTS.map((v) => [v.name, median(results.filter((r) => r.variant === v.name).map((r) => r.ms))]));
  const baseline = byVariant["single-1p"]!;
  const summary = VARIANTS.map((v) => ({ variant: v.name, medianMs: byVariant[v.name]!, vsSingle1p: Number((byVariant[v.name]! / baseline).toFixed(2)) }));
  const ratio2vs1 = Number((byVariant["fanout-2p"]! / byVariant["fanout-1p"]!).toFixed(2));
  const ratioOverlap = Number((byVariant["fanout-2p-overlap"]! / byVariant["fanout-2p"]!).toFixed(2));
  const ratioNoCache = Number((byVariant["fanout-2p-nocache"]! / byVariant["fanout-2p"]!).toFixed(2));
  const report = { at: new Date().toISOString(), pages: PAGES, rounds: ROUNDS, cpus: os.availableParallelism(), note: "machine shared with other work; compare ratios within this run", results, summary, loadAverage: os.loadavg(), fanout2pVsFanout1p: ratio2vs1, overlapVsFanout2p: ratioOverlap, noCacheVsFanout2p: ratioNoCache, fanout2pVsSingle1p: Number((byVariant["fanout-2p"]! / baseline).toFixed(2)) };
  await fs.mkdir(path.join(ROOT, "bench/results"), { recursive: true });
  const file = path.join(ROOT, "bench/results", `page-fanout-${report.at.replace(/[:.]/g, "-")}.json`);
  await fs.writeFile(file, JSON.stringify(report, null, 2));
  console.table(summary);
  console.log(`2 processes vs 1 (fan-out): ${ratio2vs1}×; vs the single-job path on 1 process: ${report.fanout2pVsSingle1p}× (target ≤ 0.6×); overlap ÷ fanout-2p: ${ratioOverlap}×, no cache ÷ fanout-2p: ${ratioNoCache}×\nwritten to ${path.relative(ROOT, file)}`);
}

// Leftover handles (e.g. a connection closing) must not keep a finished bench alive.
main().then(() => process.exit(0), (error: unknown) => {
  console.error(error);
  process.exit(1);
});
