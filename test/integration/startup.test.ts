import { spawn } from "node:child_process";
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../support/api-harness.js";
import { createIsolatedDatabase, TEST_REDIS_URL, uniqueId } from "../support/database.js";

/** Run `folio <command>` from source until it exits; its output split by stream and how long it ran. */
async function runFolio(command: string, env: Record<string, string>, timeoutMs = 60_000): Promise<{ code: number | null; stdout: string; stderr: string; ms: number }> {
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(DATABASE_URL|REDIS_URL|FOLIO_|STORAGE_|S3_|SIGNING_SECRET|NODE_ENV|PORT|HOST)/.test(k)));
  const started = Date.now();
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts", command, "--no-migrate"], { cwd: process.cwd(), env: { ...inherited, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (c: Buffer) => (stdout += c.toString()));
  child.stderr!.on("data", (c: Buffer) => (stderr += c.toString()));
  const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
  const code = await new Promise<number | null>((resolve) => child.once("exit", (c) => resolve(c)));
  clearTimeout(timer);
  return { code, stdout, stderr, ms: Date.now() - started };
}

describe("start-up failure paths", () => {
  let database: { url: string; drop(): Promise<void> };
  let env: Record<string, string>;

  beforeAll(async () => {
    database = await createIsolatedDatabase();
    env = { NODE_ENV: "test", HOST: "127.0.0.1", DATABASE_URL: database.url, REDIS_URL: TEST_REDIS_URL, QUEUE_PREFIX: `startup-${uniqueId()}`, LOG_LEVEL: "info", METRICS_PORT: "0" };
  });
  afterAll(async () => {
    await database?.drop();
  });

  it("port in use: one line and exit 1, without starting anything", async () => {
    const blocker = net.createServer();
    const port = await freePort();
    await new Promise<void>((resolve) => blocker.listen(port, "127.0.0.1", resolve));
    try {
      const result = await runFolio("serve", { ...env, PORT: String(port) });
      expect(result.code).toBe(1);
      expect(result.stderr.trim().split("\n")).toEqual([`folio: port ${port} on 127.0.0.1 is already in use (set PORT or HOST, or stop the other process)`]);
      expect(result.stdout).toBe("");
      // Most of this is loading TypeScript through tsx; the process itself gives up at once.
      expect(result.ms).toBeLessThan(15_000);
    } finally {
      blocker.close();
    }
  });

  it("Redis down: one line per attempt while waiting, no stacks, then one line and exit 1 after STARTUP_WAIT_MS", async () => {
    const redisPort = await freePort();
    const result = await runFolio("serve", { ...env, PORT: String(await freePort()), REDIS_URL: `redis://127.0.0.1:${redisPort}`, STARTUP_WAIT_MS: "3000" });
    expect(result.code).toBe(1);
    const waiting = result.stdout
      .trim()
      .split("\n")
      .map((line) => (JSON.parse(line) as { msg: string }).msg);
    expect(waiting.length).toBeGreaterThanOrEqual(2);
    for (const msg of waiting) expect(msg).toMatch(new RegExp(`^waiting for Redis at redis://127\\.0\\.0\\.1:${redisPort}: connection refused \\(attempt \\d+, next in [\\d.]+ s\\)$`));
    expect(result.stderr.trim().split("\n")).toEqual([`folio: Redis at redis://127.0.0.1:${redisPort} did not become reachable within 3 s: connection refused`]);
    expect(result.stdout + result.stderr).not.toMatch(/\n\s+at /);
  });
});
