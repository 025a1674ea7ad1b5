/**
 * `npm run bench:upload`: does a large upload stream through the API, or does the API buffer it?
 *
 * For each storage driver (local directory; s3 against s3rver in its own process) the bench starts
 * `folio serve` as a child process, uploads one large file to it with curl (a GraphQL multipart
 * request, streamed from disk by curl), and samples the API process's resident memory
 * (/proc/<pid>/status VmRSS) every 25 ms. Side by side, in the same run and on the same file:
 * - `raw put`: Folio's own driver writing the file straight into the same store in a child process
 *   (`ObjectStore.put`: the floor of what any upload costs, hashing included), also RSS-sampled;
 * - `cp` of the file into the storage directory (local driver only), for the disk's speed;
 * - with the s3 driver, the direct path: a presigned PUT by curl to s3rver (requestUpload), then
 *   completeUpload, whose verification streams the object back through SHA-256 (API RSS sampled).
 *
 * Results: bench/results/upload-<timestamp>.json (gitignored) and a table on stdout. Target (issue 13,
 * item 6): ≤ 64 MiB RSS growth of the API for a 1 GiB upload. The machine is shared: read the
 * ratios, not the absolute times.
 *
 *   npm run bench:upload                         # 1024 MiB, both drivers
 *   npm run bench:upload -- --mib 256 --drivers s3
 *
 * Needs PostgreSQL and Redis as for the tests (database folio_bench, created and migrated if
 * missing; BENCH_DATABASE_URL overrides) and curl.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { createWriteStream } from "node:fs";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { ApiKeyService } from "../src/auth/api-key.service.js";
import { createDataSource } from "../src/db/data-source.js";
import { UserEntity } from "../src/db/entities/index.js";
import { startS3Server, type TestS3Server } from "../test/support/s3rver.js";
import { freePort } from "../test/support/api-harness.js";
import { deleteRedisPrefix } from "../test/support/redis-cleanup.js";
import { BENCH_DATABASE_URL, ensureDatabase } from "./pipeline/run.js";

const MiB = 1024 * 1024;
const ROOT = process.cwd();

const { values } = parseArgs({
  options: {
    mib: { type: "string", default: "1024" },
    drivers: { type: "string", default: "local,s3" },
  },
});
const sizeMiB = Number(values.mib);
const drivers = String(values.drivers).split(",").map((d) => d.trim()) as ("local" | "s3")[];
if (!Number.isInteger(sizeMiB) || sizeMiB < 1 || drivers.some((d) => d !== "local" && d !== "s3")) {
  process.stderr.write("usage: npm run bench:upload -- [--mib N] [--drivers local,s3]\n");
  process.exit(2);
}

/** Resident memory of a process in bytes, or null once it is gone. */
async function rssOf(pid: number): Promise<number | null> {
  const status = await fs.readFile(`/proc/${pid}/status`, "utf8").catch(() => null);
  const match = status && /VmRSS:\s+(\d+) kB/.exec(status);
  return match ? Number(match[1]) * 1024 : null;
}

/** Samples a process's RSS every 25 ms until stopped; reports the peak. */
function sampleRss(pid: number): { stop(): Promise<{ peak: number; samples: number }> } {
  let peak = 0;
  let samples = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      const rss = await rssOf(pid);
      if (rss !== null) {
        peak = Math.max(peak, rss);
        samples++;
      }
      await new Promise((r) => setTimeout(r, 25));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return { peak, samples };
    },
  };
}

/** The median of a few RSS samples of an idle process: its level before the measured work. */
async function idleRss(pid: number): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < 10; i++) {
    samples.push((await rssOf(pid)) ?? 0);
    await new Promise((r) => setTimeout(r, 50));
  }
  samples.sort((a, b) => a - b);
  return samples[5]!;
}

