/**
 * One scenario's own installation: a fresh PostgreSQL database (cloned from the run's migrated
 * template, reached through a cuttable TCP proxy), its own redis-server on a free port, local
 * storage in a temp dir, one API process and two worker processes.
 */

import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { ApiKeyService } from "../../src/auth/api-key.service.js";
import { createDataSource } from "../../src/db/data-source.js";
import { UserEntity } from "../../src/db/entities/index.js";
import { freePort } from "../../test/support/api-harness.js";
import { startTcpProxy, type TcpProxy } from "../../test/support/tcp-proxy.js";
import { spawnFolio, type FolioProcess } from "./folio-process.js";
import { startOwnRedis, type OwnRedis } from "./redis-server.js";

/** The server's maintenance database; the run creates (and drops) its databases next to it. */
export const ADMIN_DATABASE_URL = process.env.CHAOS_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

function databaseUrl(name: string): string {
  const url = new URL(ADMIN_DATABASE_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Run one statement on the maintenance database (CREATE/DROP DATABASE). */
export async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: ADMIN_DATABASE_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Folio variables the caller may tune from the environment; where data goes stays under the script's control. */
const TUNABLE = ["OCR_WORKERS", "WORKER_CONCURRENCY", "RUN_LEASE_MS", "WORKER_LOCK_MS", "WORKER_CRASH_LIMIT", "JOB_ATTEMPTS", "JOB_BACKOFF_MS", "RECONCILE_INTERVAL_MS", "DEPENDENCY_RETRY_MS", "DEPENDENCY_RETRY_MAX_MS", "LOG_LEVEL"];

/**
 * Settings of every scenario: short leases and locks so a killed worker's document is taken over
 * in seconds, a frequent reconciler so documents whose job Redis lost come back quickly.
 */
const BASE_ENV: Record<string, string> = {
  NODE_ENV: "production",
  LOG_LEVEL: "info",
  OCR_WORKERS: "1",
  WORKER_CONCURRENCY: "1",
  RUN_LEASE_MS: "5000",
  WORKER_LOCK_MS: "5000",
  RECONCILE_INTERVAL_MS: "5000",
  JOB_BACKOFF_MS: "1000",
  DEPENDENCY_RETRY_MS: "500",
  DEPENDENCY_RETRY_MAX_MS: "5000",
  DATABASE_CONNECT_TIMEOUT_MS: "2000",
  DATABASE_POOL_SIZE: "4",
  UPLOAD_RATE_LIMIT: "100000",
  QUERY_RATE_LIMIT: "100000",
  METRICS_PORT: "0",
  SHUTDOWN_TIMEOUT_MS: "10000",
  ORPHAN_SWEEP_INTERVAL_MS: "5000",
  ORPHAN_GRACE_MS: "15000",
};

/** The migrated database every scenario clones; created once per run. */
export interface Template {
  name: string;
  drop(): Promise<void>;
}

/** Create and migrate (with the real CLI, as an operator would) the run's template database. */
export async function createTemplate(runId: string): Promise<Template> {
  const name = `folio_chaos_${runId}_tpl`;
  await adminQuery(`CREATE DATABASE "${name}"`);
  execFileSync(process.execPath, ["--import", "tsx", "src/main.ts", "migrate"], {
    env: { ...process.env, DATABASE_URL: databaseUrl(name), LOG_LEVEL: "warn", SIGNING_SECRET: randomBytes(32).toString("base64url") },
    stdio: ["ignore", "ignore", "inherit"],
  });
  return { name, drop: () => adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
}

/** SIGTERM, then kill -9 when the process has not exited within `graceMs` (a worker finishes its step first). */
async function stopGracefully(p: FolioProcess, graceMs: number): Promise<void> {
  if (!p.alive()) return;
  const timer = setTimeout(() => p.child.kill("SIGKILL"), graceMs);
  await p.kill("SIGTERM");
  clearTimeout(timer);
}

/** A running scenario installation. */
export interface Cluster {
  readonly name: string;
  readonly dir: string;
  readonly storageDir: string;
  readonly databaseUrl: string;
  readonly apiUrl: string;
  readonly redis: OwnRedis;
  readonly proxy: TcpProxy;
  readonly env: Record<string, string>;
  api: FolioProcess;
  workers: FolioProcess[];
  apiKey: string;
  /** A direct connection (not through the proxy) for reading what the processes wrote. */
  readonly pg: pg.Pool;
  startApi(): Promise<void>;
  startWorker(index: number): FolioProcess;
  /** Run a `folio` CLI command against the scenario's database; returns exit code and stdout. */
  cli(args: string[]): { code: number; stdout: string };
  close(keep: boolean): Promise<void>;
}

/** Bring a scenario's installation up and wait until the API and both workers are ready. */
export async function startCluster(name: string, template: Template, runId: string): Promise<Cluster> {
  const dbName = `folio_chaos_${runId}_${name.replace(/-/g, "_")}`;
  await adminQuery(`CREATE DATABASE "${dbName}" TEMPLATE "${template.name}"`);
  const direct = databaseUrl(dbName);
  const target = new URL(direct);
  const proxy = await startTcpProxy(target.hostname, Number(target.port || 5432));
  const viaProxy = new URL(direct);
  viaProxy.host = `127.0.0.1:${proxy.port}`;
  const redis = await startOwnRedis(await freePort());
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), `folio-chaos-${name}-`));
  const storageDir = path.join(dir, "objects");
  await fs.mkdir(storageDir);
  const port = await freePort();
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(DATABASE_|REDIS_|FOLIO_|STORAGE_|S3_|SIGNING_SECRET|NODE_ENV|PORT|HOST|PUBLIC_URL|QUEUE_PREFIX)/.test(k)));
  const tuned = Object.fromEntries(TUNABLE.flatMap((k) => (process.env[k] ? [[k, process.env[k]!]] : [])));
  const env: Record<string, string> = {
    ...(inherited as Record<string, string>),
    ...BASE_ENV,
    ...tuned,
    HOST: "127.0.0.1",
    PORT: String(port),
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    DATABASE_URL: viaProxy.toString(),
    REDIS_URL: redis.url,
    QUEUE_PREFIX: `chaos-${runId}`,
    STORAGE_DRIVER: "local",
    STORAGE_DIR: storageDir,
    SIGNING_SECRET: randomBytes(32).toString("base64url"),
  };

  const pool = new pg.Pool({ connectionString: direct, max: 3 });
  // pool.end() resolves before the server has seen the clients go, so DROP DATABASE … WITH (FORCE)
  // may still terminate one: that error (and any other on an idle client) must not end the run.
  pool.on("error", () => undefined);
  const dataSource = createDataSource({ url: direct, poolSize: 1 });
  await dataSource.initialize();
  let apiKey: string;
  try {
    const user = await dataSource.getRepository(UserEntity).save({ email: `chaos-${runId}-${name}@example.test`, isAdmin: false });
    apiKey = (await new ApiKeyService(dataSource).create(user.id, "chaos")).key;
  } finally {
    await dataSource.destroy();
  }

  let serial = 0;
  const cluster: Cluster = {
    name,
    dir,
    storageDir,
    databaseUrl: direct,
    apiUrl: `http://127.0.0.1:${port}`,
    redis,
    proxy,
    env,
    apiKey,
    pg: pool,
    api: spawnFolio("serve", env, path.join(dir, `api-${serial++}.log`)),
    workers: [],
    async startApi() {
      cluster.api = spawnFolio("serve", env, path.join(dir, `api-${serial++}.log`));
      await cluster.api.ready;
    },
    startWorker(index) {
      const worker = spawnFolio("worker", env, path.join(dir, `worker${index}-${serial++}.log`));
      cluster.workers[index] = worker;
      return worker;
    },
    cli(args) {
      try {
        const stdout = execFileSync(process.execPath, ["--import", "tsx", "src/main.ts", ...args], {
          env: { ...env, DATABASE_URL: direct, LOG_LEVEL: "warn" },
          stdio: ["ignore", "pipe", "pipe"],
          encoding: "utf8",
        });
        return { code: 0, stdout };
      } catch (error) {
        const e = error as { status?: number; stdout?: string };
        return { code: e.status ?? 1, stdout: e.stdout ?? "" };
      }
    },
    async close(keep) {
      await proxy.forward().catch(() => undefined);
      await redis.start().catch(() => undefined); // BullMQ connections close cleanly only with a Redis to talk to
      await Promise.all([cluster.api, ...cluster.workers].map((p) => stopGracefully(p, 15_000)));
      await redis.stop();
      await proxy.close();
      await pool.end();
      if (!keep) {
        await adminQuery(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
        await fs.rm(dir, { recursive: true, force: true });
      }
    },
  };
  cluster.startWorker(0);
  cluster.startWorker(1);
  await Promise.all([cluster.api.ready, ...cluster.workers.map((w) => w.ready)]);
  return cluster;
}
