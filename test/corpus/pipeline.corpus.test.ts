import fs from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DocumentStatus, type DocumentEntity } from "../../src/db/entities/index.js";
import { ERROR_CODES } from "../../src/errors/app.error.js";
import { requireCorpus } from "../support/corpus.js";
import { startHarness, type PipelineHarness } from "../support/pipeline-harness.js";

const CORPUS = requireCorpus();

/** The documented codes a document can fail with (README's error table, kind "document"). */
const DOCUMENT_ERROR_CODES = Object.entries(ERROR_CODES)
  .filter(([, info]) => info.kind === "document")
  .map(([code]) => code);

const PDF_TIMEOUT_MS = 15_000;
const STEP_TIMEOUT_MS = 60_000;

let h: PipelineHarness;

beforeAll(async () => {
  h = await startHarness({ env: { PDF_TIMEOUT_MS: String(PDF_TIMEOUT_MS), STEP_TIMEOUT_MS: String(STEP_TIMEOUT_MS), WORKER_CONCURRENCY: "2" } });
});
afterAll(async () => {
  await h?.close();
});

describe("every PDF of the pdf.js corpus through a real worker", () => {
  it("ends COMPLETED or FAILED with a documented code, within its limits, and the worker keeps serving", async () => {
    const ownerId = (await h.createUser()).id;
    const files = (await fs.readdir(path.join(CORPUS, "pdfs"))).filter((f) => f.endsWith(".pdf")).sort();
    expect(files.length).toBeGreaterThan(80);
    const submitted = new Map<string, DocumentEntity>();
    for (const file of files) submitted.set(file, await h.submitFile(ownerId, path.join(CORPUS, "pdfs", file), { contentType: "application/pdf" }));

    const outcomes = new Map<string, DocumentEntity>();
    for (const [file, doc] of submitted) outcomes.set(file, await h.waitForStatus(doc.id, [DocumentStatus.COMPLETED, DocumentStatus.FAILED], 600_000));

    const tally: Record<string, number> = {};
    for (const [file, doc] of outcomes) {
      const key = doc.status === DocumentStatus.COMPLETED ? "COMPLETED" : `FAILED:${doc.errorCode}`;
      tally[key] = (tally[key] ?? 0) + 1;
      if (doc.status === DocumentStatus.FAILED) {
        expect(DOCUMENT_ERROR_CODES, `${file} failed with ${doc.errorCode}`).toContain(doc.errorCode);
        expect(doc.errorMessage, file).toBeTruthy();
      }
      // Each step is bounded by STEP_TIMEOUT_MS; none may run past it.
      const steps = await h.steps(doc.id);
      for (const step of steps) expect(step.durationMs ?? 0, `${file} ${step.name}`).toBeLessThanOrEqual(STEP_TIMEOUT_MS + 2_000);
    }
    console.info("corpus outcomes", tally);

    // Spot checks on files whose nature is known.
    expect(outcomes.get("bomb_giant.pdf")).toMatchObject({ status: DocumentStatus.FAILED, errorCode: "PROCESSING_TIMEOUT" });
    expect(outcomes.get("issue6010_1.pdf")).toMatchObject({ status: DocumentStatus.FAILED, errorCode: "PDF_ENCRYPTED" });
    expect(outcomes.get("bug1020226.pdf")).toMatchObject({ status: DocumentStatus.FAILED, errorCode: "CORRUPT_FILE" });
    expect(outcomes.get("TrueType_without_cmap.pdf")?.status).toBe(DocumentStatus.COMPLETED);
    expect(tally.COMPLETED).toBeGreaterThan(50);

    // The same worker still serves: a normal document after the hostile ones completes.
    const after = await h.submitFile(ownerId, path.join(CORPUS, "invoices/AmazonWebServices.pdf"));
    expect((await h.waitForStatus(after.id, [DocumentStatus.COMPLETED, DocumentStatus.FAILED])).status).toBe(DocumentStatus.COMPLETED);
  }, 900_000);
});
