import type { DataSource } from "typeorm";
import type { SecretBox } from "../auth/secret-box.js";
import type { PipelineLimits } from "../config/env.js";
import { DocumentEntity } from "../db/entities/index.js";
import { failPage, finishPage, startPage, unstartPage } from "../documents/transitions/index.js";
import { isDependencyFailure } from "../errors/dependency.failure.js";
import { toAppError } from "../errors/error.normaliser.js";
import { AppError } from "../errors/app.error.js";
import type { EventLog } from "../events/event.log.js";
import type { OcrPool } from "../extraction/ocr.adapter.js";
import type { Logger } from "../logging/logger.js";
import type { PageJobData } from "../queue/page.queue.js";
import type { ObjectStore } from "../storage/object-store.js";
import type { OriginalCache } from "./original.cache.js";
import { readStoredOriginal } from "./original.reader.js";
import { noRereads, recognizePage, renderForOcr } from "./page.ocr.js";

/** How one run of a page job ended. */
export type PageOutcome =
  | { kind: "done" }
  /** Nothing to do: the document is no longer processing, the page is finished or of another fan-out. */
  | { kind: "noop"; reason: string }
  /** The page failed for good (its row says FAILED with `code`); the OCR step fails with it when it resumes. */
  | { kind: "failed"; code: string; message: string }
  /** A transient failure with attempts left: the page job is retried (alone). */
  | { kind: "retry"; code: string; message: string };

/** What the page runner needs. */
export interface PageRunnerDeps {
  dataSource: DataSource;
  events: EventLog;
  store: ObjectStore;
  ocr: OcrPool;
  limits: PipelineLimits;
  secrets: SecretBox;
  logger: Logger;
  /** Starts of one page after which it fails with WORKER_CRASHED (a dead worker's start counts). */
  pageAttemptLimit: number;
  /** Originals kept between page jobs of one document, so a process reads each once; absent: read every time. */
  originals?: OriginalCache;
}

/**
 * Reads one page of a fanned-out document: start (fenced by the page row),
 * render, OCR, then record the page — the `document.page` event and the page
 * text, first result wins. Dependency failures are thrown for the worker to
 * wait out without spending an attempt, as for document jobs.
 */
export class PageRunner {
  constructor(private readonly deps: PageRunnerDeps) {}

  async run(data: PageJobData, options: { signal?: AbortSignal; finalAttempt: boolean }): Promise<PageOutcome> {
    const { events, limits } = this.deps;
    const log = this.deps.logger.child({ documentId: data.documentId, page: data.page, fanout: data.fanout });
    const started = await events.transact(data.documentId, (tx, doc) =>
      startPage(tx, doc, { page: data.page, fanout: data.fanout, attemptLimit: this.deps.pageAttemptLimit, at: new Date() }),
    );
    if (started === null) return { kind: "noop", reason: "document not found" };
    if (!started.run) return { kind: "noop", reason: started.reason };
    const password = started.sealedPassword ? (this.deps.secrets.open(started.sealedPassword) ?? undefined) : undefined;
    const timeout = AbortSignal.timeout(limits.ocrPageTimeoutMs + limits.pdfTimeoutMs);
    const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
    try {
      const doc = await this.deps.dataSource.getRepository(DocumentEntity).findOne({ where: { id: data.documentId }, select: { id: true, rawKey: true, sizeBytes: true } });
      if (!doc) return { kind: "noop", reason: "document not found" };
      const [rendered] = await renderForOcr(await this.readOriginal(doc), [data.page], { limits, ...(password ? { password } : {}), signal });
      if (!rendered) throw new AppError("CORRUPT_FILE", `Page ${data.page} could not be rendered.`);
      const result = await recognizePage({ ocr: this.deps.ocr, limits, signal }, rendered.image, data.page, noRereads());
      const page = { page: data.page, pageCount: data.pageCount, pagesTotal: data.pagesTotal, text: result.text, confidence: result.confidence, model: result.page };
      const written = await events.transact(data.documentId, (tx, locked) => finishPage(tx, locked, { page, fanout: data.fanout, at: new Date() }));
      log.debug({ written, confidence: result.confidence }, "page read");
      return written ? { kind: "done" } : { kind: "noop", reason: "the page was recorded meanwhile or the document stopped" };
    } catch (thrown) {
      if (isDependencyFailure(thrown)) {
        await events.transact(data.documentId, (tx, locked) => unstartPage(tx, locked, { page: data.page, fanout: data.fanout })).catch(() => undefined);
        throw thrown;
      }
      let error = toAppError(thrown);
      if (timeout.aborted && !options.signal?.aborted) error = new AppError("PROCESSING_TIMEOUT", `Page ${data.page} took too long.`, { cause: thrown });
      const permanent = error.kind !== "server";
      if (!permanent && !options.finalAttempt) {
        log.warn({ code: error.code }, "page failed; its job is retried");
        return { kind: "retry", code: error.code, message: error.message };
      }
      if (error.kind === "server") log.error({ err: error.cause ?? error }, "page failed for good");
      await events.transact(data.documentId, (tx, locked) => failPage(tx, locked, { page: data.page, fanout: data.fanout, code: error.code, at: new Date() }));
      return { kind: "failed", code: error.code, message: error.message };
    }
  }

  private readOriginal(doc: Pick<DocumentEntity, "rawKey" | "sizeBytes">): Promise<Buffer> {
    const { originals } = this.deps;
    return originals ? originals.get(doc.rawKey, Number(doc.sizeBytes), () => readStoredOriginal(this.deps.store, doc)) : readStoredOriginal(this.deps.store, doc);
  }
}
