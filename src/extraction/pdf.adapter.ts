/**
 * The only module that talks to pdf-parse (pdf.js). Every call runs in a
 * child process (`pdf.child.ts`) with a heap cap, which is SIGKILLed on timeout,
 * cancellation or abnormal exit, because a hostile PDF can block pdf.js' event
 * loop forever (see STACK.md, `bomb_giant.pdf`) and no in-process timer can
 * interrupt that.
 *
 * Children are kept warm and reused (see {@link PdfChild}); any child that
 * times out, is cancelled or crashes is killed and replaced by a fresh fork.
 *
 * Transport: the PDF bytes go to the child over its **stdin** as a raw byte
 * stream (no encoding, stream back-pressure, no serialised copy in an IPC
 * message; framed by the length announced in the job) or, when the caller passes a file path, the child reads the
 * file itself. Results come back over IPC with `serialization: "advanced"`
 * (V8 structured clone), which carries `Uint8Array` PNGs as binary: measured
 * here, a 20 MB Uint8Array crosses in ~50 ms, while the default JSON
 * serialisation turns it into a `{ "0": 7, … }` object and takes ~20 s.
 * No temp files, so there is nothing to clean up after a kill.
 */
import { fork, type ChildProcess } from "node:child_process";
import { constants as fsConstants } from "node:fs";
import { access } from "node:fs/promises";
import { createRequire } from "node:module";
import type { Socket } from "node:net";
import { availableParallelism } from "node:os";
import { resolve as resolvePath } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { ExtractionError, type ExtractionErrorCode } from "./extraction.errors.js";
import type { PageModel } from "./page/page.model.js";
import type { ChildJob, ChildReply, ChildSource } from "./pdf.child.js";

/** Text layer of a PDF, one string per page (index 0 is page 1). */
export interface PdfTextResult {
  pageCount: number;
  /** Text per page, rendered from {@link models}; an empty string for pages without a text layer (scans). */
  pages: string[];
  /** Each page's words with boxes, in geometric reading order (empty blocks for scans). */
  models: PageModel[];
  info: { title?: string; author?: string; producer?: string; encrypted: boolean };
}

/** Limits applied to every PDF call. */
export interface PdfLimits {
  /** Wall-clock budget for processing the document (child start-up excluded); the child is SIGKILLed when it runs out. */
  timeoutMs: number;
  /** Documents with more pages fail with `TOO_MANY_PAGES` (checked before any text is extracted). */
  maxPages: number;
  /** V8 heap cap of the child (`--max-old-space-size`); exceeding it fails with `RESOURCE_LIMIT`. */
  maxMemoryMb: number;
  /** Total characters of text over all pages; more fails with `RESOURCE_LIMIT`. */
  maxTextChars: number;
}

/** Sensible defaults for a document-processing worker; callers usually take these from config. */
export const DEFAULT_PDF_LIMITS: Readonly<PdfLimits> = Object.freeze({
  timeoutMs: 60_000,
  maxPages: 500,
  maxMemoryMb: 512,
  maxTextChars: 5_000_000,
});

/** Codes the PDF adapter can reject with. */
export type PdfErrorCode = Extract<
  ExtractionErrorCode,
  "PDF_ENCRYPTED" | "CORRUPT_FILE" | "TOO_MANY_PAGES" | "PROCESSING_TIMEOUT" | "RESOURCE_LIMIT" | "CANCELLED"
>;

/**
 * The error the PDF adapter throws: the very same class as
 * {@link ExtractionError} (an alias, so `instanceof` works with either name),
 * with {@link PdfErrorCode} codes. Anything else it rejects with (e.g. the
 * child could not be started at all) is an infrastructure problem and retryable.
 */
export const PdfError = ExtractionError;
/** @see PdfError */
export type PdfError = ExtractionError & { readonly code: PdfErrorCode };

/** Input: the PDF bytes, or a path to a PDF file the child reads itself (cheaper for large files already on disk). */
export type PdfInput = Uint8Array | string;

const IS_TS = import.meta.url.endsWith(".ts");
const CHILD_PATH = fileURLToPath(new URL(IS_TS ? "./pdf.child.ts" : "./pdf.child.js", import.meta.url));

/**
 * Node flags for the child. They are set explicitly instead of inheriting
 * `process.execArgv`, which under vitest/tsx/`node -e` carries flags that are
 * wrong or fatal for a child (`--input-type` makes `fork` fail outright).
 */
