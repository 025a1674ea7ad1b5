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
import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { createAppContext, type AppContext } from "../src/app/app-context.js";
import { createPipelineServices, type PipelineServices } from "../src/app/pipeline-services.js";
import { loadConfig } from "../src/config/env.js";
import { DocumentStatus, UserEntity } from "../src/db/entities/index.js";
import { extractFields } from "../src/extraction/fields/index.js";
import { createLogger } from "../src/logging/logger.js";
import { startWorker, type RunningWorker } from "../src/queue/worker.process.js";
import { compare, pdftotextBaseline, tesseractBaseline, unpackFolioTessdata, type Comparison } from "./pipeline/baselines.js";
import { CORPUS, loadSet, type CorpusItem } from "./pipeline/corpus.js";
import { parseOptions, SETS, USAGE, UsageError, type SetName } from "./pipeline/options.js";
import { gitCommit, printReport, setSummary, type Report } from "./pipeline/report.js";
import { BENCH_DATABASE_URL, benchEnv, collect, ensureDatabase, removeQueueKeys, runAll, stepTable, type DocResult } from "./pipeline/run.js";
import { checkFields, summariseQuality, type QualitySummary } from "./pipeline/scoring.js";
import { countBy, mb, RssSampler, round, stats } from "./pipeline/stats.js";

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
