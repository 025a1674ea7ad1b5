/** The bench's report: its JSON shape and the summary printed to the terminal. */

import { execFileSync } from "node:child_process";
import type { Comparison, MaybeBaseline } from "./baselines.js";
import type { BenchOptions, SetName } from "./options.js";
import type { DocResult, StepStats } from "./run.js";
import type { QualitySummary } from "./scoring.js";
import { round, stats, type Stats } from "./stats.js";

export function table(headers: string[], rows: (string | number | null)[][]): string {
  const cells = [headers, ...rows.map((r) => r.map((c) => (c === null ? "–" : String(c))))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
  return [line(cells[0]!), widths.map((w) => "─".repeat(w)).join("  "), ...cells.slice(1).map(line)].join("\n");
}

export const fmt = (n: number | null) => (n === null ? null : n >= 100 ? Math.round(n) : n);

export function printReport(r: Report): void {
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

export interface SetSummary {
  documents: number;
  pages: number;
  wallMs: number;
  processingMs: Stats;
  documentsPerSecond: number | null;
  pagesPerSecond: number | null;
}

export interface Report {
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

export function gitCommit(): string | null {
  try {
    return execFileSync("git", ["rev-parse", "HEAD"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
  } catch {
    return null;
  }
}

export function setSummary(docs: readonly DocResult[], wallMs: number): SetSummary {
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
