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
