import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWorker } from "../../src/app/worker.js";
import { SecretBox } from "../../src/auth/secret-box.js";
import { DocumentEntity, DocumentStatus, ProcessingStepEntity } from "../../src/db/entities/index.js";
import { rebuildSteps } from "../../src/documents/step.rebuild.js";
import { createEventLog } from "../../src/events/event.log.js";
import { getSharedOcrPool } from "../../src/extraction/ocr.adapter.js";
import { Reconciler } from "../../src/pipeline/reconciler.js";
import { PipelineRunner } from "../../src/pipeline/runner.js";
import type { ObjectStore } from "../../src/storage/object-store.js";
import { invoicePdf } from "../support/fixtures.js";
import { startHarness, type PipelineHarness } from "../support/pipeline-harness.js";
import { deleteRedisPrefix } from "../support/redis-cleanup.js";

/** Short leases so a dead run is taken over within seconds; renewed every 500 ms. */
const LEASE_MS = 1_500;

let h: PipelineHarness;
/** Live subscribers are not what these tests watch: the log in PostgreSQL is. */
const quietPublisher = { publish: async () => {} };

beforeAll(async () => {
  h = await startHarness({ withWorker: false, env: { RUN_LEASE_MS: String(LEASE_MS), WORKER_LOCK_MS: "2000" } });
});
afterAll(async () => {
  await h?.close();
});

