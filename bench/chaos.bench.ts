/**
 * `npm run chaos`: fault-injection scenarios against real processes (one API, two workers), each
 * on its own PostgreSQL database and its own redis-server. See bench/README.md.
 */

import { randomBytes } from "node:crypto";
import pg from "pg";
import { auditDocuments, storageLeftovers, waitSettled } from "./chaos/audit.js";
import { ADMIN_DATABASE_URL, createTemplate, startCluster, type Cluster } from "./chaos/cluster.js";
import { parseOptions, UsageError, type ChaosOptions, type ScenarioName } from "./chaos/options.js";
import { renderTable, violations, writeResults, type ScenarioResult } from "./chaos/report.js";
import { runScenario, supervise } from "./chaos/scenarios.js";

/** Databases of chaos runs that died more than this long ago are dropped at start. */
const STALE_AFTER_SECONDS = 6 * 3600;

async function dropStaleDatabases(now: number): Promise<void> {
  const client = new pg.Client({ connectionString: ADMIN_DATABASE_URL });
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname ~ '^folio_chaos_[0-9]+_'`);
    for (const { datname } of rows) {
      const started = Number(/^folio_chaos_(\d+)_/.exec(datname)?.[1]);
      if (now - started > STALE_AFTER_SECONDS) await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    }
  } finally {
    await client.end();
  }
}

const log = (line: string) => process.stderr.write(`[chaos ${new Date().toISOString().slice(11, 19)}] ${line}\n`);

async function scenario(name: ScenarioName, options: ChaosOptions, startCl: () => Promise<Cluster>): Promise<ScenarioResult> {
  const started = Date.now();
  let cluster: Cluster | undefined;
  const result: Omit<ScenarioResult, "violations"> = { scenario: name, wallMs: 0 };
  try {
    cluster = await startCl();
    log(`${name}: API and two workers ready (logs in ${cluster.dir})`);
    const exits: string[] = [];
    const stop = supervise(cluster, exits);
    try {
      result.run = await runScenario(name, cluster, options, exits);
      log(`${name}: ${result.run.faults}; ${result.run.acceptedIds.length} accepted, settling (up to ${options.settleMs / 1000} s)`);
      const settleMs = await waitSettled(cluster.pg, options.settleMs);
      result.audit = await auditDocuments(cluster.pg, result.run.acceptedIds, Number(cluster.env.WORKER_CRASH_LIMIT ?? 3), settleMs);
    } finally {
      stop();
    }
    result.leftovers = await storageLeftovers(cluster.pg, cluster.storageDir);
    const verify = cluster.cli(["rebuild-steps", "--verify"]);
    result.verify = { code: verify.code, summary: verify.stdout.trim().split("\n").at(-1) ?? "" };
  } catch (error) {
    result.error = error instanceof Error ? error.message : String(error);
    log(`${name}: ${result.error}`);
  } finally {
    await cluster?.close(options.keep).catch((error: unknown) => log(`${name}: clean-up failed: ${String(error)}`));
  }
  result.wallMs = Date.now() - started;
  const done = { ...result, violations: violations(result) };
  log(`${name}: done in ${(done.wallMs / 1000).toFixed(0)} s, ${done.violations.length} violation(s)`);
  return done;
}

async function main(): Promise<number> {
  let options: ChaosOptions;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`${error.message}\n`);
      return 2;
    }
    throw error;
  }
  const startedAt = new Date().toISOString();
  const now = Math.floor(Date.now() / 1000);
  const runId = `${now}_${randomBytes(3).toString("hex")}`;
  await dropStaleDatabases(now);
  log(`run ${runId}: migrating the template database`);
  const template = await createTemplate(runId);
  const results: ScenarioResult[] = [];
  try {
    for (const name of options.scenarios) results.push(await scenario(name, options, () => startCluster(name, template, runId)));
  } finally {
    await template.drop();
  }
  const table = renderTable(results);
  process.stdout.write(`${table}\n`);
  const files = await writeResults(startedAt, options, results, table);
  process.stdout.write(`\nResults: ${files.json}\n         ${files.markdown}\n`);
  return results.some((r) => r.violations.length > 0) ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`chaos run failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
