/**
 * Runs at most `limit` tasks at once; the rest wait in the order they were given. `folio upload` follows each
 * uploaded document over one WebSocket, and the server caps the subscriptions open on a socket
 * (MAX_SUBSCRIPTIONS_PER_SOCKET): a batch larger than that follows its documents a slice at a time (each follow
 * replays its document's events from the start, so a late one misses nothing).
 */
export class ConcurrencyLimiter {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`limit must be a whole number ≥ 1 (got ${limit})`);
  }

  /** Run `task` when a place is free; resolves or rejects as the task does. */
  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.running += 1;
    try {
      return await task();
    } finally {
      // Hand the place straight to the next task (running stays the same), or give it back.
      const next = this.waiting.shift();
      if (next) next();
      else this.running -= 1;
    }
  }
}
