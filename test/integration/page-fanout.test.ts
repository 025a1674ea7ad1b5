import { spawn, type ChildProcess } from "node:child_process";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { rebuildSteps } from "../../src/documents/step.rebuild.js";
import { DocumentEntity, DocumentPageEntity, DocumentStatus, PageStatus, ProcessingStepEntity, type ProcessingEventEntity } from "../../src/db/entities/index.js";
import type { StepDataMap } from "../../src/pipeline/step.js";
import { scannedReceiptsPdf } from "../support/fixtures.js";
import { startHarness, type PipelineHarness } from "../support/pipeline-harness.js";

/*
 * Page-level fan-out: a scanned PDF with at least OCR_FANOUT_MIN_PAGES pages
 * needing OCR is read by page jobs (BullMQ flow children of the document's
 * job) that any worker process takes; smaller ones keep the single-job path.
 */

let h: PipelineHarness;
const children: ChildProcess[] = [];

/** A `folio worker` in its own process, sharing the harness's database, queue prefix and storage. */
function spawnWorker(): ChildProcess {
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts", "worker", "--no-migrate"], { env: { ...process.env, ...h.env }, stdio: ["ignore", "ignore", "inherit"] });
  children.push(child);
  return child;
}

async function until<T>(what: string, probe: () => Promise<T | undefined | null | false>, timeoutMs = 120_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const pagesOf = (id: string) => h.ctx.dataSource.getRepository(DocumentPageEntity).find({ where: { documentId: id }, order: { pageNumber: "ASC" } });
const ocrResult = async (id: string) =>
  (await h.ctx.dataSource.getRepository(ProcessingStepEntity).findOneByOrFail({ documentId: id, name: "ocr" })).result as StepDataMap["ocr"];
const pageEvents = (events: ProcessingEventEntity[]) => events.filter((e) => e.type === "document.page");
/** The receipt number printed on fixture page n is CS100n. */
const receiptNumberOf = (text: string) => /CS\s*100(\d)/.exec(text)?.[1];

beforeAll(async () => {
  // No in-process worker: each test starts the worker processes it needs. Fan-out from 3 pages; one OCR worker per
  // process; short locks so a dead worker's page is taken over within seconds; no re-reads (faster OCR).
  h = await startHarness({
    withWorker: false,
    env: { OCR_FANOUT_MIN_PAGES: "3", OCR_WORKERS: "1", WORKER_CONCURRENCY: "1", OCR_REREAD_MAX_REGIONS: "0", WORKER_LOCK_MS: "2000", RUN_LEASE_MS: "3000", WORKER_CRASH_LIMIT: "2" },
  });
});
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
});
afterAll(async () => {
  await h?.close();
});

