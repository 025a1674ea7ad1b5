import { execFile } from "node:child_process";
import { Readable } from "node:stream";
import { promisify } from "node:util";
import { Queue } from "bullmq";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AuditLogEntity, DocumentEntity, ProcessingEventEntity, ProcessingStepEntity, UserEntity } from "../../src/db/entities/index.js";
import { bullConnection } from "../../src/queue/unique-job.queue.js";
import { RETENTION_QUEUE, RETENTION_SCHEDULER_ID, startRetentionWorker } from "../../src/retention/retention.worker.js";
import { RetentionService, type RetentionReport } from "../../src/retention/retention.service.js";
import { storageKeys } from "../../src/storage/storage.factory.js";
import { startHarness, type PipelineHarness } from "../support/pipeline-harness.js";

const exec = promisify(execFile);

let h: PipelineHarness;
let userA: UserEntity;
let userB: UserEntity;
/** A's documents: expired under the defaults (completed 30 days, failed 7 days). */
const expired: Record<string, string> = {};
/** Documents the policy keeps. */
const kept: Record<string, string> = {};

async function recordDocument(ownerId: string, name: string): Promise<DocumentEntity> {
  const { document } = await h.services.intake.record({ ownerId, filename: `${name}.txt`, contentType: "text/plain", stream: Readable.from([Buffer.from(`retention ${name} ${Math.random()}`)]) });
  return document;
}

/** Make a document look finished `daysAgo` days ago (status, completed_at; created_at a day earlier still). */
async function age(id: string, status: "COMPLETED" | "FAILED" | "CANCELLED", daysAgo: number, options: { completedAt?: boolean } = {}) {
  await h.ctx.dataSource.query(
    `UPDATE documents SET status = $2, created_at = now() - make_interval(days => $3 + 1),
        completed_at = CASE WHEN $4 THEN now() - make_interval(days => $3) ELSE NULL END
      WHERE id = $1`,
    [id, status, daysAgo, options.completedAt ?? true],
  );
}

async function rowsOf(id: string) {
  const ds = h.ctx.dataSource;
  return {
    document: await ds.getRepository(DocumentEntity).countBy({ id }),
    steps: await ds.getRepository(ProcessingStepEntity).countBy({ documentId: id }),
    events: await ds.getRepository(ProcessingEventEntity).countBy({ documentId: id }),
  };
}

async function objectsOf(ownerId: string, id: string): Promise<string[]> {
  return h.ctx.store.list(storageKeys.documentPrefix(ownerId, id));
}

function service(): RetentionService {
  return new RetentionService({ dataSource: h.ctx.dataSource, store: h.ctx.store, logger: h.ctx.logger, config: h.config.retention });
}

beforeAll(async () => {
  h = await startHarness({ withWorker: false, env: { RETENTION_COMPLETED_DAYS: "30", RETENTION_FAILED_DAYS: "7" } });
  userA = await h.createUser();
  userB = await h.createUser();
  await h.ctx.dataSource.getRepository(UserEntity).update({ id: userB.id }, { retentionCompletedDays: 365 });

  const a1 = await recordDocument(userA.id, "a-completed-40d");
  await age(a1.id, "COMPLETED", 40);
  expired.aCompleted40 = a1.id;
  const a2 = await recordDocument(userA.id, "a-completed-10d");
  await age(a2.id, "COMPLETED", 10);
  kept.aCompleted10 = a2.id;
  // Failed before it ever completed a run: no completed_at, so created_at counts.
  const a3 = await recordDocument(userA.id, "a-failed-8d");
  await age(a3.id, "FAILED", 8, { completedAt: false });
  expired.aFailed8 = a3.id;
  const a4 = await recordDocument(userA.id, "a-cancelled-3d");
  await age(a4.id, "CANCELLED", 3);
  kept.aCancelled3 = a4.id;
  const a5 = await recordDocument(userA.id, "a-queued");
  await h.ctx.dataSource.query(`UPDATE documents SET created_at = now() - interval '400 days' WHERE id = $1`, [a5.id]);
  kept.aQueuedOld = a5.id; // never finished: retention does not touch it
  const b1 = await recordDocument(userB.id, "b-completed-40d");
  await age(b1.id, "COMPLETED", 40);
  kept.bCompleted40 = b1.id;
  const b2 = await recordDocument(userB.id, "b-failed-8d");
  await age(b2.id, "FAILED", 8);
  expired.bFailed8 = b2.id; // B overrides only the completed policy
}, 60_000);

afterAll(async () => {
  await h?.close();
});

const owners = () => [userA.id, userB.id];
const ownerOf = (id: string) => (Object.entries({ ...expired, ...kept }).find(([, v]) => v === id)![0].startsWith("a") ? userA.id : userB.id);

