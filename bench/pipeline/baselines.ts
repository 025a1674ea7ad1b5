/** poppler's `pdftotext` and the native `tesseract` CLI on the same files, and Folio's figures set against theirs. */

import { execFileSync, spawn, spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { gunzipSync } from "node:zlib";
import { StepStatus } from "../../src/db/entities/index.js";
import type { CorpusItem } from "./corpus.js";
import type { DocResult } from "./run.js";
import { ratio, round, stats, type Stats } from "./stats.js";

export interface ToolRun {
  file: string;
  ms: number;
  exitCode: number | null;
  signal: string | null;
  timedOut: boolean;
  /** pdftotext: form feeds in the output (one per page); tesseract: 1. */
  pages: number;
  chars: number;
}

export const MAX_CAPTURE = 64 * 1024 * 1024;

export function runTool(cmd: string, args: readonly string[], opts: { timeoutMs: number; env?: NodeJS.ProcessEnv }): Promise<Omit<ToolRun, "file" | "pages" | "chars"> & { stdout: string }> {
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

export function which(tool: string): string | null {
  try {
    return execFileSync("which", [tool], { encoding: "utf8" }).trim() || null;
  } catch {
    return null;
  }
}

export function toolVersion(cmd: string, args: string[]): string | null {
  // pdftotext prints its version on stderr, tesseract on stdout.
  const r = spawnSync(cmd, args, { encoding: "utf8", timeout: 10_000 });
  return `${r.stdout ?? ""}\n${r.stderr ?? ""}`.split("\n").map((l) => l.trim()).find((l) => l !== "") ?? null;
}

export const PDFTOTEXT_TIMEOUT_MS = 60_000;
export const TESSERACT_TIMEOUT_MS = 120_000;

export interface Baseline {
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

export type MaybeBaseline = { baseline: Baseline } | { baseline: null; reason: string };

export async function pdftotextBaseline(items: readonly CorpusItem[]): Promise<MaybeBaseline> {
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
export async function unpackFolioTessdata(): Promise<{ dir: string; source: string } | null> {
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

export type TesseractVariant = { model: "system" } | { model: "folio"; tessdataDir: string; source: string };

export async function tesseractBaseline(items: readonly CorpusItem[], variant: TesseractVariant): Promise<{ result: MaybeBaseline; texts: Map<string, string> }> {
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

export function summariseBaseline(tool: string, version: string | null, command: string, runs: ToolRun[]): Baseline {
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

export interface Comparison {
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

export function compare(what: string, docs: readonly DocResult[], step: string, baseline: Baseline, timeoutCodes: readonly string[]): Comparison {
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
