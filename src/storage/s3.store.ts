import { randomUUID } from "node:crypto";
import type { Agent } from "node:http";
import { PassThrough, type Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { Client, type ClientOptions } from "minio";
import type { S3Settings } from "../config/env.js";
import { AppError, NotFoundError, StorageUnavailableError } from "../errors/app.error.js";
import {
  assertSafeKey,
  HashingLimitStream,
  type DownloadUrlOptions,
  type ObjectStat,
  type ObjectStore,
  type PresignedPut,
  type PresignPutOptions,
  type PutOptions,
  type PutResult,
  type SweepIncompleteResult,
} from "./object-store.js";

/** Options of the S3 driver: the configured settings plus what only code can pass. */
export interface S3StoreOptions extends S3Settings {
  /** The http(s) agent every request goes through; set to pin connections to checked addresses (delivery destinations). */
  transportAgent?: Agent;
}

const PUT_ID_META = "folio-put-id";

/**
 * The minio client with two behaviours changed for Folio:
 * - It never resumes an earlier incomplete multipart upload of the same key
 *   (`findUploadId` → none). Folio's keys are unique per document, resuming
 *   would splice stale parts into a new object, and the lookup it needs
 *   (ListMultipartUploads) is missing from some S3 servers (s3rver).
 * - It remembers each multipart upload it starts, by a per-put id sent as
 *   object metadata, so a failed put can abort its upload and leave nothing.
 */
class FolioMinioClient extends Client {
  readonly initiated = new Map<string, Promise<string>>();

  override async findUploadId(): Promise<string | undefined> {
    return undefined;
  }

  override initiateNewMultipartUpload(bucketName: string, objectName: string, headers: Record<string, string | number>): Promise<string> {
    const started = super.initiateNewMultipartUpload(bucketName, objectName, headers);
    const putId = Object.entries(headers).find(([name]) => name.toLowerCase() === `x-amz-meta-${PUT_ID_META}`)?.[1];
    if (putId !== undefined) this.initiated.set(String(putId), started);
    return started;
  }
}

function isMissing(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return code === "NoSuchKey" || code === "NotFound" || code === "NoSuchObject";
}

/** Objects in an S3 bucket through the minio client (MinIO, AWS S3 or any S3-protocol server). */
export class S3ObjectStore implements ObjectStore {
  readonly driver = "s3" as const;
  readonly directUploads = true;
  private readonly client: FolioMinioClient;
  private readonly bucket: string;

  constructor(private readonly options: S3StoreOptions) {
    const url = new URL(options.endpoint);
    const useSSL = url.protocol === "https:";
    const clientOptions: ClientOptions = {
      endPoint: url.hostname,
      port: url.port ? Number(url.port) : useSSL ? 443 : 80,
      useSSL,
      region: options.region,
      pathStyle: options.pathStyle,
      accessKey: options.accessKey,
      secretKey: options.secretKey,
      partSize: options.partSizeBytes,
      ...(options.transportAgent ? { transportAgent: options.transportAgent } : {}),
    };
    this.client = new FolioMinioClient(clientOptions);
    this.bucket = options.bucket;
  }

  async init(): Promise<void> {
    try {
      if (await this.client.bucketExists(this.bucket)) return;
      if (!this.options.createBucket) throw new Error(`bucket ${this.bucket} does not exist and S3_CREATE_BUCKET is false`);
      await this.client.makeBucket(this.bucket, this.options.region);
    } catch (error) {
      if ((error as { code?: unknown }).code === "BucketAlreadyOwnedByYou") return;
      throw new StorageUnavailableError(`S3 bucket ${this.bucket} is not usable: ${(error as Error).message}`, error);
    }
  }

  async put(key: string, source: NodeJS.ReadableStream, options: PutOptions): Promise<PutResult> {
    assertSafeKey(key);
    const putId = randomUUID();
    const meter = new HashingLimitStream(options.maxBytes);
    const body = new PassThrough();
    const piping = pipeline(source, meter, body);
    // The byte limit doubles as the size hint: minio then sizes parts from it
    // instead of assuming a 5 TiB object (which would mean ~500 MB parts in memory).
    const sizeHint = Math.max(1, options.maxBytes);
    const upload = this.client.putObject(this.bucket, key, body, sizeHint, {
      "Content-Type": options.contentType ?? "application/octet-stream",
      [PUT_ID_META]: putId,
    });
    try {
      // minio pipes `body` into its chunker with pipe(), which does not forward
      // errors: if our pipeline fails first, the upload never settles, so race them.
      await Promise.all([piping, upload]);
    } catch (error) {
      upload.catch(() => undefined);
      body.destroy();
      await this.abortUpload(key, putId);
      if (error instanceof AppError) throw error;
      throw new StorageUnavailableError(`Could not write ${key}: ${(error as Error).message}`, error);
    } finally {
      this.client.initiated.delete(putId);
    }
    return { key, sizeBytes: meter.sizeBytes, sha256: meter.digest() };
  }

  /** Abort the multipart upload a failed put started, so no parts linger (a single PUT that failed stored nothing). */
  private async abortUpload(key: string, putId: string): Promise<void> {
    const initiated = this.client.initiated.get(putId);
    if (!initiated) return;
    try {
      const uploadId = await initiated;
      await this.client.abortMultipartUpload(this.bucket, key, uploadId);
    } catch {
      // Best effort: a bucket lifecycle rule (AbortIncompleteMultipartUpload) is the backstop.
    }
  }

  async get(key: string): Promise<NodeJS.ReadableStream> {
    assertSafeKey(key);
    try {
      return (await this.client.getObject(this.bucket, key)) as Readable;
    } catch (error) {
      if (isMissing(error)) throw new NotFoundError("Object");
      throw new StorageUnavailableError(`Could not read ${key}.`, error);
    }
  }

  async stat(key: string): Promise<ObjectStat | null> {
    assertSafeKey(key);
    try {
      const s = await this.client.statObject(this.bucket, key);
      const meta = s.metaData as Record<string, string | undefined>;
      return { key, sizeBytes: s.size, contentType: meta["content-type"] ?? null, lastModified: s.lastModified };
    } catch (error) {
      if (isMissing(error)) return null;
      throw new StorageUnavailableError(`Could not stat ${key}.`, error);
    }
  }

  async delete(key: string): Promise<void> {
    assertSafeKey(key);
    try {
      await this.client.removeObject(this.bucket, key);
    } catch (error) {
      if (isMissing(error)) return;
      throw new StorageUnavailableError(`Could not delete ${key}.`, error);
    }
  }

  async list(prefix: string): Promise<string[]> {
    if (prefix !== "") assertSafeKey(prefix, { prefix: true });
    const keys: string[] = [];
    try {
      for await (const item of this.client.listObjectsV2(this.bucket, prefix, true)) {
        if (item.name) keys.push(item.name);
      }
    } catch (error) {
      throw new StorageUnavailableError(`Could not list ${prefix}.`, error);
    }
    return keys.sort();
  }

  async deletePrefix(prefix: string): Promise<number> {
    const keys = await this.list(prefix);
    // DeleteObjects takes at most 1000 keys a request.
    for (let i = 0; i < keys.length; i += 1000) {
      try {
        await this.client.removeObjects(this.bucket, keys.slice(i, i + 1000));
      } catch (error) {
        throw new StorageUnavailableError(`Could not delete under ${prefix}.`, error);
      }
    }
    return keys.length;
  }

  /**
   * Abort multipart uploads started before `olderThan` (a put that died with
   * its process; a failed put aborts its own). Servers without
   * ListMultipartUploads (s3rver) answer `unsupported`: a bucket lifecycle rule
   * (AbortIncompleteMultipartUpload) is then the only backstop.
   */
  async sweepIncomplete(olderThan: Date): Promise<SweepIncompleteResult> {
    const stale: { key: string; uploadId: string }[] = [];
    try {
      for await (const item of this.client.listIncompleteUploads(this.bucket, "", true) as AsyncIterable<{ key?: string; uploadId?: string; initiated?: Date }>) {
        if (item.key && item.uploadId && item.initiated instanceof Date && item.initiated < olderThan) stale.push({ key: item.key, uploadId: item.uploadId });
      }
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      const status = (error as { $metadata?: { httpStatusCode?: number }; statusCode?: number }).statusCode;
      if (code === "NotImplemented" || code === "MethodNotAllowed" || status === 501 || status === 405 || status === 404) {
        return { removed: 0, unsupported: `the S3 server does not list multipart uploads (${String(code ?? status)})` };
      }
      throw new StorageUnavailableError("Could not list incomplete multipart uploads.", error);
    }
    let removed = 0;
    for (const upload of stale) {
      try {
        await this.client.abortMultipartUpload(this.bucket, upload.key, upload.uploadId);
        removed++;
      } catch (error) {
        if (!isMissing(error) && (error as { code?: unknown }).code !== "NoSuchUpload") throw new StorageUnavailableError(`Could not abort the upload of ${upload.key}.`, error);
      }
    }
    return { removed };
  }

  /**
   * A presigned PUT of `key`. S3 signs only the host here, so the URL cannot
   * bound the size or content of what is written: whoever uses it verifies
   * the object afterwards (see documents/direct-upload.service.ts).
   */
  async presignPut(key: string, options: PresignPutOptions): Promise<PresignedPut> {
    assertSafeKey(key);
    try {
      const url = await this.client.presignedPutObject(this.bucket, key, options.expiresInSeconds);
      return { method: "PUT", url, headers: {} };
    } catch (error) {
      throw new StorageUnavailableError(`Could not presign a PUT of ${key}.`, error);
    }
  }

  /** Server-side CopyObject: no bytes pass through Folio (S3 copies up to 5 GiB in one request). */
  async copy(source: string, target: string): Promise<void> {
    assertSafeKey(source);
    assertSafeKey(target);
    try {
      await this.client.copyObject(this.bucket, target, `/${this.bucket}/${source}`);
    } catch (error) {
      if (isMissing(error)) throw new NotFoundError("Object");
      throw new StorageUnavailableError(`Could not copy ${source} to ${target}.`, error);
    }
  }

  async downloadUrl(key: string, options: DownloadUrlOptions): Promise<string> {
    assertSafeKey(key);
    const headers: Record<string, string> = {};
    if (options.filename) headers["response-content-disposition"] = `attachment; filename="${options.filename.replace(/"/g, "")}"`;
    if (options.contentType) headers["response-content-type"] = options.contentType;
    return this.client.presignedGetObject(this.bucket, key, options.expiresInSeconds, headers);
  }

  async ping(): Promise<void> {
    try {
      await this.client.bucketExists(this.bucket);
    } catch (error) {
      throw new StorageUnavailableError("S3 endpoint does not answer.", error);
    }
  }

  async close(): Promise<void> {}
}
