import { createClient, type Client } from "graphql-ws";
import WebSocket from "ws";

/** How the server closed a socket. */
export interface WsClose {
  code: number;
  reason: string;
}

/** What one operation sent over a socket has received so far. */
export interface WsOperation {
  /** `next` payloads, in order. */
  results: { data?: unknown; errors?: readonly { message: string; extensions?: Record<string, unknown> }[] }[];
  /** GraphQL errors of an `error` message (the operation was refused). */
  errors: { message: string; extensions?: Record<string, unknown> }[] | null;
  /** True once the operation ended (complete, error, or the socket closed). */
  ended: boolean;
  /** Stop the operation (client side). */
  stop(): void;
}

/** One raw graphql-ws connection that records how it ends, as an attacker's client would see it. */
export interface WsSession {
  client: Client;
  /** Set when the socket closed; `code` is the WebSocket close code. */
  readonly closed: WsClose | null;
  /** Send an operation (any type: the server decides what it accepts). */
  operation(query: string, variables?: Record<string, unknown>): WsOperation;
  dispose(): Promise<void>;
}

/** Open a graphql-ws connection to the API at `httpUrl` with `authorization` as connection parameter; never retries. */
export function openWsSession(httpUrl: string, authorization: string): WsSession {
  let closed: WsClose | null = null;
  const client = createClient({
    url: `${httpUrl.replace(/^http/, "ws")}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: { authorization },
    lazy: false,
    retryAttempts: 0,
    on: {
      closed: (event) => {
        const e = event as { code: number; reason: string | Buffer };
        closed ??= { code: e.code, reason: String(e.reason) };
      },
    },
    // The client otherwise reports errors by throwing into nothing when lazy is false.
    onNonLazyError: () => undefined,
  });
  return {
    client,
    get closed() {
      return closed;
    },
    operation(query, variables) {
      const op: WsOperation = {
        results: [],
        errors: null,
        ended: false,
        stop: () => undefined,
      };
      op.stop = client.subscribe(
        { query, variables },
        {
          next: (value) => void op.results.push(value as WsOperation["results"][number]),
          error: (error) => {
            if (Array.isArray(error)) op.errors = error as NonNullable<WsOperation["errors"]>;
            op.ended = true;
          },
          complete: () => {
            op.ended = true;
          },
        },
      );
      return op;
    },
    async dispose() {
      await client.dispose();
    },
  };
}

/**
 * Poll `probe` until it returns a value other than undefined/false, or fail with `what` after
 * `timeoutMs`. A wait, not a timing assertion: the timeout only bounds how long a broken server can hang the test.
 */
export async function waitFor<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
