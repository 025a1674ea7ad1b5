import { Redis } from "ioredis";

/**
 * Delete every Redis key under a test's `QUEUE_PREFIX` (BullMQ queues, their repeatable-job
 * schedules, rate-limit counters, locks): a test owns its prefix and leaves nothing behind.
 * BullMQ's `obliterate` would need one Queue object per queue name and refuses while jobs are
 * active; the harness has stopped its workers by the time this runs, so a prefix sweep is exact.
 */
export async function deleteRedisPrefix(redisUrl: string, prefix: string): Promise<number> {
  if (!/^test-/.test(prefix)) throw new Error(`refusing to delete Redis keys under a non-test prefix: ${prefix}`);
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 2 });
  await redis.connect();
  let deleted = 0;
  try {
    for await (const keys of redis.scanStream({ match: `${prefix}:*`, count: 500 }) as AsyncIterable<string[]>) {
      if (keys.length) deleted += await redis.unlink(...keys);
    }
  } finally {
    redis.disconnect();
  }
  return deleted;
}
