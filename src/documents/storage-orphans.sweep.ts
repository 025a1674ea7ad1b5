import { In, LessThan, Not, type DataSource } from "typeorm";
import { DirectUploadEntity, DirectUploadStatus, DocumentEntity } from "../db/entities/index.js";
import type { ObjectStore } from "../storage/object-store.js";

/** What one pass of {@link sweepStorageOrphans} removed. */
export interface StorageOrphanSweepResult {
  /** Temporary `.part` files (local driver) or incomplete multipart uploads (S3) aborted. */
  incomplete: number;
  /** Objects under `users/<u>/documents/<d>/` of documents that have no row. */
  orphanObjects: number;
  /** Staged objects of direct uploads (`uploads/<u>/<upload>/`) that are completed, failed, expired or unknown. */
  stagedUploads: number;
  /** Direct-upload rows removed: pending ones past their expiry, failed ones likewise. */
  expiredUploads: number;
  /** Why incomplete writes could not be looked for, when the store cannot list them. */
  incompleteUnsupported?: string;
}

/** Options of {@link sweepStorageOrphans}. */
export interface StorageOrphanSweepOptions {
  dataSource: DataSource;
  store: ObjectStore;
  /** Only leftovers older than this are touched: an upload stores its object before its row commits. */
  graceMs: number;
  signal?: AbortSignal;
  /** Documents looked up per query. */
  batchSize?: number;
  now?: () => Date;
}

/** `users/<user>/documents/<document>/…` → the two ids, or null for any other key. */
const DOCUMENT_KEY = /^users\/([^/]+)\/documents\/([^/]+)\/./;
/** `uploads/<user>/<upload>/…`: where a direct upload's client writes. */
const STAGED_KEY = /^uploads\/([^/]+)\/([^/]+)\/./;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Remove what a crash left in the object store: temporary writes
 * ({@link ObjectStore.sweepIncomplete}) and the objects of documents that
 * were never recorded (the API died between storing an upload and committing
 * its row). An object is an orphan only when its document has no row AND
 * every object under the document's prefix is older than the grace period, so
 * a live upload — stored, row not yet committed — is never touched, and the
 * row is checked after the listing, so a document committed meanwhile is kept.
 */
export async function sweepStorageOrphans(options: StorageOrphanSweepOptions): Promise<StorageOrphanSweepResult> {
  const { dataSource, store, signal } = options;
  const cutoff = new Date((options.now?.() ?? new Date()).getTime() - options.graceMs);
  const incomplete = await store.sweepIncomplete(cutoff);

  const byDocument = new Map<string, { documentId: string; keys: string[] }>();
  for (const key of await store.list("users/")) {
    const match = DOCUMENT_KEY.exec(key);
    if (!match) continue;
    const prefix = `users/${match[1]}/documents/${match[2]}/`;
    const entry = byDocument.get(prefix) ?? { documentId: match[2]!, keys: [] };
    entry.keys.push(key);
    byDocument.set(prefix, entry);
  }

  let orphanObjects = 0;
  const prefixes = [...byDocument.keys()];
  const batchSize = options.batchSize ?? 500;
  for (let i = 0; i < prefixes.length && !signal?.aborted; i += batchSize) {
    const batch = prefixes.slice(i, i + batchSize);
    const ids = batch.map((p) => byDocument.get(p)!.documentId);
    // Ids that are not UUIDs cannot be rows; the query only gets well-formed ones.
    const uuids = ids.filter((id) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id));
    const rows = uuids.length ? await dataSource.getRepository(DocumentEntity).find({ select: { id: true }, where: { id: In(uuids) } }) : [];
    const known = new Set(rows.map((r) => r.id));
    for (const [index, prefix] of batch.entries()) {
      if (signal?.aborted) break;
      if (known.has(ids[index]!)) continue;
      const { keys } = byDocument.get(prefix)!;
      const stats = await Promise.all(keys.map((key) => store.stat(key)));
      if (stats.some((s) => s !== null && s.lastModified >= cutoff)) continue;
      // Checked again right before deleting: a row that committed since the batch query keeps its objects.
      if (uuids.includes(ids[index]!) && (await dataSource.getRepository(DocumentEntity).existsBy({ id: ids[index]! }))) continue;
      orphanObjects += await store.deletePrefix(prefix);
    }
  }
  const uploads = signal?.aborted ? { stagedUploads: 0, expiredUploads: 0 } : await sweepDirectUploads(dataSource, store, cutoff, signal);
  return { incomplete: incomplete.removed, orphanObjects, ...uploads, ...(incomplete.unsupported ? { incompleteUnsupported: incomplete.unsupported } : {}) };
}

/**
 * Direct uploads that never complete: a staged object is removed once its
 * upload is no longer live (completed — the document has its own copy —,
 * failed, expired before `cutoff`, or without a row) and it is older than
 * `cutoff`; then the rows of uploads that expired or failed before `cutoff`.
 * Completed rows stay: they answer a repeated completeUpload with the document.
 */
async function sweepDirectUploads(dataSource: DataSource, store: ObjectStore, cutoff: Date, signal?: AbortSignal): Promise<{ stagedUploads: number; expiredUploads: number }> {
  const byUpload = new Map<string, string[]>();
  for (const key of await store.list("uploads/")) {
    const match = STAGED_KEY.exec(key);
    if (!match) continue;
    byUpload.set(match[2]!, [...(byUpload.get(match[2]!) ?? []), key]);
  }
  let stagedUploads = 0;
  const repo = dataSource.getRepository(DirectUploadEntity);
  for (const [uploadId, keys] of byUpload) {
    if (signal?.aborted) break;
    const row = UUID.test(uploadId) ? await repo.findOne({ where: { id: uploadId }, select: { id: true, status: true, expiresAt: true } }) : null;
    if (row && row.status === DirectUploadStatus.PENDING && row.expiresAt >= cutoff) continue;
    const stats = await Promise.all(keys.map((key) => store.stat(key)));
    // A client may still be writing with a URL that has not expired: leave recent objects alone.
    if (stats.some((s) => s !== null && s.lastModified >= cutoff)) continue;
    for (const key of keys) await store.delete(key);
    stagedUploads++;
  }
  const expired = signal?.aborted ? { affected: 0 } : await repo.delete({ status: Not(DirectUploadStatus.COMPLETED), expiresAt: LessThan(cutoff) });
  return { stagedUploads, expiredUploads: expired.affected ?? 0 };
}
