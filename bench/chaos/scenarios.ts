/** The five fault-injection scenarios. Each gets a fresh cluster and returns what it observed; the audit happens afterwards. */

import type { Cluster } from "./cluster.js";
import { buildFiles, upload, uploadAll, type UploadAnswer, type UploadFile } from "./client.js";
import type { ChaosOptions, ScenarioName } from "./options.js";

/** Uploads answered during an outage, against what the issue requires (the code, within 5 s). */
export interface OutageAnswers {
  expectedCode: string;
  /** Answers by code (`OK` for an accepted upload). */
  codes: Record<string, number>;
  maxMs: number;
  /** Answers with another code or slower than {@link OUTAGE_ANSWER_LIMIT_MS}. */
  violations: string[];
}

/** What a scenario did and saw, before the document audit. */
export interface ScenarioRun {
  scenario: ScenarioName;
  /** The faults injected, for people ("50 × kill -9 worker"). */
  faults: string;
  uploads: { tried: number; answers: Record<string, number> };
  acceptedIds: string[];
  outage?: OutageAnswers;
  /** Every upload answer of the fault phase, for reading the timeline back (ms since the phase began). */
  timeline?: { atMs: number; ms: number; code: string; id?: string }[];
  /** Processes that exited without the script signalling them (restarted by the supervisor). */
  unexpectedExits: string[];
}

/** The bound the issue sets for any answer during an outage. */
export const OUTAGE_ANSWER_LIMIT_MS = 5_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const between = (min: number, max: number) => min + Math.random() * (max - min);

function countCodes(answers: readonly UploadAnswer[]): Record<string, number> {
  const codes: Record<string, number> = {};
  for (const a of answers) {
    const key = a.id ? "OK" : (a.code ?? `HTTP_${a.status}`);
    codes[key] = (codes[key] ?? 0) + 1;
  }
  return codes;
}

/**
 * Restart workers and the API when they exit without being told to (a deployment's supervisor
 * would); every such exit is reported.
 */
export function supervise(cluster: Cluster, exits: string[]): () => void {
  const timer = setInterval(() => {
    cluster.workers.forEach((w, i) => {
      if (!w.alive() && !w.signalled()) {
        exits.push(`worker${i} exited with ${w.child.exitCode ?? w.child.signalCode}`);
        cluster.startWorker(i);
      }
    });
    if (!cluster.api.alive() && !cluster.api.signalled()) {
      exits.push(`api exited with ${cluster.api.child.exitCode ?? cluster.api.child.signalCode}`);
      void cluster.startApi().catch(() => undefined);
    }
  }, 1000);
  return () => clearInterval(timer);
}

async function openDocuments(cluster: Cluster): Promise<number> {
  const { rows } = await cluster.pg.query<{ n: string }>(`SELECT count(*) AS n FROM documents WHERE status IN ('QUEUED', 'PROCESSING')`);
  return Number(rows[0]!.n);
}

/** Wait (up to `timeoutMs`) until some document's OCR step is running: the slow step a fault should interrupt. */
async function waitForOcr(cluster: Cluster, timeoutMs = 90_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const { rows } = await cluster.pg.query(
      `SELECT 1 FROM processing_steps s JOIN documents d ON d.id = s.document_id WHERE s.name = 'ocr' AND s.status = 'IN_PROGRESS' AND d.status = 'PROCESSING' LIMIT 1`,
    );
    if (rows.length > 0) return true;
    await sleep(250);
  }
  return false;
}

/** Upload a fresh small file every `everyMs` while `during` runs; returns every answer. */
async function probeUploads(cluster: Cluster, tag: string, durationMs: number, everyMs = 2_000): Promise<UploadAnswer[]> {
  const probes = await buildFiles(`${tag}-probe`, Math.ceil(durationMs / everyMs) + 1);
  const answers: UploadAnswer[] = [];
  const until = Date.now() + durationMs;
  for (const file of probes) {
    if (Date.now() >= until) break;
    const startedAt = Date.now();
    answers.push(await upload(cluster.apiUrl, cluster.apiKey, file, 20_000));
    await sleep(Math.max(0, everyMs - (Date.now() - startedAt)));
  }
  return answers;
}

