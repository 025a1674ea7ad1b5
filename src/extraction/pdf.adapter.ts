/**
 * The only module that talks to pdf-parse (pdf.js), through sandbox
 * processes: every call runs in a child process with a heap cap that is
 * SIGKILLed on timeout, cancellation or abnormal exit, because a hostile PDF
 * can block pdf.js' event loop forever (see STACK.md, `bomb_giant.pdf`) and no
 * in-process timer can interrupt that.
 *
 * The children come from a warm pool (`pdf.pool.ts`): started ahead of time by
 * {@link startPdfPool} (a worker calls it at start-up), reused across
 * documents, retired after a number of documents or above a memory mark, and
 * replaced when one times out, is cancelled or crashes. Without
 * {@link startPdfPool} the pool is created on first use with
 * {@link DEFAULT_PDF_POOL}. One sandbox = one process (`pdf.sandbox.ts`); the
 * messages are in `pdf.protocol.ts`; the child program is `pdf.child.ts`.
 */
import { constants as fsConstants } from "node:fs";
import { access } from "node:fs/promises";
import { availableParallelism } from "node:os";
import { resolve as resolvePath } from "node:path";
import { ExtractionError, type ExtractionErrorCode } from "./extraction.errors.js";
import { PdfSandboxPool, runInFreshSandbox, type PdfPoolLogger, type PdfPoolStats } from "./pdf.pool.js";
import type { PdfRenderedPage, PdfTextResult, SandboxJob, SandboxSource } from "./pdf.protocol.js";
import type { SandboxSuccess } from "./pdf.sandbox.js";

export type { PdfRenderedPage, PdfTextResult, PdfXmlAttachment } from "./pdf.protocol.js";
export type { PdfPoolStats } from "./pdf.pool.js";

/** Limits applied to every PDF call. */
export interface PdfLimits {
  /** Wall-clock budget for processing the document (waiting for a free sandbox excluded); the sandbox is SIGKILLed when it runs out. */
  timeoutMs: number;
  /** Documents with more pages fail with `TOO_MANY_PAGES` (checked before any text is extracted). */
  maxPages: number;
  /**
   * V8 heap cap of the sandbox (`--max-old-space-size`); exceeding it fails with `RESOURCE_LIMIT`. Calls
   * whose cap differs from the pool's run in a sandbox started for them alone.
   */
  maxMemoryMb: number;
  /** Total characters of text over all pages; more fails with `RESOURCE_LIMIT`. */
  maxTextChars: number;
}

/**
 * Embedded e-invoice XML larger than this is not read (5 MiB): real ones are
 * kilobytes to a few hundred for thousands of lines, and the bytes travel to
 * the parent and are parsed there.
 */
export const MAX_EINVOICE_XML_BYTES = 5 * 1024 * 1024;

/** Codes the PDF adapter can reject with. */
export type PdfErrorCode = Extract<
  ExtractionErrorCode,
  "PDF_ENCRYPTED" | "CORRUPT_FILE" | "TOO_MANY_PAGES" | "PROCESSING_TIMEOUT" | "RESOURCE_LIMIT" | "CANCELLED"
>;

/** Input: the PDF bytes, or a path to a PDF file the sandbox reads itself (cheaper for large files already on disk). */
export type PdfInput = Uint8Array | string;

/** Settings of the warm sandbox pool (`PDF_POOL_SIZE`, `PDF_POOL_MAX_JOBS`, `PDF_POOL_RECYCLE_MB`, `PDF_MEMORY_MB`). */
export interface PdfPoolSettings {
  /** Sandbox processes kept warm: the most PDF calls that run at once (more wait for a free one). */
  size: number;
  /** A sandbox is retired and replaced after this many documents. */
  maxJobsPerProcess: number;
  /** A sandbox whose resident memory after a document is above this (MB) is retired and replaced. */
  recycleMb: number;
  /** Heap cap of each sandbox (MB). */
  maxMemoryMb: number;
  logger?: PdfPoolLogger;
}

/** The pool a process gets when nobody called {@link startPdfPool}: two sandboxes (fits 2 cores), or one on a single core. */
export const DEFAULT_PDF_POOL: Readonly<PdfPoolSettings> = Object.freeze({
  size: Math.max(1, Math.min(2, availableParallelism())),
  maxJobsPerProcess: 100,
  recycleMb: 256,
  maxMemoryMb: 512,
});

let pool: PdfSandboxPool | null = null;

function newPool(settings: PdfPoolSettings): PdfSandboxPool {
  return new PdfSandboxPool({
    size: settings.size,
    maxJobsPerProcess: settings.maxJobsPerProcess,
    recycleMb: settings.recycleMb,
    maxMemoryMb: settings.maxMemoryMb,
    logger: settings.logger,
  });
}

