import { createGraphiQLFetcher, type Fetcher } from "@graphiql/toolkit";
import { createClient, type Client } from "graphql-ws";
import { playgroundFetcher } from "./fetcher";

/** Where the key entered in the bar is kept: this browser tab only, gone when it closes. */
export const API_KEY_STORAGE_KEY = "folio.playground.apiKey";

/** The API's GraphQL endpoint on the page's own origin, over HTTP(S) and WebSocket. */
export function endpoints(location: Pick<Location, "protocol" | "host">): { httpUrl: string; wsUrl: string } {
  const wsProtocol = location.protocol === "https:" ? "wss:" : "ws:";
  return { httpUrl: `${location.protocol}//${location.host}/graphql`, wsUrl: `${wsProtocol}//${location.host}/graphql` };
}

export function loadApiKey(): string {
  try {
    return window.sessionStorage.getItem(API_KEY_STORAGE_KEY) ?? "";
  } catch {
    return ""; // Storage disabled: the key lives only in memory.
  }
}

export function saveApiKey(key: string): void {
  try {
    if (key) window.sessionStorage.setItem(API_KEY_STORAGE_KEY, key);
    else window.sessionStorage.removeItem(API_KEY_STORAGE_KEY);
  } catch {
    // Storage disabled: nothing to persist.
  }
}

/** True when a header object already names Authorization in any letter case. */
function hasAuthorization(headers: Record<string, unknown>): boolean {
  return Object.keys(headers).some((name) => name.toLowerCase() === "authorization");
}

export interface PlaygroundConnection {
  fetcher: Fetcher;
  /** Closes the WebSocket of the subscriptions (if one is open). */
  dispose(): void;
}

/**
 * A GraphiQL fetcher for the API with `apiKey` applied:
 * - HTTP: `Authorization: Bearer <key>`, unless the Headers editor sets an Authorization header itself
 *   (any case), which then wins — so the editor stays usable for trying other keys;
 * - subscriptions: graphql-ws on the same path with `connectionParams: { authorization: "Bearer <key>" }`.
 * A new key means a new connection: call `dispose()` on the old one.
 */
export function createConnection(options: { httpUrl: string; wsUrl: string; apiKey: string }): PlaygroundConnection {
  const authorization = options.apiKey ? `Bearer ${options.apiKey}` : null;
  const wsClient: Client = createClient({
    url: options.wsUrl,
    lazy: true,
    // The server closes with 4401 for a missing or bad key: a fatal close, reported in the response pane.
    connectionParams: () => (authorization ? { authorization } : {}),
    retryAttempts: 2,
  });
  // Subscriptions go to wsClient in playgroundFetcher; GraphiQL's fetcher does HTTP only.
  const base = createGraphiQLFetcher({ url: options.httpUrl });
  const fetcher: Fetcher = playgroundFetcher((params, opts) => {
    const headers: Record<string, unknown> = { ...(opts?.headers ?? {}) };
    if (authorization && !hasAuthorization(headers)) headers.authorization = authorization;
    return base(params, { ...opts, headers });
  }, wsClient);
  return { fetcher, dispose: () => void wsClient.dispose() };
}
