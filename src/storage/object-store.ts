import { createHash } from "node:crypto";
import { Transform, type TransformCallback } from "node:stream";
import { FileTooLargeError, ValidationError } from "../errors/app.error.js";

/** What a completed put reports: measured while the bytes streamed through. */
export interface PutResult {
  key: string;
  sizeBytes: number;
  /** Lower-case hex SHA-256 of the stored bytes. */
  sha256: string;
}

/** Metadata of a stored object. */
export interface ObjectStat {
  key: string;
  sizeBytes: number;
  contentType: string | null;
  lastModified: Date;
}

/** What {@link ObjectStore.sweepIncomplete} removed. */
export interface SweepIncompleteResult {
  removed: number;
  /** Why the store could not look for leftovers (the sweep is then a no-op), e.g. the server lacks the API. */
  unsupported?: string;
}

/** Options of {@link ObjectStore.put}. */
export interface PutOptions {
  /** The write is aborted with FILE_TOO_LARGE, leaving nothing stored, once more bytes than this arrive. */
  maxBytes: number;
  contentType?: string;
}

/** Options of {@link ObjectStore.downloadUrl}. */
export interface DownloadUrlOptions {
  expiresInSeconds: number;
  /** Filename offered to the browser (Content-Disposition). */
  filename?: string;
  contentType?: string;
}

/** Options of {@link ObjectStore.presignPut}. */
export interface PresignPutOptions {
  expiresInSeconds: number;
}

/** How a client writes one object straight into the store, without Folio relaying the bytes. */
export interface PresignedPut {
  method: "PUT";
  url: string;
  /** Headers the client must send with the request (besides Content-Length). */
  headers: Record<string, string>;
}

/**
 * The one interface every object-store driver implements. Keys are validated
 * by {@link assertSafeKey}; drivers never see user-controlled path segments.
 */
export interface ObjectStore {
  readonly driver: "local" | "s3";
  /** Create the bucket or directory when missing; check that the store answers. */
  init(): Promise<void>;
  /** Stream `source` into `key`, hashing and counting on the way. Overwrites an existing object. */
  put(key: string, source: NodeJS.ReadableStream, options: PutOptions): Promise<PutResult>;
  /** A readable stream of the object; NOT_FOUND when absent. */
  get(key: string): Promise<NodeJS.ReadableStream>;
  /** Metadata, or null when absent. */
  stat(key: string): Promise<ObjectStat | null>;
  /** Remove the object; removing an absent object is not an error. */
  delete(key: string): Promise<void>;
  /** Keys under a prefix, in lexical order. */
  list(prefix: string): Promise<string[]>;
  /** Remove every object under a prefix; returns how many were removed. */
  deletePrefix(prefix: string): Promise<number>;
  /** Whether {@link presignPut} works: clients can write objects without Folio relaying them (the s3 driver). */
  readonly directUploads: boolean;
  /** A URL that writes `key` without other credentials until it expires; DIRECT_UPLOAD_UNSUPPORTED when the driver cannot. */
  presignPut(key: string, options: PresignPutOptions): Promise<PresignedPut>;
  /** Copy an object inside the store (server-side where the store can); NOT_FOUND when `source` is absent. */
  copy(source: string, target: string): Promise<void>;
  /** A URL that downloads the object without other credentials until it expires. */
  downloadUrl(key: string, options: DownloadUrlOptions): Promise<string>;
  /**
   * Remove what interrupted writes left behind and nothing else: the local
   * driver's temporary `.part` files, the S3 driver's incomplete multipart
   * uploads, started before `olderThan` (a live upload is younger). A store
   * that cannot list them (s3rver has no ListMultipartUploads) reports
   * `unsupported` instead of failing.
   */
  sweepIncomplete(olderThan: Date): Promise<SweepIncompleteResult>;
  /** A cheap round trip to the store, for readiness checks. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

const SEGMENT = /^[A-Za-z0-9][A-Za-z0-9._-]{0,254}$/;

/**
 * Reject any key that could escape its prefix or confuse a driver: empty or
 * absolute paths, `.`/`..` segments, backslashes, NUL and control characters,
 * and anything but `[A-Za-z0-9._-]` in a segment. Keys are built by Folio from
 * ids and sanitised names, so a rejection here is a programming error or an attack.
 */
export function assertSafeKey(key: string, { prefix = false }: { prefix?: boolean } = {}): void {
  const problems: string[] = [];
  if (typeof key !== "string" || key.length === 0) problems.push("empty");
  else {
    if (key.length > 1024) problems.push("longer than 1024 characters");
    if (key.startsWith("/")) problems.push("absolute");
    const segments = key.split("/");
    // A prefix may end with "/" (an empty last segment); a key may not.
    const checked = prefix && segments[segments.length - 1] === "" ? segments.slice(0, -1) : segments;
    for (const segment of checked) {
      if (segment === "." || segment === "..") problems.push(`segment "${segment}"`);
      else if (!SEGMENT.test(segment)) problems.push("a segment is empty or has characters outside [A-Za-z0-9._-]");
    }
  }
  if (problems.length > 0) {
    throw new ValidationError(`Unsafe storage key: ${[...new Set(problems)].join(", ")}.`);
  }
}

/**
 * Turn a client's filename into one that is safe in keys and headers: the last
 * path component only, ASCII letters, digits, `.`, `_` and `-`, no leading dot,
 * at most 120 characters, keeping the extension. Never empty.
 */
export function sanitizeFilename(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? "";
  const ascii = base.normalize("NFKD").replace(/[^\x20-\x7e]/g, "");
  const clean = (part: string) => part.replace(/[^A-Za-z0-9._-]+/g, "_").replace(/_+/g, "_").replace(/^[._-]+/, "");
  const dot = ascii.lastIndexOf(".");
  const ext = dot >= 0 && /^[A-Za-z0-9]{1,10}$/.test(ascii.slice(dot + 1)) ? ascii.slice(dot).toLowerCase() : "";
  const stem = clean(ext ? ascii.slice(0, dot) : ascii).slice(0, 120 - ext.length).replace(/[._-]+$/, "");
  return `${stem || "file"}${ext}`;
}

/**
 * A pass-through stream that counts bytes, hashes them with SHA-256 and fails
 * with FILE_TOO_LARGE as soon as the count passes `maxBytes`. Piped (never
 * read with a 'data' listener, which would switch the source to flowing mode
 * and lose bytes while a driver is still setting up).
 */
export class HashingLimitStream extends Transform {
  private readonly hash = createHash("sha256");
  private count = 0;

  constructor(private readonly maxBytes: number) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.count += chunk.length;
    if (this.count > this.maxBytes) {
      callback(new FileTooLargeError(this.maxBytes));
      return;
    }
    this.hash.update(chunk);
    callback(null, chunk);
  }

  /** Bytes seen so far. */
  get sizeBytes(): number {
    return this.count;
  }

  /** Hex digest; call once, after the stream ended. */
  digest(): string {
    return this.hash.digest("hex");
  }
}
