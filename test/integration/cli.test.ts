import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { TEST_DATABASE_URL, uniqueEmail } from "../support/database.js";

const exec = promisify(execFile);

/** Run the real CLI from source; resolves with the exit code instead of throwing. */
async function folio(args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await exec(process.execPath, ["--import", "tsx", "src/main.ts", ...args], {
      env: { ...process.env, DATABASE_URL: TEST_DATABASE_URL, LOG_LEVEL: "error", ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

// Every CLI call starts a fresh Node process with tsx (seconds each on a loaded 2-core machine).
describe("folio CLI", { timeout: 240_000 }, () => {
  it("stops with exit code 2 and lists every bad variable", async () => {
    const result = await folio(["user", "list"], { PORT: "99999", STORAGE_DRIVER: "ftp" });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("Invalid configuration");
    expect(result.stderr).toMatch(/PORT: expected at most 65535/);
    expect(result.stderr).toMatch(/STORAGE_DRIVER: .*"local".*"s3"/);
    expect(result.stderr).not.toMatch(/at .*\.ts:\d+/); // no stack trace
  });

  it("shows every subcommand in --help", async () => {
    const result = await folio(["--help"]);
    expect(result.code).toBe(0);
    for (const name of ["serve", "worker", "all", "migrate", "user", "key"]) expect(result.stdout).toContain(name);
  });

  it("creates a user with a key shown once, lists them, and manages keys", async () => {
    const email = uniqueEmail("cli");
    const created = await folio(["user", "create", "--email", email, "--admin", "--json"]);
    expect(created.code).toBe(0);
    const user = JSON.parse(created.stdout) as { id: string; email: string; isAdmin: boolean; apiKey: string };
    expect(user).toMatchObject({ email, isAdmin: true });
    expect(user.apiKey).toMatch(/^folio_[0-9a-f]{12}_/);

    const listed = await folio(["user", "list", "--json"]);
    expect((JSON.parse(listed.stdout) as { email: string }[]).map((u) => u.email)).toContain(email);

    const again = await folio(["user", "create", "--email", email]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain("CONFLICT");

    const key = await folio(["key", "create", "--user", email, "--name", "ci"]);
    expect(key.stdout).toMatch(/folio_[0-9a-f]{12}_\S{43}/);
    const prefix = /folio_([0-9a-f]{12})_/.exec(key.stdout)![1]!;
    const revoked = await folio(["key", "revoke", prefix]);
    expect(revoked.stdout).toContain(`Revoked key ${prefix}`);
    const keys = await folio(["key", "list", "--user", email]);
    expect(keys.stdout).toContain(prefix);
    expect(keys.stdout).not.toMatch(/folio_[0-9a-f]{12}_\S{43}/); // listings never show secrets

    const deleted = await folio(["user", "delete", email]);
    expect(deleted.code).toBe(0);
    expect((await folio(["key", "list", "--user", email])).stderr).toContain("NOT_FOUND");
  });
});