function judgeOutage(answers: readonly UploadAnswer[], expectedCode: string): OutageAnswers {
  const violations: string[] = [];
  for (const a of answers) {
    if (a.id) continue; // accepted during the outage: it must then be processed like any other (audited)
    if (a.code !== expectedCode) violations.push(`answered ${a.code ?? a.status} instead of ${expectedCode} after ${a.ms} ms`);
    else if (a.ms > OUTAGE_ANSWER_LIMIT_MS) violations.push(`${expectedCode} took ${a.ms} ms (limit ${OUTAGE_ANSWER_LIMIT_MS})`);
  }
  return { expectedCode, codes: countCodes(answers), maxMs: Math.max(0, ...answers.map((a) => a.ms)), violations };
}

function accepted(answers: readonly UploadAnswer[]): string[] {
  return [...new Set(answers.flatMap((a) => (a.id ? [a.id] : [])))];
}

/** Upload the scenario's batch; an upload refused before any fault is an error of the script's set-up, not an outcome. */
async function uploadBatch(cluster: Cluster, files: readonly UploadFile[]): Promise<UploadAnswer[]> {
  const answers = await uploadAll(cluster.apiUrl, cluster.apiKey, files);
  const refused = answers.filter((a) => !a.id);
  if (refused.length > 0) throw new Error(`${refused.length} upload(s) refused before any fault: ${JSON.stringify(countCodes(refused))}`);
  return answers;
}

/** 1. kill -9 of a random worker, `kills` times (restarted each time), while the batch runs. */
async function workerKill(cluster: Cluster, o: ChaosOptions, exits: string[]): Promise<ScenarioRun> {
  const files = await buildFiles("kill", o.killDocs, { receiptEvery: 6 });
  const answers = await uploadBatch(cluster, files);
  let kills = 0;
  while (kills < o.kills && (await openDocuments(cluster)) > 0) {
    await sleep(between(500, 2_500));
    const ready = cluster.workers.map((w, i) => ({ w, i })).filter(({ w }) => w.isReady());
    if (ready.length === 0) {
      await Promise.race(cluster.workers.map((w) => w.ready.catch(() => undefined)));
      continue;
    }
    const { w, i } = ready[Math.floor(Math.random() * ready.length)]!;
    await w.kill("SIGKILL");
    kills++;
    cluster.startWorker(i);
  }
  return { scenario: "worker-kill", faults: `${kills} × kill -9 worker`, uploads: { tried: files.length, answers: countCodes(answers) }, acceptedIds: accepted(answers), unexpectedExits: exits };
}

/** 2. FLUSHALL on Redis while OCR steps run. */
async function redisFlush(cluster: Cluster, o: ChaosOptions, exits: string[]): Promise<ScenarioRun> {
  const files = await buildFiles("flush", o.docs, { scanEvery: 2, scanPages: 3, receiptEvery: 4 });
  const answers = await uploadBatch(cluster, files);
  let flushes = 0;
  for (let i = 0; i < o.flushes; i++) {
    if (!(await waitForOcr(cluster))) break;
    await sleep(between(500, 2_000));
    await cluster.redis.flushAll();
    flushes++;
    await sleep(8_000);
  }
  return { scenario: "redis-flush", faults: `${flushes} × FLUSHALL mid-OCR`, uploads: { tried: files.length, answers: countCodes(answers) }, acceptedIds: accepted(answers), unexpectedExits: exits };
}

/** 3. Redis stopped (data lost) mid-OCR for `redisOutageMs`, uploads meanwhile, then restarted empty. */
async function redisRestart(cluster: Cluster, o: ChaosOptions, exits: string[]): Promise<ScenarioRun> {
  const files = await buildFiles("redis", o.docs, { scanEvery: 3, scanPages: 3, receiptEvery: 3 });
  const answers = await uploadBatch(cluster, files);
  await waitForOcr(cluster);
  await cluster.redis.stop();
  const during = await probeUploads(cluster, "redis", o.redisOutageMs);
  await cluster.redis.start();
  return {
    scenario: "redis-restart",
    faults: `Redis down ${Math.round(o.redisOutageMs / 1000)} s, restarted empty`,
    uploads: { tried: files.length + during.length, answers: countCodes([...answers, ...during]) },
    acceptedIds: accepted([...answers, ...during]),
    outage: judgeOutage(during, "QUEUE_UNAVAILABLE"),
    unexpectedExits: exits,
  };
}

