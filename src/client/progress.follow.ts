import type { FolioClient, FolioClientError } from "./folio-client.js";
import { DocumentProgressDocument, type EventFieldsFragment } from "./generated/graphql.js";
import { isTerminalEvent } from "./steps.js";

/** Error codes after which subscribing again cannot help. */
export const FATAL_SUBSCRIPTION_CODES: ReadonlySet<string> = new Set([
  "UNAUTHENTICATED",
  "FORBIDDEN",
  "NOT_FOUND",
  "VALIDATION_FAILED",
  "BAD_USER_INPUT",
  "GRAPHQL_VALIDATION_FAILED",
  "GRAPHQL_PARSE_FAILED",
]);

/**
 * The code of a subscription the server refused for want of room (its cap per socket or per key): nothing is
 * wrong with the connection, and a place frees up as other followed documents end.
 */
export const BUSY_SUBSCRIPTION_CODE = "TOO_MANY_SUBSCRIPTIONS";

/** How often a follow refused with {@link BUSY_SUBSCRIPTION_CODE} asks again, in ms (plus up to as much jitter). */
export const BUSY_RETRY_MS = 1_000;

/** The state of a followed stream. */
export type FollowState =
  | { kind: "live" }
  | { kind: "reconnecting"; attempt: number; error: Error | null }
  /** The server has no room for one more subscription yet; asked again about every {@link BUSY_RETRY_MS}. */
  | { kind: "waiting"; error: Error }
  | { kind: "ended" }
  | { kind: "failed"; error: Error };

/** Stops a {@link trackProgress}. */
export interface ProgressTracker {
  stop(): void;
}

/**
 * Follow a document's `documentProgress` until its terminal event, with
 * callbacks (the web page's way). The socket reconnects by itself
 * (graphql-ws) and resends the subscription with the current `afterSeq`;
 * should the subscription still end or fail before the terminal event, it is
 * opened again from the last seq seen. Duplicates (seq ≤ last seq) are dropped.
 * A subscription refused for want of room (TOO_MANY_SUBSCRIPTIONS: many documents followed at once) is a
 * `waiting` state, not a lost connection: it is asked for again about every second, without the growing backoff,
 * so it starts soon after another document ends and frees a place.
 */
export function trackProgress(
  client: Pick<FolioClient, "listen">,
  id: string,
  handlers: { onEvent(event: EventFieldsFragment): void; onConnection(state: FollowState): void },
  startAfterSeq = 0,
): ProgressTracker {
  let lastSeq = startAfterSeq;
  let stopped = false;
  let ended = false;
  let attempt = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let current: { unsubscribe(): void } | null = null;

  const open = () => {
    if (stopped) return;
    // The same object is serialised on every resend: graphql-ws's own resubscriptions resume from lastSeq too.
    const variables = { id, afterSeq: lastSeq };
    let finished = false;
    const retry = (error: Error | null) => {
      if (finished) return;
      finished = true;
      current = null;
      if (stopped || ended) return;
      if (error && FATAL_SUBSCRIPTION_CODES.has((error as FolioClientError).code)) {
        handlers.onConnection({ kind: "failed", error });
        return;
      }
      if (error && (error as FolioClientError).code === BUSY_SUBSCRIPTION_CODE) {
        handlers.onConnection({ kind: "waiting", error });
        // Jitter: many follows refused together do not all ask again in the same instant.
        timer = setTimeout(open, BUSY_RETRY_MS + Math.random() * BUSY_RETRY_MS);
        return;
      }
      attempt++;
      handlers.onConnection({ kind: "reconnecting", attempt, error });
      timer = setTimeout(open, Math.min(10_000, 500 * 2 ** Math.min(attempt, 5)));
    };
    current = client.listen(DocumentProgressDocument, variables, {
      next: ({ documentProgress: e }) => {
        if (stopped || e.seq <= lastSeq) return;
        lastSeq = e.seq;
        variables.afterSeq = lastSeq;
        attempt = 0;
        handlers.onEvent(e);
        if (isTerminalEvent(e.type)) {
          ended = true;
          handlers.onConnection({ kind: "ended" });
        } else {
          handlers.onConnection({ kind: "live" });
        }
      },
      error: (error) => retry(error),
      complete: () => {
        if (ended) {
          finished = true;
          current = null;
          return;
        }
        // The stream ended before the terminal event: open it again from the last seq.
        retry(null);
      },
    });
  };
  open();

  return {
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      current?.unsubscribe();
      current = null;
    },
  };
}
