import net from "node:net";
import pg from "pg";
import { Redis } from "ioredis";
import type { Config } from "../config/env.js";
import type { Logger } from "../logging/logger.js";

/**
 * Folio's start-up policy (README, "Start-up"):
 * - a dependency (PostgreSQL, Redis) that is not there yet is waited for, with
 *   backoff (0.5 s doubling to 10 s) and one log line per attempt
 *   (`waiting for Redis at redis://127.0.0.1:6379: connection refused`), up to
 *   STARTUP_WAIT_MS; then the process exits 1 with one line;
 * - a configuration this process can never work with (the port is taken, the
 *   address does not exist) prints one line and exits 1 at once.
 * No raw stacks either way: these are operating conditions, not bugs.
 */

/** A start-up failure that retrying cannot fix: one line, exit 1. */
export class StartupError extends Error {
  override readonly name = "StartupError";
}

/** A URL with its password removed, for log lines. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString().replace(/\/$/, "");
  } catch {
    return "(unparseable URL)";
  }
}

/** Short human reason for a connection failure: "connection refused", "host not found", … */
export function connectionReason(error: unknown): string {
  const seen = new Set<unknown>();
  for (let e: unknown = error; e && typeof e === "object" && !seen.has(e); e = (e as { cause?: unknown }).cause) {
    seen.add(e);
    const inner = (e as { errors?: unknown[] }).errors;
    const code = (e as { code?: unknown }).code ?? (Array.isArray(inner) ? (inner[0] as { code?: unknown } | undefined)?.code : undefined);
    switch (code) {
      case "ECONNREFUSED":
        return "connection refused";
      case "ENOTFOUND":
      case "EAI_AGAIN":
        return "host not found";
      case "ETIMEDOUT":
        return "connection timed out";
      case "ECONNRESET":
        return "connection reset";
      case "57P03":
        return "the database system is starting up";
      case "3D000":
        return "the database does not exist";
      case "28P01":
      case "28000":
        return "authentication failed";
    }
  }
  const message = (error as { message?: unknown })?.message;
  return typeof message === "string" && message ? message.split("\n")[0]!.slice(0, 200) : String(error);
}

/** One attempt to reach PostgreSQL: connect and `SELECT 1`. */
async function probePostgres(url: string, timeoutMs: number): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: timeoutMs });
  client.on("error", () => undefined);
  try {
    await client.connect();
    await client.query("SELECT 1");
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** One attempt to reach Redis: connect and PING, no retries of its own. */
async function probeRedis(url: string, timeoutMs: number): Promise<void> {
  const redis = new Redis(url, { lazyConnect: true, connectTimeout: timeoutMs, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false });
  // connect() rejects with a bare "Connection is closed."; the socket's own error says why.
  let socketError: unknown = null;
  redis.on("error", (error) => (socketError ??= error));
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    throw socketError ?? error;
  } finally {
    redis.disconnect();
  }
}

/** Options of {@link waitForDependencies}. */
export interface WaitOptions {
  /** Give up after this long (STARTUP_WAIT_MS); 0 waits forever. */
  maxWaitMs: number;
  /** First delay between attempts (doubles up to `maxDelayMs`). */
  initialDelayMs?: number;
  maxDelayMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * Wait until PostgreSQL and Redis answer, one dependency after the other,
 * logging one line per failed attempt. Throws {@link StartupError} when
 * `maxWaitMs` passes first.
 */
export async function waitForDependencies(config: Pick<Config, "databaseUrl" | "redisUrl" | "databaseConnectTimeoutMs">, logger: Pick<Logger, "warn" | "info">, options: WaitOptions): Promise<void> {
  const started = Date.now();
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const dependencies = [
    { name: "PostgreSQL", url: config.databaseUrl, probe: () => probePostgres(config.databaseUrl, config.databaseConnectTimeoutMs) },
    { name: "Redis", url: config.redisUrl, probe: () => probeRedis(config.redisUrl, 3_000) },
  ];
  for (const dependency of dependencies) {
    let delay = options.initialDelayMs ?? 500;
    for (let attempt = 1; ; attempt++) {
      try {
        await dependency.probe();
        if (attempt > 1) logger.info(`${dependency.name} at ${redactUrl(dependency.url)} is reachable`);
        break;
      } catch (error) {
        const reason = connectionReason(error);
        const waited = Date.now() - started;
        if (options.maxWaitMs > 0 && waited + delay > options.maxWaitMs) {
          throw new StartupError(`${dependency.name} at ${redactUrl(dependency.url)} did not become reachable within ${Math.round(options.maxWaitMs / 1000)} s: ${reason}`);
        }
        logger.warn(`waiting for ${dependency.name} at ${redactUrl(dependency.url)}: ${reason} (attempt ${attempt}, next in ${(delay / 1000).toFixed(1)} s)`);
        await sleep(delay);
        delay = Math.min(delay * 2, options.maxDelayMs ?? 10_000);
      }
    }
  }
}

/**
 * Fail at once when the API cannot listen where it is told to (port taken,
 * address not on this host, no permission): a quick bind-and-release before
 * anything else starts, so the process does not start a worker and connections
 * first and then hang half-started.
 */
export async function assertCanListen(port: number, host: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", (error: NodeJS.ErrnoException) => reject(new StartupError(listenFailure(error, port, host))));
    probe.listen(port, host, () => probe.close(() => resolve()));
  });
}

/** The one line for a failed listen. */
export function listenFailure(error: NodeJS.ErrnoException, port: number, host: string): string {
  switch (error.code) {
    case "EADDRINUSE":
      return `port ${port} on ${host} is already in use (set PORT or HOST, or stop the other process)`;
    case "EADDRNOTAVAIL":
      return `cannot listen on ${host}:${port}: the address is not on this host (set HOST)`;
    case "EACCES":
      return `cannot listen on ${host}:${port}: permission denied (use a port above 1023)`;
    default:
      return `cannot listen on ${host}:${port}: ${error.message}`;
  }
}
