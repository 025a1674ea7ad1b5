import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDataSource, migrate } from "../../src/db/data-source.js";
import { adminQuery, databaseUrl, uniqueId } from "../support/database.js";

const run = promisify(execFile);
const name = `folio_migrations_${uniqueId()}`;
const url = databaseUrl(name);

beforeAll(async () => {
  await adminQuery(`CREATE DATABASE "${name}"`);
});
afterAll(async () => {
  await adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
});

describe("migrations", () => {
  it("apply to an empty database, leave no drift, are idempotent and revert cleanly", async () => {
    const ds = createDataSource({ url });
    try {
      const ran = await migrate(ds);
      expect(ran.length).toBeGreaterThanOrEqual(2);
      const tables = (await ds.query(`SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`)) as { tablename: string }[];
      expect(tables.map((t) => t.tablename)).toEqual(
        expect.arrayContaining(["api_keys", "documents", "migrations", "processing_events", "processing_steps", "users"]),
      );
      // What `migration:generate --check` does: the entities would need no further SQL.
      const pending = await ds.driver.createSchemaBuilder().log();
      expect(pending.upQueries.map((q) => q.query)).toEqual([]);
      expect(await migrate(ds)).toEqual([]);
      for (let i = 0; i < ran.length; i++) await ds.undoLastMigration();
      const left = (await ds.query(`SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'migrations'`)) as { n: number }[];
      expect(left[0]!.n).toBe(0);
    } finally {
      await ds.destroy();
    }
  });

  it("run concurrently from several processes without conflict (advisory lock)", async () => {
    const other = `${name}_concurrent`;
    await adminQuery(`CREATE DATABASE "${other}"`);
    try {
      const env = { ...process.env, DATABASE_URL: databaseUrl(other), LOG_LEVEL: "error" };
      const results = await Promise.all(
        [1, 2, 3].map(() => run(process.execPath, ["--import", "tsx", "src/main.ts", "migrate"], { env })),
      );
      const applied = results.filter((r) => r.stdout.includes("Applied"));
      expect(applied).toHaveLength(1);
      expect(results.filter((r) => r.stdout.includes("up to date"))).toHaveLength(2);
    } finally {
      await adminQuery(`DROP DATABASE IF EXISTS "${other}" WITH (FORCE)`);
    }
  });
});
