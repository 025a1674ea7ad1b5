import type { Redis } from "ioredis";
import { RateLimiterRedis, RateLimiterRes } from "rate-limiter-flexible";
import type { Config } from "../config/env.js";
import { AppError } from "../errors/app.error.js";

/**
 * Per-user budgets kept in Redis, so every API instance enforces the same
 * limit. Keyed by the user, not the API key: all of a user's keys spend one
 * budget, so minting more keys buys no more requests.
 */
export class RateLimits {
  private readonly uploads: RateLimiterRedis;
  private readonly queries: RateLimiterRedis;

  constructor(redis: Redis, config: Pick<Config, "api" | "queue">) {
    const common = { storeClient: redis, duration: config.api.rateLimitWindowSeconds };
    this.uploads = new RateLimiterRedis({ ...common, keyPrefix: `${config.queue.prefix}:rl:user-upload`, points: config.api.uploadRateLimit });
    this.queries = new RateLimiterRedis({ ...common, keyPrefix: `${config.queue.prefix}:rl:user-query`, points: config.api.queryRateLimit });
  }

  /** Spend `files` upload points of a user; RATE_LIMITED with `retryAfterSeconds` when exhausted. */
  consumeUpload(userId: string, files = 1): Promise<void> {
    return this.consume(this.uploads, userId, files, "uploads");
  }

  /** Spend one point of a user's budget for expensive queries (search, statistics). */
  consumeQuery(userId: string): Promise<void> {
    return this.consume(this.queries, userId, 1, "expensive queries");
  }

  private async consume(limiter: RateLimiterRedis, userId: string, points: number, what: string): Promise<void> {
    try {
      await limiter.consume(userId, points);
    } catch (error) {
      if (error instanceof RateLimiterRes) {
        const retryAfterSeconds = Math.max(1, Math.ceil(error.msBeforeNext / 1000));
        throw new AppError("RATE_LIMITED", `Too many ${what} from this account (all its API keys together); retry in ${retryAfterSeconds} s.`, { details: { retryAfterSeconds } });
      }
      throw new AppError("QUEUE_UNAVAILABLE", "The rate limiter could not reach Redis.", { cause: error });
    }
  }
}
