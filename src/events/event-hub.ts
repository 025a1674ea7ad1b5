import type { Redis } from "ioredis";
import type { Logger } from "../logging/logger.js";
import { eventsChannel, parseProgressEvent, type ProgressEvent } from "./progress-event.js";

/** Receives events. */
export type EventListener = (event: ProgressEvent) => void;

/**
 * One Redis subscription per API process, fanned out in-process to every
 * GraphQL subscription (a Redis connection per client would cost ~23 µs per
 * delivery per client at the Redis side; an in-process map costs nothing).
 */
export class EventHub {
  private readonly byDocument = new Map<string, Set<EventListener>>();
  private readonly everyone = new Set<EventListener>();
  private readonly channel: string;

  constructor(
    private readonly subscriber: Redis,
    prefix: string,
    private readonly logger?: Logger,
  ) {
    this.channel = eventsChannel(prefix);
  }

  async start(): Promise<void> {
    this.subscriber.on("message", (channel: string, message: string) => {
      if (channel !== this.channel) return;
      const event = parseProgressEvent(message);
      if (!event) return;
      for (const listener of this.byDocument.get(event.documentId) ?? []) this.deliver(listener, event);
      for (const listener of this.everyone) this.deliver(listener, event);
    });
    await this.subscriber.subscribe(this.channel);
  }

  private deliver(listener: EventListener, event: ProgressEvent): void {
    try {
      listener(event);
    } catch (error) {
      this.logger?.warn({ err: error }, "event listener failed");
    }
  }

  /** Listen to one document's events; returns the function that stops listening. */
  listenDocument(documentId: string, listener: EventListener): () => void {
    let set = this.byDocument.get(documentId);
    if (!set) this.byDocument.set(documentId, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.byDocument.delete(documentId);
    };
  }

  /** Listen to every event; returns the function that stops listening. */
  listenAll(listener: EventListener): () => void {
    this.everyone.add(listener);
    return () => this.everyone.delete(listener);
  }

  /** Active listeners, for metrics and leak tests. */
  get listenerCount(): number {
    let n = this.everyone.size;
    for (const set of this.byDocument.values()) n += set.size;
    return n;
  }

  async close(): Promise<void> {
    await this.subscriber.unsubscribe(this.channel).catch(() => undefined);
    this.byDocument.clear();
    this.everyone.clear();
  }
}
