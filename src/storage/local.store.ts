import { createHmac, randomUUID, timingSafeEqual } from "node:crypto";
import { createWriteStream, type Dirent } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { AppError, NotFoundError, StorageUnavailableError } from "../errors/app.error.js";
import {
  assertSafeKey,
  HashingLimitStream,
  type DownloadUrlOptions,
  type ObjectStat,
  type ObjectStore,
  type PresignedPut,
  type PutOptions,
  type PutResult,
  type SweepIncompleteResult,
} from "./object-store.js";

/** Options of the local-directory driver. */
export interface LocalStoreOptions {
  /** Directory that holds the objects; created when missing. */
  dir: string;
  /** Base URL of the Folio API; download URLs point at its `/files/…` route. */
  publicUrl: string;
  /** Secret that signs download URLs. */
  signingSecret: string;
}

const TMP_DIR = ".tmp";

/**
 * Objects as files under one directory, the default driver so Folio runs with no
 * object store. Writes go to a temporary file first and are renamed into place
 * only when complete, so a failed or oversized write leaves nothing behind.
 * Download URLs are HMAC-signed links to the API, checked by {@link verifyDownloadSignature}.
 */
export class LocalObjectStore implements ObjectStore {
  readonly driver = "local" as const;
  readonly directUploads = false;
  private readonly root: string;

  constructor(private readonly options: LocalStoreOptions) {
    this.root = path.resolve(options.dir);
  }

  private pathOf(key: string): string {
    assertSafeKey(key);
    const full = path.resolve(this.root, ...key.split("/"));
    // Defence in depth: assertSafeKey already rules out escapes.
    if (!full.startsWith(this.root + path.sep)) throw new AppError("VALIDATION_FAILED", "Unsafe storage key.");
    return full;
  }

  async init(): Promise<void> {
    try {
      await fs.mkdir(path.join(this.root, TMP_DIR), { recursive: true });
      await fs.access(this.root, fs.constants.W_OK);
    } catch (error) {
      throw new StorageUnavailableError(`Storage directory ${this.root} is not writable.`, error);
    }
  }

  async put(key: string, source: NodeJS.ReadableStream, options: PutOptions): Promise<PutResult> {
    const target = this.pathOf(key);
    const tmp = path.join(this.root, TMP_DIR, `${randomUUID()}.part`);
    const meter = new HashingLimitStream(options.maxBytes);
    try {
      await fs.mkdir(path.dirname(target), { recursive: true });
      await pipeline(source, meter, createWriteStream(tmp, { flags: "wx" }));
      await fs.rename(tmp, target);
    } catch (error) {
      await fs.rm(tmp, { force: true });
      await this.pruneUpwards(path.dirname(target));
      if (error instanceof AppError) throw error;
      throw new StorageUnavailableError(`Could not write ${key}.`, error);
    }
    return { key, sizeBytes: meter.sizeBytes, sha256: meter.digest() };
  }

  async get(key: string): Promise<NodeJS.ReadableStream> {
    const file = this.pathOf(key);
    try {
      const handle = await fs.open(file, "r");
      return handle.createReadStream();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") throw new NotFoundError("Object");
      throw new StorageUnavailableError(`Could not read ${key}.`, error);
    }
  }

  async stat(key: string): Promise<ObjectStat | null> {
    try {
      const s = await fs.stat(this.pathOf(key));
      return s.isFile() ? { key, sizeBytes: s.size, contentType: null, lastModified: s.mtime } : null;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw new StorageUnavailableError(`Could not stat ${key}.`, error);
    }
  }

  async delete(key: string): Promise<void> {
    await fs.rm(this.pathOf(key), { force: true });
  }

  async list(prefix: string): Promise<string[]> {
    if (prefix !== "") assertSafeKey(prefix, { prefix: true });
    const keys: string[] = [];
    const walk = async (dir: string, rel: string): Promise<void> => {
      let entries: Dirent[];
      try {
        entries = await fs.readdir(dir, { withFileTypes: true });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") return;
        throw error;
      }
      for (const entry of entries) {
        if (rel === "" && entry.name === TMP_DIR) continue;
        const key = rel === "" ? entry.name : `${rel}/${entry.name}`;
        if (entry.isDirectory()) await walk(path.join(dir, entry.name), key);
        else if (entry.isFile() && key.startsWith(prefix)) keys.push(key);
      }
    };
    // Start the walk at the deepest directory the prefix names, not at the root.
    const dirPart = prefix.includes("/") ? prefix.slice(0, prefix.lastIndexOf("/")) : "";
    await walk(dirPart === "" ? this.root : path.join(this.root, ...dirPart.split("/")), dirPart);
    return keys.sort();
  }

