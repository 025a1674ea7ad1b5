import type { OcrMode } from "../common/ocr-mode.js";
import { randomUUID } from "node:crypto";
import { Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { DataSource, EntityManager } from "typeorm";
import type { SecretBox } from "../auth/secret-box.js";
import { DocumentEntity } from "../db/entities/index.js";
import { AppError } from "../errors/app.error.js";
import type { EventLog } from "../events/event.log.js";
import type { Logger } from "../logging/logger.js";
import { queue as queueDocument } from "./transitions/index.js";
import type { DocumentQueue } from "../queue/document.queue.js";
import { sanitizeFilename, type ObjectStore } from "../storage/object-store.js";
import { assertAcceptableFilename } from "./filename.policy.js";
import { storageKeys } from "../storage/storage.factory.js";

/** A new document as it arrives. */
export interface IntakeInput {
  ownerId: string;
  filename: string;
  /** What the client claimed; the pipeline judges by content. */
  contentType?: string | null;
  stream: NodeJS.ReadableStream;
  labels?: string[];
  metadata?: Record<string, unknown>;
  /** The same key from the same owner returns the document created first (like Textract's ClientRequestToken). */
  idempotencyKey?: string | null;
  /** False: record the document but hold it until someone asks to process it. Default true. */
  autoProcess?: boolean;
  /** What to do when the owner already has a document with the same content. Default PROCESS_AGAIN. */
  onDuplicate?: DuplicatePolicy;
  /** Password of an encrypted PDF; stored sealed and cleared when processing ends. */
  pdfPassword?: string | null;
  /** Which PDF pages to OCR for this document; null or absent: the server's `OCR_MODE`. */
  ocrMode?: OcrMode | null;
}

/** What to do with an upload whose content (sha256) the owner already uploaded. */
export type DuplicatePolicy = "REJECT" | "RETURN_EXISTING" | "PROCESS_AGAIN";

/** An original already in the store (written by {@link DocumentIntake.record}, or copied there from a direct upload). */
export interface StoredOriginal {
  /** The new document's id; `rawKey` lies under its prefix. */
  id: string;
  rawKey: string;
  storageFilename: string;
  sizeBytes: number;
  sha256: string;
}

/** What recording a stored original needs besides the original: the upload's options, the password already sealed. */
export type StoredIntakeInput = Omit<IntakeInput, "stream" | "pdfPassword"> & { pdfPasswordEnc: string | null };

/** Options of {@link DocumentIntake.recordStored}. */
export interface RecordStoredOptions {
  /**
   * Runs inside the transaction that inserts the document, after the insert: what must commit
   * with the document or not at all (a direct upload marks itself completed here). Throwing
   * rolls the document back and removes `rawKey`.
   */
  inTransaction?: (manager: EntityManager, document: DocumentEntity) => Promise<void>;
}

/** The outcome of a submission: the document, and whether this call created it. */
export interface IntakeResult {
  document: DocumentEntity;
  created: boolean;
}

/**
 * How long an upload waits for its enqueue. The document is committed by then;
 * when Redis is away the answer must not wait for it (the reconciler queues the
 * document later, and the enqueue still lands if Redis answers late).
 */
const ENQUEUE_WAIT_MS = 2_000;

/** Read a stream to its end without keeping it: a multipart parser waits for each file to be consumed. */
async function drain(stream: NodeJS.ReadableStream): Promise<void> {
  await pipeline(stream, new Writable({ write: (_chunk, _enc, done) => done() })).catch(() => undefined);
}

/**
 * Accepts documents: streams the original into storage (hashing on the way),
 * then in one transaction writes the document (QUEUED), its step rows and
 * event #1, and only after the commit enqueues it. If the process dies between
 * commit and enqueue, the worker's reconciler finds the QUEUED document with no
 * job and enqueues it: an accepted document is never lost.
 */
export class DocumentIntake {
  constructor(
    private readonly deps: {
      dataSource: DataSource;
      store: ObjectStore;
      events: EventLog;
      queue: DocumentQueue;
      logger: Logger;
      maxUploadBytes: number;
      secrets: SecretBox;
    },
  ) {}

  private findByIdempotencyKey(ownerId: string, key: string): Promise<DocumentEntity | null> {
    return this.deps.dataSource.getRepository(DocumentEntity).findOneBy({ ownerId, idempotencyKey: key });
  }

  /**
   * Store and record a document without enqueueing it, applying the
   * idempotency key and the duplicate policy.
   */
  async record(input: IntakeInput): Promise<IntakeResult> {
    try {
      assertAcceptableFilename(input.filename);
    } catch (error) {
      // The multipart parser only goes on to the next file once this one is consumed.
      await drain(input.stream);
      throw error;
    }
    if (input.idempotencyKey) {
      const existing = await this.findByIdempotencyKey(input.ownerId, input.idempotencyKey);
      if (existing) {
        await drain(input.stream);
        return { document: existing, created: false };
      }
    }
    const id = randomUUID();
    const storageFilename = sanitizeFilename(input.filename);
    const rawKey = storageKeys.original(input.ownerId, id, storageFilename);
    const stored = await this.deps.store.put(rawKey, input.stream, { maxBytes: this.deps.maxUploadBytes, contentType: input.contentType ?? undefined });
    const { stream: _stream, pdfPassword, ...rest } = input;
    return this.recordStored(
      { ...rest, pdfPasswordEnc: pdfPassword ? this.deps.secrets.seal(pdfPassword) : null },
      { id, rawKey, storageFilename, sizeBytes: stored.sizeBytes, sha256: stored.sha256 },
    );
  }

  /**
   * Record an original that is already stored: the duplicate policy, then one
   * transaction with the document (QUEUED), its steps and event #1. The
   * original is removed when no document ends up pointing at it (a rejected
   * duplicate, a failed transaction).
   */
  async recordStored(input: StoredIntakeInput, stored: StoredOriginal, options: RecordStoredOptions = {}): Promise<IntakeResult> {
    const { id, rawKey, storageFilename } = stored;
    const policy = input.onDuplicate ?? "PROCESS_AGAIN";
    if (policy !== "PROCESS_AGAIN") {
      const duplicate = await this.deps.dataSource
        .getRepository(DocumentEntity)
        .findOne({ where: { ownerId: input.ownerId, sha256: stored.sha256 }, order: { createdAt: "ASC" } });
      if (duplicate) {
        await this.deps.store.delete(rawKey).catch(() => undefined);
        if (policy === "RETURN_EXISTING") return { document: duplicate, created: false };
        throw new AppError("DUPLICATE_DOCUMENT", `You already uploaded this file as document ${duplicate.id}.`, { details: { documentId: duplicate.id } });
      }
    }
    const held = input.autoProcess === false;
    const at = new Date();
    let events;
    let doc: DocumentEntity;
    try {
      ({ doc, events } = await this.deps.dataSource.transaction(async (m) => {
        const queued = await queueDocument(
          m,
          {
            id,
            ownerId: input.ownerId,
            originalFilename: input.filename.slice(0, 1024),
            storageFilename,
            declaredContentType: input.contentType ?? null,
            sizeBytes: stored.sizeBytes,
            sha256: stored.sha256,
            rawKey,
            labels: input.labels ?? [],
            metadata: input.metadata ?? {},
            idempotencyKey: input.idempotencyKey ?? null,
            held,
            pdfPasswordEnc: input.pdfPasswordEnc,
            ocrMode: input.ocrMode ?? null,
            createdAt: at,
          },
          input.filename,
        );
        const appended = await this.deps.events.append(m, queued.value, queued.events);
        await options.inTransaction?.(m, queued.value);
        return { doc: queued.value, events: appended };
      }));
    } catch (error) {
      // No row points at the object: remove it rather than leave an orphan.
      await this.deps.store.delete(rawKey).catch(() => undefined);
      // Two uploads raced with the same idempotency key: the first one wins.
      if ((error as { code?: string }).code === "23505" && input.idempotencyKey) {
        const winner = await this.findByIdempotencyKey(input.ownerId, input.idempotencyKey);
        if (winner) return { document: winner, created: false };
      }
      throw error;
    }
    await this.deps.events.publish(events);
    return { document: doc, created: true };
  }

  /**
   * Store, record and (unless held) enqueue. A failed enqueue is logged, not
   * thrown: the reconciler queues the document later.
   */
  async submit(input: IntakeInput): Promise<IntakeResult> {
    const result = await this.record(input);
    await this.enqueue(result);
    return result;
  }

  /** {@link recordStored}, then enqueue as {@link submit} does. */
  async submitStored(input: StoredIntakeInput, stored: StoredOriginal, options: RecordStoredOptions = {}): Promise<IntakeResult> {
    const result = await this.recordStored(input, stored, options);
    await this.enqueue(result);
    return result;
  }

  /** Enqueue a new, unheld document, waiting at most ENQUEUE_WAIT_MS. */
  private async enqueue(result: IntakeResult): Promise<void> {
    if (result.created && !result.document.held) {
      const documentId = result.document.id;
      let timer: NodeJS.Timeout | undefined;
      const enqueued = this.deps.queue.enqueueOnce({ documentId }).then(
        () => "enqueued" as const,
        (error: unknown) => {
          this.deps.logger.warn({ err: error, documentId }, "enqueue failed; the reconciler will queue the document");
          return "failed" as const;
        },
      );
      const waited = new Promise<"late">((resolve) => {
        timer = setTimeout(() => resolve("late"), ENQUEUE_WAIT_MS);
        timer.unref();
      });
      const outcome = await Promise.race([enqueued, waited]);
      clearTimeout(timer);
      if (outcome === "late") this.deps.logger.warn({ documentId }, "enqueue is waiting for Redis; answering now (the reconciler queues the document if it never lands)");
    }
  }
}
