import { print, type FormattedExecutionResult } from "graphql";
import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { createClient, type Client as WsClient } from "graphql-ws";

/**
 * The typed Folio SDK, one for Node and the browser: every operation in
 * schema/operations is a typed document in ./generated, and this client runs
 * them — queries and mutations over fetch, uploads as GraphQL multipart
 * requests, subscriptions over graphql-ws. The only thing that differs between
 * the two is the WebSocket class, which the caller passes in (Node: `ws`;
 * browsers: their global `WebSocket`).
 */

/** A file to upload: bytes (or a Blob/File) with a name and content type. */
export interface UploadFile {
  data: Blob | Uint8Array;
  filename: string;
  contentType?: string;
}

/** Bytes of an upload's request body sent so far. */
export interface UploadProgress {
  loaded: number;
  /** Null when the size is not known (the browser did not compute it). */
  total: number | null;
}

/** A GraphQL error answer (or a lost connection), with the first error's stable code. */
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

/** The code of a graphql-ws close: 4401 a bad (or revoked) key, 4403 rights that shrank, anything else a lost connection. */
export function closeCode(code: number): string {
  return code === 4401 ? "UNAUTHENTICATED" : code === 4403 ? "FORBIDDEN" : "CONNECTION_CLOSED";
}

/** Anything graphql-ws or a GraphQL answer reports, as a FolioClientError (other errors pass through). */
export function toFolioClientError(error: unknown): FolioClientError | Error {
  if (error instanceof FolioClientError) return error;
  const event = error as { code?: unknown; reason?: unknown } | null;
  if (event && typeof event === "object" && typeof event.code === "number" && !(error instanceof Error)) {
    const reason = typeof event.reason === "string" ? event.reason : "";
    return new FolioClientError(closeCode(event.code), `WebSocket closed: ${event.code} ${reason}`.trim(), []);
  }
  if (Array.isArray(error)) return graphqlError(error as FolioClientError["errors"]);
  return error instanceof Error ? error : new Error(String(error));
}

function graphqlError(errors: FolioClientError["errors"], httpStatus?: number): FolioClientError {
  const first = errors[0];
  const code = typeof first?.extensions?.code === "string" ? first.extensions.code : "INTERNAL_ERROR";
  return new FolioClientError(code, first?.message ?? "Request failed.", errors, httpStatus);
}

/** The data of a GraphQL answer, or its first error as a FolioClientError. */
function dataOf<R>(status: number, text: string): R {
  let payload: FormattedExecutionResult<R>;
  try {
    payload = JSON.parse(text) as FormattedExecutionResult<R>;
  } catch {
    throw new FolioClientError("INTERNAL_ERROR", `The server answered HTTP ${status} without a GraphQL body.`, [], status);
  }
  if (payload.errors?.length) throw graphqlError(payload.errors as FolioClientError["errors"], status);
  return payload.data as R;
}

/** What a sink-style subscription reports to. */
export interface SubscriptionSink<R> {
  next(data: R): void;
  error(error: FolioClientError | Error): void;
  complete(): void;
}

/** Stops a sink-style subscription. */
export interface SubscriptionHandle {
  unsubscribe(): void;
}

/** The part of the browser's XMLHttpRequest an upload with progress uses (Node's type library has none). */
export interface XhrLike<Body = FormData> {
  open(method: string, url: string): void;
  setRequestHeader(name: string, value: string): void;
  upload: { onprogress: ((e: { loaded: number; total: number; lengthComputable: boolean }) => void) | null };
  onerror: (() => void) | null;
  onload: (() => void) | null;
  status: number;
  responseText: string;
  send(body: Body): void;
}

/** The platform's XMLHttpRequest, where there is one (browsers). */
const Xhr = (globalThis as { XMLHttpRequest?: new () => XhrLike }).XMLHttpRequest;

/** Options of {@link FolioClient}. */
export interface FolioClientOptions {
  /** The server's base URL (http://localhost:4000) or its GraphQL endpoint (http://localhost:4000/graphql). */
  url: string;
  apiKey: string;
  /** The WebSocket class for subscriptions: `ws`'s default export in Node, `WebSocket` in a browser. */
  webSocketImpl: unknown;
  /** How often graphql-ws reconnects a dropped socket by itself (default 5). */
  retryAttempts?: number;
}

/** The Folio client: see the module comment. */
export class FolioClient {
  readonly endpoint: string;
  private ws: WsClient | null = null;

  constructor(private readonly options: FolioClientOptions) {
    this.endpoint = graphqlEndpoint(options.url);
  }

  /** The API key this client sends. */
  get apiKey(): string {
    return this.options.apiKey;
  }

  private async send<R>(body: string | FormData, headers: Record<string, string>): Promise<R> {
    const response = await fetch(this.endpoint, { method: "POST", body, headers: { authorization: `Bearer ${this.options.apiKey}`, ...headers } });
    return dataOf<R>(response.status, await response.text());
  }

