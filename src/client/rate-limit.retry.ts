import { FolioClientError } from "./folio-client.js";

/** Options of {@link retryRateLimited}. */
export interface RateLimitRetryOptions {
  /** Attempts in all, the first included (default 5). */
  maxAttempts?: number;
  /** A wait the server asks for beyond this many seconds is not waited for: the error is thrown (default 300). */
  maxWaitSeconds?: number;
  /** Told before each wait, e.g. to say so on a terminal. */
  onWait?: (seconds: number, attempt: number) => void;
  /** How to wait (tests pass a fake clock). */
  sleep?: (ms: number) => Promise<void>;
}

/**
 * The seconds a RATE_LIMITED answer asks the caller to wait (`extensions.retryAfterSeconds`), or null for any
 * other outcome. Only that code is retried: the budget refills by itself, every other refusal would repeat.
 */
export function rateLimitWait(error: unknown): number | null {
  if (!(error instanceof FolioClientError) || error.code !== "RATE_LIMITED") return null;
  const seconds = error.errors.find((e) => e.extensions?.code === "RATE_LIMITED")?.extensions?.retryAfterSeconds;
  return typeof seconds === "number" && Number.isFinite(seconds) && seconds >= 0 ? seconds : null;
}

/**
 * Run `operation`, and when the server answers RATE_LIMITED, wait the seconds it names and run it again: a
 * batch of uploads larger than the account's budget per window goes through at the pace the server allows
 * instead of failing every file past the budget. A refused upload stored nothing, so running it again cannot
 * create a second document.
 */
export async function retryRateLimited<T>(operation: () => Promise<T>, options: RateLimitRetryOptions = {}): Promise<T> {
  const maxAttempts = options.maxAttempts ?? 5;
  const maxWaitSeconds = options.maxWaitSeconds ?? 300;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation();
    } catch (error) {
      const seconds = rateLimitWait(error);
      if (seconds === null || attempt >= maxAttempts || seconds > maxWaitSeconds) throw error;
      options.onWait?.(seconds, attempt);
      await sleep(seconds * 1000);
    }
  }
}
