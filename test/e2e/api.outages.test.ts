import { spawn, type ChildProcess } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort, startApiHarness, type ApiHarness, type ApiUser } from "../support/api-harness.js";
import { createIsolatedDatabase } from "../support/database.js";
import { startTcpProxy, type TcpProxy } from "../support/tcp-proxy.js";

/** Upload one small file over raw multipart HTTP; returns status, code and how long the answer took. */
async function upload(url: string, apiKey: string): Promise<{ status: number; code: unknown; ms: number }> {
  const form = new FormData();
  form.set("operations", JSON.stringify({ query: "mutation($f: Upload!) { uploadDocument(file: $f) { created document { id } } }", variables: { f: null } }));
  form.set("map", JSON.stringify({ 0: ["variables.f"] }));
  form.set("0", new Blob([Buffer.from("%PDF-1.4\n% outage test\n")], { type: "application/pdf" }), "outage.pdf");
  const started = Date.now();
  const res = await fetch(`${url}/graphql`, {
    method: "POST",
    headers: { authorization: `Bearer ${apiKey}`, "apollo-require-preflight": "1" },
    body: form,
    signal: AbortSignal.timeout(20_000),
  });
  const body = (await res.json()) as { errors?: { extensions?: { code?: unknown } }[] };
  return { status: res.status, code: body.errors?.[0]?.extensions?.code, ms: Date.now() - started };
}

describe("uploads while PostgreSQL is unreachable", () => {
  let proxy: TcpProxy;
  let harness: ApiHarness;
  let user: ApiUser;
  let database: { url: string; drop(): Promise<void> };

  beforeAll(async () => {
    database = await createIsolatedDatabase();
    const target = new URL(database.url);
    proxy = await startTcpProxy(target.hostname, Number(target.port || 5432));
    const viaProxy = new URL(database.url);
    viaProxy.host = `127.0.0.1:${proxy.port}`;
    harness = await startApiHarness({ withWorker: false, env: { DATABASE_URL: viaProxy.toString(), DATABASE_CONNECT_TIMEOUT_MS: "2000" } });
    user = await harness.createUser();
  });

  afterAll(async () => {
    await proxy?.forward();
    await harness?.close();
    await proxy?.close();
    await database?.drop();
  });

  it("answers an upload normally while the database is reachable", async () => {
    const ok = await upload(harness.url, user.apiKey);
    expect(ok.status).toBe(200);
  });

  it("answers 503 DATABASE_UNAVAILABLE within 5 s when the database refuses connections", async () => {
    await proxy.cut();
    const result = await upload(harness.url, user.apiKey);
    expect(result).toMatchObject({ status: 503, code: "DATABASE_UNAVAILABLE" });
    expect(result.ms).toBeLessThan(5_000);
  });

  it("answers 503 DATABASE_UNAVAILABLE within 5 s when the database accepts but never answers", async () => {
    await proxy.blackhole();
    const result = await upload(harness.url, user.apiKey);
    expect(result).toMatchObject({ status: 503, code: "DATABASE_UNAVAILABLE" });
    expect(result.ms).toBeLessThan(5_000);
  });

  it("accepts uploads again once the database is back", async () => {
    await proxy.forward();
    const deadline = Date.now() + 15_000;
    let last = await upload(harness.url, user.apiKey);
    while (last.status !== 200 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 500));
      last = await upload(harness.url, user.apiKey);
    }
    expect(last.status).toBe(200);
  });
});

/** A redis-server of the test's own, which it may stop. */
async function startRedis(port: number): Promise<ChildProcess> {
  const child = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: ["ignore", "pipe", "pipe"] });
  await new Promise<void>((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      if (/Ready to accept connections/.test(out)) resolve();
    });
    child.once("exit", (code) => reject(new Error(`redis-server exited with ${code}: ${out}`)));
  });
  return child;
}

const isRunning = (child: ChildProcess | undefined): child is ChildProcess => !!child && child.exitCode === null && child.signalCode === null;

async function stopRedis(child: ChildProcess | undefined): Promise<void> {
  if (!isRunning(child)) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGKILL");
  await exited;
}

describe("uploads while Redis is stopped", () => {
  let redisPort: number;
  let redis: ChildProcess | undefined;
  let harness: ApiHarness;
  let user: ApiUser;

  beforeAll(async () => {
    redisPort = await freePort();
    redis = await startRedis(redisPort);
    harness = await startApiHarness({ withWorker: false, env: { REDIS_URL: `redis://127.0.0.1:${redisPort}` } });
    user = await harness.createUser();
  });

  afterAll(async () => {
    // BullMQ and pub/sub connections close cleanly only with a Redis to talk to.
    if (!isRunning(redis)) redis = await startRedis(redisPort);
    await harness?.close();
    await stopRedis(redis);
  });

  it("answers 503 QUEUE_UNAVAILABLE within 5 s instead of hanging in the rate-limit check", async () => {
    expect((await upload(harness.url, user.apiKey)).status).toBe(200);
    await stopRedis(redis);
    const result = await upload(harness.url, user.apiKey);
    expect(result).toMatchObject({ status: 503, code: "QUEUE_UNAVAILABLE" });
    expect(result.ms).toBeLessThan(5_000);
  });
});