describe("retention", () => {
  it("starts with every document's rows and stored objects in place", async () => {
    for (const id of [...Object.values(expired), ...Object.values(kept)]) {
      const rows = await rowsOf(id);
      expect(rows.document).toBe(1);
      expect(rows.steps).toBeGreaterThan(0);
      expect(rows.events).toBeGreaterThan(0);
      expect((await objectsOf(ownerOf(id), id)).length).toBeGreaterThan(0);
    }
  });

  it("reports the expired documents on a dry run and removes nothing", async () => {
    const report = await service().run({ dryRun: true, ownerIds: owners() });
    expect(report.dryRun).toBe(true);
    expect(report.documents).toEqual({ COMPLETED: 1, FAILED: 2, CANCELLED: 0, total: 3 });
    expect([...report.documentIds].sort()).toEqual(Object.values(expired).sort());
    expect(report.objectsRemoved).toBe(0);
    expect(report.defaults).toEqual({ completedDays: 30, failedDays: 7 });
    for (const id of Object.values(expired)) {
      expect((await rowsOf(id)).document).toBe(1);
      expect((await objectsOf(ownerOf(id), id)).length).toBeGreaterThan(0);
    }
  });

  it("measures ages against `now`", async () => {
    const later = new Date(Date.now() + 25 * 86_400_000);
    const report = await service().run({ dryRun: true, ownerIds: owners(), now: later });
    // 35 days after A's 10-day-old completion and 28 after the 3-day-old cancellation, both expire; B's 65-day-old one does not.
    expect(report.documentIds).toEqual(expect.arrayContaining([kept.aCompleted10, kept.aCancelled3]));
    expect(report.documentIds).not.toContain(kept.bCompleted40);
    expect(report.documentIds).not.toContain(kept.aQueuedOld);
  });

  it("`folio retention --dry-run --json` prints the report and removes nothing", async () => {
    const { stdout } = await exec(process.execPath, ["--import", "tsx", "src/main.ts", "retention", "--dry-run", "--json"], {
      env: { PATH: process.env.PATH ?? "", ...h.env, LOG_LEVEL: "error" },
    });
    const report = JSON.parse(stdout) as RetentionReport;
    expect(report.dryRun).toBe(true);
    expect(report.objectsRemoved).toBe(0);
    expect(report.documents.total).toBeGreaterThanOrEqual(3);
    expect(report.documentIds).toEqual(expect.arrayContaining(Object.values(expired)));
    for (const id of Object.values(kept)) expect(report.documentIds).not.toContain(id);
    for (const id of Object.values(expired)) expect((await rowsOf(id)).document).toBe(1);
  }, 60_000);

  it("removes exactly the expired documents with their steps, events and stored objects", async () => {
    const report = await service().run({ ownerIds: owners() });
    expect(report.dryRun).toBe(false);
    expect(report.documents).toEqual({ COMPLETED: 1, FAILED: 2, CANCELLED: 0, total: 3 });
    expect([...report.documentIds].sort()).toEqual(Object.values(expired).sort());
    expect(report.objectsRemoved).toBe(3); // one original each (recorded, never processed)
    expect(report.failures).toBe(0);
    for (const id of Object.values(expired)) {
      expect(await rowsOf(id)).toEqual({ document: 0, steps: 0, events: 0 });
      expect(await objectsOf(ownerOf(id), id)).toEqual([]);
    }
    for (const id of Object.values(kept)) {
      expect((await rowsOf(id)).document).toBe(1);
      expect((await objectsOf(ownerOf(id), id)).length).toBeGreaterThan(0);
    }
    const audit = await h.ctx.dataSource.getRepository(AuditLogEntity).find({ where: { action: "retention.run" }, order: { id: "DESC" }, take: 1 });
    expect(audit[0]).toMatchObject({ actorUserId: null, actorEmail: null, targetType: "document" });
    expect(audit[0]!.detail).toMatchObject({ documents: { total: 3, COMPLETED: 1, FAILED: 2 }, objectsRemoved: 3 });
    // A second run finds nothing more and writes no audit record.
    const again = await service().run({ ownerIds: owners() });
    expect(again.documents.total).toBe(0);
    const after = await h.ctx.dataSource.getRepository(AuditLogEntity).find({ where: { action: "retention.run" }, order: { id: "DESC" }, take: 1 });
    expect(after[0]!.id).toBe(audit[0]!.id);
  });

  it("treats a policy of 0 days as keep forever", async () => {
    await h.ctx.dataSource.getRepository(UserEntity).update({ id: userA.id }, { retentionCompletedDays: 0, retentionFailedDays: 0 });
    try {
      const report = await service().run({ dryRun: true, ownerIds: [userA.id], now: new Date(Date.now() + 10 * 365 * 86_400_000) });
      expect(report.documents.total).toBe(0);
    } finally {
      await h.ctx.dataSource.getRepository(UserEntity).update({ id: userA.id }, { retentionCompletedDays: null, retentionFailedDays: null });
    }
  });

  it("registers the repeatable retention job when the retention worker starts", async () => {
    const probe = new Queue(RETENTION_QUEUE, { connection: bullConnection(h.config.redisUrl), prefix: h.config.queue.prefix });
    try {
      expect(await probe.getJobScheduler(RETENTION_SCHEDULER_ID)).toBeUndefined();
      const extension = await startRetentionWorker({
        dataSource: h.ctx.dataSource,
        store: h.ctx.store,
        config: h.config.retention,
        redisUrl: h.config.redisUrl,
        prefix: h.config.queue.prefix,
        logger: h.ctx.logger,
      });
      try {
        const scheduler = await probe.getJobScheduler(RETENTION_SCHEDULER_ID);
        expect(scheduler).toBeDefined();
        expect(Number(scheduler!.every)).toBe(h.config.retention.intervalMs);
        expect(await probe.getJobSchedulersCount()).toBe(1);
      } finally {
        await extension.stop();
      }
      // Kept documents survive the tick the scheduler runs at once.
      for (const id of Object.values(kept)) expect((await rowsOf(id)).document).toBe(1);
    } finally {
      await probe.obliterate({ force: true }).catch(() => undefined);
      await probe.close();
    }
  }, 30_000);
});
