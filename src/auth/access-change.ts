import type { Redis } from "ioredis";
import { createRedis } from "../redis/redis.connection.js";
import type { Logger } from "../logging/logger.js";

/**
 * Why someone's rights shrank. Receivers never trust the reason: they re-read
 * the key and user from the database and act on what they find, so a message
 * can only trigger a check, never a disconnect by itself.
 */
export type AccessChangeReason = "key.revoked" | "user.deleted" | "user.demoted";

/** "Re-check the sessions of this key / user": published on {@link accessChannel}. */
export interface AccessChange {
  reason: AccessChangeReason;
  /** The user whose rights changed (every change names one). */
  userId: string;
  /** The revoked key, for `key.revoked`. */
  keyId?: string;
}

/** The Redis pub/sub channel for access changes of the deployment using `prefix` (QUEUE_PREFIX). */
export function accessChannel(prefix: string): string {
  return `${prefix}:access`;
}

const REASONS = new Set<string>(["key.revoked", "user.deleted", "user.demoted"]);

/** Parse a pub/sub message; null for anything that is not a well-formed change. */
export function parseAccessChange(message: string): AccessChange | null {
  let value: unknown;
  try {
    value = JSON.parse(message);
  } catch {
    return null;
  }
  if (typeof value !== "object" || value === null) return null;
  const { reason, userId, keyId } = value as Record<string, unknown>;
  if (typeof reason !== "string" || !REASONS.has(reason) || typeof userId !== "string") return null;
  if (keyId !== undefined && typeof keyId !== "string") return null;
  return { reason: reason as AccessChangeReason, userId, ...(keyId ? { keyId } : {}) };
}

/** Tells every API instance that someone's rights shrank. */
export interface AccessChangeNotifier {
  notify(change: AccessChange): Promise<void>;
  close(): Promise<void>;
}

/** How long a notice may wait for Redis before the caller goes on (the database change already happened). */
const PUBLISH_TIMEOUT_MS = 3_000;

/**
 * Publishes access changes on Redis. The connection opens on the first
 * notice, so CLI commands that change nothing about access never connect.
 * A failed or slow publish is logged, not thrown: the change is already in
 * the database, every new WebSocket operation re-checks it, and API
 * instances also re-check open sockets periodically.
 */
export class RedisAccessChangeNotifier implements AccessChangeNotifier {
  private redis: Redis | null = null;

  constructor(
    private readonly redisUrl: string,
    private readonly prefix: string,
    private readonly logger?: Logger,
  ) {}

  async notify(change: AccessChange): Promise<void> {
    this.redis ??= createRedis(this.redisUrl, { name: "access-publish", logger: this.logger });
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        this.redis.publish(accessChannel(this.prefix), JSON.stringify(change)),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no answer from Redis within ${PUBLISH_TIMEOUT_MS} ms`)), PUBLISH_TIMEOUT_MS);
        }),
      ]);
    } catch (error) {
      this.logger?.warn({ err: error, change }, "could not publish an access change; open sockets are re-checked periodically");
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    const redis = this.redis;
    this.redis = null;
    if (redis) await redis.quit().catch(() => redis.disconnect());
  }
}
