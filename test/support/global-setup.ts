import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { adminQuery, databaseUrl } from "./database.js";

/** Test databases older than this are leftovers of a crashed run. */
const STALE_AFTER_SECONDS = 6 * 3600;

/** Apply migrations with the real CLI (`folio migrate`), the way an operator would. */
function migrate(url: string): void {
  execFileSync(process.execPath, ["--import", "tsx", "src/main.ts", "migrate"], {
    env: { ...process.env, DATABASE_URL: url, LOG_LEVEL: "warn", SIGNING_SECRET: "test-signing-secret-0123456789abcdef" },
    stdio: ["ignore", "inherit", "inherit"],
  });
}

async function withAdmin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: databaseUrl("postgres") });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * Once per test run:
 * - create this run's template (`folio_t<unix seconds>_<random>`) and migrate it with the real
 *   CLI; the pipeline and API harnesses clone their own databases from it (FOLIO_TEST_TEMPLATE);
 * - clone the run's shared database from it (`<template>_shared`, in TEST_DATABASE_URL), which
 *   tests without workers use (every test owns its rows there) — unless TEST_DATABASE_URL was
 *   set by the caller, then that database is created when missing, migrated and kept;
 * - drop templates and harness databases of runs that died more than six hours ago.
 * The teardown drops this run's template, shared and harness databases: a run leaves no database.
 */
export default async function setup(): Promise<() => Promise<void>> {
  // Every project that needs the database lists this setup, and vitest runs it once per project;
  // the first one in this process prepares the run, the others reuse it (teardowns run at the end).
  if (process.env.FOLIO_TEST_SETUP_PID === String(process.pid) && process.env.FOLIO_TEST_TEMPLATE) return async () => {};
  process.env.FOLIO_TEST_SETUP_PID = String(process.pid);
  const callerDatabase = process.env.FOLIO_TEST_RUN_DATABASE === process.env.TEST_DATABASE_URL ? undefined : process.env.TEST_DATABASE_URL;
  if (callerDatabase) {
    const name = new URL(callerDatabase).pathname.slice(1);
    await adminQuery(`CREATE DATABASE "${name}"`).catch((error: { code?: string }) => {
      if (error.code !== "42P04") throw error; // duplicate_database: already there
    });
    migrate(callerDatabase);
  }

  const now = Math.floor(Date.now() / 1000);
  const template = `folio_t${now}_${randomBytes(4).toString("hex")}`;
  await withAdmin(async (client) => {
    const { rows } = await client.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname ~ '^folio_t[0-9]+_'`);
    for (const { datname } of rows) {
      const started = Number(/^folio_t(\d+)_/.exec(datname)?.[1]);
      if (now - started > STALE_AFTER_SECONDS) await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    }
    await client.query(`CREATE DATABASE "${template}"`);
  });
  migrate(databaseUrl(template));
  process.env.FOLIO_TEST_TEMPLATE = template;
  if (!callerDatabase) {
    const shared = `${template}_shared`;
    await adminQuery(`CREATE DATABASE "${shared}" TEMPLATE "${template}"`);
    process.env.TEST_DATABASE_URL = process.env.FOLIO_TEST_RUN_DATABASE = databaseUrl(shared);
  }

  return async () => {
    await withAdmin(async (client) => {
      const { rows } = await client.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [`${template}%`]);
      for (const { datname } of rows) await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    });
  };
}
