import { dependencyFailure, type Dependency, type DependencyFailure } from "../errors/dependency.failure.js";
import type { Logger } from "../logging/logger.js";
import { getMetrics } from "../metrics/registry.js";
import type { DependencyBackoff, DependencyOutage } from "../queue/dependency.backoff.js";

/** How log lines name a dependency. */
const DEPENDENCY_NAMES = { postgres: "PostgreSQL", redis: "Redis", storage: "the object store", unknown: "a dependency" } as const;

/** What a job was doing when a dependency went away (for the log line). */
export interface WaitContext {
  documentId: string;
  page?: number;
  attemptsMade?: number;
}

/**
 * A worker's view of dependency outages, shared by its document and page
 * jobs: tells a dependency failure from the document's own error, says how
 * long a job waits (without spending an attempt), and keeps the
 * `folio_dependency_up` gauge and the log in step with what the jobs saw.
 */
export class DependencyWaits {
  /** Dependencies this worker reported down (folio_dependency_up 0) since a job last got through. */
  private readonly down = new Set<Dependency | "unknown">();

  constructor(
    private readonly deps: {
      backoff: DependencyBackoff;
      /** The first dependency that does not answer now, or null when all do. */
      probe: () => Promise<Dependency | null>;
      log: Logger;
    },
  ) {}

  /** The outage this worker's jobs are waiting out, or null. */
  get current(): DependencyOutage | null {
    return this.deps.backoff.current;
  }

  /**
   * The dependency failure behind `error`, or null when the error is the
   * document's own. A bare socket error does not say whose socket it was:
   * then the dependencies are asked.
   */
  async diagnose(error: unknown): Promise<DependencyFailure | null> {
    const found = dependencyFailure(error);
    if (!found) return null;
    return found.dependency === null ? { ...found, dependency: await this.deps.probe() } : found;
  }

  /** Count one more wait of `jobId` for `failure`; returns how long the job waits. */
  wait(jobId: string, failure: DependencyFailure, context: WaitContext): { delayMs: number; wait: number } {
    const { delayMs, wait } = this.deps.backoff.next(jobId, failure);
    const dependency = failure.dependency ?? "unknown";
    getMetrics().dependencyWaits.inc({ dependency });
    getMetrics().dependencyUp.set({ dependency }, 0);
    this.down.add(dependency);
    this.deps.log.warn(
      { ...context, dependency, wait, delayMs },
      `waiting for ${DEPENDENCY_NAMES[dependency]}: ${failure.reason}; retried in ${delayMs} ms without spending an attempt`,
    );
    return { delayMs, wait };
  }

  /** `jobId` got through without a dependency failure: its waits start over, and an outage this worker reported is over. */
  passed(jobId: string): void {
    const outage = this.deps.backoff.current;
    this.deps.backoff.passed(jobId);
    if (!outage) return;
    for (const dependency of this.down) getMetrics().dependencyUp.set({ dependency }, 1);
    this.down.clear();
    const dependency = outage.dependency ?? "unknown";
    this.deps.log.info({ dependency, outageMs: Date.now() - outage.since.getTime() }, `${DEPENDENCY_NAMES[dependency]} is reachable again`);
  }
}
