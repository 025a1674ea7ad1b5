import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root (this file is test/support/corpus.ts). */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/**
 * The shared evaluation corpus (real invoices, receipts and the pdf.js PDFs), read in place and
 * never copied into the repository: `FOLIO_CORPUS`, or `../shared/corpus` beside the repository.
 * Only the corpus suite (`npm run test:corpus`, test/corpus/) and the benchmark use it.
 */
export const CORPUS = path.resolve(ROOT, process.env.FOLIO_CORPUS ?? "../shared/corpus");

/** Thrown when the corpus suite runs without its corpus: a missing corpus must fail the run, never skip it. */
export class CorpusMissingError extends Error {
  override readonly name = "CorpusMissingError";
}

/** The corpus directory, or a {@link CorpusMissingError} naming where it was looked for. */
export function requireCorpus(): string {
  if (!existsSync(path.join(CORPUS, "receipts", "manifest.json")) || !existsSync(path.join(CORPUS, "pdfs", "manifest.json"))) {
    throw new CorpusMissingError(
      `The corpus suite needs the shared corpus at ${CORPUS} (receipts/ and pdfs/ with their manifest.json). ` +
        "Put it at ../shared/corpus beside the repository or set FOLIO_CORPUS. `npm test` needs no corpus.",
    );
  }
  return CORPUS;
}