/** 4. PostgreSQL unreachable (the proxy refuses connections) mid-OCR for `postgresOutageMs`, uploads meanwhile. */
async function postgresOutage(cluster: Cluster, o: ChaosOptions, exits: string[]): Promise<ScenarioRun> {
  const files = await buildFiles("pg", o.docs, { scanEvery: 3, scanPages: 3, receiptEvery: 3 });
  const answers = await uploadBatch(cluster, files);
  await waitForOcr(cluster);
  await cluster.proxy.cut();
  const during = await probeUploads(cluster, "pg", o.postgresOutageMs);
  await cluster.proxy.forward();
  return {
    scenario: "postgres-outage",
    faults: `PostgreSQL cut ${Math.round(o.postgresOutageMs / 1000)} s`,
    uploads: { tried: files.length + during.length, answers: countCodes([...answers, ...during]) },
    acceptedIds: accepted([...answers, ...during]),
    outage: judgeOutage(during, "DATABASE_UNAVAILABLE"),
    unexpectedExits: exits,
  };
}

/** 5. kill -9 of the API while uploads stream in (4 in flight); it is restarted each time. An upload cut off is not retried. */
async function apiKill(cluster: Cluster, o: ChaosOptions, exits: string[]): Promise<ScenarioRun> {
  const files = await buildFiles("api", o.apiUploads, { scanEvery: 3, scanPages: 2, receiptEvery: 3 });
  const answers: UploadAnswer[] = [];
  const phaseStarted = Date.now();
  const killTimes: number[] = [];
  let next = 0;
  // Set from the moment the script kills the API until its successor is ready: uploads the script
  // already knows would be refused are not made (they would only use up the batch).
  let restarting = false;
  const uploaders = Array.from({ length: 4 }, async () => {
    while (next < files.length) {
      if (restarting || !cluster.api.isReady()) {
        await sleep(50);
        continue;
      }
      answers.push(await upload(cluster.apiUrl, cluster.apiKey, files[next++]!, 30_000));
    }
  });
  // Kill k of `apiKills` once about k/(apiKills+1) of the uploads were started, and never before
  // uploads are in flight again after the previous restart, so every kill lands among uploads.
  let kills = 0;
  const killer = (async () => {
    for (let k = 1; k <= o.apiKills; k++) {
      const at = Math.floor((k * files.length) / (o.apiKills + 1)) + Math.floor(between(-1, 2));
      const minimum = next + 4;
      while ((next < Math.max(1, at) || next < minimum) && next < files.length) await sleep(20);
      await sleep(between(0, 300));
      if (next >= files.length) break;
      restarting = true;
      killTimes.push(Date.now());
      await cluster.api.kill("SIGKILL");
      kills++;
      await cluster.startApi();
      restarting = false;
    }
  })();
  await Promise.all([...uploaders, killer]);
  return {
    scenario: "api-kill",
    faults: `${kills} × kill -9 API during uploads`,
    uploads: { tried: answers.length, answers: countCodes(answers) },
    acceptedIds: accepted(answers),
    timeline: [...answers.map((a) => ({ atMs: a.startedAt - phaseStarted, ms: a.ms, code: a.id ? "OK" : (a.code ?? String(a.status)), ...(a.id ? { id: a.id } : {}) })), ...killTimes.map((t) => ({ atMs: t - phaseStarted, ms: 0, code: "KILL" }))].sort((x, y) => x.atMs - y.atMs),
    unexpectedExits: exits,
  };
}

const RUNNERS: Record<ScenarioName, (cluster: Cluster, o: ChaosOptions, exits: string[]) => Promise<ScenarioRun>> = {
  "worker-kill": workerKill,
  "redis-flush": redisFlush,
  "redis-restart": redisRestart,
  "postgres-outage": postgresOutage,
  "api-kill": apiKill,
};

/** Run one scenario's faults on its cluster (run {@link supervise} around it); `exits` collects unexpected process exits. */
export function runScenario(name: ScenarioName, cluster: Cluster, options: ChaosOptions, exits: string[]): Promise<ScenarioRun> {
  return RUNNERS[name](cluster, options, exits);
}
