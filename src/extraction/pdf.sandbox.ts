/**
 * One PDF sandbox: a forked `pdf.child` process with a V8 heap cap, which runs
 * one job at a time and is SIGKILLed on timeout, cancellation or abnormal
 * exit. A hostile PDF can block pdf.js' event loop forever (STACK.md,
 * `bomb_giant.pdf`), so no in-process timer could stop it; killing the process
 * can. `pdf.pool.ts` keeps several of these warm; this module knows nothing of
 * pools.
 *
 * Transport: the PDF bytes go to the child over its **stdin** as a raw byte
 * stream (no encoding, no serialised copy in an IPC message; framed by the
 * length announced in the job), or the child reads a file path itself.
 * Results come back over IPC with `serialization: "advanced"` (V8 structured
 * clone), which carries `Uint8Array` PNGs as binary: a 20 MB Uint8Array
 * crosses in ~50 ms, while the default JSON serialisation turns it into a
 * `{ "0": 7, … }` object and takes ~20 s. No temp files, so a kill leaves
 * nothing behind.
 */
import { fork, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdir, rename, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import type { Socket } from "node:net";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { ExtractionError } from "./extraction.errors.js";
import type { SandboxJob, SandboxMessage, SandboxReply, SandboxUsage } from "./pdf.protocol.js";

/** A successful answer of the child (an error answer becomes a rejection). */
export type SandboxSuccess = Exclude<SandboxReply, { type: "error" }>;

/** Why a sandbox process ended (for the pool's statistics and logs). */
export type SandboxEndReason = "timeout" | "cancelled" | "crashed" | "start_failed" | "retired";

/** Options of {@link PdfSandbox.start}. */
export interface PdfSandboxOptions {
  /** V8 heap cap of the child (`--max-old-space-size`); exceeding it fails the job with `RESOURCE_LIMIT`. */
  maxMemoryMb: number;
  /** A child that is not ready by then is killed and counts as failed to start (not the document's fault). */
  startupTimeoutMs?: number;
  /**
   * The program to fork instead of `pdf.child` (tests use a scripted child
   * that speaks `pdf.protocol.ts`). A `.ts` entry is run with tsx's loader.
   */
  entry?: string;
}

/** Limits of one {@link PdfSandbox.run}. */
export interface SandboxRunOptions {
  /** Wall-clock budget from the moment the job is sent; the child is SIGKILLed when it runs out. */
  timeoutMs: number;
  /** Aborting kills the child and rejects with `CANCELLED`. */
  signal?: AbortSignal;
}

/** State of a sandbox as the pool sees it. */
export type SandboxState = "starting" | "idle" | "busy" | "dead";

const STDERR_TAIL_BYTES = 8 * 1024;
/** How long to wait for a SIGKILLed child to be reaped before settling anyway. */
const REAP_GRACE_MS = 2_000;
/** Default for {@link PdfSandboxOptions.startupTimeoutMs}: a child that has not loaded pdf.js by then is broken. */
export const DEFAULT_STARTUP_TIMEOUT_MS = 30_000;

const IS_TS = import.meta.url.endsWith(".ts");
const CHILD_SOURCE = fileURLToPath(new URL(IS_TS ? "./pdf.child.ts" : "./pdf.child.js", import.meta.url));
/** The repository root (this file is src/extraction/ in the sources and dist/src/extraction/ in the build). */
const PROJECT_ROOT = path.resolve(path.dirname(CHILD_SOURCE), IS_TS ? "../.." : "../../..");

/** How to start a child: the file to fork and the loader flags it needs. */
interface ChildEntry {
  file: string;
  loaderArgs: string[];
}

function tsxLoaderArgs(): string[] {
  // Resolved to an absolute URL so the child does not depend on its cwd to find tsx.
  return ["--import", pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href];
}

/** The part of esbuild's API used to bundle the child (esbuild comes with tsx, a development dependency). */
interface EsbuildLike {
  build(options: Record<string, unknown>): Promise<{ outputFiles?: { text: string }[] }>;
}

/**
 * Running from TypeScript (tsx, vitest), a child started with tsx's loader
 * spends ~0.5 s in start-up and ~1 s more on its first document, because every
 * module pdf.js loads lazily goes through the loader's hooks. Instead, the
 * child and its few local modules are bundled once per process with esbuild
 * (packages stay external) into `node_modules/.cache/folio/`, where they
 * resolve `pdf-parse` as usual, and the child runs as plain JavaScript. The
 * file name carries a hash of the bundle, so concurrent processes and edited
 * sources never run a stale copy. Falls back to tsx's loader if that fails.
 * Compiled builds fork `pdf.child.js` directly.
 */
async function bundleChildForTs(): Promise<ChildEntry> {
  try {
    const specifier = "esbuild";
    const esbuild = (await import(specifier)) as EsbuildLike;
    const out = await esbuild.build({
      entryPoints: [CHILD_SOURCE],
      bundle: true,
      packages: "external",
      platform: "node",
      format: "esm",
      target: "node20",
      write: false,
      logLevel: "silent",
    });
    const code = out.outputFiles?.[0]?.text;
    if (!code) throw new Error("esbuild produced no output");
    const hash = createHash("sha256").update(code).digest("hex").slice(0, 16);
    const dir = path.join(PROJECT_ROOT, "node_modules", ".cache", "folio");
    const file = path.join(dir, `pdf.child.${hash}.mjs`);
    await mkdir(dir, { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    await writeFile(tmp, code);
    await rename(tmp, file);
    return { file, loaderArgs: [] };
  } catch {
    return { file: CHILD_SOURCE, loaderArgs: tsxLoaderArgs() };
  }
}

let defaultEntry: Promise<ChildEntry> | null = null;

function childEntry(custom: string | undefined): Promise<ChildEntry> {
  if (custom) return Promise.resolve({ file: custom, loaderArgs: custom.endsWith(".ts") ? tsxLoaderArgs() : [] });
  if (!IS_TS) return Promise.resolve({ file: CHILD_SOURCE, loaderArgs: [] });
  defaultEntry ??= bundleChildForTs();
  return defaultEntry;
}

/** A child process that cannot start, or broke its protocol: an infrastructure problem, retryable. */
function infraError(message: string, cause?: unknown): Error {
  return new Error(message, cause === undefined ? undefined : { cause });
}

/**
 * The job could not even be handed over: the process died while idle (killed
 * from outside, OOM killer) and its exit had not been noticed yet. Nothing ran,
 * so the pool retries the job in another process.
 */
export class SandboxLostError extends Error {
  override readonly name = "SandboxLostError";
}

type Settle = (outcome: { ok: true; value: SandboxSuccess } | { ok: false; error: Error }, keep: boolean) => void;

/**
 * One sandbox process. Create with {@link PdfSandbox.start}; await
 * {@link ready}; then {@link run} one job at a time. A job that times out, is
 * cancelled or crashes the child kills it (reaped before the job settles, so
 * its memory is back); a document that merely fails to parse leaves it usable.
 * {@link onExit} tells the owner when the process is gone, whatever the reason.
 */
export class PdfSandbox {
  /** Settles when the child is ready for its first job; rejects with a plain Error when it cannot start. */
  readonly ready: Promise<void>;
  /** Jobs run to a normal answer (results and document errors alike). */
  jobs = 0;
  /** Memory of the child after its last answer (or after start-up). */
  usage: SandboxUsage | null = null;
  /** Why the process ended, once it has. */
  endReason: SandboxEndReason | null = null;
  /** Called once when the process has exited (or could not be forked). */
  onExit: ((sandbox: PdfSandbox) => void) | null = null;

  private proc: ChildProcess | null = null;
  private _state: SandboxState = "starting";
  private stderrTail = "";
  private settleJob: Settle | null = null;
  private killRequested = false;
  private exited = false;
  private readonly exitWaiters: (() => void)[] = [];

  /** The child's V8 heap cap. */
  readonly maxMemoryMb: number;

  private constructor(opts: PdfSandboxOptions) {
    this.maxMemoryMb = opts.maxMemoryMb;
    this.ready = this.boot(opts);
    // Observed by the owner through `ready`; a rejection nobody awaits must not crash the process.
    this.ready.catch(() => undefined);
  }

  /** Fork a sandbox; it warms pdf.js up before it reports ready. */
  static start(opts: PdfSandboxOptions): PdfSandbox {
    return new PdfSandbox(opts);
  }

  /** `starting` → `idle` ⇄ `busy` → `dead`. */
  get state(): SandboxState {
    return this._state;
  }

  /** The child's process id (undefined before it is forked). */
  get pid(): number | undefined {
    return this.proc?.pid;
  }

  private async boot(opts: PdfSandboxOptions): Promise<void> {
    const entry = await childEntry(opts.entry);
    if (this.killRequested) {
      this.markExited("start_failed");
      throw infraError("PDF sandbox was stopped before it started");
    }
    let proc: ChildProcess;
    try {
      proc = fork(entry.file, [], {
        // Set explicitly instead of inheriting process.execArgv, which under vitest/tsx/`node -e` carries
        // flags that are wrong or fatal for a child (`--input-type` makes fork fail outright).
        execArgv: [`--max-old-space-size=${Math.floor(opts.maxMemoryMb)}`, ...entry.loaderArgs],
        serialization: "advanced",
        // stdout is pdf.js' console chatter: dropped. stderr is kept (tail) to recognise heap OOM.
        stdio: ["pipe", "ignore", "pipe", "ipc"],
      });
    } catch (err) {
      this.markExited("start_failed");
      throw infraError(`Could not start the PDF sandbox process: ${String(err)}`, err);
    }
    this.proc = proc;
    proc.stderr?.setEncoding("utf8");
    proc.stderr?.on("data", (chunk: string) => {
      this.stderrTail = (this.stderrTail + chunk).slice(-STDERR_TAIL_BYTES);
    });
    // The child may die before reading everything (e.g. OOM): that EPIPE is reported through "exit".
    proc.stdin?.on("error", () => undefined);

    return new Promise<void>((resolve, reject) => {
      const startupTimeoutMs = opts.startupTimeoutMs ?? DEFAULT_STARTUP_TIMEOUT_MS;
      const startTimer = setTimeout(() => {
        this.endReason ??= "start_failed";
        reject(infraError(`PDF sandbox process did not start within ${startupTimeoutMs} ms`));
        void this.kill();
      }, startupTimeoutMs);

      proc.on("message", (msg: SandboxMessage) => {
        if (msg.type === "ready") {
          clearTimeout(startTimer);
          if (this._state !== "starting") return;
          this.usage = msg.usage;
          this._state = "idle";
          this.setRef(false);
          resolve();
          return;
        }
        this.onReply(msg);
      });
      proc.on("exit", (code, signal) => {
        clearTimeout(startTimer);
        if (this._state === "starting") {
          this.endReason ??= "start_failed";
          // It died before its imports loaded: a deployment problem, not a document.
          reject(infraError(`PDF sandbox process failed to start (code ${code}, signal ${signal}): ${this.stderrSummary()}`));
        }
        // Killed on request (pool closing, shutdown) while a job ran: not the document's fault, so retryable.
        const error = this.killRequested ? infraError("The PDF sandbox was stopped while it processed the document.") : this.exitError(code, signal);
        this.settleJob?.({ ok: false, error }, false);
        this.markExited("crashed");
      });
      proc.on("error", (error) => {
        // Spawn failure (EAGAIN, ENOMEM…) or a failed send: not the document's fault.
        if (this._state === "starting") {
          clearTimeout(startTimer);
          this.endReason ??= "start_failed";
          reject(infraError(`PDF sandbox process error: ${error.message}`, error));
          void this.kill();
        }
        this.settleJob?.({ ok: false, error: infraError(`PDF sandbox process error: ${error.message}`, error) }, false);
      });
    });
  }

  private onReply(reply: SandboxReply): void {
    const settle = this.settleJob;
    if (!settle) return; // an answer after we gave up on the job (timeout already fired): ignored
    this.usage = reply.usage;
    if (reply.type === "error") {
      const error = reply.code === null ? new RangeError(reply.message) : new ExtractionError(reply.code, reply.message);
      settle({ ok: false, error }, true);
    } else {
      settle({ ok: true, value: reply }, true);
    }
  }

  private stderrSummary(): string {
    return this.stderrTail.trim().split("\n").slice(-3).join(" | ");
  }

  private exitError(code: number | null, signal: NodeJS.Signals | null): Error {
    const oom = /heap out of memory|Reached heap limit|allocation failed/i.test(this.stderrTail) || signal === "SIGABRT" || code === 134;
    const message = oom
      ? `PDF processing exceeded the memory limit of ${this.maxMemoryMb} MB and was stopped.`
      : signal === "SIGKILL"
        ? "PDF processing was killed by the system (likely out of memory)."
        : `PDF processing crashed (exit code ${code}, signal ${signal}).`;
    return new ExtractionError("RESOURCE_LIMIT", message);
  }

  private markExited(reason: SandboxEndReason): void {
    if (this.exited) return;
    this.exited = true;
    this.endReason ??= reason;
    this._state = "dead";
    this.settleJob = null;
    for (const wake of this.exitWaiters.splice(0)) wake();
    this.onExit?.(this);
  }

  /** Idle sandboxes must not keep the parent process alive (a script ends when its work does); busy ones must. */
  private setRef(on: boolean): void {
    const p = this.proc;
    if (!p) return;
    for (const h of [p, p.channel, p.stdin as Socket | null, p.stderr as Socket | null]) {
      if (h) {
        if (on) h.ref();
        else h.unref();
      }
    }
  }

  /**
   * Run one job. Resolves with the child's answer; rejects with an
   * {@link ExtractionError} (document problem, timeout, cancellation, crash),
   * a `RangeError` (caller bug reported by the child) or a plain `Error`
   * (infrastructure). Only one job at a time, and only once {@link ready}.
   */
  run(job: SandboxJob, bytes: Uint8Array | null, opts: SandboxRunOptions): Promise<SandboxSuccess> {
    if (this._state !== "idle" || !this.proc) {
      return Promise.reject(new Error(`PDF sandbox is ${this._state}, not idle`));
    }
    if (opts.signal?.aborted) return Promise.reject(new ExtractionError("CANCELLED", "PDF processing was cancelled."));
    const proc = this.proc;
    this._state = "busy";
    this.setRef(true);
    this.stderrTail = "";
    return new Promise<SandboxSuccess>((resolve, reject) => {
      let timer: NodeJS.Timeout | null = null;
      const onAbort = () =>
        settle({ ok: false, error: new ExtractionError("CANCELLED", "PDF processing was cancelled.") }, false, "cancelled");
      const settle = (
        outcome: { ok: true; value: SandboxSuccess } | { ok: false; error: Error },
        keep: boolean,
        reason: SandboxEndReason = "crashed",
      ) => {
        if (this.settleJob !== settleThis) return;
        this.settleJob = null;
        if (timer) clearTimeout(timer);
        opts.signal?.removeEventListener("abort", onAbort);
        const done = () => (outcome.ok ? resolve(outcome.value) : reject(outcome.error));
        if (keep && !this.exited) {
          this.jobs += 1;
          this._state = "idle";
          this.setRef(false);
          done();
          return;
        }
        // Reap before settling, so "rejected with PROCESSING_TIMEOUT" also means "its memory is back":
        // the next document does not overlap a dying child.
        this.endReason ??= reason;
        void this.kill().then(done);
      };
      const settleThis: Settle = (outcome, keep) => settle(outcome, keep);
      this.settleJob = settleThis;
      opts.signal?.addEventListener("abort", onAbort, { once: true });
      // The clock starts when the job is handed to a ready child, so start-up never eats into a document's budget.
      timer = setTimeout(
        () =>
          settle(
            { ok: false, error: new ExtractionError("PROCESSING_TIMEOUT", `PDF processing did not finish within ${opts.timeoutMs} ms and was stopped.`) },
            false,
            "timeout",
          ),
        opts.timeoutMs,
      );
      const lost = (err: Error | null) =>
        settle({ ok: false, error: new SandboxLostError(`Could not send the job to the PDF sandbox: ${err?.message ?? "channel closed"}`, { cause: err }) }, false);
      if (!proc.connected) {
        lost(null);
        return;
      }
      proc.send(job, (err) => {
        if (err) lost(err);
      });
      if (bytes && bytes.byteLength > 0) proc.stdin?.write(bytes);
    });
  }

  /**
   * SIGKILL the child and resolve once it has been reaped (or after a short
   * grace period). Idempotent; a job in flight rejects as crashed.
   */
  kill(): Promise<void> {
    this.killRequested = true;
    if (this.exited) return Promise.resolve();
    const p = this.proc;
    if (!p) return new Promise((resolve) => this.exitWaiters.push(resolve));
    // An idle child is unref'd; a caller awaiting its reap (end of a script) must keep the process alive until the
    // exit arrives, or Node ends with an unsettled promise (exit code 13).
    this.setRef(true);
    return new Promise((resolve) => {
      const grace = setTimeout(resolve, REAP_GRACE_MS);
      grace.unref();
      this.exitWaiters.push(() => {
        clearTimeout(grace);
        resolve();
      });
      if (p.exitCode === null && p.signalCode === null) p.kill("SIGKILL");
    });
  }
}
