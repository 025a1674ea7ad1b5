/**
 * Which failures are Folio's own dependencies being away (PostgreSQL, Redis,
 * the object store) rather than something about the document. A document's
 * attempts are for the document's own failures: a job that failed only because
 * a dependency was unreachable waits and tries again without spending one.
 */
import { AppError } from "./app.error.js";

/** A dependency of Folio, as named in logs, readiness and metrics. */
export type Dependency = "postgres" | "redis" | "storage";

/** A failure caused by a dependency being unreachable. */
export interface DependencyFailure {
  /** The dependency, when the error says which; null for a bare socket error (refused, reset, timed out). */
  dependency: Dependency | null;
  /** One short line for the log, e.g. `connect ECONNREFUSED 127.0.0.1:5432`. */
  reason: string;
}

/** AppError codes that name an unavailable dependency. */
const CODE_DEPENDENCY: Partial<Record<string, Dependency>> = {
  DATABASE_UNAVAILABLE: "postgres",
  QUEUE_UNAVAILABLE: "redis",
  STORAGE_UNAVAILABLE: "storage",
};

/** Socket-level error codes of Node: the peer is away, not the data wrong. */
const NETWORK_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "EHOSTUNREACH", "ENETUNREACH", "ENOTFOUND", "EAI_AGAIN", "ECONNABORTED"]);

/**
 * PostgreSQL SQLSTATEs meaning the server is away or going away: class 08
 * (connection exception), 57P01-57P03 (shutdown, crash shutdown, cannot
 * connect now — e.g. during recovery) and 53300 (too many connections).
 */
function isPgConnectionState(code: string): boolean {
  return /^08[0-9A-Z]{3}$/.test(code) || code === "57P01" || code === "57P02" || code === "57P03" || code === "53300";
}

/** Messages node-postgres, pg-pool, TypeORM and ioredis use for a lost connection (they carry no code). */
const MESSAGE_PATTERNS: readonly [RegExp, Dependency][] = [
  [/Connection terminated/i, "postgres"],
  [/timeout exceeded when trying to connect/i, "postgres"],
  [/Client has encountered a connection error and is not queryable/i, "postgres"],
  [/Cannot use a pool after calling end on the pool/i, "postgres"],
  [/the database system is (starting up|shutting down|in recovery mode)/i, "postgres"],
  [/Connection is closed\.?$/i, "redis"],
  [/Reached the max retries per request limit/i, "redis"],
  [/Stream isn't writeable and enableOfflineQueue options is false/i, "redis"],
  // ioredis `commandTimeout` (the API's request-path connection).
  [/^Command timed out$/i, "redis"],
];

/**
 * Classify `error`: a {@link DependencyFailure} when a dependency was
 * unreachable, null when the failure is the document's (or a bug). Follows
 * `cause` chains and TypeORM's `driverError`. A deterministic data error
 * (PostgreSQL class 22, `UNSTORABLE_DATA`) is never a dependency failure, and
 * neither is any other AppError code: a code says whose fault it was.
 */
export function dependencyFailure(error: unknown): DependencyFailure | null {
  const seen = new Set<unknown>();
  const queue: unknown[] = [error];
  while (queue.length > 0 && seen.size < 16) {
    const e = queue.shift();
    if (!e || typeof e !== "object" || seen.has(e)) continue;
    seen.add(e);
    const found = classifyOne(e);
    if (found === "not-dependency") return null;
    if (found) return found;
    const { cause, driverError, errors } = e as { cause?: unknown; driverError?: unknown; errors?: unknown };
    queue.push(cause, driverError);
    // AggregateError (e.g. a connect that tried both 127.0.0.1 and ::1).
    if (Array.isArray(errors)) queue.push(...errors);
  }
  return null;
}

/** Whether `error` is a dependency being away: {@link dependencyFailure} as a predicate. */
export function isDependencyFailure(error: unknown): boolean {
  return dependencyFailure(error) !== null;
}

function classifyOne(e: object): DependencyFailure | "not-dependency" | null {
  const message = e instanceof Error ? e.message : "";
  const reason = (message || String(e)).split("\n")[0]!.slice(0, 200);
  if (e instanceof AppError) {
    const dependency = CODE_DEPENDENCY[e.code];
    if (dependency) return { dependency, reason };
    // INTERNAL_ERROR wraps whatever was thrown: look at its cause. Every other code is a verdict.
    return e.code === "INTERNAL_ERROR" ? null : "not-dependency";
  }
  const code = (e as { code?: unknown }).code;
  if (typeof code === "string") {
    if (/^22[0-9A-Z]{3}$/.test(code)) return "not-dependency";
    if (isPgConnectionState(code)) return { dependency: "postgres", reason };
    if (NETWORK_CODES.has(code)) return { dependency: dependencyOfAddress(e), reason };
  }
  if ((e as { name?: unknown }).name === "MaxRetriesPerRequestError") return { dependency: "redis", reason };
  for (const [pattern, dependency] of MESSAGE_PATTERNS) if (pattern.test(message)) return { dependency, reason };
  return null;
}

/** The usual ports say which dependency a bare socket error came from; anything else stays unnamed. */
function dependencyOfAddress(e: object): Dependency | null {
  const port = (e as { port?: unknown }).port;
  if (port === 5432) return "postgres";
  if (port === 6379) return "redis";
  return null;
}
