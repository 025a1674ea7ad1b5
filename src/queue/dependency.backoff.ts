import type { DependencyFailure } from "../errors/dependency.failure.js";

/** A dependency outage as one worker sees it. */
export interface DependencyOutage extends DependencyFailure {
  /** When the first job of this outage had to wait. */
  since: Date;
}

/**
 * The waits of jobs whose run failed only because a dependency was away:
 * each job waits `firstMs`, doubling per consecutive wait, at most `maxMs`
 * (DEPENDENCY_RETRY_MS, DEPENDENCY_RETRY_MAX_MS). A job that got through
 * again (any outcome that is not a dependency failure) starts over, and the
 * outage this worker reports ends.
 */
export class DependencyBackoff {
  private readonly waits = new Map<string, number>();
  private outage: DependencyOutage | null = null;

  constructor(private readonly options: { firstMs: number; maxMs: number }) {}

  /** Count one more wait of `jobId` caused by `failure`; returns how long it waits and which wait this is (1, 2, …). */
  next(jobId: string, failure: DependencyFailure, now = new Date()): { delayMs: number; wait: number } {
    const wait = (this.waits.get(jobId) ?? 0) + 1;
    this.waits.set(jobId, wait);
    this.outage = { ...failure, since: this.outage?.since ?? now };
    const delayMs = Math.min(this.options.maxMs, this.options.firstMs * 2 ** Math.min(wait - 1, 30));
    return { delayMs, wait };
  }

  /** `jobId` ran without a dependency failure: its waits start over and the outage is over. */
  passed(jobId: string): void {
    this.waits.delete(jobId);
    this.outage = null;
  }

  /** The outage this worker is waiting out, or null. */
  get current(): DependencyOutage | null {
    return this.outage;
  }
}
