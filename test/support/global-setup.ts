import { execFileSync } from "node:child_process";
import pg from "pg";
import { adminQuery, databaseUrl, HARNESS_DATABASE_PREFIX, TEMPLATE_DATABASE, TEST_DATABASE_URL } from "./database.js";

/** Apply migrations with the real CLI (`folio migrate`), the way an operator would. */
function migrate(url: string): void {
  execFileSync(process.execPath, ["--import", "tsx", "src/main.ts", "migrate"], {
    env: { ...process.env, DATABASE_URL: url, LOG_LEVEL: "warn" },
    stdio: ["ignore", "inherit", "inherit"],
  });
}

/**
 * Once per test run:
 * - create the shared test database when missing and migrate it (tests without
 *   workers use it; it is not dropped, since every test owns its rows);
 * - rebuild the template the pipeline and API harnesses clone their own databases from;
 * - drop harness databases a crashed earlier run left behind.
 */
export default async function setup(): Promise<void> {
  const shared = new URL(TEST_DATABASE_URL).pathname.slice(1);
  await adminQuery(`CREATE DATABASE "${shared}"`).catch((error: { code?: string }) => {
    if (error.code !== "42P04") throw error; // duplicate_database: already there
  });
  migrate(TEST_DATABASE_URL);

  const client = new pg.Client({ connectionString: databaseUrl("postgres") });
  await client.connect();
  try {
    const leftovers = await client.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [`${HARNESS_DATABASE_PREFIX}%`]);
    for (const { datname } of leftovers.rows) await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    await client.query(`DROP DATABASE IF EXISTS "${TEMPLATE_DATABASE}" WITH (FORCE)`);
    await client.query(`CREATE DATABASE "${TEMPLATE_DATABASE}"`);
  } finally {
    await client.end();
  }
  migrate(databaseUrl(TEMPLATE_DATABASE));
}
