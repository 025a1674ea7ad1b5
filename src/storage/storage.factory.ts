import type { Config } from "../config/env.js";
import { LocalObjectStore } from "./local.store.js";
import type { ObjectStore } from "./object-store.js";
import { S3ObjectStore } from "./s3.store.js";

/**
 * The object store the configuration asks for (not yet initialised). Counting its operations is
 * the wiring's choice (app/ wraps it with metrics), so storage/ knows nothing of metrics.
 */
export function createObjectStore(config: Config): ObjectStore {
  if (config.storage.driver === "s3" && config.storage.s3) return new S3ObjectStore(config.storage.s3);
  return new LocalObjectStore({ dir: config.storage.dir, publicUrl: config.publicUrl, signingSecret: config.signingSecret });
}

/** Where a document's objects live; one prefix per owner so deleting a user sweeps them all. */
export const storageKeys = {
  userPrefix: (userId: string) => `users/${userId}/`,
  documentPrefix: (userId: string, documentId: string) => `users/${userId}/documents/${documentId}/`,
  original: (userId: string, documentId: string, filename: string) => `users/${userId}/documents/${documentId}/original/${filename}`,
  text: (userId: string, documentId: string) => `users/${userId}/documents/${documentId}/processed/text.txt`,
  result: (userId: string, documentId: string) => `users/${userId}/documents/${documentId}/processed/result.json`,
  searchablePdf: (userId: string, documentId: string) => `users/${userId}/documents/${documentId}/processed/searchable.pdf`,
  /** Where direct uploads' clients write (outside `users/`, so one bucket lifecycle rule can cover them all). */
  stagedUploadPrefix: (userId: string) => `uploads/${userId}/`,
  stagedUpload: (userId: string, uploadId: string, filename: string) => `uploads/${userId}/${uploadId}/${filename}`,
};
