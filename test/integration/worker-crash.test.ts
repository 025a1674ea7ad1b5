import { spawn, type ChildProcess } from "node:child_process";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { DocumentEntity, DocumentStatus, StepStatus } from "../../src/db/entities/index.js";
import { STEP_NAMES } from "../../src/common/step.names.js";
import { rebuildSteps } from "../../src/documents/step.rebuild.js";
import { scannedReceiptsPdf } from "../support/fixtures.js";
import { startHarness, type PipelineHarness } from "../support/pipeline-harness.js";

let h: PipelineHarness;
const children: ChildProcess[] = [];

/** A `folio worker` in its own process, sharing the harness's database, queue prefix and storage. */
function spawnWorker(): ChildProcess {
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts", "worker", "--no-migrate"], {
    env: { ...process.env, ...h.env },
    stdio: ["ignore", "ignore", "inherit"],
  });
  children.push(child);
  return child;
}

function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  return new Promise((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
}

/** Wait until the document's log holds an event matching `predicate`. */
async function waitForEvent(documentId: string, predicate: (e: { type: string; step: string | null; message: string | null }) => boolean, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if ((await h.events(documentId)).some(predicate)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no matching event for ${documentId} within ${timeoutMs} ms`);
}

/** A scanned (image-only) PDF: every page needs OCR. */
const scannedReceipts = scannedReceiptsPdf;

beforeAll(async () => {
  // Short locks so a dead worker's job is recovered within seconds; one OCR worker so OCR is slow enough to interrupt.
  // Short run leases too (a dead run is taken over after 3 s), and a document fails after 2 worker deaths.
  h = await startHarness({
    withWorker: false,
    env: { WORKER_LOCK_MS: "2000", RUN_LEASE_MS: "3000", WORKER_CRASH_LIMIT: "2", OCR_WORKERS: "1", WORKER_CONCURRENCY: "1", SHUTDOWN_TIMEOUT_MS: "60000" },
  });
});
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
});
afterAll(async () => {
  await h?.close();
});

describe("worker failure and shutdown", () => {
  it("a worker killed in the middle of OCR: a new worker completes the document without re-running earlier steps", async () => {
    const ownerId = (await h.createUser()).id;
    const doc = await h.submitBytes(ownerId, await scannedReceipts(5), "five-receipts.pdf", "application/pdf");

    const first = spawnWorker();
    await waitForEvent(doc.id, (e) => e.type === "step.progress" && e.step === "ocr" && e.message === "page 2 of 5");
    first.kill("SIGKILL");
    expect((await exited(first)).signal).toBe("SIGKILL");
    const midway = (await h.steps(doc.id)).find((s) => s.name === "ocr")!;
    expect(midway.status).toBe(StepStatus.IN_PROGRESS);

    spawnWorker();
    const done = await h.waitForStatus(doc.id, [DocumentStatus.COMPLETED, DocumentStatus.FAILED], 180_000);
    expect(done.status).toBe(DocumentStatus.COMPLETED);
    expect(done.pageCount).toBe(5);
    expect(done.workerDeaths).toBe(1); // the killed run, counted when the new one took over

    const steps = await h.steps(doc.id);
    expect(steps).toHaveLength(STEP_NAMES.length); // no duplicate rows
    const attempts = Object.fromEntries(steps.map((s) => [s.name, s.attempts]));
    expect(attempts).toMatchObject({ detect: 1, extract_text: 1, ocr: 2, classify: 1, finalize: 1 });
    const events = await h.events(doc.id);
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    expect(events.filter((e) => e.type === "step.started" && e.step === "detect")).toHaveLength(1);
    expect(events.filter((e) => e.type === "step.started" && e.step === "ocr")).toHaveLength(2);
    expect(events.at(-1)!.type).toBe("document.completed");
    expect((await rebuildSteps(h.ctx.dataSource, { dryRun: true, documentIds: [doc.id] })).differences).toEqual([]);
  }, 300_000);

  it("SIGTERM lets the current step finish, exits cleanly, and another worker resumes at the next step", async () => {
    const ownerId = (await h.createUser()).id;
    const doc = await h.submitBytes(ownerId, await scannedReceipts(3), "three-receipts.pdf", "application/pdf");

    const first = spawnWorker();
    await waitForEvent(doc.id, (e) => e.type === "step.progress" && e.step === "ocr" && e.message === "page 2 of 3");
    first.kill("SIGTERM");
    expect((await exited(first)).code).toBe(0);
    const afterShutdown = (await h.steps(doc.id)).find((s) => s.name === "ocr")!;
    expect(afterShutdown.status).toBe(StepStatus.SUCCEEDED); // finished, not abandoned
    const handedBack = await h.ctx.dataSource.getRepository(DocumentEntity).findOneByOrFail({ id: doc.id });
    expect(handedBack.runToken).toBeNull(); // the run released its lease: not a death

    spawnWorker();
    const done = await h.waitForStatus(doc.id, [DocumentStatus.COMPLETED, DocumentStatus.FAILED], 180_000);
    expect(done.status).toBe(DocumentStatus.COMPLETED);
    const attempts = Object.fromEntries((await h.steps(doc.id)).map((s) => [s.name, s.attempts]));
    expect(attempts).toMatchObject({ detect: 1, extract_text: 1, ocr: 1, classify: 1, finalize: 1 });
    expect(done.workerDeaths).toBe(0);
  }, 300_000);

  it("a document whose worker keeps dying fails with WORKER_CRASHED after exactly WORKER_CRASH_LIMIT (2) deaths", async () => {
    const ownerId = (await h.createUser()).id;
    const doc = await h.submitBytes(ownerId, await scannedReceipts(5), "deadly.pdf", "application/pdf");
    const documents = h.ctx.dataSource.getRepository(DocumentEntity);
    const runs = async () => (await h.events(doc.id)).filter((e) => e.type === "document.processing").length;

    for (let death = 1; death <= 2; death++) {
      const before = await runs();
      const worker = spawnWorker();
      // Killed as soon as its run holds the lease (the OCR of five pages is still ahead).
      await waitForEvent(doc.id, (e) => e.type === "document.processing" && e.message === `Processing (attempt ${before + 1})`);
      worker.kill("SIGKILL");
      expect((await exited(worker)).signal).toBe("SIGKILL");
      const row = await documents.findOneByOrFail({ id: doc.id });
      expect(row.status).toBe(DocumentStatus.PROCESSING); // not failed before the limit
      expect(row.workerDeaths).toBe(death - 1); // a death is counted when the next run finds the lease expired
    }

    spawnWorker();
    const failed = await h.waitForStatus(doc.id, [DocumentStatus.COMPLETED, DocumentStatus.FAILED], 180_000);
    expect(failed.status).toBe(DocumentStatus.FAILED);
    expect(failed.errorCode).toBe("WORKER_CRASHED");
    expect(failed.workerDeaths).toBe(2);
    expect(failed.runToken).toBeNull();
    const events = await h.events(doc.id);
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    expect(events.filter((e) => e.type === "document.processing")).toHaveLength(2); // the third run never started
    expect(events.at(-1)).toMatchObject({ type: "document.failed", detail: { code: "WORKER_CRASHED", workerDeaths: 2, limit: 2 } });
    expect((await rebuildSteps(h.ctx.dataSource, { dryRun: true, documentIds: [doc.id] })).differences).toEqual([]);
  }, 300_000);
});
