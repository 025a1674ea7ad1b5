/**
 * Hooks the pipeline calls as documents move, for observers such as metrics.
 * Observers must be cheap and must not throw (the runner ignores their errors);
 * they never affect processing.
 */
export interface PipelineObserver {
  /** A document was accepted (stored and recorded). */
  documentSubmitted?(): void;
  /** A step finished, one way or another. */
  stepFinished?(event: { step: string; status: "SUCCEEDED" | "SKIPPED" | "FAILED"; durationMs: number; errorCode?: string | null; summary?: Record<string, unknown> | null }): void;
  /** A document reached a terminal status. */
  documentFinished?(event: { status: "COMPLETED" | "FAILED" | "CANCELLED"; documentType: string | null; errorCode: string | null; processingMs: number | null }): void;
}

/** Call an observer hook, swallowing its errors: observing must never break processing. */
export function notify<K extends keyof PipelineObserver>(observer: PipelineObserver | undefined, hook: K, ...args: Parameters<NonNullable<PipelineObserver[K]>>): void {
  const fn = observer?.[hook] as ((...a: unknown[]) => void) | undefined;
  if (!fn) return;
  try {
    fn.apply(observer, args);
  } catch {
    // deliberately ignored
  }
}
