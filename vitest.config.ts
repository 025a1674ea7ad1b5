import { createRequire } from "node:module";
import { defineConfig } from "vitest/config";

const require = createRequire(import.meta.url);

export default defineConfig({
  resolve: {
    // Node loads graphql's CommonJS entry for type-graphql, Apollo and graphql-ws; Vite would
    // give our own files the ESM build (package.json "module"), and graphql rejects objects
    // made by the other copy. Resolve it exactly as Node does.
    alias: [{ find: /^graphql$/, replacement: require.resolve("graphql") }],
  },
  test: {
    include: ["test/**/*.test.ts"],
    // TypeORM loads migrations with a native import(); tsx must be registered in the forks.
    execArgv: ["--import", "tsx"],
    pool: "forks",
    globalSetup: ["test/support/global-setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
