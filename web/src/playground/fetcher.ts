import type { Fetcher } from "@graphiql/toolkit";
import type { Client } from "graphql-ws";
import { closeCode } from "@folio/client";

type Result = { data?: unknown; errors?: readonly unknown[]; extensions?: Record<string, unknown> };
type GraphQLErrorLike = { message: string; extensions: { code: string } };

/**
 * An error as the response pane should show it: the code and the message,
 * never a stack. A graphql-ws close (4401 for a rejected key) becomes its
 * code; GraphQL errors keep theirs; anything else is a network error.
 */
export function readableErrors(error: unknown): GraphQLErrorLike[] {
  if (Array.isArray(error)) {
    return error.map((e: { message?: unknown; extensions?: { code?: unknown } }) => ({
      message: typeof e?.message === "string" ? e.message : String(e),
      extensions: { code: typeof e?.extensions?.code === "string" ? e.extensions.code : "INTERNAL_ERROR" },
    }));
  }
  const close = error as { code?: unknown; reason?: unknown } | null;
  if (close && typeof close === "object" && typeof close.code === "number" && !(error instanceof Error)) {
    return [closed(close.code, typeof close.reason === "string" ? close.reason : "")];
  }
  // graphql-ws reports a close it will not retry as an Error: "Socket closed with event 4401 UNAUTHENTICATED".
  const socketClosed = error instanceof Error ? /^Socket closed with event (\d+)\s*(.*)$/.exec(error.message) : null;
  if (socketClosed) return [closed(Number(socketClosed[1]), socketClosed[2]!)];
  return [{ message: error instanceof Error ? error.message : String(error), extensions: { code: "NETWORK_ERROR" } }];
}

function closed(code: number, reason: string): GraphQLErrorLike {
  const why = code === 4401 ? "the API key is missing, wrong or revoked" : code === 4403 ? "the key may not do this" : "the connection closed";
  return { message: `WebSocket closed (${code}${reason ? ` ${reason}` : ""}): ${why}.`, extensions: { code: closeCode(code) } };
}

function isSubscription(params: Parameters<Fetcher>[0], opts: Parameters<Fetcher>[1]): boolean {
  const operations = (opts?.documentAST?.definitions ?? []).filter((d) => d.kind === "OperationDefinition");
  const chosen = operations.find((d) => !params.operationName || d.name?.value === params.operationName);
  if (chosen) return chosen.operation === "subscription";
  return /^\s*subscription\b/m.test(params.query);
}

/**
 * Every result of a subscription, not just the latest: GraphiQL replaces the
 * response with each payload, so each one shown carries the ones before it
 * (`extensions.previous`, oldest first, with when each arrived; `received`
 * counts them all).
 */
async function* withHistory(source: AsyncIterable<Result>): AsyncGenerator<Result> {
  const history: { receivedAt: string; data?: unknown; errors?: readonly unknown[] }[] = [];
  try {
    for await (const result of source) {
      history.push({ receivedAt: new Date().toISOString().slice(11, 23), ...(result.data !== undefined ? { data: result.data } : {}), ...(result.errors ? { errors: result.errors } : {}) });
      const previous = history.slice(0, -1);
      yield previous.length ? { ...result, extensions: { ...result.extensions, received: history.length, previous } } : result;
    }
  } catch (error) {
    yield { errors: readableErrors(error), ...(history.length ? { extensions: { received: history.length, previous: history } } : {}) };
  }
}

/**
 * The playground's fetcher: queries and mutations through GraphiQL's HTTP
 * fetcher, subscriptions straight through graphql-ws's iterator (GraphiQL's
 * own sink adapter leaves a rejected promise unhandled when a socket closes),
 * readable errors everywhere and history for subscriptions.
 */
export function playgroundFetcher(http: Fetcher, ws: Pick<Client, "iterate">): Fetcher {
  return (params, opts) => {
    if (isSubscription(params, opts)) {
      const source = ws.iterate({ query: params.query, variables: params.variables ?? {}, operationName: params.operationName ?? undefined });
      // GraphiQL shows whatever a payload holds; the errors made here are plain objects, not GraphQLError instances.
      return withHistory(source as AsyncIterable<Result>) as unknown as Awaited<ReturnType<Fetcher>>;
    }
    const failed = (error: unknown) => ({ errors: readableErrors(error) }) as Result as Awaited<ReturnType<Fetcher>>;
    try {
      const result = http(params, opts);
      return result instanceof Promise ? result.catch(failed) : result;
    } catch (error) {
      return failed(error);
    }
  };
}
