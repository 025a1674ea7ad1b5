import type { Redis } from "ioredis";
import type { Logger } from "../logging/logger.js";
import { eventsChannel, type ProgressEvent } from "./progress-event.js";

/** Publishes committed events for live subscribers. */
export interface EventPublisher {
  publish(events: readonly ProgressEvent[]): Promise<void>;
}

/**
 * Redis pub/sub publisher. Events are already durable in PostgreSQL when they
 * are published, so a failed publish is logged, not thrown: a subscriber that
 * missed it replays from the log by seq.
 */
export class RedisEventPublisher implements EventPublisher {
  private readonly channel: string;

  constructor(
    private readonly redis: Redis,
    prefix: string,
    private readonly logger?: Logger,
  ) {
    this.channel = eventsChannel(prefix);
  }

  async publish(events: readonly ProgressEvent[]): Promise<void> {
    if (events.length === 0) return;
    try {
      const pipeline = this.redis.pipeline();
      for (const event of events) pipeline.publish(this.channel, JSON.stringify(event));
      await pipeline.exec();
    } catch (error) {
      this.logger?.warn({ err: error, documentId: events[0]?.documentId }, "could not publish progress events; subscribers will replay them");
    }
  }
}
