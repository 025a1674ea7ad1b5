import type { Redis } from "ioredis";
import { RateLimiterRedis, RateLimiterRes } from "rate-limiter-flexible";
import type { Config } from "../config/env.js";
import { AppError } from "../errors/app.error.js";

/** Per-key budgets kept in Redis, so every API instance enforces the same limit. */
export class RateLimits {
  private readonly uploads: RateLimiterRedis;
  private readonly queries: RateLimiterRedis;

  constructor(redis: Redis, config: Pick<Config, "api" | "queue">) {
    const common = { storeClient: redis, duration: config.api.rateLimitWindowSeconds };
    this.uploads = new RateLimiterRedis({ ...common, keyPrefix: `${config.queue.prefix}:rl:upload`, points: config.api.uploadRateLimit });
    this.queries = new RateLimiterRedis({ ...common, keyPrefix: `${config.queue.prefix}:rl:query`, points: config.api.queryRateLimit });
  }

  /** Spend `files` upload points of a key; RATE_LIMITED with `retryAfterSeconds` when exhausted. */
  consumeUpload(keyId: string, files = 1): Promise<void> {
    return this.consume(this.uploads, keyId, files, "uploads");
  }

  /** Spend one point of a key's budget for expensive queries (search, statistics). */
  consumeQuery(keyId: string): Promise<void> {
    return this.consume(this.queries, keyId, 1, "expensive queries");
  }

  private async consume(limiter: RateLimiterRedis, keyId: string, points: number, what: string): Promise<void> {
    try {
      await limiter.consume(keyId, points);
    } catch (error) {
      if (error instanceof RateLimiterRes) {
        const retryAfterSeconds = Math.max(1, Math.ceil(error.msBeforeNext / 1000));
        throw new AppError("RATE_LIMITED", `Too many ${what} with this API key; retry in ${retryAfterSeconds} s.`, { details: { retryAfterSeconds } });
      }
      throw new AppError("QUEUE_UNAVAILABLE", "The rate limiter could not reach Redis.", { cause: error });
    }
  }
}
