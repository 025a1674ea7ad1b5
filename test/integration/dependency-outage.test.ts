import net from "node:net";
import type { Job } from "bullmq";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAppContext, type AppContext } from "../../src/app/app-context.js";
import { startWorker, type RunningWorker } from "../../src/app/worker.js";
import { loadConfig } from "../../src/config/env.js";
import { DocumentStatus, StepStatus } from "../../src/db/entities/index.js";
import { rebuildSteps } from "../../src/documents/step.rebuild.js";
import { checkReadiness } from "../../src/http/readiness.check.js";
import { createLogger } from "../../src/logging/logger.js";
import { getMetrics } from "../../src/metrics/registry.js";
import { createRedis } from "../../src/redis/redis.connection.js";
import { invoicePdf, scannedReceiptsPdf } from "../support/fixtures.js";
import { startHarness, type PipelineHarness } from "../support/pipeline-harness.js";

/**
 * A TCP proxy in front of PostgreSQL that the test can cut (every open
 * connection dropped, new ones refused: the port is closed) and restore.
 */
class CuttableProxy {
  private server: net.Server | null = null;
  private readonly sockets = new Set<net.Socket>();
  port = 0;

  constructor(private readonly target: { host: string; port: number }) {}

  async open(): Promise<void> {
    const server = net.createServer((client) => {
      const upstream = net.connect(this.target.port, this.target.host);
      for (const [a, b] of [
        [client, upstream],
        [upstream, client],
      ] as const) {
        this.sockets.add(a);
        a.on("error", () => b.destroy());
        a.on("close", () => {
          this.sockets.delete(a);
          b.destroy();
        });
        a.pipe(b);
      }
    });
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(this.port, "127.0.0.1", () => resolve());
    });
    this.port = (server.address() as net.AddressInfo).port;
    this.server = server;
  }

  /** PostgreSQL becomes unreachable: connections in use are reset, new ones refused. */
  async cut(): Promise<void> {
    const server = this.server;
    this.server = null;
    for (const socket of this.sockets) socket.destroy();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** PostgreSQL is back (same port). */
  async restore(): Promise<void> {
    if (!this.server) await this.open();
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let h: PipelineHarness;
let proxy: CuttableProxy;
let workerCtx: AppContext;
let worker: RunningWorker;
/** attemptsMade of each finished document job, by document id (BullMQ removes finished jobs). */
const finishedJobs = new Map<string, { attemptsMade: number; failed: boolean }>();

// JOB_ATTEMPTS 3 with backoff 200 ms: all backoffs together are 600 ms; every outage below lasts many times that.
const JOB_ATTEMPTS = 3;

beforeAll(async () => {
  h = await startHarness({ withWorker: false, env: { JOB_ATTEMPTS: String(JOB_ATTEMPTS), JOB_BACKOFF_MS: "200", DEPENDENCY_RETRY_MS: "200", DEPENDENCY_RETRY_MAX_MS: "1000", OCR_WORKERS: "1", WORKER_CONCURRENCY: "1" } });
  const url = new URL(h.config.databaseUrl);
  proxy = new CuttableProxy({ host: url.hostname, port: Number(url.port || 5432) });
  await proxy.open();
  url.host = `127.0.0.1:${proxy.port}`;
  // The worker reaches PostgreSQL only through the proxy; the test watches through the harness's own connection.
  const config = loadConfig({ ...h.env, DATABASE_URL: url.toString() });
  workerCtx = await createAppContext(config, { logger: createLogger({ level: config.logLevel, name: "folio-outage-worker" }) });
  worker = await startWorker(workerCtx);
  worker.worker.on("completed", (job: Job) => finishedJobs.set(job.data.documentId as string, { attemptsMade: job.attemptsMade, failed: false }));
  worker.worker.on("failed", (job) => job && finishedJobs.set(job.data.documentId, { attemptsMade: job.attemptsMade, failed: true }));
}, 120_000);

afterAll(async () => {
  await proxy?.restore().catch(() => undefined);
  await worker?.stop();
  await workerCtx?.close();
  await h?.close();
});

/** Poll the document (through the harness's direct connection) while the outage lasts: it must never end FAILED. */
async function holdOutage(documentId: string, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const [doc] = (await h.ctx.dataSource.query(`SELECT status FROM documents WHERE id = $1`, [documentId])) as { status: string }[];
    expect(doc!.status).not.toBe(DocumentStatus.FAILED);
    // The job neither failed nor gave up (the worker could not have recorded a FAILED document anyway).
    expect(finishedJobs.get(documentId)).toBeUndefined();
    await sleep(200);
  }
}

async function expectCleanLog(documentId: string) {
  const events = await h.events(documentId);
  expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
  expect(events.filter((e) => e.type === "step.failed" || e.type === "document.failed")).toEqual([]);
  expect(events.at(-1)!.type).toBe("document.completed");
  expect((await rebuildSteps(h.ctx.dataSource, { dryRun: true, documentIds: [documentId] })).differences).toEqual([]);
}

describe("PostgreSQL unreachable for longer than all job backoffs: documents wait, spend no attempt, and complete", () => {
  it("a document taken while the database is away waits for it and completes with every attempt count at 1", async () => {
    const ownerId = (await h.createUser()).id;
    await proxy.cut();
    const doc = await h.submitBytes(ownerId, await invoicePdf(), "invoice.pdf", "application/pdf");

    // The worker sees the outage and says so (readiness probe of its connection, the worker's state, metrics).
    await holdOutage(doc.id, 1_500);
    const redis = createRedis(h.config.redisUrl, { name: "probe" });
    const readiness = await checkReadiness({ dataSource: workerCtx.dataSource, redis, store: workerCtx.store }, 1_000);
    redis.disconnect();
    expect(readiness.checks.find((c) => c.name === "postgres")).toMatchObject({ ok: false });
    expect(worker.dependencyOutage()).toMatchObject({ dependency: "postgres" });
    expect((await getMetrics().dependencyUp.get()).values.find((v) => v.labels.dependency === "postgres")?.value).toBe(0);

    await holdOutage(doc.id, 6_000);
    const waits = (await getMetrics().dependencyWaits.get()).values.find((v) => v.labels.dependency === "postgres")?.value ?? 0;
    expect(waits).toBeGreaterThan(JOB_ATTEMPTS); // it waited more often than it has attempts
    await proxy.restore();

    const done = await h.waitForStatus(doc.id, [DocumentStatus.COMPLETED, DocumentStatus.FAILED], 30_000);
    expect(done.status).toBe(DocumentStatus.COMPLETED);
    expect(done.attempts).toBe(1);
    expect(done.workerDeaths).toBe(0);
    // BullMQ counts the attempt that completes a job: 1 is that one alone, none was spent on the outage.
    await expect.poll(() => finishedJobs.get(doc.id)).toEqual({ attemptsMade: 1, failed: false });
    expect((await h.steps(doc.id)).every((s) => s.attempts === 1 && (s.status === StepStatus.SUCCEEDED || s.status === StepStatus.SKIPPED))).toBe(true);
    await expectCleanLog(doc.id);
    expect(worker.dependencyOutage()).toBeNull();
  }, 60_000);

  it("the database cut in the middle of OCR: no step or document fails, no job attempt is spent, the interrupted step runs again and the document completes", async () => {
    await proxy.restore(); // even when the test before failed midway
    const ownerId = (await h.createUser()).id;
    const doc = await h.submitBytes(ownerId, await scannedReceiptsPdf(3), "three-receipts.pdf", "application/pdf");
    const deadline = Date.now() + 60_000;
    while (!(await h.events(doc.id)).some((e) => e.type === "step.progress" && e.step === "ocr")) {
      if (Date.now() > deadline) throw new Error("OCR never started");
      await sleep(50);
    }
    await proxy.cut();
    await holdOutage(doc.id, 6_000);
    await proxy.restore();

    const done = await h.waitForStatus(doc.id, [DocumentStatus.COMPLETED, DocumentStatus.FAILED], 60_000);
    expect(done.status).toBe(DocumentStatus.COMPLETED);
    await expect.poll(() => finishedJobs.get(doc.id)).toEqual({ attemptsMade: 1, failed: false });
    const attempts = Object.fromEntries((await h.steps(doc.id)).map((s) => [s.name, s.attempts]));
    // Steps finished before the cut are not run again; OCR, whose work the outage cut off, runs once more (like after a worker death).
    expect(attempts).toMatchObject({ detect: 1, extract_text: 1, classify: 1, finalize: 1 });
    expect(attempts.ocr).toBeLessThanOrEqual(2);
    // The cut-off run could not hand its lease back; the job's next run took it over as its own, not as a worker death.
    expect(done.workerDeaths).toBe(0);
    await expectCleanLog(doc.id);
  }, 90_000);
});