function childExecArgv(maxMemoryMb: number): string[] {
  const argv = [`--max-old-space-size=${Math.floor(maxMemoryMb)}`];
  if (IS_TS) {
    // Resolved to an absolute URL so the child does not depend on its cwd to find tsx.
    const tsx = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;
    argv.push("--import", tsx);
  }
  return argv;
}

const STDERR_TAIL_BYTES = 8 * 1024;
/** How long to wait for a SIGKILLed child to be reaped before settling anyway. */
const REAP_GRACE_MS = 2_000;
/** A child that has not loaded pdf.js by then is broken (not the document's fault). */
const STARTUP_TIMEOUT_MS = 30_000;
/** Retire a warm child after this many documents, bounding slow leaks/fragmentation in pdf.js. */
const MAX_JOBS_PER_CHILD = 50;
/** Idle warm children are killed after this long. */
const IDLE_TTL_MS = 30_000;
/** At most this many idle warm children are kept (per process). */
const MAX_IDLE_CHILDREN = Math.max(1, Math.min(4, availableParallelism()));

function pdfError(code: PdfErrorCode, message: string): PdfError {
  return new ExtractionError(code, message) as PdfError;
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

type Success = Exclude<ChildReply, { type: "ready" } | { type: "error" }>;
type ChildEvent =
  | { kind: "reply"; reply: Exclude<ChildReply, { type: "ready" }> }
  | { kind: "exit"; code: number | null; signal: NodeJS.Signals | null }
  | { kind: "error"; error: Error };

/**
 * A forked pdf.child process. Children are reused between calls (start-up is
 * ~0.3 s of node + pdf.js import and ~0.3 s more for pdf.js' first parse in
 * compiled mode, several seconds under tsx), but only while they behave: any
 * timeout, cancellation or crash kills the child and the next call forks a
 * fresh one, so a hostile document never shares a process with a later one
 * after misbehaving. Documents that merely fail to parse keep the child.
 */
interface PdfChild {
  proc: ChildProcess;
  maxMemoryMb: number;
  ready: boolean;
  dead: boolean;
  jobs: number;
  stderrTail: string;
  idleTimer: NodeJS.Timeout | null;
  onReady: (() => void) | null;
  onEvent: ((ev: ChildEvent) => void) | null;
}

const idleChildren: PdfChild[] = [];

function spawnChild(maxMemoryMb: number): PdfChild {
  const proc = fork(CHILD_PATH, [], {
    execArgv: childExecArgv(maxMemoryMb),
    serialization: "advanced",
    // stdout is pdf.js' console chatter: dropped. stderr is kept (tail) to recognise heap OOM.
    stdio: ["pipe", "ignore", "pipe", "ipc"],
  });
  const child: PdfChild = {
    proc,
    maxMemoryMb,
    ready: false,
    dead: false,
    jobs: 0,
    stderrTail: "",
    idleTimer: null,
    onReady: null,
    onEvent: null,
  };
  proc.stderr?.setEncoding("utf8");
  proc.stderr?.on("data", (chunk: string) => {
    child.stderrTail = (child.stderrTail + chunk).slice(-STDERR_TAIL_BYTES);
  });
  proc.on("message", (msg: ChildReply) => {
    if (msg.type === "ready") {
      child.ready = true;
      child.onReady?.();
      return;
    }
    child.onEvent?.({ kind: "reply", reply: msg });
  });
  proc.on("exit", (code, signal) => {
    child.dead = true;
    if (child.idleTimer) clearTimeout(child.idleTimer);
    const i = idleChildren.indexOf(child);
    if (i >= 0) idleChildren.splice(i, 1);
    child.onEvent?.({ kind: "exit", code, signal });
  });
  proc.on("error", (error) => child.onEvent?.({ kind: "error", error }));
  // The child may die before reading everything (e.g. OOM): that EPIPE is
  // reported through "exit", not as an unhandled stream error.
  proc.stdin?.on("error", () => undefined);
  return child;
}

/** Idle children must not keep the parent process alive; busy ones must. */
function setRef(child: PdfChild, on: boolean): void {
  const handles = [child.proc, child.proc.channel, child.proc.stdin as Socket | null, child.proc.stderr as Socket | null];
  for (const h of handles) {
    if (h) {
      if (on) h.ref();
      else h.unref();
    }
  }
}

function acquire(maxMemoryMb: number): PdfChild {
  const i = idleChildren.findIndex((c) => !c.dead && c.maxMemoryMb === maxMemoryMb);
  const child = i >= 0 ? idleChildren.splice(i, 1)[0] : spawnChild(maxMemoryMb);
  if (child.idleTimer) clearTimeout(child.idleTimer);
  child.idleTimer = null;
  setRef(child, true);
  return child;
}

function release(child: PdfChild): void {
  child.onEvent = null;
  child.onReady = null;
  if (child.dead) return;
  child.jobs += 1;
  if (child.jobs >= MAX_JOBS_PER_CHILD || idleChildren.length >= MAX_IDLE_CHILDREN) {
    void killAndReap(child);
    return;
  }
  setRef(child, false);
  child.idleTimer = setTimeout(() => void killAndReap(child), IDLE_TTL_MS);
  child.idleTimer.unref();
  idleChildren.push(child);
}

function killAndReap(child: PdfChild): Promise<void> {
  child.onEvent = null;
  child.onReady = null;
  if (child.dead || child.proc.exitCode !== null || child.proc.signalCode !== null) return Promise.resolve();
  // An idle child is unref'd; a caller awaiting its reap (closePdfChildren at the end of a script) must keep
  // the process alive until the exit arrives, or Node ends with an unsettled promise (exit code 13).
  setRef(child, true);
  return new Promise((resolve) => {
    const grace = setTimeout(resolve, REAP_GRACE_MS);
    grace.unref();
    child.proc.once("exit", () => {
      clearTimeout(grace);
      resolve();
    });
    child.proc.kill("SIGKILL");
  });
}

/**
 * Kill the idle warm PDF children (graceful shutdown, end of tests). Calls in
 * flight are not affected; their children are not kept afterwards.
 */
export async function closePdfChildren(): Promise<void> {
  await Promise.all(idleChildren.splice(0).map((c) => killAndReap(c)));
}

function exitError(child: PdfChild, code: number | null, signal: NodeJS.Signals | null): Error {
  const tail = child.stderrTail.trim().split("\n").slice(-3).join(" | ");
  if (!child.ready) {
    // It died before its imports loaded: a deployment problem, not this PDF.
    return new Error(`PDF child process failed to start (code ${code}, signal ${signal}): ${tail}`);
  }
  const oom = /heap out of memory|Reached heap limit|allocation failed/i.test(child.stderrTail) || signal === "SIGABRT" || code === 134;
  const message = oom
    ? `PDF processing exceeded the memory limit of ${child.maxMemoryMb} MB and was stopped.`
    : signal === "SIGKILL"
      ? "PDF processing was killed by the system (likely out of memory)."
      : `PDF processing crashed (exit code ${code}, signal ${signal}).`;
  return pdfError("RESOURCE_LIMIT", message);
}

/** Run one job in a (warm or new) child; resolves with its reply or rejects with a PdfError (or a plain Error if the child cannot start). */
function runInChild(
  job: ChildJob,
  bytes: Uint8Array | null,
  opts: { timeoutMs: number; maxMemoryMb: number; signal?: AbortSignal },
): Promise<Success> {
  return new Promise<Success>((resolve, reject) => {
    if (opts.signal?.aborted) {
      reject(pdfError("CANCELLED", "PDF processing was cancelled."));
      return;
    }
    let child: PdfChild;
    try {
      child = acquire(opts.maxMemoryMb);
    } catch (err) {
      reject(new Error(`Could not start the PDF child process: ${String(err)}`, { cause: err }));
      return;
    }

    let settled = false;
    let timer: NodeJS.Timeout | null = null;

    /** `keep`: the child answered normally and may serve the next call. */
    const settle = (outcome: { ok: true; value: Success } | { ok: false; error: Error }, keep: boolean) => {
      if (settled) return;
      settled = true;
      if (timer) clearTimeout(timer);
      opts.signal?.removeEventListener("abort", onAbort);
      const done = () => (outcome.ok ? resolve(outcome.value) : reject(outcome.error));
      if (keep) {
        release(child);
        done();
        return;
      }
      // Reap before settling, so "rejected with PROCESSING_TIMEOUT" also means
      // "its memory is back": the next document does not overlap a dying child.
      void killAndReap(child).then(done);
    };

    const onAbort = () => settle({ ok: false, error: pdfError("CANCELLED", "PDF processing was cancelled.") }, false);
    opts.signal?.addEventListener("abort", onAbort, { once: true });

    child.onEvent = (ev) => {
      if (ev.kind === "reply") {
        const { reply } = ev;
        if (reply.type === "error") {
          const error = reply.code === null ? new RangeError(reply.message) : new ExtractionError(reply.code, reply.message);
          settle({ ok: false, error }, true);
        } else {
          settle({ ok: true, value: reply }, true);
        }
      } else if (ev.kind === "exit") {
        settle({ ok: false, error: exitError(child, ev.code, ev.signal) }, false);
      } else {
        // Spawn failure (EAGAIN, ENOMEM…) or a failed send: not the document's fault.
        settle({ ok: false, error: new Error(`PDF child process error: ${ev.error.message}`, { cause: ev.error }) }, false);
      }
    };

    const start = () => {
      child.onReady = null;
      if (timer) clearTimeout(timer);
      // The clock starts when pdf.js is loaded, so tsx's slow start-up in dev
      // and cold starts do not eat into the document's budget.
      timer = setTimeout(() => {
        settle(
          {
            ok: false,
            error: pdfError("PROCESSING_TIMEOUT", `PDF processing did not finish within ${opts.timeoutMs} ms and was stopped.`),
          },
          false,
        );
      }, opts.timeoutMs);
      child.stderrTail = "";
      child.proc.send(job, (err) => {
        if (err) settle({ ok: false, error: new Error(`Could not send job to PDF child: ${err.message}`) }, false);
      });
      if (bytes) child.proc.stdin?.write(bytes);
    };

    if (child.ready) {
      start();
    } else {
      child.onReady = start;
      timer = setTimeout(() => {
        settle({ ok: false, error: new Error(`PDF child process did not start within ${STARTUP_TIMEOUT_MS} ms`) }, false);
      }, STARTUP_TIMEOUT_MS);
    }
  });
}

async function toSource(data: PdfInput): Promise<{ source: ChildSource; bytes: Uint8Array | null }> {
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
 * Extract the text layer of a PDF, page by page, in an isolated child process.
 *
 * The page count is checked against `limits.maxPages` before any page's text
 * is extracted. Pages without a text layer yield `""` (render and OCR them).
 *
 * @param data - PDF bytes (not modified) or a path to a PDF file.
 * @param opts.password - user password for encrypted PDFs.
 * @param opts.signal - aborting kills the child and rejects with `CANCELLED`.
 * @throws {@link PdfError} with a {@link PdfErrorCode}; `RangeError`/`TypeError` for invalid arguments;
 *   a plain `Error` when the child process cannot be started (retryable).
 */
export async function extractPdfText(
  data: PdfInput,
  opts: { password?: string; limits: PdfLimits; signal?: AbortSignal },
): Promise<PdfTextResult> {
  assertLimits(opts.limits);
  const { source, bytes } = await toSource(data);
  const reply = await runInChild(
    {
      op: "text",
      source,
      password: opts.password,
      maxPages: opts.limits.maxPages,
      maxTextChars: opts.limits.maxTextChars,
    },
    bytes,
    { timeoutMs: opts.limits.timeoutMs, maxMemoryMb: opts.limits.maxMemoryMb, signal: opts.signal },
  );
  if (reply.type !== "text") throw new Error(`PDF child answered ${reply.type} to a text job`);
  return reply.result;
}

/**
 * Render PDF pages to PNG (for OCR of pages without a text layer), in an
 * isolated child process.
 *
 * A page whose render at `scale` would exceed `limits.maxPixels` is rendered
 * at the largest smaller scale that fits (shrinking keeps the page readable;
 * refusing would lose it).
 *
 * @param data - PDF bytes (not modified) or a path to a PDF file.
 * @param opts.pages - 1-based page numbers, at most `limits.maxPages` of them.
 * @param opts.scale - zoom relative to 72 dpi; default 2 (144 dpi), a good size for tesseract.
 * @returns one PNG per requested page, in the order requested.
 * @throws {@link PdfError}; `RangeError` for a page that does not exist or invalid arguments.
 */
export async function renderPdfPages(
  data: PdfInput,
  opts: {
    pages: number[];
    scale?: number;
    password?: string;
    limits: PdfLimits & { maxPixels: number };
    signal?: AbortSignal;
  },
): Promise<{ page: number; png: Uint8Array }[]> {
  assertLimits(opts.limits);
  const scale = opts.scale ?? 2;
  if (!Number.isFinite(scale) || scale <= 0) throw new RangeError(`scale must be a positive number, got ${scale}`);
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
  const reply = await runInChild(
    {
      op: "render",
      source,
      password: opts.password,
      maxPages: opts.limits.maxPages,
      pages: [...opts.pages],
      scale,
      maxPixels: opts.limits.maxPixels,
    },
    bytes,
    { timeoutMs: opts.limits.timeoutMs, maxMemoryMb: opts.limits.maxMemoryMb, signal: opts.signal },
  );
  if (reply.type !== "render") throw new Error(`PDF child answered ${reply.type} to a render job`);
  return reply.result;
}
