import { GraphQLError } from "graphql";

/** Limits on operations running over WebSockets. */
export interface SubscriptionLimitOptions {
  /** Operations one socket may have running at once. */
  maxPerSocket: number;
  /** Operations one API key may have running at once, over all its sockets on this API instance. */
  maxPerKey: number;
}

/** What this module keeps per socket: whose key it counts against, its admitted operations, whether it closed. */
interface SocketTally {
  keyId: string;
  operations: Set<object>;
  closed: boolean;
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
 * Counts are kept up to date as operations start and end, so a decision costs
 * the same whatever a key holds (summing a key's sockets at every subscribe
 * grew with the square of its sockets). What is counted is an operation
 * admitted and not yet released: at no time does a socket or a key hold more
 * admitted operations than its limit. Each operation is identified by an
 * object unique to it (graphql-ws's subscribe payload, which its `onComplete`
 * hook hands back), never by its client-chosen id, which a client may reuse
 * while the operation it named is still ending.
 *
 * The WebSocket server calls {@link register} once a socket is authenticated,
 * {@link admit} from `onSubscribe`, {@link release} when an admitted operation
 * ends (graphql-ws's `onComplete`, or a refusal after admission) and
 * {@link unregister} from `onClose`, which releases whatever the socket still
 * held however it closed. All four are idempotent where it matters: releasing
 * twice, or after the socket closed, changes nothing; a socket that closed is
 * never admitted again.
 */
export class SubscriptionLimits {
  private readonly openByKey = new Map<string, number>();
  // Weak: a socket closed before it was registered (or never unregistered) costs nothing once graphql-ws drops it.
  private readonly sockets = new WeakMap<object, SocketTally>();

  constructor(private readonly options: SubscriptionLimitOptions) {}

  /** Count `socket`'s operations towards `keyId` from now on. */
  register(keyId: string, socket: object): void {
    if (!this.sockets.has(socket)) this.sockets.set(socket, { keyId, operations: new Set(), closed: false });
  }

  /**
   * Decide on `operation`, about to start on `socket`. Returns the errors to
   * answer it with, or undefined when it is admitted (it then counts until
   * {@link release}d or its socket is {@link unregister}ed).
   */
  admit(socket: object, operation: object): GraphQLError[] | undefined {
    const tally = this.sockets.get(socket);
    // Closed while the operation was being checked (or never registered): nothing may count against it any more.
    if (!tally || tally.closed) return [new GraphQLError("Not connected.", { extensions: { code: "UNAUTHENTICATED" } })];
    if (tally.operations.has(operation)) return undefined;
    const { maxPerSocket, maxPerKey } = this.options;
    if (tally.operations.size >= maxPerSocket) {
      return [tooMany(`This connection already has ${maxPerSocket} operations open; complete one before starting another.`, "socket", maxPerSocket)];
    }
    const onKey = this.openByKey.get(tally.keyId) ?? 0;
    if (onKey >= maxPerKey) {
      return [tooMany(`This API key already has ${maxPerKey} operations open; complete one before starting another.`, "key", maxPerKey)];
    }
    tally.operations.add(operation);
    this.openByKey.set(tally.keyId, onKey + 1);
    return undefined;
  }

  /** `operation` ended: stop counting it (no-op when it was not admitted, already released, or its socket closed). */
  release(socket: object, operation: object): void {
    const tally = this.sockets.get(socket);
    if (!tally || !tally.operations.delete(operation)) return;
    this.decrement(tally.keyId, 1);
  }

  /** `socket` closed: release every operation it still held and admit none on it again. */
  unregister(socket: object): void {
    const tally = this.sockets.get(socket);
    if (!tally || tally.closed) return;
    tally.closed = true;
    this.decrement(tally.keyId, tally.operations.size);
    tally.operations.clear();
  }

  /** Operations open for `keyId` on this instance (for tests and metrics). */
  openFor(keyId: string): number {
    return this.openByKey.get(keyId) ?? 0;
  }

  /** Operations open on `socket` (for tests). */
  openOn(socket: object): number {
    return this.sockets.get(socket)?.operations.size ?? 0;
  }

  /** Keys with at least one operation open (for tests: a key whose count fell to zero is forgotten). */
  get keysWithOpenOperations(): number {
    return this.openByKey.size;
  }

  private decrement(keyId: string, by: number): void {
    if (by === 0) return;
    const left = (this.openByKey.get(keyId) ?? 0) - by;
    if (left > 0) this.openByKey.set(keyId, left);
    else this.openByKey.delete(keyId);
  }
}

function tooMany(message: string, scope: "socket" | "key", limit: number): GraphQLError {
  return new GraphQLError(message, { extensions: { code: "TOO_MANY_SUBSCRIPTIONS", scope, limit } });
}
