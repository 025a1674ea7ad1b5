import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";

const exec = promisify(execFile);

/** What a CLI run left: its exit code and both streams. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Run the real `folio` CLI from source as a child process, as a client of the server at `url` with `apiKey`;
 * resolves with the exit code instead of throwing. Nothing of the test process's server configuration (database,
 * Redis, storage) or npm run leaks in, and PORT is invalid: client commands must work from FOLIO_URL and
 * FOLIO_API_KEY alone.
 */
export async function runFolioCli(args: string[], connection: { url: string; apiKey: string }, env: Record<string, string> = {}): Promise<CliRun> {
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(DATABASE_URL|REDIS_URL|FOLIO_|STORAGE_|S3_|INIT_CWD$|npm_)/.test(k)));
  try {
    const { stdout, stderr } = await exec(process.execPath, ["--import", "tsx", path.join(process.cwd(), "src/main.ts"), ...args], {
      env: { ...inherited, PORT: "not-a-port", FOLIO_URL: connection.url, FOLIO_API_KEY: connection.apiKey, ...env },
      // A CLI run starts a fresh Node with tsx: seconds on a busy machine.
      timeout: 120_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}
