/**
 * A warm pool of PDF sandboxes (`pdf.sandbox.ts`): a few child processes are
 * started ahead of time (pdf.js loaded and warmed up) and reused across
 * documents, so no document waits for a child to start.
 *
 * Isolation is that of a single sandbox: one job per process at a time, a
 * heap cap per process, a SIGKILL on timeout or cancellation. A process that
 * timed out, was cancelled or crashed is never reused; it is reaped and a
 * fresh one is started in its place. Healthy processes are retired (and
 * replaced) after `maxJobsPerProcess` documents, or as soon as their resident
 * memory after a job is above `recycleMb`, which bounds what slow leaks and
 * heap fragmentation in pdf.js can accumulate.
 */
import { ExtractionError } from "./extraction.errors.js";
import type { SandboxJob } from "./pdf.protocol.js";
import { PdfSandbox, SandboxLostError, type SandboxEndReason, type SandboxRunOptions, type SandboxSuccess } from "./pdf.sandbox.js";

/** Minimal structured logger (pino-compatible). */
export interface PdfPoolLogger {
  debug(obj: Record<string, unknown>, msg: string): void;
  warn(obj: Record<string, unknown>, msg: string): void;
}

/** Options of {@link PdfSandboxPool}. */
export interface PdfPoolOptions {
  /** Processes kept started (and the most documents parsed at once). */
  size: number;
  /** A process is retired after this many documents. */
  maxJobsPerProcess: number;
  /** A process whose resident memory after a document is above this many MB is retired. */
  recycleMb: number;
  /** V8 heap cap of each process, in MB. */
  maxMemoryMb: number;
  /** A process not ready by then is killed and counts as failed to start. */
  startupTimeoutMs?: number;
  /** Program to fork instead of `pdf.child` (tests). */
  entry?: string;
  logger?: PdfPoolLogger;
}

/** Counters of a pool since it was created. */
export interface PdfPoolStats {
  size: number;
  /** Processes ready and waiting for a document. */
  idle: number;
  /** Processes handed to a caller. */
  busy: number;
  starting: number;
  /** Callers waiting for a process. */
  waiting: number;
  /** Processes started, including replacements. */
  started: number;
  /** Healthy processes retired: after `maxJobsPerProcess` documents, or above `recycleMb`. */
  recycled: { jobs: number; memory: number };
  /** Processes killed or lost and replaced: timed out, cancelled, crashed. */
  replaced: { timeout: number; cancelled: number; crashed: number };
  /** Processes that could not start. */
  startFailures: number;
  /** Process ids of the live processes (starting, idle and busy). */
  pids: number[];
}

interface Waiter {
  resolve: (sandbox: PdfSandbox) => void;
  reject: (error: Error) => void;
}

/** A closed pool refuses work: a plain Error, since it is not the document's fault. */
class PoolClosedError extends Error {
  override readonly name = "PoolClosedError";
}

/**
 * A fixed-size set of warm PDF sandbox processes. {@link run} hands each job
 * to an idle process (the most recently used one, whose JIT is warmest), or
 * queues it until one is free.
 */
export class PdfSandboxPool {
  private readonly live = new Set<PdfSandbox>();
  /** Ready processes, most recently used last. */
  private readonly idle: PdfSandbox[] = [];
  private readonly waiters: Waiter[] = [];
  private closed = false;
  private readonly counters = {
    started: 0,
    recycled: { jobs: 0, memory: 0 },
    replaced: { timeout: 0, cancelled: 0, crashed: 0 },
    startFailures: 0,
  };

  constructor(readonly options: Readonly<PdfPoolOptions>) {
    const positive = (name: "size" | "maxJobsPerProcess" | "recycleMb" | "maxMemoryMb") => {
      const v = options[name];
      if (!Number.isFinite(v) || v <= 0) throw new RangeError(`PdfSandboxPool: ${name} must be a positive number, got ${v}`);
    };
    positive("size");
    positive("maxJobsPerProcess");
    positive("recycleMb");
    positive("maxMemoryMb");
  }