/**
 * Start the process-wide pool of PDF sandboxes and resolve once they are
 * ready, so no document waits for a child to start. A pool with other
 * settings started before is replaced (its processes are killed); one with the
 * same settings is kept. Never rejects for a sandbox that cannot start
 * (logged; retried when a document needs one).
 */
export async function startPdfPool(settings: PdfPoolSettings): Promise<void> {
  const current = pool;
  const same =
    current !== null &&
    !current.isClosed &&
    current.options.size === settings.size &&
    current.options.maxJobsPerProcess === settings.maxJobsPerProcess &&
    current.options.recycleMb === settings.recycleMb &&
    current.options.maxMemoryMb === settings.maxMemoryMb;
  // Several workers in one process (tests) share one pool rather than kill each other's sandboxes.
  if (same) return current.warm();
  pool = newPool(settings);
  await Promise.all([current?.close(), pool.warm()]);
}

/** Counters of the process-wide pool (null before it exists). */
export function pdfPoolStats(): PdfPoolStats | null {
  return pool?.stats() ?? null;
}

/**
 * Stop the process-wide pool: kill its sandboxes (graceful shutdown, end of
 * tests and scripts). Calls in flight reject; the next call creates a new pool
 * with {@link DEFAULT_PDF_POOL} (or the settings of a new {@link startPdfPool}).
 */
export async function closePdfChildren(): Promise<void> {
  const p = pool;
  pool = null;
  await p?.close();
}

function pdfError(code: PdfErrorCode, message: string): ExtractionError {
  return new ExtractionError(code, message);
}

function assertLimits(limits: PdfLimits): void {
  const positive = (name: keyof PdfLimits) => {
    const v = limits[name];
    if (!Number.isFinite(v) || v <= 0) throw new RangeError(`limits.${name} must be a positive number, got ${v}`);
  };
  positive("timeoutMs");
  positive("maxPages");
  positive("maxMemoryMb");
  positive("maxTextChars");
}

/** Run a job in a pool sandbox, or in a sandbox of its own when its heap cap is not the pool's. */
function runJob(
  job: SandboxJob,
  bytes: Uint8Array | null,
  opts: { timeoutMs: number; maxMemoryMb: number; signal?: AbortSignal },
): Promise<SandboxSuccess> {
  if (opts.signal?.aborted) return Promise.reject(pdfError("CANCELLED", "PDF processing was cancelled."));
  pool ??= newPool({ ...DEFAULT_PDF_POOL, maxMemoryMb: opts.maxMemoryMb });
  if (pool.maxMemoryMb !== opts.maxMemoryMb) return runInFreshSandbox(job, bytes, opts);
  return pool.run(job, bytes, opts);
}

async function toSource(data: PdfInput): Promise<{ source: SandboxSource; bytes: Uint8Array | null }> {
  if (typeof data === "string") {
    const path = resolvePath(data);
    // Fail here with the ordinary ENOENT/EACCES error rather than blaming the document.
    await access(path, fsConstants.R_OK);
    return { source: { kind: "file", path }, bytes: null };
  }
  if (!(data instanceof Uint8Array)) throw new TypeError("data must be a Uint8Array or a file path");
  return { source: { kind: "stdin", byteLength: data.byteLength }, bytes: data };
}

/**
 * Extract the text layer of a PDF, page by page, in an isolated sandbox process.
 *
 * The page count is checked against `limits.maxPages` before any page's text
 * is extracted. Pages without a text layer yield `""` (render and OCR them).
 *
 * @param data - PDF bytes (not modified) or a path to a PDF file.
 * @param opts.password - user password for encrypted PDFs.
 * @param opts.signal - aborting kills the sandbox and rejects with `CANCELLED`.
 * @param opts.attachments - false: do not read embedded files (default: e-invoice XML attachments up to
 *   {@link MAX_EINVOICE_XML_BYTES} come back in `attachments`).
 * @param opts.findOcrLayers - also list the pages whose text is an earlier OCR drawn invisibly
 *   (`ocrLayerPages`); costs a second pass over each page's content, never a decoding of its images.
 * @throws {@link ExtractionError} with a {@link PdfErrorCode}; `RangeError`/`TypeError` for invalid arguments;
 *   a plain `Error` when no sandbox process can be started (retryable).
 */
export async function extractPdfText(
  data: PdfInput,
  opts: { password?: string; limits: PdfLimits; signal?: AbortSignal; attachments?: boolean; findOcrLayers?: boolean },
): Promise<PdfTextResult> {
  assertLimits(opts.limits);
  const { source, bytes } = await toSource(data);
  const reply = await runJob(
    {
      op: "text",
      source,
      password: opts.password,
      maxPages: opts.limits.maxPages,
      maxTextChars: opts.limits.maxTextChars,
      maxAttachmentBytes: opts.attachments === false ? 0 : MAX_EINVOICE_XML_BYTES,
      ...(opts.findOcrLayers ? { findOcrLayers: true } : {}),
    },
    bytes,
    { timeoutMs: opts.limits.timeoutMs, maxMemoryMb: opts.limits.maxMemoryMb, signal: opts.signal },
  );
  if (reply.type !== "text") throw new Error(`PDF child answered ${reply.type} to a text job`);
  return reply.result;
}