/** The object store with its reads held until `open()`: a step made slow on purpose (it reads the original and writes nothing meanwhile). */
function gatedStore(store: ObjectStore): { store: ObjectStore; open(): void; reading: Promise<void> } {
  let open!: () => void;
  let reading!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  const started = new Promise<void>((resolve) => (reading = resolve));
  const gated = new Proxy(store, {
    get(target, prop) {
      if (prop === "get") {
        return async (key: string) => {
          reading();
          await gate;
          return target.get(key);
        };
      }
      const value: unknown = Reflect.get(target, prop);
      return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
  return { store: gated, open, reading: started };
}

/** A pipeline runner on the harness's database with its own store and lease length (no BullMQ: the test is the worker). */
function runner(store: ObjectStore, leaseMs = LEASE_MS): PipelineRunner {
  return new PipelineRunner({
    dataSource: h.ctx.dataSource,
    events: createEventLog({ dataSource: h.ctx.dataSource, publisher: quietPublisher }),
    store,
    ocr: getSharedOcrPool({ size: 1 }),
    limits: h.config.limits,
    logger: h.ctx.logger,
    secrets: new SecretBox(h.config.signingSecret),
    lease: { leaseMs, crashLimit: h.config.queue.crashLimit },
  });
}

async function docRow(id: string): Promise<DocumentEntity> {
  return h.ctx.dataSource.getRepository(DocumentEntity).findOneByOrFail({ id });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("run leases (fencing)", () => {
  it("Redis loses the job while a slow step runs: the reconciler leaves the leased document alone and exactly one run completes it", async () => {
    const ownerId = (await h.createUser()).id;
    const slow = gatedStore(h.ctx.store);
    const worker = await startWorker({ ...h.ctx, store: slow.store });
    try {
      const doc = await h.submitBytes(ownerId, await invoicePdf(), "slow.pdf");
      await slow.reading; // the first step is in flight and writes nothing until the gate opens
      expect(await deleteRedisPrefix(h.config.redisUrl, h.config.queue.prefix)).toBeGreaterThan(0); // Redis lost its data
      expect(await h.services.queue.isLive(doc.id)).toBe(false);

      // Quiet for far longer than the lease and past the reconciler's grace: still held, because the live run renews it.
      await sleep(LEASE_MS * 3);
      const quiet = await docRow(doc.id);
      expect(quiet.status).toBe(DocumentStatus.PROCESSING);
      expect(quiet.leaseExpiresAt!.getTime()).toBeGreaterThan(Date.now() - 200);
      expect((await worker.reconciler.reconcileOnce(new Date(Date.now() + 600_000))).requeued).not.toContain(doc.id);
      // A second run started anyway (e.g. its job's lock ran out) leaves it alone until the lease would expire.
      expect((await runner(h.ctx.store).run(doc.id, { finalAttempt: false })).kind).toBe("leased");

      slow.open();
      const done = await h.waitForStatus(doc.id, [DocumentStatus.COMPLETED, DocumentStatus.FAILED]);
      expect(done.status).toBe(DocumentStatus.COMPLETED);
      expect(done.runToken).toBeNull(); // released with the completion
      expect(done.workerDeaths).toBe(0);
      const events = await h.events(doc.id);
      expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
      expect(events.filter((e) => e.type === "document.processing")).toHaveLength(1);
      expect(events.filter((e) => e.type === "document.completed")).toHaveLength(1);
      expect(events.at(-1)!.type).toBe("document.completed");
    } finally {
      slow.open();
      await worker.stop();
    }
  }, 120_000);

  it("a run that lost its lease is refused: it appends no event and overwrites no step result, and the winner's COMPLETED stands", async () => {
    const ownerId = (await h.createUser()).id;
    const doc = await h.submitBytes(ownerId, await invoicePdf(), "contested.pdf");
    await h.services.queue.removeIfWaiting(doc.id);

    // The loser: renews only every 20 s, so the test can expire its lease as if its worker had frozen.
    const slow = gatedStore(h.ctx.store);
    const loser = runner(slow.store, 60_000).run(doc.id, { finalAttempt: false });
    await slow.reading;
    const held = await docRow(doc.id);
    expect(held.runToken).not.toBeNull();

    // Live lease: the reconciler does not take over.
    const reconciler = new Reconciler(
      { dataSource: h.ctx.dataSource, queue: h.services.queue, events: createEventLog({ dataSource: h.ctx.dataSource, publisher: quietPublisher }), logger: h.ctx.logger },
      { graceMs: 0, batchSize: 100 },
    );
    await sleep(50);
    expect((await reconciler.reconcileOnce()).requeued).not.toContain(doc.id);

    // The lease expires (the loser's worker stopped renewing): now the reconciler takes over…
    await h.ctx.dataSource.query(`UPDATE documents SET lease_expires_at = clock_timestamp() - interval '1 second' WHERE id = $1`, [doc.id]);
    if (await h.services.queue.isLive(doc.id)) await h.services.queue.removeIfWaiting(doc.id);
    expect((await reconciler.reconcileOnce()).requeued).toContain(doc.id);
    // …and the winner's run (what the requeued job does) completes the document, counting the loser as a death.
    expect((await runner(h.ctx.store).run(doc.id, { finalAttempt: false })).kind).toBe("completed");
    const completed = await docRow(doc.id);
    expect(completed.status).toBe(DocumentStatus.COMPLETED);
    expect(completed.workerDeaths).toBe(1);
    const eventsBefore = await h.events(doc.id);
    const stepsBefore = await h.ctx.dataSource.getRepository(ProcessingStepEntity).find({ where: { documentId: doc.id }, order: { position: "ASC" } });

    // The loser wakes up: its step "finishes", but every write it tries is refused and it stops.
    slow.open();
    expect((await loser).kind).toBe("lease-lost");
    const after = await docRow(doc.id);
    expect(after.status).toBe(DocumentStatus.COMPLETED);
    expect(after.progress).toBe(100);
    expect(await h.events(doc.id)).toEqual(eventsBefore);
    expect(eventsBefore.at(-1)!.type).toBe("document.completed");
    expect(await h.ctx.dataSource.getRepository(ProcessingStepEntity).find({ where: { documentId: doc.id }, order: { position: "ASC" } })).toEqual(stepsBefore);
    expect((await rebuildSteps(h.ctx.dataSource, { dryRun: true, documentIds: [doc.id] })).differences).toEqual([]);
    if (await h.services.queue.isLive(doc.id)) await h.services.queue.removeIfWaiting(doc.id);
  }, 120_000);

  it("a run whose lease is taken over mid-step stops at once (its renewal notices), without waiting for the step to end", async () => {
    const ownerId = (await h.createUser()).id;
    const doc = await h.submitBytes(ownerId, await invoicePdf(), "taken.pdf");
    await h.services.queue.removeIfWaiting(doc.id);
    const stuck = gatedStore(h.ctx.store); // never opened: the step would hang until its timeout
    const started = Date.now();
    const run = runner(stuck.store, 600).run(doc.id, { finalAttempt: false });
    await stuck.reading;
    const eventsBefore = await h.events(doc.id);
    await h.ctx.dataSource.query(`UPDATE documents SET run_token = gen_random_uuid() WHERE id = $1`, [doc.id]); // another run took it
    expect((await run).kind).toBe("lease-lost");
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(await h.events(doc.id)).toEqual(eventsBefore);
    stuck.open();
  }, 60_000);
});
