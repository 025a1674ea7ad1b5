import { Redis, type RedisOptions } from "ioredis";
import type { Logger } from "../logging/logger.js";

/**
 * Options for a connection that serves requests (rate limits, readiness):
 * a command fails within `timeoutMs` instead of waiting for Redis to come
 * back, and fails at once while the connection is down (no offline queue),
 * so a request answers QUEUE_UNAVAILABLE rather than hanging. Not for BullMQ
 * or pub/sub connections, which must wait out a restart.
 */
export function requestPathRedisOptions(timeoutMs = 2_000): RedisOptions {
  return { commandTimeout: timeoutMs, maxRetriesPerRequest: 1, enableOfflineQueue: false };
}

/**
 * A new ioredis connection. `maxRetriesPerRequest: null` is what BullMQ
 * requires of its connections, and suits pub/sub too: commands wait for a
 * reconnect instead of failing while Redis restarts.
 */
export function createRedis(url: string, options: { name: string; logger?: Logger; extra?: RedisOptions }): Redis {
  const redis = new Redis(url, {
    connectionName: `folio:${options.name}`,
    maxRetriesPerRequest: null,
    enableReadyCheck: true,
    retryStrategy: (times) => Math.min(times * 200, 5_000),
    ...options.extra,
  });
  // Without a listener ioredis prints every reconnect failure as an unhandled error. One line per outage, not one
  // (with a stack) per reconnect attempt: the outage is the news, and readiness reports it while it lasts.
  let down = false;
  redis.on("error", (error: Error & { code?: string }) => {
    if (down) return;
    down = true;
    options.logger?.warn({ connection: options.name, reason: error.code ?? error.message }, `redis connection ${options.name} lost (${error.code ?? error.message}); reconnecting`);
  });
  redis.on("ready", () => {
    if (!down) return;
    down = false;
    options.logger?.info({ connection: options.name }, `redis connection ${options.name} restored`);
  });
  return redis;
}