/**
 * Render PDF pages to PNG (for OCR of pages without a text layer), in an
 * isolated sandbox process; with `scanJpeg`, a scanned page that is one JPEG
 * and nothing else comes back as that JPEG instead.
 *
 * A page whose render at `scale` would exceed `limits.maxPixels` is rendered
 * at the largest smaller scale that fits (shrinking keeps the page readable;
 * refusing would lose it).
 *
 * @param data - PDF bytes (not modified) or a path to a PDF file.
 * @param opts.pages - 1-based page numbers, at most `limits.maxPages` of them.
 * @param opts.scale - zoom relative to 72 dpi; default 2 (144 dpi), a good size for tesseract.
 * @param opts.maxScanScale - render a scanned page (one image covering most of it) at the image's own
 *   pixel density, up to this zoom (e.g. 300 / 72 for 300 dpi), so OCR gets the scan's pixels rather than a
 *   resampled copy (a scan below `scale` is not enlarged either); default: every page at `scale`.
 *   `limits.maxPixels` still shrinks the render.
 * @param opts.maxScanWidth - with `maxScanScale`: a scanned page renders no wider than this (px) (the OCR
 *   preparation narrows wider pages anyway).
 * @param opts.scanJpeg - with `maxScanScale`: a scanned page showing exactly one full-page JPEG (an
 *   invisible OCR layer aside), upright or turned by a quarter turn, comes back as the JPEG's own bytes
 *   (`format: "jpeg"`; a turn as the EXIF orientation), at its own size, when
 *   that has at most `limits.maxPixels` pixels; `maxScanScale`/`maxScanWidth` do not apply to it. Any doubt
 *   (see `pdf.page-image.ts`, `pdf.page-jpeg.ts`) renders the page as without it.
 * @returns one picture per requested page, in the order requested (see {@link PdfRenderedPage.format}).
 * @throws {@link ExtractionError} with a {@link PdfErrorCode}; `RangeError` for a page that does not exist or invalid arguments.
 */
export async function renderPdfPages(
  data: PdfInput,
  opts: {
    pages: number[];
    scale?: number;
    maxScanScale?: number;
    maxScanWidth?: number;
    scanJpeg?: boolean;
    password?: string;
    limits: PdfLimits & { maxPixels: number };
    signal?: AbortSignal;
  },
): Promise<PdfRenderedPage[]> {
  assertLimits(opts.limits);
  const scale = opts.scale ?? 2;
  if (!Number.isFinite(scale) || scale <= 0) throw new RangeError(`scale must be a positive number, got ${scale}`);
  for (const name of ["maxScanScale", "maxScanWidth"] as const) {
    const v = opts[name];
    if (v !== undefined && (!Number.isFinite(v) || v <= 0)) throw new RangeError(`${name} must be a positive number, got ${v}`);
  }
  if (!Number.isFinite(opts.limits.maxPixels) || opts.limits.maxPixels <= 0) {
    throw new RangeError(`limits.maxPixels must be a positive number, got ${opts.limits.maxPixels}`);
  }
  if (opts.pages.length === 0) return [];
  if (opts.pages.some((p) => !Number.isInteger(p) || p < 1)) {
    throw new RangeError(`pages must be 1-based integers, got [${opts.pages.join(", ")}]`);
  }
  if (opts.pages.length > opts.limits.maxPages) {
    throw pdfError("TOO_MANY_PAGES", `Asked to render ${opts.pages.length} pages; the limit is ${opts.limits.maxPages}.`);
  }
  const { source, bytes } = await toSource(data);
  const reply = await runJob(
    {
      op: "render",
      source,
      password: opts.password,
      maxPages: opts.limits.maxPages,
      pages: [...opts.pages],
      scale,
      ...(opts.maxScanScale !== undefined ? { maxScanScale: opts.maxScanScale } : {}),
      ...(opts.maxScanWidth !== undefined ? { maxScanWidth: opts.maxScanWidth } : {}),
      ...(opts.scanJpeg ? { scanJpeg: true } : {}),
      maxPixels: opts.limits.maxPixels,
    },
    bytes,
    { timeoutMs: opts.limits.timeoutMs, maxMemoryMb: opts.limits.maxMemoryMb, signal: opts.signal },
  );
  if (reply.type !== "render") throw new Error(`PDF child answered ${reply.type} to a render job`);
  return reply.result;
}
