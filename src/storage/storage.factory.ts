import type { Config } from "../config/env.js";
import { instrumentObjectStore } from "../metrics/storage-metrics.js";
import { LocalObjectStore } from "./local.store.js";
import type { ObjectStore } from "./object-store.js";
import { S3ObjectStore } from "./s3.store.js";

/** The object store the configuration asks for (not yet initialised). */
export function createObjectStore(config: Config): ObjectStore {
  // Counted in folio_storage_operations_total / folio_storage_errors_total; still instanceof the driver's class.
  if (config.storage.driver === "s3" && config.storage.s3) return instrumentObjectStore(new S3ObjectStore(config.storage.s3));
  return instrumentObjectStore(new LocalObjectStore({ dir: config.storage.dir, publicUrl: config.publicUrl, signingSecret: config.signingSecret }));
}

/** Where a document's objects live; one prefix per owner so deleting a user sweeps them all. */
export const storageKeys = {
  userPrefix: (userId: string) => `users/${userId}/`,
  documentPrefix: (userId: string, documentId: string) => `users/${userId}/documents/${documentId}/`,
  original: (userId: string, documentId: string, filename: string) => `users/${userId}/documents/${documentId}/original/${filename}`,
  text: (userId: string, documentId: string) => `users/${userId}/documents/${documentId}/processed/text.txt`,
  result: (userId: string, documentId: string) => `users/${userId}/documents/${documentId}/processed/result.json`,
};
