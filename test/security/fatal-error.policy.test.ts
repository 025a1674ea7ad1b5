import { EventEmitter } from "node:events";
import { Writable } from "node:stream";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { FATAL_EXIT_CODE, installFatalErrorPolicy } from "../../src/app/fatal-error.policy.js";
import { ProcessReadiness } from "../../src/app/process-readiness.js";

/** A real pino logger writing JSON lines into an array. */
function capturingLogger() {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString("utf8").split("\n").filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { logger: pino({ level: "info" }, sink), lines };
}

/**
 * The last-resort policy is installed on an EventEmitter standing in for
 * `process` and given an exit function that records its code: the vitest
 * worker must survive the test.
 */
describe("last-resort policy for uncaught exceptions and unhandled rejections", () => {
  for (const kind of ["uncaughtException", "unhandledRejection"] as const) {
    it(`${kind}: logs the error at fatal level, fails readiness, exits with ${FATAL_EXIT_CODE}`, async () => {
      const { logger, lines } = capturingLogger();
      const readiness = new ProcessReadiness();
      const exits: number[] = [];
      const source = new EventEmitter();
      installFatalErrorPolicy(source, { logger, readiness, exit: (code) => exits.push(code) });
      expect(readiness.failure).toBeNull();

      source.emit(kind, new Error("second busboy error"));
      await new Promise((resolve) => setImmediate(resolve)); // let the log line reach the sink

      expect(exits).toEqual([FATAL_EXIT_CODE]);
      expect(FATAL_EXIT_CODE).not.toBe(0);
      expect(readiness.failure).toBe(kind);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatchObject({ level: 60, kind, err: { message: "second busboy error" } });
    });
  }

  it("acts once: a second error is logged but neither exits again nor replaces the first reason", async () => {
    const { logger, lines } = capturingLogger();
    const readiness = new ProcessReadiness();
    const exits: number[] = [];
    const source = new EventEmitter();
    installFatalErrorPolicy(source, { logger, readiness, exit: (code) => exits.push(code) });
    source.emit("unhandledRejection", "a plain string reason");
    source.emit("uncaughtException", new Error("later"));
    await new Promise((resolve) => setImmediate(resolve));
    expect(exits).toEqual([FATAL_EXIT_CODE]);
    expect(readiness.failure).toBe("unhandledRejection");
    expect(lines).toHaveLength(2);
  });
});
