/** Limits of an {@link OriginalCache}. */
export interface OriginalCacheOptions {
  /** Bytes held at most; an original larger than this is read but never kept. */
  maxBytes: number;
  /** An entry not used for this long is dropped at the next access, so an idle worker lets go of it. */
  idleMs: number;
  /** Clock, for tests. */
  now?: () => number;
}

interface Entry {
  bytes: Promise<Buffer>;
  size: number;
  usedAt: number;
}

/**
 * Originals of documents a worker process is reading page by page, bounded by
 * bytes (least recently used first out). Each page job of a fanned-out PDF
 * needs the whole file; without this, a 40-page scan is read from the object
 * store 40 times per process. Concurrent reads of one key share one load, and
 * a failed load is not kept, so the next page job reads again.
 */
export class OriginalCache {
  private readonly entries = new Map<string, Entry>();
  private held = 0;
  private readonly now: () => number;

  constructor(private readonly options: OriginalCacheOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Bytes currently held (loads in flight count with their expected size). */
  get heldBytes(): number {
    return this.held;
  }

  /**
   * The original under `key`, loaded with `load` unless a live entry has it.
   * `expectedSize` (the uploaded size) decides up front whether it may be kept.
   */
  get(key: string, expectedSize: number, load: () => Promise<Buffer>): Promise<Buffer> {
    this.dropIdle();
    const hit = this.entries.get(key);
    if (hit) {
      // Re-insert: Map order is the LRU order.
      this.entries.delete(key);
      hit.usedAt = this.now();
      this.entries.set(key, hit);
      return hit.bytes;
    }
    if (expectedSize > this.options.maxBytes) return load();
    const entry: Entry = { bytes: load(), size: expectedSize, usedAt: this.now() };
    this.entries.set(key, entry);
    this.held += entry.size;
    this.evictOver();
    entry.bytes.then(
      (buffer) => {
        // The stored size is what counts; a mismatching file is not kept.
        if (buffer.length !== entry.size) this.remove(key, entry);
      },
      () => this.remove(key, entry),
    );
    return entry.bytes;
  }

  private remove(key: string, entry: Entry): void {
    if (this.entries.get(key) !== entry) return;
    this.entries.delete(key);
    this.held -= entry.size;
  }

  private evictOver(): void {
    for (const [key, entry] of this.entries) {
      if (this.held <= this.options.maxBytes) return;
      this.remove(key, entry);
    }
  }

  private dropIdle(): void {
    const cutoff = this.now() - this.options.idleMs;
    for (const [key, entry] of this.entries) if (entry.usedAt < cutoff) this.remove(key, entry);
  }
}
