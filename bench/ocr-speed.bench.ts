/**
 * `npm run bench:ocr`: Folio's OCR against the native `tesseract` CLI on the same model (Folio's
 * `4.0.0_best_int`) and the same page segmentation mode (`PAGE_PSM`), side by side in one run.
 *
 * 1. Per receipt, every variant on the same file before the next file (the order rotates from file
 *    to file, so drift in the machine's load hits all variants alike):
 *    - `nativeOriginal`: `OMP_THREAD_LIMIT=1 tesseract <jpg> stdout --oem 1 --psm 4 -c tessedit_create_tsv=1` (words and boxes,
 *      what Folio reads too), process start and model load included;
 *    - `nativePrepared`: the same on Folio's prepared image (a PGM written beforehand): both engines on
 *      identical pixels;
 *    - `folioUnprepared`: the OCR pool with preparation off (`prepare: false`): tesseract.js on the original;
 *    - `folioPrepared`: the pool as the service uses it (sharp preparation + recognition + page model);
 *    - `folioPreparedSharpNormalise`: the same with the preparation before revision 2 (sharp's normalise; see
 *      below), its PGM read by the pool without preparation: what the served path cost before;
 *    - `folioPreparedReread`: that plus targeted re-OCR of doubtful key regions (`OCR_REREAD_MAX_REGIONS`,
 *      default 4), i.e. the OCR step's work without reading the file from storage;
 *    - `folioNative`, `folioNativeReread`: the same two with `OCR_ENGINE=native` (ocr.native.ts).
 *    Beside them, the preparation alone (`prepTable`: prepareForOcr as served; `prepSharpNormalise`: the
 *    same pipeline with sharp's `normalise({ lower: 0.1, upper: 99 })`, the preparation before revision 2),
 *    interleaved the same way, with how many receipts come out pixel-identical.
 *    Wall and CPU milliseconds (Folio: the process's CPU, worker threads and — for the native engine — its
 *    tesseract children included; native: the child's user+system time from GNU time when /usr/bin/time exists).
 * 2. Throughput: `--docs` receipts (default 20) submitted at once to the service's worker (real PostgreSQL,
 *    Redis, local storage, default WORKER_CONCURRENCY and OCR_WORKERS), from the first submit to the last
 *    terminal state, between two runs of the native CLI over the same files as 2 parallel processes.
 *
 * Writes bench/results/ocr-speed-<timestamp>.json and prints a table. Needs `tesseract-ocr`; the throughput
 * part also needs PostgreSQL and Redis as for `npm run bench:pipeline`.
 */
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { createAppContext, type AppContext } from "../src/app/app-context.js";
import { createPipelineServices, type PipelineServices } from "../src/app/pipeline-services.js";
import { startWorker, type RunningWorker } from "../src/app/worker.js";
import { loadConfig } from "../src/config/env.js";
import { UserEntity } from "../src/db/entities/index.js";
import sharp from "sharp";
import { DEFAULT_OCR_PREP, prepareForOcr, toPgm } from "../src/extraction/ocr-image.preparer.js";
import { createOcrPool, PAGE_PSM, type OcrPool } from "../src/extraction/ocr.adapter.js";
import { rereadKeyRegions } from "../src/extraction/ocr.reread.js";
import { createLogger } from "../src/logging/logger.js";
import { unpackFolioTessdata, which } from "./pipeline/baselines.js";
import { CORPUS, loadSet, type CorpusItem } from "./pipeline/corpus.js";
import { gitCommit } from "./pipeline/report.js";
import { BENCH_DATABASE_URL, benchEnv, collect, ensureDatabase, removeQueueKeys, runAll } from "./pipeline/run.js";
import { round, stats, type Stats } from "./pipeline/stats.js";

const USAGE = `usage: npm run bench:ocr -- [--limit N] [--docs N] [--rounds N] [--skip-per-receipt] [--skip-throughput]
  --limit N   receipts timed one by one (default 20)
  --docs N    receipts submitted at once in the throughput probe (default 20)
  --rounds N  throughput rounds (each: native, Folio, native; default 1)
Corpus: FOLIO_CORPUS or ../shared/corpus. Tunable like bench:pipeline (OCR_WORKERS, OCR_REREAD_MAX_REGIONS, …).`;

