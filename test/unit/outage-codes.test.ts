import { describe, expect, it } from "vitest";
import { AppError } from "../../src/errors/app.error.js";
import { toAppError } from "../../src/errors/error.normaliser.js";
import { requestErrorStatus } from "../../src/graphql/errors.js";

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });

describe("toAppError during outages", () => {
  it("maps PostgreSQL connection failures to DATABASE_UNAVAILABLE", () => {
    for (const error of [
      withCode("connect ECONNREFUSED 127.0.0.1:5432", "ECONNREFUSED"),
      withCode("terminating connection due to administrator command", "57P01"),
      new Error("Connection terminated unexpectedly"),
      new Error("timeout exceeded when trying to connect"),
      Object.assign(new Error("Query failed"), { driverError: withCode("the database system is shutting down", "57P03") }),
    ]) {
      expect(toAppError(error).code, error.message).toBe("DATABASE_UNAVAILABLE");
    }
  });

  it("maps ioredis giving up on a command to QUEUE_UNAVAILABLE", () => {
    expect(toAppError(new Error("Command timed out")).code).toBe("QUEUE_UNAVAILABLE");
    expect(toAppError(new Error("Stream isn't writeable and enableOfflineQueue options is false")).code).toBe("QUEUE_UNAVAILABLE");
  });

  it("keeps other errors as they were", () => {
    expect(toAppError(new Error("boom")).code).toBe("INTERNAL_ERROR");
    expect(toAppError(withCode("invalid byte sequence", "22021")).code).toBe("UNSTORABLE_DATA");
    expect(toAppError(new AppError("STORAGE_UNAVAILABLE")).code).toBe("STORAGE_UNAVAILABLE");
  });

  it("gives unavailable dependencies HTTP 503 and leaves other server faults to Apollo", () => {
    for (const code of ["DATABASE_UNAVAILABLE", "QUEUE_UNAVAILABLE", "STORAGE_UNAVAILABLE"]) expect(requestErrorStatus(code)).toBe(503);
    expect(requestErrorStatus("INTERNAL_ERROR")).toBeNull();
  });
});
