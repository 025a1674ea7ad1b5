import { defineConfig } from "vitest/config";

export default defineConfig({
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
