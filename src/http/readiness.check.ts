import type { DataSource } from "typeorm";
import type { Redis } from "ioredis";
import type { ObjectStore } from "../storage/object-store.js";

/** One dependency's readiness. */
export interface ReadinessCheck {
  name: "postgres" | "redis" | "storage";
  ok: boolean;
  error?: string;
  latencyMs: number;
}

/** Run every readiness check, each bounded by `timeoutMs`, concurrently. */
export async function checkReadiness(
  deps: { dataSource: DataSource; redis: Redis; store: ObjectStore },
  timeoutMs = 2_000,
): Promise<{ ok: boolean; checks: ReadinessCheck[] }> {
  const probe = async (name: ReadinessCheck["name"], run: () => Promise<unknown>): Promise<ReadinessCheck> => {
    const started = performance.now();
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        run(),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
        }),
      ]);
      return { name, ok: true, latencyMs: Math.round(performance.now() - started) };
    } catch (error) {
      return { name, ok: false, error: (error as Error).message, latencyMs: Math.round(performance.now() - started) };
    } finally {
      clearTimeout(timer);
    }
  };
  const checks = await Promise.all([
    probe("postgres", () => deps.dataSource.query("SELECT 1")),
    probe("redis", () => deps.redis.ping()),
    probe("storage", () => deps.store.ping()),
  ]);
  return { ok: checks.every((c) => c.ok), checks };
}

/** What `/readyz` tells an unauthenticated caller. */
export interface PublicReadiness {
  status: "ready" | "unavailable";
  checks: Record<ReadinessCheck["name"], "ok" | "unavailable">;
}

/**
 * The readiness result as the public `/readyz` shows it: ok/unavailable per
 * dependency and nothing more. Error messages name hosts, paths and versions;
 * they belong in the log, not in an answer anyone on the network can read.
 */
export function publicReadiness(result: { ok: boolean; checks: ReadinessCheck[] }): PublicReadiness {
  const checks = Object.fromEntries(result.checks.map((c) => [c.name, c.ok ? "ok" : "unavailable"])) as PublicReadiness["checks"];
  return { status: result.ok ? "ready" : "unavailable", checks };
}
