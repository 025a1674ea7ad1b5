import { execFileSync } from "node:child_process";
import { adminQuery, TEST_DATABASE_URL } from "./database.js";

/**
 * Once per test run: create the shared test database when missing and migrate
 * it with the real CLI (`folio migrate`), the same way an operator would.
 * It is not dropped: every test owns its rows, so runs may overlap.
 */
export default async function setup(): Promise<void> {
  const name = new URL(TEST_DATABASE_URL).pathname.slice(1);
  await adminQuery(`CREATE DATABASE "${name}"`).catch((error: { code?: string }) => {
    if (error.code !== "42P04") throw error; // duplicate_database: already there
  });
  execFileSync(process.execPath, ["--import", "tsx", "src/main.ts", "migrate"], {
    env: { ...process.env, DATABASE_URL: TEST_DATABASE_URL, LOG_LEVEL: "warn" },
    stdio: ["ignore", "inherit", "inherit"],
  });
}
