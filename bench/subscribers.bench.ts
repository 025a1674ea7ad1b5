/**
 * `npm run bench:subscribers`: live fan-out from one API process to many
 * graphql-ws subscribers, measured against a raw Redis subscriber in the same run.
 *
 * Starts the API (`folio serve`) in a child process, opens N graphql-ws
 * subscriptions to one document's `documentProgress` from K client processes
 * (so the clients are not CPU-bound in one process) and one raw Redis
 * subscriber on the events channel, then publishes E events of that document
 * on Redis. For each event it reports the lag of the median, p99 and last
 * subscriber behind the raw Redis subscriber (all processes read the same
 * monotonic clock), and the API's RSS growth per idle subscription.
 *
 * Flags: --subscribers N (1000) --clients K (4) --events E (40) --interval-ms I (50) --warmup-events W (5)
 * --idle-ms M (15000: quiet time before each RSS reading) --heap-snapshots (also the live heap per subscription,
 * from a heap snapshot of the API before and after opening them: exact, where RSS depends on when V8 collects) --label L
 * Results: bench/results/subscribers-<label>-<time>.json and bench/results/subscribers-latest.json.
 */
import { fork, spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { print } from "graphql";
import { Redis } from "ioredis";
import { createAppContext } from "../src/app/app-context.js";
import { createPipelineServices } from "../src/app/pipeline-services.js";
import { DocumentProgressDocument } from "../src/client/index.js";
import { loadConfig } from "../src/config/env.js";
import { UserEntity } from "../src/db/entities/index.js";
import { eventsChannel, type ProgressEvent } from "../src/events/progress-event.js";
import { createLogger } from "../src/logging/logger.js";
import { Readable } from "node:stream";
import { BENCH_DATABASE_URL, benchEnv, ensureDatabase, removeQueueKeys } from "./pipeline/run.js";
import { quantile, round } from "./pipeline/stats.js";
import { gitCommit } from "./pipeline/report.js";
import type { ClientCommand, ClientReply } from "./subscribers/client.js";

interface Options {
  subscribers: number;
  clients: number;
  events: number;
  intervalMs: number;
  warmupEvents: number;
  idleMs: number;
  heapSnapshots: boolean;
  label: string;
}

function parseArgs(argv: string[]): Options {
  const o: Options = { subscribers: 1000, clients: 4, events: 40, intervalMs: 50, warmupEvents: 5, idleMs: 15_000, heapSnapshots: false, label: "run" };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    if (flag === "--heap-snapshots") {
      o.heapSnapshots = true;
      continue;
    }
    const value = argv[++i];
    if (value === undefined) throw new Error(`${flag} needs a value`);
    if (flag === "--label") o.label = value.replace(/[^A-Za-z0-9_-]/g, "");
    else {
      const n = Number(value);
      if (!Number.isInteger(n) || n < 0) throw new Error(`${flag} wants a whole number`);
      if (flag === "--subscribers") o.subscribers = n;
      else if (flag === "--clients") o.clients = Math.max(1, n);
      else if (flag === "--events") o.events = n;
      else if (flag === "--interval-ms") o.intervalMs = n;
      else if (flag === "--warmup-events") o.warmupEvents = n;
      else if (flag === "--idle-ms") o.idleMs = n;
      else throw new Error(`unknown flag ${flag}`);
    }
  }
  return o;
}

const nowMs = () => Number(process.hrtime.bigint()) / 1e6;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function rssBytes(pid: number): Promise<number> {
  const status = await fs.readFile(`/proc/${pid}/status`, "utf8");
  const kb = /VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1];
  return Number(kb ?? 0) * 1024;
}

/**
 * RSS of an idle process: sampled after `idleMs` without traffic, so that V8's
 * memory reducer has collected the garbage of setting up and returned pages
 * (a figure taken at once would count garbage not yet collected).
 */
