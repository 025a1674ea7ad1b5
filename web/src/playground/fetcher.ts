import type { Fetcher } from "@graphiql/toolkit";
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
    const reason = typeof close.reason === "string" && close.reason ? close.reason : close.code === 4401 ? "the API key is missing, wrong or revoked" : "the connection closed";
    return [{ message: `WebSocket closed (${close.code}): ${reason}`, extensions: { code: closeCode(close.code) } }];
  }
  return [{ message: error instanceof Error ? error.message : String(error), extensions: { code: "NETWORK_ERROR" } }];
}

function isSubscription(params: Parameters<Fetcher>[0], opts: Parameters<Fetcher>[1]): boolean {
  const operations = (opts?.documentAST?.definitions ?? []).filter((d) => d.kind === "OperationDefinition");
  const chosen = operations.find((d) => !params.operationName || d.name?.value === params.operationName);
  if (chosen) return chosen.operation === "subscription";
  return /^\s*subscription\b/m.test(params.query);
}

const isAsyncIterable = (value: unknown): value is AsyncIterable<Result> => typeof (value as AsyncIterable<Result> | null)?.[Symbol.asyncIterator] === "function";

/**
 * Every result of a subscription, not just the latest: GraphiQL replaces the
 * response with each payload, so each one shown carries the ones before it
 * (`extensions.history`, oldest first, with when it arrived).
 */
async function* withHistory(source: AsyncIterable<Result>, keep: boolean): AsyncGenerator<Result> {
  const history: { receivedAt: string; data?: unknown; errors?: readonly unknown[] }[] = [];
  try {
    for await (const result of source) {
      if (!keep) {
        yield result;
        continue;
      }
      history.push({ receivedAt: new Date().toISOString().slice(11, 23), ...(result.data !== undefined ? { data: result.data } : {}), ...(result.errors ? { errors: result.errors } : {}) });
      yield { ...result, extensions: { ...result.extensions, received: history.length, history: [...history] } };
    }
  } catch (error) {
    yield { errors: readableErrors(error), ...(history.length ? { extensions: { received: history.length, history } } : {}) };
  }
}

/** The playground's fetcher around GraphiQL's: readable errors everywhere, history for subscriptions. */
export function playgroundFetcher(base: Fetcher): Fetcher {
  return (params, opts) => {
    const keep = isSubscription(params, opts);
    // GraphiQL shows whatever a payload holds; the errors made here are plain objects, not GraphQLError instances.
    const settle = (value: Awaited<ReturnType<Fetcher>>): Awaited<ReturnType<Fetcher>> =>
      isAsyncIterable(value) ? (withHistory(value, keep) as unknown as Awaited<ReturnType<Fetcher>>) : value;
    try {
      const result = base(params, opts);
      if (result instanceof Promise) return result.then(settle, (error: unknown) => ({ errors: readableErrors(error) }) as Result as Awaited<ReturnType<Fetcher>>);
      return settle(result);
    } catch (error) {
      return { errors: readableErrors(error) } as Result as Awaited<ReturnType<Fetcher>>;
    }
  };
}