  /** Heap cap of the pool's processes. */
  get maxMemoryMb(): number {
    return this.options.maxMemoryMb;
  }

  /** True once {@link close} was called. */
  get isClosed(): boolean {
    return this.closed;
  }

  /**
   * Start the pool's processes and resolve when all are ready (or failed to
   * start: failures are logged and retried on demand; this never rejects).
   */
  async warm(): Promise<void> {
    this.fill();
    await Promise.all([...this.live].map((s) => s.ready.catch(() => undefined)));
  }

  /**
   * Run one job in a pool process. Rejects as {@link PdfSandbox.run} does; a
   * caller aborted while waiting for a free process gets `CANCELLED`, and a
   * process that cannot start gives a plain Error (retryable).
   */
  async run(job: SandboxJob, bytes: Uint8Array | null, opts: SandboxRunOptions): Promise<SandboxSuccess> {
    for (let attempt = 1; ; attempt++) {
      const sandbox = await this.acquire(opts.signal);
      try {
        return await sandbox.run(job, bytes, opts);
      } catch (err) {
        // A process that died while idle took nothing with it: hand the job to its replacement (once).
        if (err instanceof SandboxLostError && attempt < 2) continue;
        throw err;
      } finally {
        this.release(sandbox);
      }
    }
  }

  /** Counters and current state, for tests, benchmarks and metrics. */
  stats(): PdfPoolStats {
    const live = [...this.live];
    return {
      size: this.options.size,
      idle: this.idle.length,
      busy: live.filter((s) => s.state !== "starting" && !this.idle.includes(s)).length,
      starting: live.filter((s) => s.state === "starting").length,
      waiting: this.waiters.length,
      started: this.counters.started,
      recycled: { ...this.counters.recycled },
      replaced: { ...this.counters.replaced },
      startFailures: this.counters.startFailures,
      pids: live.map((s) => s.pid).filter((p): p is number => p !== undefined),
    };
  }

  /**
   * Kill every process and refuse further work; waiting callers reject.
   * Jobs in flight reject as crashed. Idempotent.
   */
  async close(): Promise<void> {
    this.closed = true;
    for (const w of this.waiters.splice(0)) w.reject(new PoolClosedError("The PDF sandbox pool was closed."));
    this.idle.length = 0;
    await Promise.all([...this.live].map((s) => s.kill()));
  }

  /** Start processes until the pool has `size` of them. */
  private fill(): void {
    while (!this.closed && this.live.size < this.options.size) this.spawn();
  }

  private spawn(): void {
    const sandbox = PdfSandbox.start({
      maxMemoryMb: this.options.maxMemoryMb,
      startupTimeoutMs: this.options.startupTimeoutMs,
      entry: this.options.entry,
    });
    this.counters.started++;
    this.live.add(sandbox);
    sandbox.onExit = (s) => this.onSandboxExit(s);
    sandbox.ready.then(
      () => {
        this.options.logger?.debug({ pid: sandbox.pid, rssMb: mb(sandbox.usage?.rssBytes) }, "PDF sandbox ready");
        this.offer(sandbox);
      },
      (error: unknown) => {
        this.live.delete(sandbox);
        if (this.closed) return; // killed by close() while starting
        this.counters.startFailures++;
        this.options.logger?.warn({ err: messageOf(error) }, "PDF sandbox could not start");
        // Each waiter gets one start attempt: a broken deployment fails jobs (retryably) instead of hanging them,
        // and is not retried in a hot loop when nobody is waiting (the next job starts a process on demand).
        const waiter = this.waiters.shift();
        if (waiter) {
          waiter.reject(error instanceof Error ? error : new Error(String(error)));
          if (this.waiters.length > 0) this.fill();
        }
      },
    );
  }