describe("page fan-out", () => {
  it("reads a scanned PDF above the threshold in page jobs on two worker processes and completes with every page's text in order", async () => {
    const owner = await h.createUser();
    const doc = await h.submitBytes(owner.id, await scannedReceiptsPdf(4), "four-receipts.pdf", "application/pdf");
    spawnWorker();
    spawnWorker();
    const done = await h.waitForStatus(doc.id, [DocumentStatus.COMPLETED, DocumentStatus.FAILED]);
    expect(done.status).toBe(DocumentStatus.COMPLETED);

    const events = await h.events(doc.id);
    // The run handed the pages to page jobs, and each page was announced once, by a page job.
    expect(events.some((e) => e.type === "step.progress" && e.step === "ocr" && /4 of 4 page\(s\) handed to page jobs/.test(e.message ?? ""))).toBe(true);
    const announced = pageEvents(events);
    expect(announced.map((e) => (e.detail as { page: number }).page).sort()).toEqual([1, 2, 3, 4]);
    expect(announced.every((e) => (e.detail as { fannedOut: boolean }).fannedOut)).toBe(true);
    // Pages finish in any order, yet the progress counts finished pages: 1, 2, 3, 4 in log order.
    expect(announced.map((e) => (e.detail as { pagesDone: number }).pagesDone)).toEqual([1, 2, 3, 4]);
    const progress = events.filter((e) => e.type === "step.progress" && e.step === "ocr" && /^page \d of 4$/.test(e.message ?? "")).map((e) => e.message);
    expect(progress).toEqual(["page 1 of 4", "page 2 of 4", "page 3 of 4", "page 4 of 4"]);
    const completedAt = events.findIndex((e) => e.type === "document.completed");
    expect(Math.max(...announced.map((e) => events.indexOf(e)))).toBeLessThan(completedAt);

    // The final result holds every page's text in page order, the same texts the page rows hold.
    const rows = await pagesOf(doc.id);
    expect(rows.map((r) => [r.pageNumber, r.status])).toEqual([1, 2, 3, 4].map((n) => [n, PageStatus.DONE]));
    const result = await ocrResult(doc.id);
    expect(result.ocrPages).toEqual([1, 2, 3, 4]);
    expect(result.pages).toEqual(rows.map((r) => r.text));
    expect(result.pages.map(receiptNumberOf)).toEqual(["1", "2", "3", "4"]);
    // Waiting for its pages is not a worker death, and the step table is still the log's projection.
    expect((await h.ctx.dataSource.getRepository(DocumentEntity).findOneByOrFail({ id: doc.id })).workerDeaths).toBe(0);
    expect((await rebuildSteps(h.ctx.dataSource, { dryRun: true, documentIds: [doc.id] })).differences).toEqual([]);
  }, 240_000);

  it("keeps a document below the threshold on the single-job path, still announcing each page as it is read", async () => {
    const owner = await h.createUser();
    const doc = await h.submitBytes(owner.id, await scannedReceiptsPdf(2), "two-receipts.pdf", "application/pdf");
    spawnWorker();
    expect((await h.waitForStatus(doc.id, [DocumentStatus.COMPLETED, DocumentStatus.FAILED])).status).toBe(DocumentStatus.COMPLETED);
    const events = await h.events(doc.id);
    expect(events.some((e) => /handed to page jobs/.test(e.message ?? ""))).toBe(false);
    const announced = pageEvents(events);
    expect(announced.map((e) => e.detail)).toMatchObject([
      { page: 1, pagesDone: 1, pagesTotal: 2, fannedOut: false },
      { page: 2, pagesDone: 2, pagesTotal: 2, fannedOut: false },
    ]);
    const rows = await pagesOf(doc.id);
    expect(rows.map((r) => r.fanout)).toEqual([null, null]);
    expect((await ocrResult(doc.id)).pages).toEqual(rows.map((r) => r.text));
  }, 240_000);

  it("retries alone a page whose worker process died: the other pages are not read again", async () => {
    const owner = await h.createUser();
    const doc = await h.submitBytes(owner.id, await scannedReceiptsPdf(4), "deadly-page.pdf", "application/pdf");
    const first = spawnWorker();
    // Kill the worker while it reads a page, after another page was recorded (the document's job waits for its children).
    const victim = await until("a page started after one finished", async () => {
      const rows = await pagesOf(doc.id);
      return rows.some((r) => r.status === PageStatus.DONE) && rows.find((r) => r.status === PageStatus.PENDING && r.attempts === 1);
    });
    first.kill("SIGKILL");
    const doneBeforeKill = (await pagesOf(doc.id)).filter((r) => r.status === PageStatus.DONE).map((r) => r.pageNumber);
    spawnWorker();
    expect((await h.waitForStatus(doc.id, [DocumentStatus.COMPLETED, DocumentStatus.FAILED])).status).toBe(DocumentStatus.COMPLETED);

    const rows = await pagesOf(doc.id);
    // The page being read when its worker died was started twice, pages recorded before once. A process runs
    // OCR_WORKERS + 1 page jobs, so another page may have been in flight too (and started twice) — never more.
    const attempts = new Map(rows.map((r) => [r.pageNumber, r.attempts]));
    expect(rows.map((r) => r.pageNumber)).toEqual([1, 2, 3, 4]);
    expect(attempts.get(victim.pageNumber)).toBe(2);
    for (const n of doneBeforeKill) expect(attempts.get(n)).toBe(1);
    expect(rows.filter((r) => r.attempts === 2).length).toBeLessThanOrEqual(2);
    expect(rows.every((r) => r.attempts >= 1 && r.attempts <= 2)).toBe(true);
    const events = await h.events(doc.id);
    expect(pageEvents(events).map((e) => (e.detail as { page: number }).page).sort()).toEqual([1, 2, 3, 4]);
    expect((await ocrResult(doc.id)).pages.map(receiptNumberOf)).toEqual(["1", "2", "3", "4"]);
    // A page's death is the page's: the document's run was waiting, not running, so no document worker death counts.
    expect((await h.ctx.dataSource.getRepository(DocumentEntity).findOneByOrFail({ id: doc.id })).workerDeaths).toBe(0);
  }, 240_000);
});
