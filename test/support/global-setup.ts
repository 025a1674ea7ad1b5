import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { adminQuery, databaseUrl, TEST_DATABASE_URL } from "./database.js";

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
 * - create the shared test database when missing and migrate it (tests without
 *   workers use it; every test owns its rows there);
 * - create this run's template (`folio_t<unix seconds>_<random>`), which the
 *   pipeline and API harnesses clone their own databases from, and pass its
 *   name to the test processes in FOLIO_TEST_TEMPLATE;
 * - drop templates and harness databases of runs that died more than six hours ago.
 * The teardown drops this run's template and harness databases.
 */
export default async function setup(): Promise<() => Promise<void>> {
  const shared = new URL(TEST_DATABASE_URL).pathname.slice(1);
  await adminQuery(`CREATE DATABASE "${shared}"`).catch((error: { code?: string }) => {
    if (error.code !== "42P04") throw error; // duplicate_database: already there
  });
  migrate(TEST_DATABASE_URL);

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

  return async () => {
    await withAdmin(async (client) => {
      const { rows } = await client.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [`${template}%`]);
      for (const { datname } of rows) await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    });
  };
}