const { values: args } = parseArgs({
  options: {
    limit: { type: "string", default: "20" },
    docs: { type: "string", default: "20" },
    rounds: { type: "string", default: "1" },
    "skip-per-receipt": { type: "boolean", default: false },
    "skip-throughput": { type: "boolean", default: false },
    help: { type: "boolean", default: false },
  },
});

type Variant = "nativeOriginal" | "nativePrepared" | "folioUnprepared" | "folioPrepared" | "folioPreparedSharpNormalise" | "folioPreparedReread" | "folioNative" | "folioNativeReread";
const VARIANTS: readonly Variant[] = ["nativeOriginal", "nativePrepared", "folioUnprepared", "folioPrepared", "folioPreparedSharpNormalise", "folioPreparedReread", "folioNative", "folioNativeReread"];

interface Timing {
  wallMs: number;
  /** null when it could not be measured (no GNU time for the CLI). */
  cpuMs: number | null;
}

const REREAD_REGIONS = Number(process.env.OCR_REREAD_MAX_REGIONS ?? 4);
const TIME_BIN = "/usr/bin/time";

/** Runs the native CLI on one image with Folio's model and psm; resolves with wall and (GNU time) CPU ms. */
async function nativeOcr(image: string, tessdataDir: string, timeBin: boolean): Promise<Timing> {
  // TSV by parameter: the `tsv` config file lives in the system's tessdata, not in the unpacked model's directory.
  const tess = ["tesseract", image, "stdout", "--tessdata-dir", tessdataDir, "--oem", "1", "--psm", String(PAGE_PSM), "-c", "tessedit_create_tsv=1", "-c", "tessedit_create_txt=0"];
  const cpuFile = timeBin ? path.join(os.tmpdir(), `folio-bench-time-${randomBytes(4).toString("hex")}`) : null;
  const [cmd, ...rest] = cpuFile ? [TIME_BIN, "-f", "%U %S", "-o", cpuFile, ...tess] : tess;
  const t0 = performance.now();
  const code = await new Promise<number | null>((resolve, reject) => {
    // One thread: tesseract's OpenMP default is 1.7–2.3× slower on 2 cores (STACK.md).
    const child = spawn(cmd as string, rest, { env: { ...process.env, OMP_THREAD_LIMIT: "1" }, stdio: ["ignore", "ignore", "ignore"] });
    child.on("error", reject);
    child.on("close", resolve);
  });
  const wallMs = performance.now() - t0;
  if (code !== 0) throw new Error(`tesseract exited with ${code} on ${image}`);
  let cpuMs: number | null = null;
  if (cpuFile) {
    const [user, sys] = (await fs.readFile(cpuFile, "utf8")).trim().split(/\s+/).map(Number);
    await fs.rm(cpuFile, { force: true });
    cpuMs = ((user ?? 0) + (sys ?? 0)) * 1000;
  }
  return { wallMs, cpuMs };
}

/**
 * CPU ms of this process's reaped children (Linux `/proc/self/stat` cutime + cstime, 10 ms ticks):
 * with `OCR_ENGINE=native` the recognition runs in child processes, which `process.cpuUsage()` leaves out.
 */