  /** The same POST through XMLHttpRequest, the one browser API that reports upload progress. */
  private sendWithProgress<R>(XhrClass: new () => XhrLike, body: FormData, headers: Record<string, string>, onProgress: (progress: UploadProgress) => void): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      const xhr = new XhrClass();
      xhr.open("POST", this.endpoint);
      for (const [name, value] of Object.entries({ authorization: `Bearer ${this.options.apiKey}`, ...headers })) xhr.setRequestHeader(name, value);
      xhr.upload.onprogress = (e) => onProgress({ loaded: e.loaded, total: e.lengthComputable ? e.total : null });
      xhr.onerror = () => reject(new TypeError("fetch failed"));
      xhr.onload = () => {
        try {
          resolve(dataOf<R>(xhr.status, xhr.responseText));
        } catch (error) {
          reject(error as Error);
        }
      };
      xhr.send(body);
    });
  }

  /** Run a query or mutation. */
  request<R, V extends Record<string, unknown>>(document: TypedDocumentNode<R, V>, variables?: V): Promise<R> {
    return this.send<R>(JSON.stringify({ query: print(document), variables: variables ?? {} }), { "content-type": "application/json" });
  }

  /**
   * Run a mutation with files (GraphQL multipart request spec). `files` maps a
   * variable path (e.g. `file` or `files.0`) to a file. `onProgress` reports
   * the bytes sent where the platform can (browsers, through XMLHttpRequest).
   */
  upload<R, V extends Record<string, unknown>>(
    document: TypedDocumentNode<R, V>,
    variables: V,
    files: Record<string, UploadFile>,
    options: { onProgress?: (progress: UploadProgress) => void } = {},
  ): Promise<R> {
    const form = new FormData();
    const paths = Object.keys(files);
    form.append("operations", JSON.stringify({ query: print(document), variables }));
    form.append("map", JSON.stringify(Object.fromEntries(paths.map((p, i) => [String(i), [`variables.${p}`]]))));
    paths.forEach((p, i) => {
      const file = files[p]!;
      const blob = file.data instanceof Blob ? file.data : new Blob([file.data as Uint8Array<ArrayBuffer>], { type: file.contentType ?? "application/octet-stream" });
      form.append(String(i), blob, file.filename);
    });
    // Apollo's CSRF prevention requires a non-simple header on multipart requests.
    const headers = { "apollo-require-preflight": "true" };
    if (options.onProgress && Xhr) return this.sendWithProgress<R>(Xhr, form, headers, options.onProgress);
    return this.send<R>(form, headers);
  }

  private socket(): WsClient {
    this.ws ??= createClient({
      url: this.endpoint.replace(/^http/, "ws"),
      webSocketImpl: this.options.webSocketImpl,
      connectionParams: { authorization: `Bearer ${this.options.apiKey}` },
      lazy: true,
      retryAttempts: this.options.retryAttempts ?? 5,
      // Back off 0.5 s, 1 s, 2 s … up to 8 s, with jitter.
      retryWait: (retries) => new Promise((resolve) => setTimeout(resolve, Math.min(8000, 500 * 2 ** retries) + Math.random() * 300)),
    });
    return this.ws;
  }

  /**
   * Subscribe with a sink. `variables` is read again every time graphql-ws
   * (re)sends the subscription after a reconnect, so a caller that updates it
   * (e.g. `afterSeq`) resumes where it left off. An error in the stream ends
   * the subscription (on the server too).
   */
  listen<R, V extends Record<string, unknown>>(document: TypedDocumentNode<R, V>, variables: V, sink: SubscriptionSink<R>): SubscriptionHandle {
    // graphql-ws serialises this payload on every (re)subscribe: the live `variables` object goes out as it is then.
    const payload = { query: print(document), variables };
    let closed = false;
    const finish = (report: () => void) => {
      if (closed) return;
      closed = true;
      report();
    };
    const dispose = this.socket().subscribe<R>(payload, {
      next: (result) => {
        if (closed) return;
        if (result.errors?.length) {
          dispose();
          finish(() => sink.error(graphqlError(result.errors as FolioClientError["errors"])));
          return;
        }
        if (result.data) sink.next(result.data as R);
      },
      error: (error) => finish(() => sink.error(toFolioClientError(error))),
      complete: () => finish(() => sink.complete()),
    });
    return {
      unsubscribe: () => {
        closed = true;
        dispose();
      },
    };
  }

  /** Subscribe as an async iterator; `return()` it to unsubscribe. Errors reject with FolioClientError. */
  subscribe<R, V extends Record<string, unknown>>(document: TypedDocumentNode<R, V>, variables?: V): AsyncIterableIterator<R> {
    const queue: R[] = [];
    let failure: Error | null = null;
    let done = false;
    let wake: (() => void) | null = null;
    const signal = () => {
      wake?.();
      wake = null;
    };
    const handle = this.listen(document, (variables ?? {}) as V, {
      next: (data) => {
        queue.push(data);
        signal();
      },
      error: (error) => {
        failure = error;
        signal();
      },
      complete: () => {
        done = true;
        signal();
      },
    });
    return {
      [Symbol.asyncIterator]() {
        return this;
      },
      async next(): Promise<IteratorResult<R>> {
        for (;;) {
          if (queue.length) return { value: queue.shift()!, done: false };
          if (failure) throw failure;
          if (done) return { value: undefined, done: true };
          await new Promise<void>((resolve) => (wake = resolve));
        }
      },
      async return(): Promise<IteratorResult<R>> {
        done = true;
        handle.unsubscribe();
        signal();
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
