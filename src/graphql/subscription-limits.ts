import { GraphQLError } from "graphql";

/**
 * The part of a graphql-ws connection context this module reads: graphql-ws
 * keeps one entry per running operation in `subscriptions` (added before
 * `onSubscribe`, removed when the operation ends however it ends), so counting
 * its entries never drifts, whatever path an operation takes out.
 */
export interface CountedSocket {
  readonly subscriptions: Readonly<Record<string, unknown>>;
}

/** Limits on operations running over WebSockets. */
export interface SubscriptionLimitOptions {
  /** Operations one socket may have running at once. */
  maxPerSocket: number;
  /** Operations one API key may have running at once, over all its sockets on this API instance. */
  maxPerKey: number;
}

/**
 * Caps the operations (subscriptions, and queries or mutations while they run)
 * open over WebSockets, per socket and per API key, so one client cannot hold
 * thousands of live streams (each costs memory and a share of every event).
 *
 * The per-key count is per API instance, not shared through Redis: what the
 * cap protects is this instance's memory, and an in-process count cannot be
 * left behind by a crashed instance. With N instances behind a balancer a key
 * may hold up to N × `maxPerKey` in total.
 *
 * The WebSocket server calls {@link register} once a socket is authenticated,
 * {@link admit} from `onSubscribe` and {@link unregister} from `onClose`.
 */
export class SubscriptionLimits {
  private readonly socketsByKey = new Map<string, Set<CountedSocket>>();

  constructor(private readonly options: SubscriptionLimitOptions) {}

  /** Count `socket`'s operations towards `keyId`. */
  register(keyId: string, socket: CountedSocket): void {
    let sockets = this.socketsByKey.get(keyId);
    if (!sockets) this.socketsByKey.set(keyId, (sockets = new Set()));
    sockets.add(socket);
  }

  /** Forget a closed socket. */
  unregister(keyId: string, socket: CountedSocket): void {
    const sockets = this.socketsByKey.get(keyId);
    if (!sockets) return;
    sockets.delete(socket);
    if (sockets.size === 0) this.socketsByKey.delete(keyId);
  }

  /**
   * Decide on an operation graphql-ws has just registered on `socket` (it is
   * already counted). Returns the errors to answer it with, or undefined to let it run.
   */
  admit(keyId: string, socket: CountedSocket): GraphQLError[] | undefined {
    const onSocket = Object.keys(socket.subscriptions).length;
    if (onSocket > this.options.maxPerSocket) {
      return [tooMany(`This connection already has ${this.options.maxPerSocket} operations open; complete one before starting another.`, "socket", this.options.maxPerSocket)];
    }
    let onKey = 0;
    for (const other of this.socketsByKey.get(keyId) ?? []) onKey += Object.keys(other.subscriptions).length;
    if (onKey > this.options.maxPerKey) {
      return [tooMany(`This API key already has ${this.options.maxPerKey} operations open; complete one before starting another.`, "key", this.options.maxPerKey)];
    }
    return undefined;
  }

  /** Operations open for `keyId` on this instance (for tests and metrics). */
  openFor(keyId: string): number {
    let open = 0;
    for (const socket of this.socketsByKey.get(keyId) ?? []) open += Object.keys(socket.subscriptions).length;
    return open;
  }
}

function tooMany(message: string, scope: "socket" | "key", limit: number): GraphQLError {
  return new GraphQLError(message, { extensions: { code: "TOO_MANY_SUBSCRIPTIONS", scope, limit } });
}
