import { In, type DataSource } from "typeorm";
import { DocumentEntity } from "../db/entities/index.js";
import type { ObjectStore } from "../storage/object-store.js";

/** What one pass of {@link sweepStorageOrphans} removed. */
export interface StorageOrphanSweepResult {
  /** Temporary `.part` files (local driver) or incomplete multipart uploads (S3) aborted. */
  incomplete: number;
  /** Objects under `users/<u>/documents/<d>/` of documents that have no row. */
  orphanObjects: number;
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
  return { incomplete: incomplete.removed, orphanObjects, ...(incomplete.unsupported ? { incompleteUnsupported: incomplete.unsupported } : {}) };
}
