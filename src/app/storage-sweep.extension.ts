import { sweepStorageOrphans } from "../documents/storage-orphans.sweep.js";
import { getMetrics } from "../metrics/registry.js";
import type { WorkerExtension } from "./component.types.js";

/**
 * The worker's storage sweep (ORPHAN_SWEEP_INTERVAL_MS, ORPHAN_GRACE_MS): on
 * the worker's sweeper, removes temporary writes and objects of documents that
 * have no row, counted in `folio_storage_orphans_removed_total`. Every worker
 * may run it at once: each removal is re-checked and removing twice is harmless.
 */
export const storageSweepExtension: WorkerExtension = {
  name: "storage-sweep",
  async start({ ctx, sweeper, logger }) {
    const { intervalMs, graceMs } = ctx.config.orphans;
    if (intervalMs === 0) return { stop: async () => undefined };
    let unsupportedLogged = false;
    sweeper.add({
      name: "storage-orphans",
      intervalMs,
      run: async (signal) => {
        const result = await sweepStorageOrphans({ dataSource: ctx.dataSource, store: ctx.store, graceMs, signal });
        const metrics = getMetrics();
        if (result.incomplete) metrics.storageOrphansRemoved.inc({ kind: "incomplete" }, result.incomplete);
        if (result.orphanObjects) metrics.storageOrphansRemoved.inc({ kind: "object" }, result.orphanObjects);
        if (result.incompleteUnsupported && !unsupportedLogged) {
          unsupportedLogged = true;
          logger.warn({ reason: result.incompleteUnsupported }, "storage sweep: incomplete uploads cannot be listed on this store; relying on a bucket lifecycle rule");
        }
        if (result.stagedUploads) metrics.storageOrphansRemoved.inc({ kind: "staged_upload" }, result.stagedUploads);
        if (result.incomplete || result.orphanObjects || result.stagedUploads || result.expiredUploads) {
          logger.info({ incomplete: result.incomplete, orphanObjects: result.orphanObjects, stagedUploads: result.stagedUploads, expiredUploads: result.expiredUploads }, "storage sweep removed leftovers");
        }
        return result;
      },
    });
    return { stop: async () => undefined };
  },
};
