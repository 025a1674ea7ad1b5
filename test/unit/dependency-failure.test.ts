import { QueryFailedError } from "typeorm";
import { describe, expect, it } from "vitest";
import { AppError, StorageUnavailableError } from "../../src/errors/app.error.js";
import { toAppError } from "../../src/errors/error.normaliser.js";
import { dependencyFailure, isDependencyFailure } from "../../src/errors/dependency.failure.js";
import { DependencyBackoff } from "../../src/queue/dependency.backoff.js";

/** An error shaped like Node's socket errors. */
function socketError(code: string, port?: number): Error {
  return Object.assign(new Error(`connect ${code} 127.0.0.1:${port ?? 1}`), { code, errno: -1, syscall: "connect", address: "127.0.0.1", ...(port ? { port } : {}) });
}

/** An error shaped like node-postgres's server errors (a SQLSTATE in `code`). */
function pgError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code, severity: "FATAL" });
}

/** How TypeORM reports a failed query: the driver's error kept as `driverError`. */
function queryFailed(driverError: Error): QueryFailedError {
  return new QueryFailedError("UPDATE documents SET progress = $1", [1], driverError);
}

describe("dependencyFailure: which errors are infrastructure (wait, attempts kept) and which are the document's", () => {
  it("PostgreSQL unreachable: refused, reset, terminated, shutting down, recovering, too many connections", () => {
    expect(dependencyFailure(socketError("ECONNREFUSED", 5432))).toMatchObject({ dependency: "postgres" });
    expect(dependencyFailure(new Error("Connection terminated unexpectedly"))).toMatchObject({ dependency: "postgres" });
    expect(dependencyFailure(new Error("Connection terminated due to connection timeout"))).toMatchObject({ dependency: "postgres" });
    expect(dependencyFailure(new Error("timeout exceeded when trying to connect"))).toMatchObject({ dependency: "postgres" });
    expect(dependencyFailure(pgError("57P01", "terminating connection due to administrator command"))).toMatchObject({ dependency: "postgres" });
    expect(dependencyFailure(pgError("57P03", "the database system is starting up"))).toMatchObject({ dependency: "postgres" });
    expect(dependencyFailure(pgError("08006", "connection failure"))).toMatchObject({ dependency: "postgres" });
    expect(dependencyFailure(pgError("53300", "sorry, too many clients already"))).toMatchObject({ dependency: "postgres" });
    expect(dependencyFailure(queryFailed(pgError("57P01", "terminating connection due to administrator command")))).toMatchObject({ dependency: "postgres" });
  });

  it("Redis and storage unreachable, and bare socket errors of any peer", () => {
    expect(dependencyFailure(new Error("Connection is closed."))).toMatchObject({ dependency: "redis" });
    expect(dependencyFailure(Object.assign(new Error("Reached the max retries per request limit (which is 20)."), { name: "MaxRetriesPerRequestError" }))).toMatchObject({
      dependency: "redis",
    });
    expect(dependencyFailure(new StorageUnavailableError("Could not read raw/x.", socketError("ECONNREFUSED", 9000)))).toMatchObject({ dependency: "storage" });
    expect(dependencyFailure(socketError("ETIMEDOUT"))).toMatchObject({ dependency: null });
    expect(dependencyFailure(socketError("ECONNRESET"))).toMatchObject({ dependency: null });
    expect(dependencyFailure(new AggregateError([socketError("ECONNREFUSED", 5432), socketError("ECONNREFUSED", 5432)], ""))).toMatchObject({ dependency: "postgres" });
  });

  it("the AppError codes of unavailable dependencies, also when wrapped as INTERNAL_ERROR by toAppError", () => {
    expect(dependencyFailure(new AppError("DATABASE_UNAVAILABLE"))).toMatchObject({ dependency: "postgres" });
    expect(dependencyFailure(new AppError("QUEUE_UNAVAILABLE"))).toMatchObject({ dependency: "redis" });
    expect(dependencyFailure(new AppError("STORAGE_UNAVAILABLE"))).toMatchObject({ dependency: "storage" });
    expect(dependencyFailure(toAppError(new Error("Connection terminated unexpectedly")))).toMatchObject({ dependency: "postgres" });
    expect(dependencyFailure(new Error("step failed", { cause: socketError("ECONNREFUSED", 5432) }))).toMatchObject({ dependency: "postgres" });
  });

  it("the document's own failures and bugs are not: they spend attempts as before", () => {
    expect(isDependencyFailure(new AppError("CORRUPT_FILE"))).toBe(false);
    expect(isDependencyFailure(new AppError("PROCESSING_TIMEOUT"))).toBe(false);
    expect(isDependencyFailure(new AppError("INTERNAL_ERROR"))).toBe(false);
    expect(isDependencyFailure(new TypeError("Cannot read properties of undefined"))).toBe(false);
    expect(isDependencyFailure(new Error("ocr failed"))).toBe(false);
    expect(isDependencyFailure(undefined)).toBe(false);
    expect(isDependencyFailure("ECONNREFUSED")).toBe(false);
    // A constraint violation is a bug or a race, never an outage.
    expect(isDependencyFailure(queryFailed(pgError("23505", "duplicate key value violates unique constraint")))).toBe(false);
  });

  it("a deterministic data error (UNSTORABLE_DATA, PostgreSQL class 22) is never an outage, even with a socket error beside it", () => {
    const nul = queryFailed(pgError("22P05", "unsupported Unicode escape sequence"));
    expect(isDependencyFailure(nul)).toBe(false);
    expect(toAppError(nul).code).toBe("UNSTORABLE_DATA");
    expect(isDependencyFailure(toAppError(nul))).toBe(false);
    expect(isDependencyFailure(new AppError("UNSTORABLE_DATA", undefined, { cause: socketError("ECONNRESET", 5432) }))).toBe(false);
  });
});

describe("DependencyBackoff", () => {
  it("doubles per consecutive wait of a job up to the cap, starts over once the job got through, and reports the outage meanwhile", () => {
    const backoff = new DependencyBackoff({ firstMs: 100, maxMs: 500 });
    const failure = { dependency: "postgres" as const, reason: "connect ECONNREFUSED" };
    expect(backoff.current).toBeNull();
    expect([1, 2, 3, 4, 5].map(() => backoff.next("a", failure).delayMs)).toEqual([100, 200, 400, 500, 500]);
    expect(backoff.next("b", failure)).toEqual({ delayMs: 100, wait: 1 });
    expect(backoff.current).toMatchObject({ dependency: "postgres", reason: "connect ECONNREFUSED" });
    backoff.passed("a");
    expect(backoff.current).toBeNull();
    expect(backoff.next("a", failure)).toEqual({ delayMs: 100, wait: 1 });
  });
});