  async deletePrefix(prefix: string): Promise<number> {
    const keys = await this.list(prefix);
    for (const key of keys) await this.delete(key);
    // Remove the directories the deletion emptied, deepest first, then up through the prefix.
    const dirs = [...new Set(keys.map((k) => path.dirname(this.pathOf(k))))].sort((a, b) => b.length - a.length);
    for (const dir of dirs) await this.pruneUpwards(dir);
    return keys.length;
  }

  /** Remove temporary `.part` files last written before `olderThan` (a write in progress keeps touching its file). */
  async sweepIncomplete(olderThan: Date): Promise<SweepIncompleteResult> {
    const dir = path.join(this.root, TMP_DIR);
    let names: string[];
    try {
      names = await fs.readdir(dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return { removed: 0 };
      throw new StorageUnavailableError(`Could not list ${dir}.`, error);
    }
    let removed = 0;
    for (const name of names) {
      if (!name.endsWith(".part")) continue;
      const file = path.join(dir, name);
      const s = await fs.stat(file).catch(() => null);
      if (!s?.isFile() || s.mtime >= olderThan) continue;
      await fs.rm(file, { force: true });
      removed++;
    }
    return { removed };
  }

  /** Remove `dir` and its parents while they are empty, never the root itself. */
  private async pruneUpwards(dir: string): Promise<void> {
    for (let current = dir; current.startsWith(this.root + path.sep); current = path.dirname(current)) {
      try {
        await fs.rmdir(current);
      } catch {
        return; // not empty, or gone already
      }
    }
  }

  /** Clients write into the local directory only through the API: there is no URL that could take the bytes. */
  async presignPut(): Promise<PresignedPut> {
    throw new AppError("DIRECT_UPLOAD_UNSUPPORTED", "Direct uploads need STORAGE_DRIVER=s3; this server stores files locally. Upload through uploadDocument instead.");
  }

  /** Copy through a temporary file renamed into place, like {@link put}: a reader never sees half a copy. */
  async copy(source: string, target: string): Promise<void> {
    const from = this.pathOf(source);
    const to = this.pathOf(target);
    const tmp = path.join(this.root, TMP_DIR, `${randomUUID()}.part`);
    try {
      await fs.mkdir(path.dirname(to), { recursive: true });
      await fs.copyFile(from, tmp);
      await fs.rename(tmp, to);
    } catch (error) {
      await fs.rm(tmp, { force: true });
      if ((error as NodeJS.ErrnoException).code === "ENOENT") throw new NotFoundError("Object");
      throw new StorageUnavailableError(`Could not copy ${source} to ${target}.`, error);
    }
  }

  async downloadUrl(key: string, options: DownloadUrlOptions): Promise<string> {
    assertSafeKey(key);
    const expires = Math.floor(Date.now() / 1000) + options.expiresInSeconds;
    const params = new URLSearchParams({ key, expires: String(expires) });
    if (options.filename) params.set("filename", options.filename);
    params.set("sig", signDownload(this.options.signingSecret, key, expires, options.filename));
    return `${this.options.publicUrl}/files?${params.toString()}`;
  }

  async ping(): Promise<void> {
    await this.init();
  }

  async close(): Promise<void> {}

  /** Absolute path of an object, for the API's download route after it verified a signature. */
  filePath(key: string): string {
    return this.pathOf(key);
  }
}

function signDownload(secret: string, key: string, expires: number, filename?: string): string {
  return createHmac("sha256", secret).update(`${key}\n${expires}\n${filename ?? ""}`).digest("base64url");
}

/** True when a `/files` link's signature is genuine and not expired. */
export function verifyDownloadSignature(
  secret: string,
  params: { key: string; expires: string; sig: string; filename?: string },
  now = Date.now(),
): boolean {
  const expires = Number(params.expires);
  if (!Number.isInteger(expires) || expires * 1000 < now) return false;
  const expected = Buffer.from(signDownload(secret, params.key, expires, params.filename));
  const given = Buffer.from(params.sig);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