function childCpuMs(): number {
  try {
    const stat = readFileSync("/proc/self/stat", "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[13]) + Number(fields[14])) * (1000 / CLOCK_TICKS);
  } catch {
    return 0;
  }
}
const CLOCK_TICKS = 100;

async function timed(fn: () => Promise<unknown>): Promise<Timing> {
  const c0 = process.cpuUsage();
  const k0 = childCpuMs();
  const t0 = performance.now();
  await fn();
  const c = process.cpuUsage(c0);
  return { wallMs: performance.now() - t0, cpuMs: (c.user + c.system) / 1000 + childCpuMs() - k0 };
}

const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

/** a ÷ b, two decimals. */
function ratioOf(a: number | null, b: number | null): number | null {
  return a !== null && b !== null && b > 0 ? round(a / b, 2) : null;
}

/**
 * The page preparation before revision 2 (sharp's normalise), kept here only to time it beside the
 * served one and compare pixels: scale as prepareForOcr does for the default options.
 */
async function prepareWithSharpNormalise(image: Uint8Array): Promise<Buffer> {
  return (await prepareWithSharpNormaliseInfo(image)).data;
}

async function prepareWithSharpNormaliseInfo(image: Uint8Array): Promise<{ data: Buffer; info: sharp.OutputInfo }> {
  const meta = await sharp(image, { failOn: "none" }).metadata();
  const swap = (meta.orientation ?? 1) >= 5;
  const width = (swap ? meta.height : meta.width) ?? 0;
  const o = DEFAULT_OCR_PREP;
  const scale = width > 0 && width < o.minWidth ? Math.min(o.maxScale, o.minWidth / width) : width > o.maxWidth ? o.maxWidth / width : 1;
  let pipeline = sharp(image, { failOn: "none" }).rotate().greyscale();
  if (scale !== 1) pipeline = pipeline.resize({ width: Math.round(width * scale), kernel: "lanczos3" });
  return pipeline.normalise({ lower: 0.1, upper: 99 }).toColourspace("b-w").raw().toBuffer({ resolveWithObject: true });
}

type PrepVariant = "prepTable" | "prepSharpNormalise";
const PREP_VARIANTS: readonly PrepVariant[] = ["prepTable", "prepSharpNormalise"];

interface PerReceipt {
  files: string[];
  /** Preparation alone, median wall ms, and receipts whose prepared pixels are identical in both. */
  preparation: { wallMs: Record<PrepVariant, Stats>; identicalPixels: number; maxGreyDifference: number };
  cpuMeasured: { native: boolean; folio: boolean };
  wallMs: Record<Variant, Stats>;
  cpuMs: Record<Variant, Stats | null>;
  /** Ratio of medians (wall, cpu) and median of per-file wall ratios; above 1: Folio slower. */
  ratios: Record<string, { wallMedian: number | null; cpuMedian: number | null; medianOfPerFileWall: number | null }>;
  /** Median extra wall ms per receipt, Folio: what preparation and re-reading add (wasm engine), and re-reading with the native one. */
  costs: { preparationMs: number | null; rereadMs: number | null; nativeRereadMs: number | null };
  rows: ({ file: string } & Record<Variant, Timing>)[];
}

async function perReceipt(items: readonly CorpusItem[], tessdataDir: string): Promise<PerReceipt> {
  const timeBin = (await fs.access(TIME_BIN).then(() => true, () => false));
  const prepared = createOcrPool({ size: 1 });
  const unprepared = createOcrPool({ size: 1, prepare: false });
  const native = createOcrPool({ size: 1, engine: "native" });
  const pgmDir = await fs.mkdtemp(path.join(os.tmpdir(), "folio-bench-pgm-"));
  const rows: PerReceipt["rows"] = [];
  const prepRows: Record<PrepVariant, number>[] = [];
  let identicalPixels = 0;
  let maxGreyDifference = 0;
  try {
    const first = items[0];
    if (!first) throw new Error("no receipts");
    // Worker creation (~0.7–2 s) is a one-off per process, not per receipt.
    const warm = new Uint8Array(await fs.readFile(first.absPath));
    await prepared.recognize(new Uint8Array(warm));
    await unprepared.recognize(new Uint8Array(warm));
    await native.recognize(new Uint8Array(warm));
    for (const [i, item] of items.entries()) {
      const bytes = new Uint8Array(await fs.readFile(item.absPath));
      const pgm = path.join(pgmDir, `${path.parse(item.file).name}.pgm`);
      await fs.writeFile(pgm, (await prepareForOcr(bytes)).data);
      // Each Folio variant gets its own copy: region re-reads cache decoded pixels per bytes object.
      const run: Record<Variant, () => Promise<Timing>> = {
        nativeOriginal: () => nativeOcr(item.absPath, tessdataDir, timeBin),
        nativePrepared: () => nativeOcr(pgm, tessdataDir, timeBin),
        folioUnprepared: () => timed(() => unprepared.recognize(new Uint8Array(bytes))),
        folioPrepared: () => timed(() => prepared.recognize(new Uint8Array(bytes))),
        folioPreparedSharpNormalise: () =>
          timed(async () => {
            const { data, info } = await prepareWithSharpNormaliseInfo(new Uint8Array(bytes));
            await unprepared.recognize(new Uint8Array(toPgm(data, info.width, info.height)));
          }),
        folioPreparedReread: () => timed(() => readWithReread(prepared, new Uint8Array(bytes))),
        folioNative: () => timed(() => native.recognize(new Uint8Array(bytes))),
        folioNativeReread: () => timed(() => readWithReread(native, new Uint8Array(bytes))),
      };
      const prepRow = {} as Record<PrepVariant, number>;
      let table: Buffer | undefined;
      let legacy: Buffer | undefined;
      for (let k = 0; k < PREP_VARIANTS.length; k++) {
        const v = PREP_VARIANTS[(i + k) % PREP_VARIANTS.length] as PrepVariant;
        const t0 = performance.now();
        if (v === "prepTable") {
          const p = await prepareForOcr(new Uint8Array(bytes));
          table = p.data.subarray(p.data.length - p.width * p.height);
        } else legacy = await prepareWithSharpNormalise(new Uint8Array(bytes));
        prepRow[v] = performance.now() - t0;
      }
      prepRows.push(prepRow);
      if (table && legacy && table.length === legacy.length) {
        let d = 0;
        for (let j = 0; j < table.length; j++) d = Math.max(d, Math.abs((table[j] as number) - (legacy[j] as number)));
        if (d === 0) identicalPixels += 1;
        maxGreyDifference = Math.max(maxGreyDifference, d);
      } else maxGreyDifference = 255;
      const row = { file: item.file } as PerReceipt["rows"][number];
      for (let k = 0; k < VARIANTS.length; k++) {
        const v = VARIANTS[(i + k) % VARIANTS.length] as Variant;
        row[v] = await run[v]();
      }
      rows.push(row);
      process.stderr.write(`  per receipt: ${i + 1}/${items.length} ${item.file}\n`);
    }
  } finally {
    await prepared.close();
    await unprepared.close();
    await native.close();
    await fs.rm(pgmDir, { recursive: true, force: true });
  }
  const wall = Object.fromEntries(VARIANTS.map((v) => [v, stats(rows.map((r) => r[v].wallMs))])) as Record<Variant, Stats>;
  const cpu = Object.fromEntries(
    VARIANTS.map((v) => {
      const values = rows.map((r) => r[v].cpuMs);
      return [v, values.every((x): x is number => x !== null) ? stats(values) : null];
    }),
  ) as Record<Variant, Stats | null>;
  const pair = (folio: Variant, native: Variant) => ({
    wallMedian: ratioOf(wall[folio].median, wall[native].median),
    cpuMedian: ratioOf(cpu[folio]?.median ?? null, cpu[native]?.median ?? null),
    medianOfPerFileWall: round(stats(rows.map((r) => r[folio].wallMs / r[native].wallMs)).median, 2),
  });
  const diff = (a: Variant, b: Variant) => round(stats(rows.map((r) => r[a].wallMs - r[b].wallMs)).median, 0);
  return {
    files: rows.map((r) => r.file),
    preparation: {
      wallMs: Object.fromEntries(PREP_VARIANTS.map((v) => [v, stats(prepRows.map((r) => r[v]))])) as Record<PrepVariant, Stats>,
      identicalPixels,
      maxGreyDifference,
    },
    cpuMeasured: { native: timeBin, folio: true },
    wallMs: wall,
    cpuMs: cpu,
    ratios: {
      "engine: folioUnprepared ÷ nativeOriginal (same file, model, psm)": pair("folioUnprepared", "nativeOriginal"),
      "engine: folioPrepared ÷ nativePrepared (same pixels; Folio also pays the preparation)": pair("folioPrepared", "nativePrepared"),
      "as served: folioPrepared ÷ nativeOriginal": pair("folioPrepared", "nativeOriginal"),
      "as served: folioPreparedReread ÷ nativeOriginal": pair("folioPreparedReread", "nativeOriginal"),
      "before revision 2: folioPreparedSharpNormalise ÷ nativeOriginal": pair("folioPreparedSharpNormalise", "nativeOriginal"),
      "revision 2 ÷ before: folioPrepared ÷ folioPreparedSharpNormalise": pair("folioPrepared", "folioPreparedSharpNormalise"),
      "OCR_ENGINE=native: folioNative ÷ nativePrepared (same pixels, same engine; Folio also pays the preparation)": pair("folioNative", "nativePrepared"),
      "OCR_ENGINE=native as served: folioNative ÷ nativeOriginal": pair("folioNative", "nativeOriginal"),
      "OCR_ENGINE=native as served: folioNativeReread ÷ nativeOriginal": pair("folioNativeReread", "nativeOriginal"),
    },
    costs: { preparationMs: diff("folioPrepared", "folioUnprepared"), rereadMs: diff("folioPreparedReread", "folioPrepared"), nativeRereadMs: diff("folioNativeReread", "folioNative") },
    rows: rows.map((r) => ({ ...r, ...Object.fromEntries(VARIANTS.map((v) => [v, { wallMs: Math.round(r[v].wallMs), cpuMs: r[v].cpuMs === null ? null : Math.round(r[v].cpuMs) }])) })) as PerReceipt["rows"],
  };
}

async function readWithReread(pool: OcrPool, bytes: Uint8Array): Promise<void> {
  const result = await pool.recognize(bytes);
  await rereadKeyRegions(bytes, result.page, pool, { maxRegions: REREAD_REGIONS });
}

/**
 * `files` through `lanes` parallel native CLI processes: wall ms from the first start to the last exit, and the
 * CPU ms the processes used (reaped children's user + system time).
 */
async function nativeParallel(files: readonly string[], tessdataDir: string, lanes: number): Promise<{ wallMs: number; cpuMs: number }> {
  let next = 0;
  const t0 = performance.now();
  const k0 = childCpuMs();
  await Promise.all(
    Array.from({ length: lanes }, async () => {
      for (let i = next++; i < files.length; i = next++) await nativeOcr(files[i] as string, tessdataDir, false);
    }),
  );
  return { wallMs: performance.now() - t0, cpuMs: childCpuMs() - k0 };
}

interface ThroughputRound {
  nativeBeforeMs: number;
  folioMs: number;
  nativeAfterMs: number;
  /**
   * CPU ms per receipt: Folio's process (every thread: main, OCR workers, sharp's; with `OCR_ENGINE=native` its
   * tesseract children too; the bench's own waiting included, one query per 50 ms) and the native CLI runs (mean of
   * before and after). CPU barely moves with the machine's load, unlike wall time.
   */
  folioCpuMsPerDoc: number;
  nativeCpuMsPerDoc: number;
  folioStatuses: Record<string, number>;
  folioOcrStep: Stats;
}

interface Throughput {
  docs: number;
  ocrEngine: string;
  workerConcurrency: number;
  ocrWorkers: number;
  ocrRereadRegions: number;
  native: string;
  rounds: ThroughputRound[];
  /** Receipts per second; ratio = Folio ÷ native (mean of the runs before and after): ≥ 0.8 is the target. */
  folioPerSecond: number | null;
  nativePerSecond: number | null;
  ratio: number | null;
  /** Spread of the native runs (max ÷ min − 1): how much the machine's load moved during the probe. */
  nativeSpread: number | null;
  /** Native ÷ Folio CPU per receipt (rounds' means): the throughput ratio two idle cores would give, the load aside. */
  cpuRatio: number | null;
}

async function throughput(items: readonly CorpusItem[], tessdataDir: string, rounds: number): Promise<Throughput> {
  await ensureDatabase(BENCH_DATABASE_URL);
  const storageDir = await fs.mkdtemp(path.join(os.tmpdir(), "folio-bench-"));
  const prefix = `bench-${randomBytes(4).toString("hex")}`;
  // The service's default WORKER_CONCURRENCY (2, src/config/env.ts) unless the caller sets one.
  const config = loadConfig(benchEnv(storageDir, prefix, Number(process.env.WORKER_CONCURRENCY ?? 2)));
  let ctx: AppContext | undefined;
  let services: PipelineServices | undefined;
  let worker: RunningWorker | undefined;
  let ownerId: string | undefined;
  const out: ThroughputRound[] = [];
  try {
    ctx = await createAppContext(config, { logger: createLogger({ level: config.logLevel, name: "folio-bench-ocr" }) });
    services = createPipelineServices(ctx);
    worker = await startWorker(ctx);
    ownerId = (await ctx.dataSource.getRepository(UserEntity).save({ email: `${prefix}@bench.invalid`, isAdmin: false })).id;
    // Warm every OCR worker: as many receipts at once as there are OCR workers.
    await runAll(ctx, services, ownerId, items.slice(0, config.ocrWorkers), config.ocrWorkers, "warm-up");
    const files = items.map((i) => i.absPath);
    for (let r = 0; r < rounds; r++) {
      const nativeBefore = await nativeParallel(files, tessdataDir, 2);
      const t0 = performance.now();
      const c0 = process.cpuUsage();
      const k0 = childCpuMs();
      const submitted = await runAll(ctx, services, ownerId, items, items.length, `throughput round ${r + 1}`);
      const folioMs = performance.now() - t0;
      const c = process.cpuUsage(c0);
      const folioCpuMs = (c.user + c.system) / 1000 + childCpuMs() - k0;
      const nativeAfter = await nativeParallel(files, tessdataDir, 2);
      const { docs } = await collect(ctx, submitted);
      const statuses: Record<string, number> = {};
      for (const d of docs) statuses[d.status] = (statuses[d.status] ?? 0) + 1;
      out.push({
        nativeBeforeMs: Math.round(nativeBefore.wallMs),
        folioMs: Math.round(folioMs),
        nativeAfterMs: Math.round(nativeAfter.wallMs),
        folioCpuMsPerDoc: Math.round(folioCpuMs / items.length),
        nativeCpuMsPerDoc: Math.round((nativeBefore.cpuMs + nativeAfter.cpuMs) / 2 / items.length),
        folioStatuses: statuses,
        folioOcrStep: stats(docs.flatMap((d) => (d.steps.ocr?.ms != null ? [d.steps.ocr.ms] : []))),
      });
    }
  } finally {
    await worker?.stop();
    await services?.close();
    if (ctx) {
      if (ownerId) await ctx.dataSource.getRepository(UserEntity).delete({ id: ownerId }).catch(() => undefined);
      await ctx.close();
    }
    await removeQueueKeys(config).catch(() => undefined);
    await fs.rm(storageDir, { recursive: true, force: true });
  }
  const folioMs = out.reduce((n, r) => n + r.folioMs, 0) / out.length;
  const nativeRuns = out.flatMap((r) => [r.nativeBeforeMs, r.nativeAfterMs]);
  const nativeMs = nativeRuns.reduce((a, b) => a + b, 0) / nativeRuns.length;
  const folioPerSecond = round(items.length / (folioMs / 1000), 2);
  const nativePerSecond = round(items.length / (nativeMs / 1000), 2);
  return {
    docs: items.length,
    ocrEngine: config.ocrEngine,
    workerConcurrency: config.workerConcurrency,
    ocrWorkers: config.ocrWorkers,
    ocrRereadRegions: config.limits.ocrRereadRegions,
    native: `2 parallel × OMP_THREAD_LIMIT=1 tesseract <jpg> stdout --oem 1 --psm ${PAGE_PSM} -c tessedit_create_tsv=1 (Folio's model)`,
    rounds: out,
    folioPerSecond,
    nativePerSecond,
    ratio: ratioOf(folioPerSecond, nativePerSecond),
    nativeSpread: round(Math.max(...nativeRuns) / Math.min(...nativeRuns) - 1, 2),
    cpuRatio: ratioOf(mean(out.map((r) => r.nativeCpuMsPerDoc)), mean(out.map((r) => r.folioCpuMsPerDoc))),
  };
}

async function main(): Promise<void> {
  if (args.help) return void process.stdout.write(`${USAGE}\n`);
  const limit = Number(args.limit);
  const docs = Number(args.docs);
  const rounds = Number(args.rounds);
  if (![limit, docs, rounds].every((n) => Number.isInteger(n) && n > 0)) {
    process.stderr.write(`${USAGE}\n`);
    process.exitCode = 2;
    return;
  }
  if (!which("tesseract")) throw new Error("tesseract is not installed (apt-get install -y tesseract-ocr): nothing to compare against");
  const receipts = await loadSet("receipts");
  if (receipts.length === 0) throw new Error(`no receipts under ${CORPUS}`);
  const tessdata = await unpackFolioTessdata();
  if (!tessdata) throw new Error("could not unpack @tesseract.js-data/eng 4.0.0_best_int");
  const startedAt = new Date().toISOString();
  const loadBefore = os.loadavg();
  try {
    const per = args["skip-per-receipt"] ? null : await perReceipt(receipts.slice(0, limit), tessdata.dir);
    const thr = args["skip-throughput"] ? null : await throughput(receipts.slice(0, docs), tessdata.dir, rounds);
    const report = {
      startedAt,
      finishedAt: new Date().toISOString(),
      machine: { cpus: os.availableParallelism(), node: process.version, gitCommit: gitCommit(), loadavgBefore: loadBefore, loadavgAfter: os.loadavg() },
      model: tessdata.source,
      psm: PAGE_PSM,
      rereadRegions: REREAD_REGIONS,
      perReceipt: per,
      throughput: thr,
    };
    const dir = path.resolve(process.cwd(), "bench/results");
    await fs.mkdir(dir, { recursive: true });
    const file = path.join(dir, `ocr-speed-${startedAt.replace(/:/g, "-")}.json`);
    await fs.writeFile(file, `${JSON.stringify(report, null, 2)}\n`);
    print(per, thr);
    console.log(`load average before/after: ${loadBefore.map((l) => l.toFixed(1)).join(" ")} / ${os.loadavg().map((l) => l.toFixed(1)).join(" ")}`);
    console.log(`results: ${path.relative(process.cwd(), file)}`);
  } finally {
    await fs.rm(tessdata.dir, { recursive: true, force: true });
  }
}

function print(per: PerReceipt | null, thr: Throughput | null): void {
  if (per) {
    console.log(`\nOCR per receipt (${per.files.length} receipts), median ms`);
    console.log("variant               wall     cpu");
    for (const v of VARIANTS) console.log(`${v.padEnd(20)} ${String(per.wallMs[v].median).padStart(6)}  ${String(per.cpuMs[v]?.median ?? "—").padStart(6)}`);
    console.log("\nratios (above 1: Folio slower)            wall   cpu   per-file wall");
    for (const [k, r] of Object.entries(per.ratios)) console.log(`${k}\n    ${String(r.wallMedian).padStart(40)}  ${String(r.cpuMedian)}  ${String(r.medianOfPerFileWall)}`);
    const prep = per.preparation;
    console.log(`preparation alone, median wall ms: prepTable ${prep.wallMs.prepTable.median}, prepSharpNormalise ${prep.wallMs.prepSharpNormalise.median}; pixel-identical on ${prep.identicalPixels}/${per.files.length} receipts, max grey difference ${prep.maxGreyDifference}`);
    console.log(`preparation adds ${per.costs.preparationMs} ms, re-reading ${per.costs.rereadMs} ms (native engine: ${per.costs.nativeRereadMs} ms), median per receipt`);
  }
  if (thr) {
    console.log(`\nThroughput, ${thr.docs} receipts at once (OCR_ENGINE ${thr.ocrEngine}, WORKER_CONCURRENCY ${thr.workerConcurrency}, OCR_WORKERS ${thr.ocrWorkers}, re-read ${thr.ocrRereadRegions})`);
    for (const r of thr.rounds) {
      console.log(`  native ${r.nativeBeforeMs} ms | Folio ${r.folioMs} ms ${JSON.stringify(r.folioStatuses)} | native ${r.nativeAfterMs} ms; CPU per receipt: Folio ${r.folioCpuMsPerDoc} ms, native ${r.nativeCpuMsPerDoc} ms`);
    }
    console.log(`  Folio ${thr.folioPerSecond}/s, native 2 processes ${thr.nativePerSecond}/s: ratio ${thr.ratio} (native spread ${thr.nativeSpread}); CPU ratio (native ÷ Folio per receipt) ${thr.cpuRatio}`);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
