/** Command-line flags of the pipeline bench. */

import { parseArgs } from "node:util";

export const SETS = ["receipts", "invoices", "pdfs"] as const;
export type SetName = (typeof SETS)[number];

export interface BenchOptions {
  only: SetName | null;
  limit: number | null;
  concurrency: number;
  baselines: boolean;
  warmup: boolean;
}

export const USAGE = `usage: tsx bench/pipeline.bench.ts [--only receipts|invoices|pdfs] [--limit N] [--concurrency N] [--skip-baselines] [--skip-warmup]
  --only          run one corpus set
  --limit N       at most N files of each selected set (quick runs)
  --concurrency N documents in flight at once (default 1: sequential, so per-step timings are clean)
  --skip-baselines  do not run pdftotext / tesseract
  --skip-warmup   include cold start (first OCR worker, first PDF child) in the figures
Environment: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/folio_bench), REDIS_URL,
  BENCH_LOG_LEVEL (default warn), BENCH_DOC_TIMEOUT_MS (default 600000) and the Folio tuning variables
  ${"OCR_WORKERS, PDF_TIMEOUT_MS (default 15000 here), PDF_MEMORY_MB, OCR_PAGE_TIMEOUT_MS, STEP_TIMEOUT_MS, MAX_*, JOB_ATTEMPTS"}.`;

export class UsageError extends Error {}

export function positiveInt(name: string, value: string | undefined): number | null {
  if (value === undefined) return null;
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new UsageError(`--${name} expects a whole number ≥ 1 (got "${value}")`);
  return Number(value);
}

export function parseFlags(argv: string[]) {
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

export function parseOptions(argv: string[]): BenchOptions | null {
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
