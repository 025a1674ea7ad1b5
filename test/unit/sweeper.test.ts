import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { Sweeper } from "../../src/queue/sweeper.js";

/** A logger that remembers its warnings. */
function recordingLogger() {
  const warnings: { sweep: unknown; message: string }[] = [];
  return { warnings, warn: (obj: { sweep?: unknown }, message: string) => void warnings.push({ sweep: obj.sweep, message }) };
}

/** A promise and the functions that settle it. */
function deferred() {
  let resolve!: () => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Let pending promise callbacks run (the sweeper starts each pass on a microtask). */
const settle = () => vi.advanceTimersByTimeAsync(0);

describe("Sweeper", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("runs a sweep once per interval, the first pass one interval after it is added", async () => {
    const sweeper = new Sweeper(recordingLogger());
    let passes = 0;
    sweeper.add({ name: "count", intervalMs: 1_000, run: async () => void passes++ });
    await settle();
    expect(passes).toBe(0);
    await vi.advanceTimersByTimeAsync(3_000);
    expect(passes).toBe(3);
    await sweeper.stop();
  });

  it("starts a first pass at once when asked to", async () => {
    const sweeper = new Sweeper(recordingLogger());
    let passes = 0;
    sweeper.add({ name: "eager", intervalMs: 1_000, runAtStart: true, run: async () => void passes++ });
    await settle();
    expect(passes).toBe(1);
    await sweeper.stop();
  });

  it("never overlaps two passes of one sweep: a tick during a pass is skipped", async () => {
    const sweeper = new Sweeper(recordingLogger());
    const slow = deferred();
    let started = 0;
    sweeper.add({
      name: "slow",
      intervalMs: 100,
      run: () => {
        started++;
        return slow.promise;
      },
    });
    await vi.advanceTimersByTimeAsync(550);
    expect(started).toBe(1);
    slow.resolve();
    await vi.advanceTimersByTimeAsync(100);
    expect(started).toBe(2);
    await sweeper.stop();
  });

  it("logs a failed pass with the sweep's name and runs again at the next tick", async () => {
    const logger = recordingLogger();
    const sweeper = new Sweeper(logger);
    let passes = 0;
    sweeper.add({
      name: "flaky",
      intervalMs: 100,
      run: () => {
        passes++;
        // A synchronous throw as well as a rejection must count as a failed pass.
        if (passes === 1) throw new Error("database away");
        return Promise.reject(new Error("still away"));
      },
    });
    await vi.advanceTimersByTimeAsync(200);
    expect(passes).toBe(2);
    expect(logger.warnings).toEqual([
      { sweep: "flaky", message: "flaky sweep failed; retrying at the next tick" },
      { sweep: "flaky", message: "flaky sweep failed; retrying at the next tick" },
    ]);
    await sweeper.stop();
  });

  it("runNow runs a pass and waits for it, joining one already in flight, and never rejects", async () => {
    const logger = recordingLogger();
    const sweeper = new Sweeper(logger);
    const gate = deferred();
    let started = 0;
    sweeper.add({
      name: "reconcile",
      intervalMs: 60_000,
      run: async () => {
        started++;
        await gate.promise;
        throw new Error("lost");
      },
    });
    let finished = 0;
    const first = sweeper.runNow("reconcile").then(() => finished++);
    const second = sweeper.runNow("reconcile").then(() => finished++);
    await settle();
    expect(started).toBe(1);
    expect(finished).toBe(0);
    gate.resolve();
    await Promise.all([first, second]);
    expect(finished).toBe(2);
    expect(logger.warnings).toHaveLength(1);
    await expect(sweeper.runNow("unknown")).rejects.toThrow("no sweep named unknown");
    await sweeper.stop();
  });

  it("refuses two sweeps of the same name", async () => {
    const sweeper = new Sweeper(recordingLogger());
    sweeper.add({ name: "twice", intervalMs: 100, run: async () => undefined });
    expect(() => sweeper.add({ name: "twice", intervalMs: 100, run: async () => undefined })).toThrow("already registered");
    await sweeper.stop();
  });

  it("stop aborts the pass in flight, waits for it, and no pass starts afterwards", async () => {
    const sweeper = new Sweeper(recordingLogger());
    let passes = 0;
    let aborted = false;
    sweeper.add({
      name: "long",
      intervalMs: 100,
      runAtStart: true,
      run: (signal) => {
        passes++;
        return new Promise<void>((resolve) => signal.addEventListener("abort", () => ((aborted = true), setTimeout(resolve, 50))));
      },
    });
    await settle();
    let stopped = false;
    const stopping = sweeper.stop().then(() => (stopped = true));
    await settle();
    expect(aborted).toBe(true);
    expect(stopped).toBe(false);
    await vi.advanceTimersByTimeAsync(50);
    await stopping;
    await vi.advanceTimersByTimeAsync(1_000);
    expect(passes).toBe(1);
    expect(sweeper.names).toEqual([]);
    // Adding after stop is ignored: a component that starts late in a shutdown schedules nothing.
    sweeper.add({ name: "late", intervalMs: 100, runAtStart: true, run: async () => void passes++ });
    await vi.advanceTimersByTimeAsync(500);
    expect(passes).toBe(1);
  });

  it("stop gives up waiting for a pass that ignores the abort after stopGraceMs", async () => {
    const sweeper = new Sweeper(recordingLogger(), { stopGraceMs: 200 });
    sweeper.add({ name: "stuck", intervalMs: 100, runAtStart: true, run: () => new Promise<void>(() => undefined) });
    await settle();
    let stopped = false;
    const stopping = sweeper.stop().then(() => (stopped = true));
    await vi.advanceTimersByTimeAsync(199);
    expect(stopped).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await stopping;
    expect(stopped).toBe(true);
  });

  it("does not keep the process alive: its timers are unref'd", () => {
    vi.useRealTimers();
    const sweeper = new Sweeper(recordingLogger());
    const spy = vi.spyOn(globalThis, "setInterval");
    sweeper.add({ name: "background", intervalMs: 60_000, run: async () => undefined });
    const timer = spy.mock.results[0]!.value as NodeJS.Timeout;
    expect(timer.hasRef()).toBe(false);
    spy.mockRestore();
    return sweeper.stop();
  });
});
