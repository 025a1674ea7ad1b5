import { randomUUID } from "node:crypto";
import pg from "pg";
import type { DataSource } from "typeorm";
import { createDataSource } from "../../src/db/data-source.js";

/** The database integration tests share; `test/support/global-setup.ts` creates and migrates it. */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/folio_test";
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

/** Connect to the migrated test database. */
export async function connectTestDatabase(): Promise<DataSource> {
  const dataSource = createDataSource({ url: TEST_DATABASE_URL, poolSize: 4 });
  await dataSource.initialize();
  return dataSource;
}

/** A unique suffix so each test owns its rows, queues and keys. */
export function uniqueId(): string {
  return randomUUID().slice(0, 8);
}

/** An e-mail no other test uses. */
export function uniqueEmail(label = "user"): string {
  return `${label}-${randomUUID()}@example.test`;
}

/** URL of another database on the same server. */
export function databaseUrl(name: string, base = TEST_DATABASE_URL): string {
  const url = new URL(base);
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * The migrated database nobody connects to, cloned for each pipeline or API
 * harness. Each test run has its own (the global setup names it and passes it
 * on in FOLIO_TEST_TEMPLATE), so test runs on one machine never disturb each other.
 */
export function templateDatabase(): string {
  const name = process.env.FOLIO_TEST_TEMPLATE;
  if (!name) throw new Error("FOLIO_TEST_TEMPLATE is not set: run the tests through vitest (its global setup creates the template).");
  return name;
}

/**
 * A database of the harness's own, cloned from the migrated template in a few
 * hundred milliseconds. Workers reconcile every QUEUED document of their
 * database, so harnesses that shared one would take each other's documents.
 */
export async function createIsolatedDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const template = templateDatabase();
  const name = `${template}_h${randomUUID().replace(/-/g, "").slice(0, 10)}`;
  await adminQuery(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
  return {
    url: databaseUrl(name),
    drop: () => adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
  };
}

/** Run one statement on the server's maintenance database (CREATE/DROP DATABASE). */
export async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl("postgres") });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