  private onSandboxExit(sandbox: PdfSandbox): void {
    const wasLive = this.live.delete(sandbox);
    const i = this.idle.indexOf(sandbox);
    if (i >= 0) this.idle.splice(i, 1);
    const reason: SandboxEndReason = sandbox.endReason ?? "crashed";
    // A closed pool killed it (shutdown, or settings replaced): nothing crashed and nothing is replaced.
    if (!wasLive || this.closed || reason === "start_failed" || reason === "retired") return;
    this.counters.replaced[reason]++;
    this.options.logger?.warn({ pid: sandbox.pid, reason, jobs: sandbox.jobs }, "PDF sandbox ended; starting a replacement");
    this.fill();
  }

  private acquire(signal: AbortSignal | undefined): Promise<PdfSandbox> {
    if (this.closed) return Promise.reject(new PoolClosedError("The PDF sandbox pool was closed."));
    if (signal?.aborted) return Promise.reject(new ExtractionError("CANCELLED", "PDF processing was cancelled."));
    const ready = this.idle.pop();
    if (ready) return Promise.resolve(ready);
    this.fill();
    return new Promise<PdfSandbox>((resolve, reject) => {
      const onAbort = () => {
        const i = this.waiters.indexOf(waiter);
        if (i >= 0) this.waiters.splice(i, 1);
        reject(new ExtractionError("CANCELLED", "PDF processing was cancelled."));
      };
      const waiter: Waiter = {
        resolve: (s) => {
          signal?.removeEventListener("abort", onAbort);
          resolve(s);
        },
        reject: (e) => {
          signal?.removeEventListener("abort", onAbort);
          reject(e);
        },
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      this.waiters.push(waiter);
    });
  }

  /** Hand a ready process to the first waiter, or park it. */
  private offer(sandbox: PdfSandbox): void {
    if (sandbox.state !== "idle") return;
    if (this.closed) {
      void sandbox.kill();
      return;
    }
    const waiter = this.waiters.shift();
    if (waiter) waiter.resolve(sandbox);
    else this.idle.push(sandbox);
  }

  /** After a job: reuse the process, or retire and replace it. Dead ones were handled by {@link onSandboxExit}. */
  private release(sandbox: PdfSandbox): void {
    if (sandbox.state !== "idle") return;
    const rss = sandbox.usage?.rssBytes ?? 0;
    const why = sandbox.jobs >= this.options.maxJobsPerProcess ? "jobs" : rss > this.options.recycleMb * 1024 * 1024 ? "memory" : null;
    if (!why) {
      this.offer(sandbox);
      return;
    }
    this.counters.recycled[why]++;
    this.options.logger?.debug({ pid: sandbox.pid, why, jobs: sandbox.jobs, rssMb: mb(rss) }, "recycling PDF sandbox");
    this.live.delete(sandbox);
    sandbox.endReason = "retired";
    void sandbox.kill();
    this.fill();
  }
}

function mb(bytes: number | undefined): number | undefined {
  return bytes === undefined ? undefined : Math.round(bytes / (1024 * 1024));
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * Run one job in a process started for it alone and killed afterwards: the
 * behaviour before the pool, kept for calls whose heap cap differs from the
 * pool's, and as the benchmark's baseline.
 */
export async function runInFreshSandbox(
  job: SandboxJob,
  bytes: Uint8Array | null,
  opts: SandboxRunOptions & { maxMemoryMb: number; startupTimeoutMs?: number; entry?: string },
): Promise<SandboxSuccess> {
  if (opts.signal?.aborted) throw new ExtractionError("CANCELLED", "PDF processing was cancelled.");
  const sandbox = PdfSandbox.start({ maxMemoryMb: opts.maxMemoryMb, startupTimeoutMs: opts.startupTimeoutMs, entry: opts.entry });
  const onAbort = () => void sandbox.kill();
  opts.signal?.addEventListener("abort", onAbort, { once: true });
  try {
    try {
      await sandbox.ready;
    } catch (err) {
      if (opts.signal?.aborted) throw new ExtractionError("CANCELLED", "PDF processing was cancelled.");
      throw err;
    }
    opts.signal?.removeEventListener("abort", onAbort);
    return await sandbox.run(job, bytes, opts);
  } finally {
    opts.signal?.removeEventListener("abort", onAbort);
    sandbox.endReason ??= "retired";
    await sandbox.kill();
  }
}