function run(command: string, args: string[], options: { env?: NodeJS.ProcessEnv } = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: options.env ?? process.env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    child.once("error", reject);
    child.once("exit", (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

/** Write `mib` MiB of incompressible bytes; returns the file's SHA-256. */
async function makeFile(file: string, mib: number): Promise<string> {
  const block = randomBytes(16 * MiB);
  const hash = createHash("sha256");
  const out = createWriteStream(file);
  for (let written = 0; written < mib * MiB; ) {
    const chunk = block.subarray(0, Math.min(block.length, mib * MiB - written));
    // A different first byte per block keeps blocks distinct without generating 1 GiB of randomness.
    chunk[0] = (written / block.length) & 0xff;
    hash.update(chunk);
    if (!out.write(chunk)) await new Promise<void>((r) => out.once("drain", () => r()));
    written += chunk.length;
  }
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
  return hash.digest("hex");
}

interface ApiProcess {
  child: ChildProcess;
  url: string;
  stop(): Promise<void>;
}

async function startApi(env: NodeJS.ProcessEnv): Promise<ApiProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts", "serve", "--no-migrate"], {
    cwd: ROOT,
    env: { ...env, PORT: String(port), HOST: "127.0.0.1", PUBLIC_URL: `http://127.0.0.1:${port}` },
    stdio: ["ignore", "inherit", "inherit"],
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`folio serve exited with ${child.exitCode}`);
    if (await fetch(`${url}/healthz`).then((r) => r.ok, () => false)) break;
    if (Date.now() > deadline) throw new Error("folio serve did not start within 90 s");
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    child,
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

const UPLOAD = "mutation($file: Upload!) { uploadDocument(file: $file, input: { autoProcess: false, onDuplicate: PROCESS_AGAIN }) { created document { id sizeBytes } } }";

/** Upload `file` with curl as a GraphQL multipart request; curl streams it from disk. */
async function curlUpload(url: string, apiKey: string, file: string): Promise<{ id: string; sizeBytes: number }> {
  const result = await run("curl", [
    "-sS", "--fail-with-body", "-X", "POST", `${url}/graphql`,
    "-H", `authorization: Bearer ${apiKey}`,
    "-H", "apollo-require-preflight: true",
    "-H", "Expect:",
    "-F", `operations=${JSON.stringify({ query: UPLOAD, variables: { file: null } })}`,
    "-F", `map=${JSON.stringify({ 0: ["variables.file"] })}`,
    "-F", `0=@${file};type=application/octet-stream`,
  ]);
  const body = JSON.parse(result.stdout || "{}") as { data?: { uploadDocument?: { document: { id: string; sizeBytes: number } } }; errors?: unknown };
  if (result.code !== 0 || !body.data?.uploadDocument) throw new Error(`upload failed (curl ${result.code}): ${result.stdout}${result.stderr}`);
  return body.data.uploadDocument.document;
}

async function graphql<T>(url: string, apiKey: string, query: string, variables: Record<string, unknown>): Promise<T> {
  const response = await fetch(`${url}/graphql`, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${apiKey}` }, body: JSON.stringify({ query, variables }) });
  const body = (await response.json()) as { data?: T; errors?: { message: string; extensions?: { code?: string } }[] };
  if (body.errors?.length) throw new Error(`${body.errors[0]!.extensions?.code}: ${body.errors[0]!.message}`);
  return body.data as T;
}

interface Measurement {
  ms: number;
  mibPerS: number;
  rssIdleMiB?: number;
  rssPeakMiB?: number;
  rssGrowthMiB?: number;
  samples?: number;
}

const round = (n: number) => Math.round(n * 10) / 10;

function measured(ms: number, idle?: number, peak?: { peak: number; samples: number }): Measurement {
  const m: Measurement = { ms: Math.round(ms), mibPerS: round(sizeMiB / (ms / 1000)) };
  if (idle !== undefined && peak) Object.assign(m, { rssIdleMiB: round(idle / MiB), rssPeakMiB: round(peak.peak / MiB), rssGrowthMiB: round(Math.max(0, peak.peak - idle) / MiB), samples: peak.samples });
  return m;
}

async function rawPut(env: NodeJS.ProcessEnv, file: string): Promise<Measurement> {
  const child = spawn(process.execPath, ["--import", "tsx", "bench/upload/raw-put.ts", file], { cwd: ROOT, env, stdio: ["pipe", "pipe", "inherit"] });
  const lines: string[] = [];
  let buffered = "";
  let onLine: (() => void) | null = null;
  child.stdout!.on("data", (c: Buffer) => {
    buffered += c.toString();
    let nl;
    while ((nl = buffered.indexOf("\n")) >= 0) {
      lines.push(buffered.slice(0, nl));
      buffered = buffered.slice(nl + 1);
      onLine?.();
    }
  });
  const nextLine = async (): Promise<string> => {
    while (lines.length === 0) {
      if (child.exitCode !== null) throw new Error(`raw put exited with ${child.exitCode}`);
      await new Promise<void>((r) => {
        onLine = r;
        setTimeout(r, 200);
      });
    }
    return lines.shift()!;
  };
  await nextLine(); // ready
  const idle = await idleRss(child.pid!);
  const sampler = sampleRss(child.pid!);
  child.stdin!.write("go\n");
  const result = JSON.parse(await nextLine()) as { ms: number };
  const peak = await sampler.stop();
  child.stdin!.end();
  return measured(result.ms, idle, peak);
}

async function main(): Promise<void> {
  const check = await run("curl", ["--version"]).catch(() => null);
  if (!check || check.code !== 0) throw new Error("curl is needed (apt-get install -y curl)");
  process.stderr.write(`Preparing ${BENCH_DATABASE_URL.replace(/\/\/[^@]*@/, "//")} …\n`);
  await ensureDatabase(BENCH_DATABASE_URL);
  const work = await fs.mkdtemp(path.join(os.tmpdir(), "folio-upload-bench-"));
  const file = path.join(work, "large.bin");
  process.stderr.write(`Writing a ${sizeMiB} MiB file …\n`);
  const sha256 = await makeFile(file, sizeMiB);

  const dataSource = createDataSource({ url: BENCH_DATABASE_URL, poolSize: 2 });
  await dataSource.initialize();
  const user = await dataSource.getRepository(UserEntity).save({ email: `upload-bench-${randomBytes(4).toString("hex")}@example.test`, isAdmin: false });
  const { key: apiKey } = await new ApiKeyService(dataSource).create(user.id, "upload-bench");
  // deleteRedisPrefix only sweeps test- prefixes: the bench owns this one and removes it at the end.
  const prefix = `test-uploadbench-${randomBytes(4).toString("hex")}`;
  const report: Record<string, unknown> = {
    startedAt: new Date().toISOString(),
    machine: { cpus: os.availableParallelism(), memoryMiB: Math.round(os.totalmem() / MiB), node: process.version, note: "shared with other work: compare within a run" },
    sizeMiB,
    targetRssGrowthMiB: 64,
    drivers: {} as Record<string, unknown>,
  };
  let s3: TestS3Server | null = null;
  try {
    for (const driver of drivers) {
      const storageDir = path.join(work, `store-${driver}`);
      await fs.mkdir(storageDir, { recursive: true });
      const env: NodeJS.ProcessEnv = {
        ...process.env,
        NODE_ENV: "development",
        LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? "warn",
        DATABASE_URL: BENCH_DATABASE_URL,
        DATABASE_POOL_SIZE: "4",
        QUEUE_PREFIX: prefix,
        SIGNING_SECRET: randomBytes(32).toString("hex"),
        METRICS_PORT: "0",
        // Raised for the bench only: the default limit is 100 MiB.
        MAX_UPLOAD_BYTES: String(sizeMiB * MiB + MiB),
        UPLOAD_RATE_LIMIT: "1000",
        STORAGE_DRIVER: driver,
        STORAGE_DIR: storageDir,
      };
      if (driver === "s3") {
        s3 ??= await startS3Server();
        Object.assign(env, { S3_ENDPOINT: s3.endpoint, S3_ACCESS_KEY: s3.accessKey, S3_SECRET_KEY: s3.secretKey, S3_BUCKET: `bench-${randomBytes(3).toString("hex")}`, S3_PATH_STYLE: "true" });
      }
      process.stderr.write(`[${driver}] starting folio serve …\n`);
      const api = await startApi(env);
      const results: Record<string, unknown> = {};
      try {
        // Warm-up: load every module an upload touches before the idle level is taken.
        const warm = path.join(work, "warm.bin");
        await fs.writeFile(warm, randomBytes(64 * 1024));
        await curlUpload(api.url, apiKey, warm);

        process.stderr.write(`[${driver}] uploading ${sizeMiB} MiB through the API …\n`);
        const idle = await idleRss(api.child.pid!);
        const sampler = sampleRss(api.child.pid!);
        const t0 = performance.now();
        const doc = await curlUpload(api.url, apiKey, file);
        const ms = performance.now() - t0;
        const api1 = measured(ms, idle, await sampler.stop());
        if (doc.sizeBytes !== sizeMiB * MiB) throw new Error(`stored ${doc.sizeBytes} bytes, sent ${sizeMiB * MiB}`);
        results.apiUpload = api1;

        if (driver === "s3") {
          process.stderr.write(`[${driver}] direct upload: presigned PUT + completeUpload …\n`);
          const direct = await directUpload(api, apiKey, file, sha256).catch((error: Error) => ({ skipped: error.message }));
          results.directUpload = direct;
        }
      } finally {
        await api.stop();
      }
      process.stderr.write(`[${driver}] baseline: raw ObjectStore.put in a child process …\n`);
      results.rawPut = await rawPut(env, file);
      if (driver === "local") {
        const t0 = performance.now();
        await fs.copyFile(file, path.join(storageDir, "cp.bin"));
        results.cp = measured(performance.now() - t0);
        await fs.rm(path.join(storageDir, "cp.bin"));
      }
      const apiMs = (results.apiUpload as Measurement).ms;
      const rawMs = (results.rawPut as Measurement).ms;
      results.apiOverRawTime = round(apiMs / rawMs);
      (report.drivers as Record<string, unknown>)[driver] = results;
    }
  } finally {
    await dataSource.getRepository(UserEntity).delete({ id: user.id });
    await dataSource.destroy();
    await deleteRedisPrefix(process.env.REDIS_URL ?? "redis://127.0.0.1:6379", prefix).catch(() => undefined);
    await s3?.stop();
    await fs.rm(work, { recursive: true, force: true });
  }

  const dir = path.join(ROOT, "bench", "results");
  await fs.mkdir(dir, { recursive: true });
  const out = path.join(dir, `upload-${new Date().toISOString().replace(/[:.]/g, "-")}.json`);
  await fs.writeFile(out, `${JSON.stringify(report, null, 2)}\n`);
  printTable(report);
  console.log(`results: ${path.relative(ROOT, out)}`);
}

/** requestUpload → curl PUT to the presigned URL → completeUpload, with the API's RSS sampled during completeUpload. */
async function directUpload(api: ApiProcess, apiKey: string, file: string, sha256: string): Promise<Record<string, unknown>> {
  const size = sizeMiB * MiB;
  const t0 = performance.now();
  const { requestUpload } = await graphql<{ requestUpload: { id: string; url: string; method: string; headers: { name: string; value: string }[] } }>(
    api.url,
    apiKey,
    "mutation($file: DirectUploadFileInput!) { requestUpload(file: $file, input: { autoProcess: false }) { id url method headers { name value } } }",
    { file: { filename: "large.bin", contentType: "application/octet-stream", sizeBytes: size, sha256 } },
  );
  const headerArgs = requestUpload.headers.flatMap((h) => ["-H", `${h.name}: ${h.value}`]);
  const put = await run("curl", ["-sS", "--fail-with-body", "-X", requestUpload.method, "-H", "Expect:", ...headerArgs, "--upload-file", file, requestUpload.url]);
  if (put.code !== 0) throw new Error(`presigned PUT failed: ${put.stdout}${put.stderr}`);
  const putMs = performance.now() - t0;
  const idle = await idleRss(api.child.pid!);
  const sampler = sampleRss(api.child.pid!);
  const t1 = performance.now();
  const { completeUpload } = await graphql<{ completeUpload: { document: { sizeBytes: number } } }>(api.url, apiKey, "mutation($id: ID!) { completeUpload(id: $id) { document { sizeBytes } } }", { id: requestUpload.id });
  const completeMs = performance.now() - t1;
  if (completeUpload.document.sizeBytes !== size) throw new Error("completeUpload recorded the wrong size");
  return { put: measured(putMs), complete: measured(completeMs, idle, await sampler.stop()), totalMs: Math.round(putMs + completeMs) };
}

function printTable(report: Record<string, unknown>): void {
  const rows: string[][] = [["driver", "path", "time ms", "MiB/s", "RSS growth MiB"]];
  for (const [driver, results] of Object.entries(report.drivers as Record<string, Record<string, unknown>>)) {
    for (const [name, value] of Object.entries(results)) {
      if (name === "directUpload" && value && typeof value === "object" && "put" in value) {
        const d = value as { put: Measurement; complete: Measurement };
        rows.push([driver, "direct: presigned PUT", String(d.put.ms), String(d.put.mibPerS), "-"]);
        rows.push([driver, "direct: completeUpload", String(d.complete.ms), String(d.complete.mibPerS), String(d.complete.rssGrowthMiB ?? "-")]);
        continue;
      }
      if (!value || typeof value !== "object" || !("ms" in value)) continue;
      const m = value as Measurement;
      rows.push([driver, name, String(m.ms), String(m.mibPerS), m.rssGrowthMiB === undefined ? "-" : String(m.rssGrowthMiB)]);
    }
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  for (const row of rows) console.log(row.map((c, i) => c.padEnd(widths[i]!)).join("  "));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
