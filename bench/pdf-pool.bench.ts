/**
 * `npm run bench:pdf`: the PDF sandbox pool against its baselines, side by side in one run.
 *
 * 1. warm pool: a 1-page text PDF through `extractPdfText` (a pool process started at the beginning), N times,
 *    alternating with the same call as `OCR_MODE=redo` makes it (`findOcrLayers`: each page's operator list too);
 * 2. after idle: the same call after the process sat idle for `--idle-ms` (default 35 s: the old children
 *    exited after 30 s idle), `--idle-samples` times;
 * 3. baseline, a fresh sandbox process per document (what a PDF paid whenever no warm child was left);
 * 4. text-layer throughput over the corpus PDFs (`../shared/corpus/pdfs` and `invoices`) against poppler's
 *    `pdftotext` on exactly the files Folio read (pages from the PDF's page count): alternating file by file,
 *    one at a time (Folio also as `OCR_MODE=redo` reads, counting the pages found to be an OCR layer), then each
 *    side with 2 documents in flight.
 *
 * Results go to bench/results/pdf-pool-<timestamp>.json (gitignored) and a table on stdout. Needs no
 * PostgreSQL or Redis. `apt-get install -y poppler-utils` for the pdftotext column.
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { isExtractionError } from "../src/extraction/extraction.errors.js";
import { closePdfChildren, extractPdfText, pdfPoolStats, startPdfPool, type PdfLimits } from "../src/extraction/pdf.adapter.js";
import { runInFreshSandbox } from "../src/extraction/pdf.pool.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const USAGE = `usage: npm run bench:pdf -- [--runs N] [--fresh-runs N] [--idle-ms MS] [--idle-samples N] [--skip-idle] [--skip-corpus]
  --runs N          warm-pool calls of the 1-page PDF (default 40)
  --fresh-runs N    fresh-process calls (default 12)
  --idle-ms MS      idle time before each after-idle call (default 35000)
  --idle-samples N  after-idle calls (default 2)
  --skip-idle / --skip-corpus  leave a part out
Corpus: FOLIO_CORPUS or ../shared/corpus. The 1-page PDF: invoices/AmazonWebServices.pdf.`;

const { values: args } = parseArgs({
  options: {
    runs: { type: "string", default: "40" },
    "fresh-runs": { type: "string", default: "12" },
    "idle-ms": { type: "string", default: "35000" },
    "idle-samples": { type: "string", default: "2" },
    "skip-idle": { type: "boolean", default: false },
    "skip-corpus": { type: "boolean", default: false },
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
const FRESH_RUNS = num("fresh-runs", args["fresh-runs"]);
const IDLE_MS = num("idle-ms", args["idle-ms"]);
const IDLE_SAMPLES = args["skip-idle"] ? 0 : num("idle-samples", args["idle-samples"]);

const CORPUS = path.resolve(process.env.FOLIO_CORPUS ?? path.join(ROOT, "..", "shared", "corpus"));
const ONE_PAGE = path.join(CORPUS, "invoices", "AmazonWebServices.pdf");
const LIMITS: PdfLimits = { timeoutMs: 15_000, maxPages: 500, maxMemoryMb: 512, maxTextChars: 5_000_000 };
const POOL = { size: 2, maxJobsPerProcess: 100, recycleMb: 256, maxMemoryMb: LIMITS.maxMemoryMb };

interface Summary {
  n: number;
  medianMs: number;
  p95Ms: number;
  minMs: number;
  maxMs: number;
}

function summarise(samples: number[]): Summary {
  const s = [...samples].sort((a, b) => a - b);
  const q = (p: number) => {
    if (s.length === 0) return NaN;
    const i = (s.length - 1) * p;
    const lo = Math.floor(i);
    const hi = Math.ceil(i);
    return s[lo]! + (s[hi]! - s[lo]!) * (i - lo);
  };
  const r = (x: number) => Math.round(x * 10) / 10;
  return { n: s.length, medianMs: r(q(0.5)), p95Ms: r(q(0.95)), minMs: r(s[0] ?? NaN), maxMs: r(s[s.length - 1] ?? NaN) };
}

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await fn();
  return { ms: performance.now() - t0, value };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function which(tool: string): boolean {
  return spawnSync("sh", ["-c", `command -v ${tool}`]).status === 0;
}

function runPdftotext(file: string): Promise<boolean> {
  return new Promise((resolve) => {
    const child = spawn("pdftotext", ["-q", file, "-"], { stdio: ["ignore", "ignore", "ignore"] });
    const timer = setTimeout(() => child.kill("SIGKILL"), LIMITS.timeoutMs);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve(code === 0);
    });
  });
}

async function corpusFiles(): Promise<string[]> {
  const files: string[] = [];
  for (const dir of ["pdfs", "invoices"]) {
    const abs = path.join(CORPUS, dir);
    for (const f of (await readdir(abs)).sort()) if (f.toLowerCase().endsWith(".pdf")) files.push(path.join(abs, f));
  }
  return files;
}

async function main(): Promise<void> {
  const onePage = new Uint8Array(await readFile(ONE_PAGE));
  const started = new Date();
  console.error(`[bench:pdf] corpus ${CORPUS}; pool ${JSON.stringify(POOL)}`);

  // Pool start: what a worker does once at start-up.
  const poolStart = await timed(() => startPdfPool(POOL));
  console.error(`[bench:pdf] pool of ${POOL.size} started and warmed up in ${poolStart.ms.toFixed(0)} ms`);

  // 1. Warm pool.
  const warm: number[] = [];
  const warmRedo: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const r = await timed(() => extractPdfText(onePage, { limits: LIMITS }));
    if (r.value.pageCount !== 1) throw new Error("unexpected page count");
    warm.push(r.ms);
    warmRedo.push((await timed(() => extractPdfText(onePage, { limits: LIMITS, findOcrLayers: true }))).ms);
  }
  console.error(`[bench:pdf] warm pool: ${JSON.stringify(summarise(warm))}; as OCR_MODE=redo reads: ${JSON.stringify(summarise(warmRedo))}`);

  // 3. Baseline: a fresh process per document (the old behaviour once the idle child had exited).
  const fresh: number[] = [];
  for (let i = 0; i < FRESH_RUNS; i++) {
    const r = await timed(() =>
      runInFreshSandbox(
        { op: "text", source: { kind: "stdin", byteLength: onePage.byteLength }, maxPages: LIMITS.maxPages, maxTextChars: LIMITS.maxTextChars },
        onePage,
        { timeoutMs: LIMITS.timeoutMs, maxMemoryMb: LIMITS.maxMemoryMb },
      ),
    );
    fresh.push(r.ms);
  }
  console.error(`[bench:pdf] fresh process per document: ${JSON.stringify(summarise(fresh))}`);

  // 2. After idle.
  const idle: number[] = [];
  for (let i = 0; i < IDLE_SAMPLES; i++) {
    console.error(`[bench:pdf] idle ${IDLE_MS} ms (${i + 1}/${IDLE_SAMPLES})…`);
    await sleep(IDLE_MS);
    idle.push((await timed(() => extractPdfText(onePage, { limits: LIMITS }))).ms);
  }
  if (IDLE_SAMPLES > 0) console.error(`[bench:pdf] after idle: ${JSON.stringify(summarise(idle))}`);

  // 4. Corpus text-layer throughput. Folio and pdftotext alternate file by file, so both see the same load
  //    (a shared machine's load changes by the minute); then each again with 2 documents in flight.
  let corpus: Record<string, unknown> | null = null;
  if (!args["skip-corpus"]) {
    const files = await corpusFiles();
    const hasPdftotext = which("pdftotext");
    const outcomes: Record<string, number> = {};
    const ok: { file: string; bytes: Uint8Array; pages: number }[] = [];
    const timedOut: string[] = [];
    let folioMs = 0;
    let redoMs = 0;
    let ocrLayerPages = 0;
    let popplerMs = 0;
    let popplerFailed = 0;
    for (const file of files) {
      const bytes = new Uint8Array(await readFile(file));
      const t0 = performance.now();
      try {
        const res = await extractPdfText(bytes, { limits: LIMITS });
        folioMs += performance.now() - t0;
        ok.push({ file, bytes, pages: res.pageCount });
        outcomes.ok = (outcomes.ok ?? 0) + 1;
        const t2 = performance.now();
        ocrLayerPages += (await extractPdfText(bytes, { limits: LIMITS, findOcrLayers: true })).ocrLayerPages?.length ?? 0;
        redoMs += performance.now() - t2;
      } catch (err) {
        const code = isExtractionError(err) ? err.code : "ERROR";
        outcomes[code] = (outcomes[code] ?? 0) + 1;
        if (code === "PROCESSING_TIMEOUT") timedOut.push(path.basename(file));
        continue;
      }
      if (hasPdftotext) {
        const t1 = performance.now();
        if (!(await runPdftotext(file))) popplerFailed++;
        popplerMs += performance.now() - t1;
      }
    }
    const pages = ok.reduce((n, o) => n + o.pages, 0);
    const pps = (ms: number) => round1((pages / ms) * 1000);
    const ratioOf = (a: number, b: number | null) => (b ? Math.round((a / b) * 100) / 100 : null);

    const folioParallelMs = (await timed(() => inParallel(ok, 2, (o) => extractPdfText(o.bytes, { limits: LIMITS })))).ms;
    const popplerParallelMs = hasPdftotext ? (await timed(() => inParallel(ok, 2, (o) => runPdftotext(o.file)))).ms : null;

    const version = hasPdftotext ? (spawnSync("pdftotext", ["-v"], { encoding: "utf8" }).stderr.split("\n")[0] ?? "") : null;
    corpus = {
      files: files.length,
      outcomes,
      timedOut,
      measuredOn: `${ok.length} files Folio read (${pages} pages); timeouts and failures left out of both sides`,
      pdftotextVersion: version ?? "pdftotext not installed (apt-get install -y poppler-utils)",
      sequential: {
        folio: { ms: Math.round(folioMs), pagesPerSecond: pps(folioMs) },
        folioOcrModeRedo: { ms: Math.round(redoMs), pagesPerSecond: pps(redoMs), ocrLayerPages, timeVsSkip: ratioOf(redoMs, folioMs) },
        pdftotext: hasPdftotext ? { ms: Math.round(popplerMs), pagesPerSecond: pps(popplerMs), nonZeroExit: popplerFailed } : null,
        ratio: hasPdftotext ? ratioOf(pps(folioMs), pps(popplerMs)) : null,
      },
      twoInFlight: {
        folio: { ms: Math.round(folioParallelMs), pagesPerSecond: pps(folioParallelMs) },
        pdftotext: popplerParallelMs ? { ms: Math.round(popplerParallelMs), pagesPerSecond: pps(popplerParallelMs) } : null,
        ratio: popplerParallelMs ? ratioOf(pps(folioParallelMs), pps(popplerParallelMs)) : null,
      },
    };
    console.error(`[bench:pdf] corpus: ${JSON.stringify(corpus)}`);
  }

  const stats = pdfPoolStats();
  await closePdfChildren();

  const warmS = summarise(warm);
  const warmRedoS = summarise(warmRedo);
  const freshS = summarise(fresh);
  const report = {
    startedAt: started.toISOString(),
    machine: { cpus: (await import("node:os")).availableParallelism(), node: process.version, loadavg: (await import("node:os")).loadavg() },
    pool: { ...POOL, startAndWarmMs: Math.round(poolStart.ms), stats },
    onePagePdf: {
      file: path.relative(CORPUS, ONE_PAGE),
      warmPool: warmS,
      warmPoolOcrModeRedo: warmRedoS,
      afterIdle: IDLE_SAMPLES > 0 ? { idleMs: IDLE_MS, ...summarise(idle) } : null,
      freshProcessPerDocument: freshS,
      speedup: Math.round((freshS.medianMs / warmS.medianMs) * 10) / 10,
    },
    corpus,
  };
  const dir = path.join(ROOT, "bench", "results");
  await mkdir(dir, { recursive: true });
  const out = path.join(dir, `pdf-pool-${started.toISOString().replace(/[:.]/g, "-")}.json`);
  await writeFile(out, `${JSON.stringify(report, null, 2)}\n`);

  const row = (name: string, s: Summary | null) =>
    s ? `${name.padEnd(34)} ${String(s.n).padStart(4)} ${s.medianMs.toFixed(1).padStart(9)} ${s.p95Ms.toFixed(1).padStart(9)}` : "";
  console.log(`1-page text PDF (${report.onePagePdf.file}), extractPdfText wall time`);
  console.log(`${"".padEnd(34)} ${"n".padStart(4)} ${"p50 ms".padStart(9)} ${"p95 ms".padStart(9)}`);
  console.log(row("warm pool", warmS));
  console.log(row("warm pool, OCR_MODE=redo's text job", warmRedoS));
  if (report.onePagePdf.afterIdle) console.log(row(`warm pool after ${IDLE_MS / 1000} s idle`, report.onePagePdf.afterIdle));
  console.log(row("fresh process per document", freshS));
  if (corpus) {
    type Side = { pagesPerSecond: number } | null;
    const c = corpus as { measuredOn: string } & Record<"sequential" | "twoInFlight", { folio: Side; pdftotext: Side; ratio: number | null }>;
    console.log(`text layer over the corpus (${c.measuredOn}), pages/s:`);
    for (const [name, r] of [["one at a time", c.sequential], ["2 in flight", c.twoInFlight]] as const) {
      console.log(`  ${name.padEnd(14)} folio ${r.folio?.pagesPerSecond ?? "–"}  pdftotext ${r.pdftotext?.pagesPerSecond ?? "–"}  ratio ${r.ratio ?? "–"}×`);
    }
    const redo = (corpus as { sequential: { folioOcrModeRedo: { pagesPerSecond: number; ocrLayerPages: number; timeVsSkip: number | null } } }).sequential.folioOcrModeRedo;
    console.log(`  OCR_MODE=redo's text job, one at a time: ${redo.pagesPerSecond} pages/s (${redo.timeVsSkip ?? "–"}× the time), ${redo.ocrLayerPages} page(s) found to be an OCR layer`);
  }
  console.log(`results: ${path.relative(ROOT, out)}`);
}

/** Run `fn` over `items` with at most `n` in flight. */
async function inParallel<T>(items: readonly T[], n: number, fn: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const item = items[next++]!;
      await fn(item).catch(() => undefined);
    }
  };
  await Promise.all(Array.from({ length: n }, lane));
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}

main().catch(async (err: unknown) => {
  console.error(err);
  await closePdfChildren();
  process.exit(1);
});
