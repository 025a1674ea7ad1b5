/**
 * A periodic pass that repairs what a fast path may have missed: a document,
 * delivery or webhook that lost its job (a crash between commit and enqueue,
 * Redis data loss), a WebSocket whose rights changed while a notice was lost.
 */
export interface SweepTask {
  /** Names the sweep in log lines, e.g. "reconcile". Unique per sweeper. */
  name: string;
  /** Time between the starts of two passes. */
  intervalMs: number;
  /**
   * One pass. Passes of one task never overlap: a tick that finds the previous
   * pass still running is skipped. `signal` aborts when the sweeper stops;
   * long passes check it between items.
   */
  run(signal: AbortSignal): Promise<unknown>;
  /** Start a first pass at once, in the background, instead of one interval later. */
  runAtStart?: boolean;
}

/** What a sweeper logs with (a pino logger fits). */
export interface SweepLogger {
  warn(details: object, message: string): void;
}

/** Where a component registers its sweeps (the process's {@link Sweeper}). */
export interface SweepRegistry {
  add(task: SweepTask): void;
}

/** Options of a {@link Sweeper}. */
export interface SweeperOptions {
  /** How long {@link Sweeper.stop} waits for passes in flight before it returns anyway (default 5 s). */
  stopGraceMs?: number;
}

interface Registered {
  task: SweepTask;
  timer: NodeJS.Timeout;
  running: Promise<void> | null;
}

/**
 * Runs every periodic sweep of a process on one mechanism: an unref'd timer
 * per task (a sweep never keeps a process alive), no overlapping passes, a
 * failed pass logged and retried at the next tick, and one stop that ends them
 * all. Sweeps are safe to run in every process at once: each re-checks what
 * it repairs, and job ids make enqueueing idempotent.
 */
export class Sweeper implements SweepRegistry {
  private readonly tasks = new Map<string, Registered>();
  private readonly abort = new AbortController();

  constructor(
    private readonly logger: SweepLogger,
    private readonly options: SweeperOptions = {},
  ) {}

  /** Schedule a sweep. Ignored once the sweeper stopped. */
  add(task: SweepTask): void {
    if (this.abort.signal.aborted) return;
    if (this.tasks.has(task.name)) throw new Error(`a sweep named ${task.name} is already registered`);
    const timer = setInterval(() => void this.pass(entry), task.intervalMs);
    timer.unref();
    const entry: Registered = { task, timer, running: null };
    this.tasks.set(task.name, entry);
    if (task.runAtStart) void this.pass(entry);
  }

  /**
   * Run a pass of the named sweep now and wait for it (joins the pass in
   * flight, if any). Never rejects: a failure is logged like any other pass.
   */
  async runNow(name: string): Promise<void> {
    const entry = this.tasks.get(name);
    if (!entry) throw new Error(`no sweep named ${name}`);
    await this.pass(entry);
  }

  /** Names of the scheduled sweeps. */
  get names(): string[] {
    return [...this.tasks.keys()];
  }

  /** Stop every sweep: no new pass starts, running ones are aborted and awaited (up to `stopGraceMs`). */
  async stop(): Promise<void> {
    this.abort.abort();
    const running: Promise<void>[] = [];
    for (const entry of this.tasks.values()) {
      clearInterval(entry.timer);
      if (entry.running) running.push(entry.running);
    }
    this.tasks.clear();
    if (running.length === 0) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.all(running),
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, this.options.stopGraceMs ?? 5_000);
        timer.unref();
      }),
    ]);
    clearTimeout(timer);
  }

  private pass(entry: Registered): Promise<void> {
    if (entry.running) return entry.running;
    if (this.abort.signal.aborted) return Promise.resolve();
    // Started on a microtask, so `running` is recorded before the pass can end (even by a synchronous throw).
    const running = Promise.resolve()
      .then(() => entry.task.run(this.abort.signal))
      .then(
        () => undefined,
        (error: unknown) => this.logger.warn({ err: error, sweep: entry.task.name }, `${entry.task.name} sweep failed; retrying at the next tick`),
      )
      .finally(() => {
        entry.running = null;
      });
    entry.running = running;
    return running;
  }
}
