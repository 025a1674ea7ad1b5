/**
 * Turning anything thrown into an AppError: the one place a driver's error becomes a stable code. Apart from
 * app.error.ts because it needs the dependency classifier, which itself reads AppError codes.
 */
import { AppError, isDataException, isErrorCode } from "./app.error.js";
import { dependencyFailure } from "./dependency.failure.js";

/** Wrap anything thrown into an AppError, keeping codes of errors that already have one. */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  // The one place a driver's "connection lost" becomes a code (classified by dependencyFailure): callers (GraphQL,
  // CLI, the worker) only see DATABASE_UNAVAILABLE / QUEUE_UNAVAILABLE / STORAGE_UNAVAILABLE.
  const away = dependencyFailure(error);
  if (away) {
    // A bare socket error on an unknown port: storage errors arrive wrapped and ioredis speaks in its own messages,
    // so what is left is node-postgres reaching a database (e.g. behind a proxy or on another port).
    if (away.dependency === "redis") return new AppError("QUEUE_UNAVAILABLE", "The job queue (Redis) is unavailable; retry shortly.", { cause: error });
    if (away.dependency === "storage") return new AppError("STORAGE_UNAVAILABLE", undefined, { cause: error });
    return new AppError("DATABASE_UNAVAILABLE", "The database is unavailable; retry shortly.", { cause: error });
  }
  if (isDataException(error)) {
    const detail = error instanceof Error ? error.message : String(error);
    return new AppError("UNSTORABLE_DATA", `The database refused data produced from this document (${detail.slice(0, 200)}).`, { cause: error });
  }
  const code = error instanceof Error ? (error as Error & { code?: unknown }).code : undefined;
  if (error instanceof Error && isErrorCode(code)) {
    return new AppError(code, error.message, { cause: error });
  }
  return new AppError("INTERNAL_ERROR", undefined, { cause: error });
}