async function settledRss(pid: number, idleMs: number): Promise<number> {
  await sleep(idleMs);
  const samples: number[] = [];
  for (let i = 0; i < 5; i++) {
    samples.push(await rssBytes(pid));
    await sleep(200);
  }
  return samples.sort((a, b) => a - b)[2]!;
}

async function waitHealthy(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`API exited (${child.exitCode}):\n${output()}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) return;
    } catch {
      /* not up yet */
    }
    await sleep(200);
  }
  throw new Error(`API did not become healthy:\n${output()}`);
}

function ask<T extends ClientReply["kind"]>(child: ChildProcess, command: ClientCommand, kind: T): Promise<Extract<ClientReply, { kind: T }>> {
  return new Promise((resolve) => {
    const onMessage = (reply: ClientReply) => {
      if (reply.kind !== kind) return;
      child.off("message", onMessage);
      resolve(reply as Extract<ClientReply, { kind: T }>);
    };
    child.on("message", onMessage);
    child.send(command);
  });
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  await ensureDatabase(BENCH_DATABASE_URL);
  const prefix = `bench-${randomBytes(4).toString("hex")}`;
  const storageDir = await fs.mkdtemp(path.join(os.tmpdir(), "folio-bench-subs-"));
  const port = 20_000 + Math.floor(Math.random() * 20_000);
  const env: Record<string, string> = {
    ...benchEnv(storageDir, prefix, 1),
    HOST: "127.0.0.1",
    PORT: String(port),
    METRICS_PORT: "0",
    MAX_SUBSCRIPTIONS_PER_KEY: String(options.subscribers + 100),
  };
  const config = loadConfig({ ...process.env, ...env });
  const ctx = await createAppContext(config, { logger: createLogger({ level: "warn", name: "folio-bench" }) });
  const services = createPipelineServices(ctx);
  const url = `http://127.0.0.1:${port}`;
  const children: ChildProcess[] = [];
  let api: ChildProcess | undefined;
  const redis = new Redis(config.redisUrl);
  const raw = new Redis(config.redisUrl);
  let ownerId: string | undefined;
  try {
    const owner = await ctx.dataSource.getRepository(UserEntity).save({ email: `${prefix}@bench.invalid`, isAdmin: false });
    ownerId = owner.id;
    const { key } = await ctx.apiKeys.create(owner.id, "bench");
    // One document with its first event (document.queued, seq 1) in the log; no worker runs, so the bench's events are the only others.
    const { document } = await services.intake.submit({ ownerId: owner.id, filename: "bench.pdf", contentType: "application/pdf", stream: Readable.from([Buffer.from("%PDF-1.4 bench\n")]) });

    const inherited = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(DATABASE_URL|REDIS_URL|FOLIO_|STORAGE_|S3_|SIGNING_SECRET|NODE_ENV|PORT|HOST|QUEUE_PREFIX)/.test(k)));
    let apiOutput = "";
    // BENCH_API_NODE_OPTIONS, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof", profiles the API.
    const apiNodeArgs = (process.env.BENCH_API_NODE_OPTIONS ?? "").split(" ").filter(Boolean);
    const heapDir = options.heapSnapshots ? await fs.mkdtemp(path.join(os.tmpdir(), "folio-bench-heap-")) : null;
    if (heapDir) apiNodeArgs.push("--heapsnapshot-signal=SIGUSR2", `--diagnostic-dir=${heapDir}`);
    api = spawn(process.execPath, [...apiNodeArgs, "--import", "tsx", "src/main.ts", "serve", "--no-migrate"], { env: { ...inherited, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    api.stdout!.on("data", (c: Buffer) => (apiOutput += c.toString()));
    api.stderr!.on("data", (c: Buffer) => (apiOutput += c.toString()));
    await waitHealthy(url, api, () => apiOutput);

    const query = print(DocumentProgressDocument);
    const open = { cmd: "open" as const, url, authorization: `Bearer ${key}`, query, variables: { id: document.id, afterSeq: 0 } };
    for (let i = 0; i < options.clients; i++) {
      children.push(fork(path.resolve("bench/subscribers/client.ts"), [], { execArgv: ["--import", "tsx"], stdio: ["ignore", "inherit", "inherit", "ipc"] }));
    }
    // A few subscriptions first, so that lazily loaded code and caches are in the baseline, not charged to the subscriptions.
    await Promise.all(children.map((c) => ask(c, { ...open, count: 2 }, "opened")));
    /** Live heap bytes of the API (a snapshot collects garbage first), or null without --heap-snapshots. */
    const snapshot = async (): Promise<number | null> => {
      if (!heapDir) return null;
      const before = new Set(await fs.readdir(heapDir));
      api!.kill("SIGUSR2");
      let file: string | undefined;
      for (let i = 0; i < 600 && !file; i++) {
        await sleep(500);
        const name = (await fs.readdir(heapDir)).find((f) => !before.has(f) && f.endsWith(".heapsnapshot"));
        // Written when its size stops changing.
        if (name) {
          const a = (await fs.stat(path.join(heapDir, name))).size;
          await sleep(1000);
          if ((await fs.stat(path.join(heapDir, name))).size === a && a > 0) file = name;
        }
      }
      if (!file) return null;
      const snap = JSON.parse(await fs.readFile(path.join(heapDir, file), "utf8")) as { snapshot: { meta: { node_fields: string[] } }; nodes: number[] };
      const fields = snap.snapshot.meta.node_fields;
      const sizeAt = fields.indexOf("self_size");
      let total = 0;
      for (let i = sizeAt; i < snap.nodes.length; i += fields.length) total += snap.nodes[i]!;
      await fs.rm(path.join(heapDir, file));
      return total;
    };
    const rssBefore = await settledRss(api.pid!, options.idleMs);
    const heapBefore = await snapshot();
    process.stderr.write(`Opening ${options.subscribers} subscriptions from ${options.clients} client processes …\n`);
    const per = Math.floor(options.subscribers / options.clients);
    const openedReplies = await Promise.all(children.map((c, i) => ask(c, { ...open, count: i === 0 ? options.subscribers - per * (options.clients - 1) : per }, "opened")));
    const opened = openedReplies.reduce((n, r) => n + r.open, 0);
    const failed = openedReplies.reduce((n, r) => n + r.failed, 0);
    const rssAfter = await settledRss(api.pid!, options.idleMs);
    const heapAfter = await snapshot();
    if (heapDir) await fs.rm(heapDir, { recursive: true, force: true });
    const subscriptions = options.subscribers;

    const channel = eventsChannel(config.queue.prefix);
    const rawTimes = new Map<number, number>();
    raw.on("message", (_channel: string, message: string) => {
      const at = nowMs();
      const seq = (JSON.parse(message) as { seq: number }).seq;
      rawTimes.set(seq, at);
    });
    await raw.subscribe(channel);

    const total = options.warmupEvents + options.events;
    process.stderr.write(`Publishing ${total} events, one every ${options.intervalMs} ms …\n`);
    for (let i = 0; i < total; i++) {
      const seq = i + 2;
      const event = {
        documentId: document.id,
        ownerId: owner.id,
        seq,
        type: "step.progress",
        step: "ocr",
        status: "IN_PROGRESS",
        documentStatus: "PROCESSING",
        progress: Math.min(99, 10 + i),
        stepProgress: (i + 1) / total,
        message: `page ${i + 1} of ${total}`,
        detail: {},
        createdAt: new Date().toISOString(),
      } as unknown as ProgressEvent;
      await redis.publish(channel, JSON.stringify(event));
      await sleep(options.intervalMs);
    }
    const lastSeq = total + 1;
    const reports = await Promise.all(children.map((c) => ask(c, { cmd: "report", lastSeq, waitMs: 30_000 }, "report")));

    const perEvent: { seq: number; received: number; medianMs: number | null; p99Ms: number | null; lastMs: number | null }[] = [];
    for (let seq = 2 + options.warmupEvents; seq <= lastSeq; seq++) {
      const rawAt = rawTimes.get(seq);
      const lags = reports.flatMap((r) => r.times[seq] ?? []).map((t) => (rawAt === undefined ? Number.NaN : t - rawAt)).sort((a, b) => a - b);
      perEvent.push({ seq, received: lags.length, medianMs: round(quantile(lags, 0.5), 2), p99Ms: round(quantile(lags, 0.99), 2), lastMs: round(lags.at(-1) ?? null, 2) });
    }
    // Only events that reached every subscriber have a "last" lag; the others are counted apart (eventsFullyDelivered).
    const expected = opened + 2 * options.clients;
    const col = (k: "medianMs" | "p99Ms" | "lastMs") =>
      perEvent.filter((e) => e.received === expected).map((e) => e[k]).filter((v): v is number => typeof v === "number" && Number.isFinite(v)).sort((a, b) => a - b);
    const summary = (k: "medianMs" | "p99Ms" | "lastMs") => ({ p50: round(quantile(col(k), 0.5), 2), p99: round(quantile(col(k), 0.99), 2), max: round(col(k).at(-1) ?? null, 2) });
    const closedCodes = reports.flatMap((r) => r.closedCodes);
    const report = {
      bench: "subscribers",
      label: options.label,
      commit: gitCommit(),
      startedAt: new Date().toISOString(),
      machine: { cpus: os.cpus().length, note: "shared machine: other processes compete for the CPU; compare runs side by side" },
      options,
      subscriptions: { requested: subscriptions, opened, failed },
      memory: {
        rssBeforeMb: round(rssBefore / 1048576, 1),
        rssAfterMb: round(rssAfter / 1048576, 1),
        perSubscriptionKb: round((rssAfter - rssBefore) / subscriptions / 1024, 1),
        liveHeapPerSubscriptionKb: heapBefore !== null && heapAfter !== null ? round((heapAfter - heapBefore) / subscriptions / 1024, 1) : null,
      },
      lagBehindRawRedisMs: { median: summary("medianMs"), p99: summary("p99Ms"), last: summary("lastMs") },
      eventsFullyDelivered: perEvent.filter((e) => e.received === expected).length,
      eventsMeasured: perEvent.length,
      closedCodes: [...new Set(closedCodes)],
      clientErrors: reports.flatMap((r) => r.errors).slice(0, 10),
      perEvent,
    };
    const resultsDir = path.resolve("bench/results");
    await fs.mkdir(resultsDir, { recursive: true });
    const json = JSON.stringify(report, null, 2);
    const file = path.join(resultsDir, `subscribers-${options.label}-${report.startedAt.replace(/:/g, "-")}.json`);
    await fs.writeFile(file, json);
    await fs.writeFile(path.join(resultsDir, "subscribers-latest.json"), json);
    const { perEvent: _rows, ...short } = report;
    process.stdout.write(`${JSON.stringify(short, null, 2)}\nWritten to ${file}\n`);
  } finally {
    await Promise.all(children.map((c) => (c.connected ? new Promise<void>((r) => { c.once("exit", () => r()); c.send({ cmd: "close" }); setTimeout(() => { c.kill(); r(); }, 10_000); }) : undefined)));
    if (api && api.exitCode === null) {
      const exited = new Promise((r) => api!.once("exit", r));
      api.kill("SIGTERM");
      await exited;
    }
    raw.disconnect();
    redis.disconnect();
    if (ownerId) await ctx.dataSource.query(`DELETE FROM users WHERE id = $1`, [ownerId]).catch(() => undefined);
    await services.close();
    await ctx.close();
    await removeQueueKeys(config);
    await fs.rm(storageDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
