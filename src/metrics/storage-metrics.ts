import { AppError } from "../errors/app.error.js";
import type { ObjectStore } from "../storage/object-store.js";
import { getMetrics } from "./registry.js";

/** The ObjectStore operations that are counted. */
export const STORAGE_OPERATIONS = ["put", "get", "stat", "delete", "list", "deletePrefix", "downloadUrl", "presignPut", "copy"] as const;
type Operation = (typeof STORAGE_OPERATIONS)[number];

const INSTRUMENTED = Symbol.for("folio.metrics.instrumentedStore");

/**
 * An error that says something about the store: anything but the client and
 * document errors a driver reports on purpose (FILE_TOO_LARGE while streaming,
 * NOT_FOUND for a missing object, an unsafe key).
 */
function isStoreError(error: unknown): boolean {
  return !(error instanceof AppError) || error.kind === "server";
}

/**
 * Wrap a store so every operation is counted in `folio_storage_operations_total`
 * and failures in `folio_storage_errors_total`. The wrapper is a Proxy: it is
 * still `instanceof` the driver's class and exposes the driver's own methods
 * (e.g. the local driver's `filePath`). Wrapping twice is a no-op.
 */
export function instrumentObjectStore<T extends ObjectStore>(store: T): T {
  if ((store as unknown as Record<symbol, unknown>)[INSTRUMENTED]) return store;
  const operations = new Set<string>(STORAGE_OPERATIONS);
  const wrapped = new Map<Operation, unknown>();
  return new Proxy(store, {
    get(target, property, _receiver) {
      if (property === INSTRUMENTED) return true;
      const value = Reflect.get(target, property, target) as unknown;
      if (typeof value !== "function") return value;
      if (typeof property !== "string" || !operations.has(property)) return (value as (...a: unknown[]) => unknown).bind(target);
      const operation = property as Operation;
      let fn = wrapped.get(operation);
      if (!fn) {
        fn = async (...args: unknown[]) => {
          const m = getMetrics();
          const labels = { driver: target.driver, operation };
          m.storageOperations.inc(labels);
          try {
            return await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
          } catch (error) {
            if (isStoreError(error)) m.storageErrors.inc(labels);
            throw error;
          }
        };
        wrapped.set(operation, fn);
      }
      return fn;
    },
  });
}
