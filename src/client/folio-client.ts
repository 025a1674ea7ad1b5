import { print, type FormattedExecutionResult } from "graphql";
import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { createClient, type Client as WsClient } from "graphql-ws";
import WebSocket from "ws";

/** A file to upload: bytes (or a Blob) with a name and content type. */
export interface UploadFile {
  data: Blob | Uint8Array;
  filename: string;
  contentType?: string;
}

/** A GraphQL error answer, with the first error's stable code. */
export class FolioClientError extends Error {
  override readonly name = "FolioClientError";
  constructor(
    readonly code: string,
    message: string,
    readonly errors: readonly { message: string; extensions?: Record<string, unknown> }[],
    readonly httpStatus?: number,
  ) {
    super(message);
  }
}

/** The GraphQL endpoint for a server's base URL or for the endpoint itself (query and hash dropped). */
export function graphqlEndpoint(url: string): string {
  const parsed = new URL(url);
  const base = parsed.pathname.replace(/\/+$/, "").replace(/\/graphql$/, "");
  return `${parsed.origin}${base}/graphql`;
}

/** Options of {@link FolioClient}. */
export interface FolioClientOptions {
  /** The server's base URL (http://localhost:4000) or its GraphQL endpoint (http://localhost:4000/graphql). */
  url: string;
  apiKey: string;
}

/**
 * The typed Folio SDK: every operation in schema/operations is a typed
 * document in ./generated, and this client runs them — queries and mutations
 * over HTTP, uploads as GraphQL multipart requests, subscriptions over graphql-ws.
 */
export class FolioClient {
  private readonly endpoint: string;
  private ws: WsClient | null = null;

  constructor(private readonly options: FolioClientOptions) {
    this.endpoint = graphqlEndpoint(options.url);
  }

  private async send<R>(body: string | FormData, headers: Record<string, string>): Promise<R> {
    const response = await fetch(this.endpoint, { method: "POST", body, headers: { authorization: `Bearer ${this.options.apiKey}`, ...headers } });
    let payload: FormattedExecutionResult<R>;
    try {
      payload = (await response.json()) as FormattedExecutionResult<R>;
    } catch {
      throw new FolioClientError("INTERNAL_ERROR", `The server answered HTTP ${response.status} without a GraphQL body.`, [], response.status);
    }
    if (payload.errors?.length) {
      const first = payload.errors[0]!;
      const code = typeof first.extensions?.code === "string" ? first.extensions.code : "INTERNAL_ERROR";
      throw new FolioClientError(code, first.message, payload.errors as FolioClientError["errors"], response.status);
    }
    return payload.data as R;
  }

  /** Run a query or mutation. */
  request<R, V extends Record<string, unknown>>(document: TypedDocumentNode<R, V>, variables?: V): Promise<R> {
    return this.send<R>(JSON.stringify({ query: print(document), variables: variables ?? {} }), { "content-type": "application/json" });
  }

  /**
   * Run a mutation with files (GraphQL multipart request spec). `files` maps a
   * variable path (e.g. `file` or `files.0`) to a file.
   */
  upload<R, V extends Record<string, unknown>>(document: TypedDocumentNode<R, V>, variables: V, files: Record<string, UploadFile>): Promise<R> {
    const form = new FormData();
    const paths = Object.keys(files);
    form.append("operations", JSON.stringify({ query: print(document), variables }));
    form.append("map", JSON.stringify(Object.fromEntries(paths.map((p, i) => [String(i), [`variables.${p}`]]))));
    paths.forEach((p, i) => {
      const file = files[p]!;
      const blob = file.data instanceof Blob ? file.data : new Blob([file.data], { type: file.contentType ?? "application/octet-stream" });
      form.append(String(i), blob, file.filename);
    });
    // Apollo's CSRF prevention requires a non-simple header on multipart requests.
    return this.send<R>(form, { "apollo-require-preflight": "true" });
  }

  private socket(): WsClient {
    this.ws ??= createClient({
      url: this.endpoint.replace(/^http/, "ws"),
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${this.options.apiKey}` },
      lazy: true,
      retryAttempts: 5,
    });
    return this.ws;
  }

  /** Subscribe; iterate the returned iterator, and `return()` it to unsubscribe. Errors reject with FolioClientError. */
  subscribe<R, V extends Record<string, unknown>>(document: TypedDocumentNode<R, V>, variables?: V): AsyncIterableIterator<R> {
    const source = this.socket().iterate<R>({ query: print(document), variables: variables ?? {} });
    return {
      [Symbol.asyncIterator]() {
        return this;
      },
      async next() {
        let result: IteratorResult<FormattedExecutionResult<R, unknown>>;
        try {
          result = await source.next();
        } catch (error) {
          const event = error as { code?: number; reason?: string };
          if (typeof event.code === "number") {
            // The server closes with 4401 for a bad (or revoked) key and 4403 when the user's rights shrank
            // (graphql-ws retries 4403 first, with the rights the key has now); any other close is the connection going away.
            const code = event.code === 4401 ? "UNAUTHENTICATED" : event.code === 4403 ? "FORBIDDEN" : "CONNECTION_CLOSED";
            throw new FolioClientError(code, `WebSocket closed: ${event.code} ${event.reason ?? ""}`.trim(), []);
          }
          const errors = (Array.isArray(error) ? error : [error]) as FolioClientError["errors"];
          const code = typeof errors[0]?.extensions?.code === "string" ? (errors[0].extensions.code as string) : "INTERNAL_ERROR";
          throw new FolioClientError(code, errors[0]?.message ?? "Subscription failed.", errors);
        }
        if (result.done) return { value: undefined, done: true };
        if (result.value.errors?.length) {
          const first = result.value.errors[0]!;
          throw new FolioClientError(String(first.extensions?.code ?? "INTERNAL_ERROR"), first.message, result.value.errors as FolioClientError["errors"]);
        }
        return { value: result.value.data as R, done: false };
      },
      async return() {
        await source.return?.();
        return { value: undefined, done: true };
      },
    };
  }

  /** Close the WebSocket, if one was opened. */
  async close(): Promise<void> {
    await this.ws?.dispose();
    this.ws = null;
  }
}
