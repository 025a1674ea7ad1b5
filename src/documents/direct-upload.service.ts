import type { OcrMode } from "../common/ocr-mode.js";
import { randomUUID } from "node:crypto";
import { Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { DataSource, EntityManager } from "typeorm";
import type { SecretBox } from "../auth/secret-box.js";
import { createWithinQuota } from "../db/quota.guard.js";
import { DirectUploadEntity, DirectUploadStatus, DocumentEntity } from "../db/entities/index.js";
import type { DirectUploadOptions } from "../db/entities/direct-upload.entity.js";
import { AppError, FileTooLargeError, NotFoundError, ValidationError, isErrorCode } from "../errors/app.error.js";
import { HashingLimitStream, sanitizeFilename, type ObjectStore } from "../storage/object-store.js";
import { storageKeys } from "../storage/storage.factory.js";
import type { DocumentIntake, IntakeResult } from "./document.intake.js";
import { assertAcceptableFilename } from "./filename.policy.js";

/** S3 copies at most 5 GiB in one CopyObject; a direct upload is copied once, so it is held to that. */
export const DIRECT_UPLOAD_MAX_BYTES = 5 * 1024 ** 3;

/** The file a client is about to upload directly, as it declares it. */
export interface DirectUploadRequest {
  ownerId: string;
  filename: string;
  contentType?: string | null;
  sizeBytes: number;
  /** Hex SHA-256 of the file's bytes (either case). */
  sha256: string;
  labels?: string[] | null;
  autoProcess?: boolean;
  onDuplicate?: DirectUploadOptions["onDuplicate"];
  idempotencyKey?: string | null;
  pdfPassword?: string | null;
  ocrMode?: OcrMode | null;
}

/** Where and how the client writes the file, and the id to complete it with. */
export interface DirectUploadTicket {
  id: string;
  method: "PUT";
  url: string;
  /** Headers to send with the PUT (besides Content-Length). */
  headers: Record<string, string>;
  expiresAt: Date;
}

/** Thrown inside the recording transaction when another completion settled the upload first. */
class AlreadySettled extends Error {}

/**
 * Direct uploads (s3 driver): a client asks for a presigned PUT, writes the
 * file straight into the object store, then completes the upload. Completion
 * copies the staged object to the document's own key (server-side: the
 * client's URL can still write the staging key, never the copy), streams the
 * copy through SHA-256 and checks size and hash against what was declared,
 * then records the document through the same intake as an API upload
 * (filename policy, size limit, duplicate policy, idempotency key, queueing).
 *
 * Exactly once: the document insert and the upload's PENDING → COMPLETED
 * change commit in one transaction that locks the upload row; a completion
 * that finds the upload settled rolls its own document back and answers with
 * the winner's. Concurrent completions in one process share one verification.
 *
 * Staged objects live under `uploads/<owner>/<upload>/`; the storage sweep
 * removes them once their upload is settled or expired (and a bucket
 * lifecycle rule on `uploads/` can back it up).
 */
export class DirectUploadService {
  private readonly inFlight = new Map<string, Promise<IntakeResult>>();

  constructor(
    private readonly deps: {
      dataSource: DataSource;
      store: ObjectStore;
      intake: DocumentIntake;
      secrets: SecretBox;
      maxUploadBytes: number;
      ttlSeconds: number;
      maxPendingPerUser: number;
    },
  ) {}

  /** DIRECT_UPLOAD_UNSUPPORTED unless the store can presign writes (the s3 driver). */
  assertSupported(): void {
    if (!this.deps.store.directUploads) {
      throw new AppError("DIRECT_UPLOAD_UNSUPPORTED", "Direct uploads need STORAGE_DRIVER=s3; this server stores files locally. Upload through uploadDocument instead.");
    }
  }

  /** The largest file a direct upload may declare. */
  get maxBytes(): number {
    return Math.min(this.deps.maxUploadBytes, DIRECT_UPLOAD_MAX_BYTES);
  }

  /**
   * Check the declared file as intake would (filename policy, size limit),
   * record a PENDING upload within the owner's quota and presign its PUT.
   */
  async request(input: DirectUploadRequest): Promise<DirectUploadTicket> {
    this.assertSupported();
    assertAcceptableFilename(input.filename);
    if (!Number.isSafeInteger(input.sizeBytes) || input.sizeBytes < 0) throw new ValidationError("sizeBytes must be a whole number of bytes, at least 0.");
    if (input.sizeBytes > this.maxBytes) throw new FileTooLargeError(this.maxBytes);
    if (!/^[0-9a-fA-F]{64}$/.test(input.sha256)) throw new ValidationError("sha256 must be 64 hexadecimal digits.");
    const id = randomUUID();
    const storageFilename = sanitizeFilename(input.filename);
    const stagingKey = storageKeys.stagedUpload(input.ownerId, id, storageFilename);
    const expiresAt = new Date(Date.now() + this.deps.ttlSeconds * 1000);
    await createWithinQuota(this.deps.dataSource, {
      userId: input.ownerId,
      resource: "pendingUploads",
      label: "direct uploads waiting to be completed",
      limit: this.deps.maxPendingPerUser,
      count: (m) =>
        m.getRepository(DirectUploadEntity).createQueryBuilder("u").where("u.owner_id = :owner AND u.status = :status AND u.expires_at > now()", { owner: input.ownerId, status: DirectUploadStatus.PENDING }).getCount(),
      create: (m) =>
        m.getRepository(DirectUploadEntity).insert({
          id,
          ownerId: input.ownerId,
          status: DirectUploadStatus.PENDING,
          filename: input.filename.slice(0, 1024),
          storageFilename,
          contentType: input.contentType ?? null,
          sizeBytes: input.sizeBytes,
          sha256: input.sha256.toLowerCase(),
          stagingKey,
          options: {
            labels: input.labels ?? [],
            autoProcess: input.autoProcess ?? true,
            onDuplicate: input.onDuplicate ?? "PROCESS_AGAIN",
            idempotencyKey: input.idempotencyKey ?? null,
            ocrMode: input.ocrMode ?? null,
          },
          pdfPasswordEnc: input.pdfPassword ? this.deps.secrets.seal(input.pdfPassword) : null,
          documentId: null,
          errorCode: null,
          expiresAt,
          completedAt: null,
        }),
    });
    const put = await this.deps.store.presignPut(stagingKey, { expiresInSeconds: this.deps.ttlSeconds });
    return { id, method: put.method, url: put.url, headers: { ...put.headers, "content-type": input.contentType || "application/octet-stream" }, expiresAt };
  }

  /**
   * Verify the uploaded object and record (and queue) its document, once.
   * Completing a completed upload returns its document (`created: false`);
   * completing a failed one repeats its error code.
   */
  async complete(ownerId: string, uploadId: string): Promise<IntakeResult> {
    this.assertSupported();
    const upload = await this.load(ownerId, uploadId);
    const settled = await this.settledResult(upload);
    if (settled) return settled;
    if (upload.expiresAt.getTime() <= Date.now()) throw new AppError("UPLOAD_EXPIRED", undefined, { details: { expiredAt: upload.expiresAt.toISOString() } });
    const running = this.inFlight.get(upload.id);
    // A concurrent completion shares the verification under way; only the first call created the document.
    if (running) return running.then((result) => ({ document: result.document, created: false }));
    const started = this.verifyAndRecord(upload).finally(() => this.inFlight.delete(upload.id));
    this.inFlight.set(upload.id, started);
    return started;
  }

  private async load(ownerId: string, uploadId: string): Promise<DirectUploadEntity> {
    const upload = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(uploadId)
      ? await this.deps.dataSource.getRepository(DirectUploadEntity).findOne({ where: { id: uploadId }, select: { id: true, ownerId: true, status: true, filename: true, storageFilename: true, contentType: true, sizeBytes: true, sha256: true, stagingKey: true, options: true, pdfPasswordEnc: true, documentId: true, errorCode: true, expiresAt: true } })
      : null;
    // Another user's upload is as unknown as a missing one: ids are not to be probed.
    if (!upload || upload.ownerId !== ownerId) throw new AppError("UPLOAD_NOT_FOUND");
    return upload;
  }

  /** The answer for an upload that is no longer PENDING, or null while it is. */
  private async settledResult(upload: DirectUploadEntity): Promise<IntakeResult | null> {
    if (upload.status === DirectUploadStatus.FAILED) {
      const code = isErrorCode(upload.errorCode) ? upload.errorCode : "UPLOAD_CHECKSUM_MISMATCH";
      throw new AppError(code, undefined, { details: { uploadId: upload.id } });
    }
    if (upload.status !== DirectUploadStatus.COMPLETED) return null;
    const document = upload.documentId ? await this.deps.dataSource.getRepository(DocumentEntity).findOneBy({ id: upload.documentId }) : null;
    // The document was deleted since: the upload is spent.
    if (!document) throw new AppError("UPLOAD_NOT_FOUND", "The document this upload became has been deleted.");
    return { document, created: false };
  }

  private async verifyAndRecord(upload: DirectUploadEntity): Promise<IntakeResult> {
    const { store } = this.deps;
    const options = upload.options;
    if (options.idempotencyKey) {
      const existing = await this.deps.dataSource.getRepository(DocumentEntity).findOneBy({ ownerId: upload.ownerId, idempotencyKey: options.idempotencyKey });
      if (existing) return this.settleAsExisting(upload, existing);
    }
    const staged = await store.stat(upload.stagingKey);
    if (!staged) throw new AppError("UPLOAD_NOT_RECEIVED", undefined, { details: { uploadId: upload.id } });
    if (staged.sizeBytes !== upload.sizeBytes) return this.fail(upload, "UPLOAD_SIZE_MISMATCH", null, { declared: upload.sizeBytes, received: staged.sizeBytes });

    const documentId = randomUUID();
    const rawKey = storageKeys.original(upload.ownerId, documentId, upload.storageFilename);
    try {
      await store.copy(upload.stagingKey, rawKey);
    } catch (error) {
      // A concurrent completion (another API instance) settled the upload and removed the staged object between
      // the stat above and this copy: answer with what it recorded, as a completion arriving later would get.
      if (error instanceof NotFoundError) return this.afterStagedObjectGone(upload);
      throw error;
    }
    let measured: { sizeBytes: number; sha256: string };
    try {
      measured = await this.measure(rawKey, upload.sizeBytes);
    } catch (error) {
      await store.delete(rawKey).catch(() => undefined);
      if (error instanceof FileTooLargeError) return this.fail(upload, "UPLOAD_SIZE_MISMATCH", null, { declared: upload.sizeBytes, received: `more than ${upload.sizeBytes}` });
      throw error;
    }
    // The staged object may have been overwritten between the stat and the copy: the copy is what counts.
    if (measured.sizeBytes !== upload.sizeBytes) return this.fail(upload, "UPLOAD_SIZE_MISMATCH", rawKey, { declared: upload.sizeBytes, received: measured.sizeBytes });
    if (measured.sha256 !== upload.sha256) return this.fail(upload, "UPLOAD_CHECKSUM_MISMATCH", rawKey, { declared: upload.sha256, received: measured.sha256 });

    let result: IntakeResult;
    try {
      result = await this.deps.intake.submitStored(
        {
          ownerId: upload.ownerId,
          filename: upload.filename,
          contentType: upload.contentType,
          labels: options.labels,
          idempotencyKey: options.idempotencyKey,
          autoProcess: options.autoProcess,
          onDuplicate: options.onDuplicate,
          pdfPasswordEnc: upload.pdfPasswordEnc,
          ocrMode: options.ocrMode ?? null,
        },
        { id: documentId, rawKey, storageFilename: upload.storageFilename, sizeBytes: measured.sizeBytes, sha256: measured.sha256 },
        { inTransaction: (m, document) => this.markCompleted(m, upload.id, document.id) },
      );
    } catch (error) {
      if (error instanceof AlreadySettled) return this.afterRace(upload);
      if (error instanceof AppError && error.code === "DUPLICATE_DOCUMENT") {
        // The same owner already has this content and asked to be refused: the upload is spent.
        await this.markFailed(upload.id, "DUPLICATE_DOCUMENT");
        await store.delete(upload.stagingKey).catch(() => undefined);
      }
      throw error;
    }
    // A duplicate returned (RETURN_EXISTING) or an idempotency-key winner: no transaction ran, settle the upload on it.
    if (!result.created) return this.settleAsExisting(upload, result.document);
    await store.delete(upload.stagingKey).catch(() => undefined);
    return result;
  }

  /** Stream an object through SHA-256, failing past `maxBytes`. */
  private async measure(key: string, maxBytes: number): Promise<{ sizeBytes: number; sha256: string }> {
    const meter = new HashingLimitStream(maxBytes);
    await pipeline(await this.deps.store.get(key), meter, new Writable({ write: (_chunk, _enc, done) => done() }));
    return { sizeBytes: meter.sizeBytes, sha256: meter.digest() };
  }

  /**
   * Inside the document's transaction: PENDING → COMPLETED under the upload's row lock, or AlreadySettled.
   * Every settling clears the sealed PDF password: the document carries its own copy from here on.
   */
  private async markCompleted(m: EntityManager, uploadId: string, documentId: string): Promise<void> {
    const rows = (await m.query(`SELECT status FROM direct_uploads WHERE id = $1 FOR UPDATE`, [uploadId])) as { status: string }[];
    if (rows[0]?.status !== DirectUploadStatus.PENDING) throw new AlreadySettled();
    await m.getRepository(DirectUploadEntity).update({ id: uploadId }, { status: DirectUploadStatus.COMPLETED, documentId, completedAt: new Date(), pdfPasswordEnc: null });
  }

  /** PENDING → FAILED with `code`; false when the upload was settled meanwhile. */
  private async markFailed(uploadId: string, code: string): Promise<boolean> {
    const result = await this.deps.dataSource
      .getRepository(DirectUploadEntity)
      .update({ id: uploadId, status: DirectUploadStatus.PENDING }, { status: DirectUploadStatus.FAILED, errorCode: code, completedAt: new Date(), pdfPasswordEnc: null });
    return (result.affected ?? 0) > 0;
  }

  /** Refuse the object: remove it (and the copy, if made) and settle the upload as FAILED, unless another completion settled it first. */
  private async fail(upload: DirectUploadEntity, code: "UPLOAD_SIZE_MISMATCH" | "UPLOAD_CHECKSUM_MISMATCH", copyKey: string | null, details: Record<string, unknown>): Promise<IntakeResult> {
    if (copyKey) await this.deps.store.delete(copyKey).catch(() => undefined);
    if (!(await this.markFailed(upload.id, code))) return this.afterRace(upload);
    await this.deps.store.delete(upload.stagingKey).catch(() => undefined);
    throw new AppError(code, undefined, { details: { uploadId: upload.id, ...details } });
  }

  /** PENDING → COMPLETED on a document that already existed; whoever settled first decides the answer. */
  private async settleAsExisting(upload: DirectUploadEntity, existing: DocumentEntity): Promise<IntakeResult> {
    const result = await this.deps.dataSource
      .getRepository(DirectUploadEntity)
      .update({ id: upload.id, status: DirectUploadStatus.PENDING }, { status: DirectUploadStatus.COMPLETED, documentId: existing.id, completedAt: new Date(), pdfPasswordEnc: null });
    if ((result.affected ?? 0) === 0) return this.afterRace(upload);
    await this.deps.store.delete(upload.stagingKey).catch(() => undefined);
    return { document: existing, created: false };
  }

  /** Another completion settled the upload first: answer as it did. */
  /** The staged object vanished mid-completion: the upload's settled answer, or UPLOAD_NOT_RECEIVED when nobody settled it. */
  private async afterStagedObjectGone(upload: DirectUploadEntity): Promise<IntakeResult> {
    const settled = await this.settledResult(await this.load(upload.ownerId, upload.id));
    if (settled) return settled;
    throw new AppError("UPLOAD_NOT_RECEIVED", undefined, { details: { uploadId: upload.id } });
  }

  private async afterRace(upload: DirectUploadEntity): Promise<IntakeResult> {
    const current = await this.load(upload.ownerId, upload.id);
    const settled = await this.settledResult(current);
    if (!settled) throw new AppError("CONFLICT", "The upload changed while it was being completed; complete it again.");
    return settled;
  }
}
