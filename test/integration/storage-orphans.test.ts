import { randomUUID } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sweepStorageOrphans } from "../../src/documents/storage-orphans.sweep.js";
import { startHarness, type PipelineHarness } from "../support/pipeline-harness.js";

const HOUR = 3_600_000;

/** Set a file's modification time `ms` in the past, as if written then. */
async function age(file: string, ms: number): Promise<void> {
  const then = new Date(Date.now() - ms);
  await fs.utimes(file, then, then);
}

describe("storage orphan sweep (local driver)", () => {
  let harness: PipelineHarness;
  let userId: string;

  beforeAll(async () => {
    harness = await startHarness({ withWorker: false });
    userId = (await harness.createUser()).id;
  });
  afterAll(async () => {
    await harness?.close();
  });

  const fileOf = (key: string) => path.join(harness.storageDir, ...key.split("/"));
  const put = (key: string) => harness.ctx.store.put(key, Readable.from([Buffer.from("bytes")]), { maxBytes: 1_000 });
  const exists = (file: string) => fs.access(file).then(() => true, () => false);

  it("removes an old .part and an old orphan object, keeps fresh leftovers and every object of a document", async () => {
    const tmp = path.join(harness.storageDir, ".tmp");
    await fs.mkdir(tmp, { recursive: true });
    const oldPart = path.join(tmp, `${randomUUID()}.part`);
    const freshPart = path.join(tmp, `${randomUUID()}.part`);
    await fs.writeFile(oldPart, "half an upload");
    await fs.writeFile(freshPart, "an upload in flight");
    await age(oldPart, 2 * HOUR);

    // The API died after storing these uploads and before committing their rows.
    const orphanKey = `users/${userId}/documents/${randomUUID()}/original/lost.pdf`;
    const freshOrphanKey = `users/${userId}/documents/${randomUUID()}/original/uploading.pdf`;
    await put(orphanKey);
    await put(freshOrphanKey);
    await age(fileOf(orphanKey), 2 * HOUR);

    // A recorded document whose objects are as old: never touched.
    const doc = await harness.submitBytes(userId, Buffer.from("%PDF-1.4\n"), "kept.pdf", "application/pdf");
    await age(fileOf(doc.rawKey), 2 * HOUR);

    const result = await sweepStorageOrphans({ dataSource: harness.ctx.dataSource, store: harness.ctx.store, graceMs: HOUR });

    expect(result).toEqual({ incomplete: 1, orphanObjects: 1, stagedUploads: 0, expiredUploads: 0 });
    expect(await exists(oldPart)).toBe(false);
    expect(await exists(freshPart)).toBe(true);
    expect(await harness.ctx.store.stat(orphanKey)).toBeNull();
    expect(await harness.ctx.store.stat(freshOrphanKey)).not.toBeNull();
    expect(await harness.ctx.store.stat(doc.rawKey)).not.toBeNull();
    // The orphan's emptied folders are gone too.
    expect(await exists(path.dirname(path.dirname(fileOf(orphanKey))))).toBe(false);
  });

  it("counts what the worker's sweep removed in folio_storage_orphans_removed_total", async () => {
    const { getMetrics } = await import("../../src/metrics/registry.js");
    const { storageSweepExtension } = await import("../../src/app/storage-sweep.extension.js");
    const { Sweeper } = await import("../../src/queue/sweeper.js");
    const counter = async (kind: string) => (await getMetrics().storageOrphansRemoved.get()).values.find((v) => v.labels.kind === kind)?.value ?? 0;
    const before = await counter("object");
    const key = `users/${userId}/documents/${randomUUID()}/original/lost-too.pdf`;
    await put(key);
    await age(fileOf(key), 2 * HOUR);

    const sweeper = new Sweeper({ warn: () => undefined });
    const logger = harness.ctx.logger;
    const ctx = { ...harness.ctx, config: { ...harness.ctx.config, orphans: { intervalMs: HOUR, graceMs: HOUR } } };
    const running = await storageSweepExtension.start({ ctx, sweeper, logger } as unknown as Parameters<typeof storageSweepExtension.start>[0]);
    await sweeper.runNow("storage-orphans");
    await sweeper.stop();
    await running.stop();

    expect(await harness.ctx.store.stat(key)).toBeNull();
    expect(await counter("object")).toBe(before + 1);
  });
});
