import { createRequire } from "node:module";
import { defineConfig } from "vitest/config";

const require = createRequire(import.meta.url);

/** Creates the test databases (PostgreSQL) once per run; only the tiers that talk to services need it. */
const DATABASE_SETUP = "test/support/global-setup.ts";

export default defineConfig({
  resolve: {
    // Node loads graphql's CommonJS entry for type-graphql, Apollo and graphql-ws; Vite would
    // give our own files the ESM build (package.json "module"), and graphql rejects objects
    // made by the other copy. Resolve it exactly as Node does.
    alias: [{ find: /^graphql$/, replacement: require.resolve("graphql") }],
  },
  test: {
    // TypeORM loads migrations with a native import(); tsx must be registered in the forks.
    execArgv: ["--import", "tsx"],
    pool: "forks",
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // `npm test` runs unit, integration, security, e2e and browser (the repository alone);
    // `npm run test:corpus` runs corpus (needs ../shared/corpus or FOLIO_CORPUS, fails without it).
    projects: [
      // Pure logic: no PostgreSQL, Redis or S3 (`npm run test:unit` passes with them stopped).
      { extends: true, test: { name: "unit", include: ["test/unit/**/*.test.ts"] } },
      { extends: true, test: { name: "integration", include: ["test/integration/**/*.test.ts"], globalSetup: [DATABASE_SETUP] } },
      { extends: true, test: { name: "security", include: ["test/security/**/*.test.ts"], globalSetup: [DATABASE_SETUP] } },
      { extends: true, test: { name: "e2e", include: ["test/e2e/**/*.test.ts"], globalSetup: [DATABASE_SETUP] } },
      { extends: true, test: { name: "browser", include: ["test/browser/**/*.test.ts"], globalSetup: [DATABASE_SETUP] } },
      {
        extends: true,
        test: { name: "corpus", include: ["test/corpus/**/*.test.ts"], globalSetup: ["test/support/corpus-setup.ts", DATABASE_SETUP] },
      },
    ],
  },
});
