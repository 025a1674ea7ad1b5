import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import type { DataSource } from "typeorm";
import { ApiKeyService } from "../../src/auth/api-key.service.js";
import { createDataSource } from "../../src/db/data-source.js";
import { UserEntity } from "../../src/db/entities/index.js";
import { freePort } from "./api-harness.js";
import { createIsolatedDatabase, TEST_REDIS_URL, uniqueEmail, uniqueId } from "./database.js";
import { deleteRedisPrefix } from "./redis-cleanup.js";

/** A raw HTTP answer: status, headers and the body as text. */
export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/**
 * A Folio process (`folio serve` or `folio all`) running from source in a child
 * process, in production mode, on its own database clone, queue prefix, storage
 * directory and port. Attacks that kill a process must hit one of these: killing
 * the vitest worker would prove nothing and stop the test run.
 */
export interface ServerProcess {
  url: string;
  port: number;
  child: ChildProcess;
  /** A connection of the test's own to the process's database, for looking at what it wrote. */
  db: DataSource;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
  /** Exit code, or null while it runs. */
  exitCode(): number | null;
  /** A user with a fresh API key, written straight into the process's database. */
  createUserKey(options?: { admin?: boolean }): Promise<{ userId: string; apiKey: string; apiKeyId: string; prefix: string }>;
  /** Send one HTTP request and collect the whole answer. */
  request(options: { method?: string; path: string; headers?: Record<string, string>; body?: Buffer | string }): Promise<RawResponse>;
  close(): Promise<void>;
}

/** Start `node --import tsx src/main.ts <command>` and wait until /healthz answers. */
export async function startServerProcess(options: { command?: "serve" | "all"; env?: Record<string, string> } = {}): Promise<ServerProcess> {
  const database = await createIsolatedDatabase();
  const storageDir = await fs.mkdtemp(path.join(os.tmpdir(), "folio-server-"));
  const port = await freePort();
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(DATABASE_URL|REDIS_URL|FOLIO_|STORAGE_|S3_|SIGNING_SECRET|NODE_ENV|PORT|HOST)/.test(k)));
  const env = {
    ...inherited,
    NODE_ENV: "production",
    HOST: "127.0.0.1",
    PORT: String(port),
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    DATABASE_URL: database.url,
    DATABASE_POOL_SIZE: "4",
    REDIS_URL: TEST_REDIS_URL,
    // Under `test-`: the prefix the CI leak check watches and `deleteRedisPrefix` agrees to sweep.
    QUEUE_PREFIX: `test-sec-${uniqueId()}`,
    STORAGE_DIR: storageDir,
    SIGNING_SECRET: randomBytes(32).toString("base64url"),
    METRICS_PORT: "0",
    LOG_LEVEL: "warn",
    OCR_WORKERS: "1",
    WORKER_CONCURRENCY: "1",
    RECONCILE_INTERVAL_MS: "3600000",
    ...options.env,
  };
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts", options.command ?? "all", "--no-migrate"], {
    cwd: process.cwd(),
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
  let exitCode: number | null = null;
  const exited = new Promise<void>((resolve) =>
    child.once("exit", (code, signal) => {
      exitCode = code ?? (signal ? 128 : 1);
      resolve();
    }),
  );
  const url = `http://127.0.0.1:${port}`;

  const request: ServerProcess["request"] = ({ method = "GET", path: requestPath, headers = {}, body }) =>
    new Promise((resolve, reject) => {
      const req = http.request(`${url}${requestPath}`, { method, headers, agent: false }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") }));
        res.on("error", reject);
      });
      req.on("error", reject);
      req.end(body);
    });

  // Start-up (tsx compile, migrations check, OCR workers for `all`) takes seconds on a busy 2-core machine.
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (exitCode !== null) throw new Error(`folio ${options.command ?? "all"} exited with ${exitCode} during start-up:\n${output}`);
    const ok = await request({ path: "/healthz" }).then((r) => r.status === 200, () => false);
    if (ok) break;
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`folio did not answer /healthz within 90 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }

  const dataSource = createDataSource({ url: database.url, poolSize: 2 });
  await dataSource.initialize();
  const keys = new ApiKeyService(dataSource);

  return {
    url,
    port,
    child,
    db: dataSource,
    output: () => output,
    exitCode: () => exitCode,
    async createUserKey(opts = {}) {
      const user = await dataSource.getRepository(UserEntity).save({ email: uniqueEmail("sec"), isAdmin: opts.admin ?? false });
      const { key, record } = await keys.create(user.id, "security-test");
      return { userId: user.id, apiKey: key, apiKeyId: record.id, prefix: record.prefix };
    },
    request,
    async close() {
      if (exitCode === null) {
        child.kill("SIGTERM");
        await exited;
      }
      await dataSource.destroy();
      await fs.rm(storageDir, { recursive: true, force: true });
      await database.drop();
      // The process's queues, schedules and counters: nothing of this test may outlive it.
      await deleteRedisPrefix(TEST_REDIS_URL, env.QUEUE_PREFIX);
    },
  };
}
