import { createSourceEventStream, subscribe, type ExecutionArgs, type ExecutionResult } from "graphql";
import type { SubscriptionResultCache } from "../graphql/subscription-result.cache.js";
import type { Logger } from "../logging/logger.js";
import { WS_CLOSE } from "./ws.sessions.js";

/** The part of a `ws` socket delivery needs. */
export interface DeliverySocket {
  readonly readyState: number;
  readonly bufferedAmount: number;
  send(data: string): void;
  close(code: number, reason: string): void;
}

/** Where one subscription's events go: its socket, its graphql-ws id, and its {@link selectionKey}. */
export interface DeliveryTarget {
  socket: DeliverySocket;
  id: string;
  key: string;
}

const OPEN = 1;

/**
 * Delivers subscription events straight to the socket, serialised once per
 * event and selection ({@link SubscriptionResultCache}), instead of graphql-ws
 * executing, validating and stringifying every event once per subscriber and
 * awaiting each write.
 *
 * graphql-ws still runs the protocol (connection, subscribe, complete,
 * errors) and still calls the subscribe resolvers, so authorisation is
 * exactly as before: the source stream of a subscription is what its
 * resolver returned for its viewer. graphql-ws's `subscribe` hook is replaced
 * by {@link subscribe}, which returns an iterator that never yields: it
 * writes each event as a graphql-ws `next` message itself, and ends when the
 * source ends (graphql-ws then sends `complete`, after every `next`).
 *
 * A socket whose unsent bytes exceed `sendBufferLimitBytes` belongs to a
 * reader that cannot keep up: it is closed with 4420 SLOW_CONSUMER rather
 * than buffered without bound or waited for (the others never wait for it).
 */
export class WsDelivery {
  private readonly targets = new WeakMap<object, DeliveryTarget>();
  private dropped = 0;

  constructor(
    private readonly options: {
      cache: SubscriptionResultCache;
      sendBufferLimitBytes: number;
      logger?: Logger;
      /** Told of every socket dropped as a slow consumer (the metrics counter). */
      onSlowConsumer?: () => void;
    },
  ) {}

  /** Sockets closed as slow consumers so far (tests and metrics). */
  get slowConsumersDropped(): number {
    return this.dropped;
  }

  /** Tie an operation's `contextValue` (unique per operation) to where its events go. */
  register(contextValue: object, target: DeliveryTarget): void {
    this.targets.set(contextValue, target);
  }

  /** graphql-ws's `subscribe` hook. Operations not registered fall back to graphql-js's own `subscribe`. */
  readonly subscribe = async (args: ExecutionArgs): Promise<AsyncIterableIterator<ExecutionResult> | ExecutionResult> => {
    const target = args.contextValue && typeof args.contextValue === "object" ? this.targets.get(args.contextValue) : undefined;
    if (!target) return subscribe(args);
    const source = await createSourceEventStream(args);
    if (!(Symbol.asyncIterator in source)) return source;
    return new DirectDelivery(source[Symbol.asyncIterator](), target, args, this);
  };

  /** @internal Send one serialised payload; false when the socket is gone or was dropped as too slow. */
  send(target: DeliveryTarget, prefix: string, json: string): boolean {
    const { socket } = target;
    if (socket.readyState !== OPEN) return false;
    if (socket.bufferedAmount > this.options.sendBufferLimitBytes) {
      this.dropped++;
      this.options.onSlowConsumer?.();
      this.options.logger?.info({ bufferedBytes: socket.bufferedAmount, limit: this.options.sendBufferLimitBytes }, "closing a WebSocket that does not read its events fast enough");
      socket.close(WS_CLOSE.SLOW_CONSUMER.code, WS_CLOSE.SLOW_CONSUMER.reason);
      return false;
    }
    socket.send(prefix + json + "}");
    return true;
  }

  /** @internal */
  resultFor(event: unknown, key: string, args: ExecutionArgs): string | Promise<string> {
    return this.options.cache.resultFor(event as object, key, args);
  }
}

/** One subscription's pump: pulls from its source stream and writes each event to the socket. */
class DirectDelivery implements AsyncIterableIterator<ExecutionResult> {
  private readonly prefix: string;
  private stopped = false;

  constructor(
    private readonly source: AsyncIterator<unknown>,
    private readonly target: DeliveryTarget,
    private readonly args: ExecutionArgs,
    private readonly delivery: WsDelivery,
  ) {
    // The message around the payload, built once: {"id":…,"type":"next","payload":<json>}.
    this.prefix = `{"id":${JSON.stringify(target.id)},"type":"next","payload":`;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  async next(): Promise<IteratorResult<ExecutionResult>> {
    try {
      while (!this.stopped) {
        const step = await this.source.next();
        if (step.done || this.stopped) break;
        const result = this.delivery.resultFor(step.value, this.target.key, this.args);
        const json = typeof result === "string" ? result : await result;
        if (this.stopped) break;
        if (!this.delivery.send(this.target, this.prefix, json)) {
          await this.stop();
          break;
        }
      }
    } catch (error) {
      // graphql-ws turns the throw into an `error` message; the source must stop listening either way.
      await this.stop().catch(() => undefined);
      throw error;
    }
    return { value: undefined, done: true };
  }

  private async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    await this.source.return?.();
  }

  async return(): Promise<IteratorResult<ExecutionResult>> {
    await this.stop();
    return { value: undefined, done: true };
  }

  async throw(error?: unknown): Promise<IteratorResult<ExecutionResult>> {
    await this.stop();
    throw error;
  }
}
