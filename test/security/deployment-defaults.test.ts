import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/config/env.js";

const exec = promisify(execFile);

/** The SIGNING_SECRET docker-compose.yml shipped with before the security issue: anyone could read it. */
const COMPOSE_PLACEHOLDER = "change-me-to-a-long-random-string-0123456789";

/** Security issue, item 10: production refuses a published or obviously weak SIGNING_SECRET. */
describe("SIGNING_SECRET in production", () => {
  const production = (secret: string) => loadConfig({ NODE_ENV: "production", SIGNING_SECRET: secret });

  it("refuses the placeholder docker-compose.yml used to ship, naming the variable but never echoing the value", () => {
    let thrown: unknown;
    try {
      production(COMPOSE_PLACEHOLDER);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConfigError);
    const problems = (thrown as ConfigError).problems.join("\n");
    expect(problems).toMatch(/^SIGNING_SECRET: /m);
    expect(problems).not.toContain(COMPOSE_PLACEHOLDER);
  });

  it.each([
    ["a repeated character", "z".repeat(40)],
    ["a counting run", "0123456789abcdefghijklmnopqrstuvwxyz"],
    ["a placeholder word", "please-replace-this-value-Xq7Lm2Pz9Kw4"],
    ["few distinct characters", "abababababcdcdcdcdcdabababababcdcdcdcd"],
  ])("refuses %s", (_label, secret) => {
    expect(() => production(secret)).toThrow(/SIGNING_SECRET/);
  });

  it("accepts generated secrets (openssl rand -hex 16 / -base64 32 equivalents), many of them", () => {
    for (let i = 0; i < 200; i++) {
      expect(production(randomBytes(16).toString("hex")).signingSecret).toHaveLength(32);
      expect(production(randomBytes(32).toString("base64")).signingSecretIsEphemeral).toBe(false);
    }
  });

  it.each([
    ["only 9 distinct characters", "54a5c2d2215d55a2d544bb5da6acdda6"],
    ["steps of 0 or ±1 between half its characters", "3cddcd56b0489a176d89c344667877dd"],
  ])("accepts a secret drawn by `openssl rand -hex 16` with %s (rare draws, refused once)", (_label, secret) => {
    expect(production(secret).signingSecret).toBe(secret);
  });

  it("keeps development and test runs working with the test placeholder", () => {
    expect(loadConfig({ NODE_ENV: "test", SIGNING_SECRET: "test-signing-secret-0123456789abcdef" }).env).toBe("test");
  });

  it("`folio serve` in production with the old compose secret exits 2 before listening", { timeout: 120_000 }, async () => {
    const inherited = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(DATABASE_URL|REDIS_URL|FOLIO_|STORAGE_|S3_|SIGNING_SECRET|NODE_ENV|PORT)/.test(k)));
    const run = await exec(process.execPath, ["--import", "tsx", "src/main.ts", "serve", "--no-migrate"], {
      env: { ...inherited, NODE_ENV: "production", SIGNING_SECRET: COMPOSE_PLACEHOLDER, PORT: "1" },
      timeout: 100_000,
    }).then(
      () => ({ code: 0, stderr: "" }),
      (error: { code: number; stderr: string }) => ({ code: error.code, stderr: error.stderr }),
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/SIGNING_SECRET: is a published placeholder/);
  });

  it("docker-compose.yml carries no SIGNING_SECRET value: it must come from the environment", () => {
    const compose = fs.readFileSync("docker-compose.yml", "utf8");
    const line = compose.split("\n").find((l) => /^\s*SIGNING_SECRET:/.test(l));
    expect(line).toBeDefined();
    expect(line).toMatch(/SIGNING_SECRET:\s*\$\{SIGNING_SECRET:\?/);
  });
});
