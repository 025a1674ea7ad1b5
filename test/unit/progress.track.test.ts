import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { BUSY_RETRY_MS, FolioClientError, trackProgress, type EventFieldsFragment, type FollowState } from "../../src/client/index.js";

/*
 * trackProgress (the web page's follow) keeps "the server has no room for one more subscription" apart from a
 * lost connection: many files dropped at once can exceed the server's cap of subscriptions per socket.
 */

function event(seq: number, type: string): EventFieldsFragment {
  return {
    documentId: "d1",
    seq,
    type,
    step: null,
    status: type === "document.completed" ? "COMPLETED" : "IN_PROGRESS",
    documentStatus: type === "document.completed" ? "COMPLETED" : "PROCESSING",
    progress: type === "document.completed" ? 100 : 10,
    stepProgress: null,
    message: null,
    detail: {},
    details: null,
    createdAt: "2026-01-01T00:00:00.000Z",
  };
}

/** What each subscription attempt does, in order: refuse with a code, or deliver events and complete. */
type Attempt = { refuse: string } | { deliver: EventFieldsFragment[] };

/** A stand-in for FolioClient.listen that plays the given attempts (the part of the client trackProgress uses). */
function scripted(attempts: Attempt[]) {
  const opened: number[] = [];
  const client = {
    listen(_doc: unknown, variables: { afterSeq: number }, sink: { next(v: unknown): void; error(e: Error): void; complete(): void }) {
      opened.push(Date.now());
      const attempt = attempts.shift();
      queueMicrotask(() => {
        if (!attempt) return;
        if ("refuse" in attempt) sink.error(new FolioClientError(attempt.refuse, `refused: ${attempt.refuse}`, []));
        else {
          for (const e of attempt.deliver) if (e.seq > variables.afterSeq) sink.next({ documentProgress: e });
          sink.complete();
        }
      });
      return { unsubscribe() {} };
    },
  };
  return { client: client as unknown as Parameters<typeof trackProgress>[0], opened };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe("trackProgress refused for want of room (TOO_MANY_SUBSCRIPTIONS)", () => {
  it("reports waiting, not a lost connection, and asks again about every second without a growing backoff", async () => {
    const refusals = 6;
    const { client, opened } = scripted([
      ...Array.from({ length: refusals }, () => ({ refuse: "TOO_MANY_SUBSCRIPTIONS" })),
      { deliver: [event(1, "step.started"), event(2, "document.completed")] },
    ]);
    const states: FollowState["kind"][] = [];
    const events: number[] = [];
    trackProgress(client, "d1", { onEvent: (e) => events.push(e.seq), onConnection: (s) => states.push(s.kind) });
    await vi.advanceTimersByTimeAsync(refusals * 2 * BUSY_RETRY_MS + 100);

    expect(states.filter((s) => s === "waiting")).toHaveLength(refusals);
    expect(states).not.toContain("reconnecting");
    expect(states.at(-1)).toBe("ended");
    expect(events).toEqual([1, 2]);
    // Each new attempt came 1–2 s after the one before, however many were refused.
    const gaps = opened.slice(1).map((t, i) => t - (opened[i] as number));
    expect(gaps).toHaveLength(refusals);
    for (const gap of gaps) {
      expect(gap).toBeGreaterThanOrEqual(BUSY_RETRY_MS);
      expect(gap).toBeLessThanOrEqual(2 * BUSY_RETRY_MS);
    }
  });

  it("still treats other errors as a lost connection with a growing backoff", async () => {
    const { client, opened } = scripted([{ refuse: "UNREACHABLE" }, { refuse: "UNREACHABLE" }, { refuse: "UNREACHABLE" }, { deliver: [event(1, "document.completed")] }]);
    const states: FollowState["kind"][] = [];
    trackProgress(client, "d1", { onEvent: () => undefined, onConnection: (s) => states.push(s.kind) });
    await vi.advanceTimersByTimeAsync(30_000);

    expect(states).toEqual(["reconnecting", "reconnecting", "reconnecting", "ended"]);
    const gaps = opened.slice(1).map((t, i) => t - (opened[i] as number));
    expect(gaps).toEqual([1_000, 2_000, 4_000]);
  });

  it("gives up at once on a code after which subscribing again cannot help", async () => {
    const { client, opened } = scripted([{ refuse: "FORBIDDEN" }]);
    const states: FollowState["kind"][] = [];
    trackProgress(client, "d1", { onEvent: () => undefined, onConnection: (s) => states.push(s.kind) });
    await vi.advanceTimersByTimeAsync(30_000);
    expect(states).toEqual(["failed"]);
    expect(opened).toHaveLength(1);
  });
});
