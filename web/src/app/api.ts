import { print, type FormattedExecutionResult } from "graphql";
import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { createClient, type Client as WsClient } from "graphql-ws";

/**
 * The browser's Folio client: the same logic as src/client/folio-client.ts
 * (queries and mutations over fetch, uploads as GraphQL multipart requests,
 * subscriptions over graphql-ws), with the browser's fetch, FormData and WebSocket.
 */

/** A GraphQL error answer, with the first error's stable code (e.g. UNAUTHENTICATED). */
export class FolioError extends Error {
  override readonly name = "FolioError";
  constructor(
    readonly code: string,
    message: string,
    readonly httpStatus?: number,
  ) {
    super(message);
  }
}

/** Turn anything thrown by fetch, graphql-ws or a GraphQL answer into a FolioError. */
export function toFolioError(error: unknown): FolioError {
  if (error instanceof FolioError) return error;
  if (Array.isArray(error)) {
    const first = error[0] as { message?: string; extensions?: { code?: unknown } } | undefined;
    return new FolioError(typeof first?.extensions?.code === "string" ? first.extensions.code : "INTERNAL_ERROR", first?.message ?? "Request failed.");
  }
  const event = error as { code?: unknown; reason?: unknown; message?: unknown } | null;
  if (event && typeof event.code === "number") {
    const reason = typeof event.reason === "string" ? event.reason : "";
    return new FolioError(event.code === 4401 ? "UNAUTHENTICATED" : reason || "CONNECTION_CLOSED", `WebSocket closed: ${event.code} ${reason}`.trim());
  }
  if (error instanceof Error) return new FolioError("NETWORK_ERROR", error.message);
  return new FolioError("INTERNAL_ERROR", String(error));
}

export interface SubscriptionHandle {
  /** Stop receiving events. */
  unsubscribe(): void;
}

export class FolioApi {
  readonly endpoint: string;
  private ws: WsClient | null = null;

  constructor(
    readonly apiKey: string,
    baseUrl: string = window.location.origin,
  ) {
    this.endpoint = `${baseUrl.replace(/\/+$/, "")}/graphql`;
  }

  private async send<R>(body: string | FormData, headers: Record<string, string>): Promise<R> {
    let response: Response;
    try {
      response = await fetch(this.endpoint, { method: "POST", body, headers: { authorization: `Bearer ${this.apiKey}`, ...headers } });
    } catch (error) {
      throw toFolioError(error);
    }
    let payload: FormattedExecutionResult<R>;
    try {
      payload = (await response.json()) as FormattedExecutionResult<R>;
    } catch {
      throw new FolioError("INTERNAL_ERROR", `The server answered HTTP ${response.status} without a GraphQL body.`, response.status);
    }
    if (payload.errors?.length) {
      const first = payload.errors[0]!;
      const code = typeof first.extensions?.code === "string" ? first.extensions.code : "INTERNAL_ERROR";
      throw new FolioError(code, first.message, response.status);
    }
    return payload.data as R;
  }

  /** Run a query or mutation. */
  request<R, V extends Record<string, unknown>>(document: TypedDocumentNode<R, V>, variables?: V): Promise<R> {
    return this.send<R>(JSON.stringify({ query: print(document), variables: variables ?? {} }), { "content-type": "application/json" });
  }

  /** Run a mutation with files (GraphQL multipart request spec); `files` maps a variable path (`file`, `files.0`) to a File. */
  upload<R, V extends Record<string, unknown>>(document: TypedDocumentNode<R, V>, variables: V, files: Record<string, File>): Promise<R> {
    const form = new FormData();
    const paths = Object.keys(files);
    form.append("operations", JSON.stringify({ query: print(document), variables }));
    form.append("map", JSON.stringify(Object.fromEntries(paths.map((p, i) => [String(i), [`variables.${p}`]]))));
    paths.forEach((p, i) => {
      const file = files[p]!;
      form.append(String(i), file, file.name);
    });
    // Apollo's CSRF prevention requires a non-simple header on multipart requests.
    return this.send<R>(form, { "apollo-require-preflight": "true" });
  }

  private socket(): WsClient {
    this.ws ??= createClient({
      url: this.endpoint.replace(/^http/, "ws"),
      connectionParams: { authorization: `Bearer ${this.apiKey}` },
      lazy: true,
      retryAttempts: 10,
      // Back off 0.5 s, 1 s, 2 s … up to 8 s, with jitter.
      retryWait: (retries) => new Promise((resolve) => setTimeout(resolve, Math.min(8000, 500 * 2 ** retries) + Math.random() * 300)),
    });
    return this.ws;
  }

  /**
   * Subscribe with a sink. `variables` is read again every time graphql-ws
   * (re)sends the subscription after a reconnect, so a caller that updates it
   * (e.g. `afterSeq`) resumes where it left off.
   */
  subscribe<R, V extends Record<string, unknown>>(
    document: TypedDocumentNode<R, V>,
    variables: V,
    sink: { next(data: R): void; error(error: FolioError): void; complete(): void },
  ): SubscriptionHandle {
    // graphql-ws serialises this payload on every (re)subscribe: the live `variables` object goes out as it is then.
    const payload = { query: print(document), variables };
    let closed = false;
    const dispose = this.socket().subscribe<R>(payload, {
      next: (result) => {
        if (closed) return;
        if (result.errors?.length) {
          // An error in the stream ends this subscription for the caller: stop it on the server too.
          closed = true;
          dispose();
          const first = result.errors[0]!;
          sink.error(new FolioError(String(first.extensions?.code ?? "INTERNAL_ERROR"), first.message));
          return;
        }
        if (result.data) sink.next(result.data as R);
      },
      error: (error) => {
        if (closed) return;
        closed = true;
        sink.error(toFolioError(error));
      },
      complete: () => {
        if (closed) return;
        closed = true;
        sink.complete();
      },
    });
    return {
      unsubscribe: () => {
        closed = true;
        dispose();
      },
    };
  }

  /** Close the WebSocket, if one was opened. */
  async close(): Promise<void> {
    await this.ws?.dispose();
    this.ws = null;
  }
}
