import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { parseEnv } from "node:util";

/**
 * The directory the user ran the command from. `npm run` changes to the package root before
 * running a script and records the original directory in INIT_CWD; outside npm, the process's own.
 */
export function userCwd(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): string {
  return env.npm_lifecycle_event && env.INIT_CWD ? env.INIT_CWD : cwd;
}

/** A path the user typed, resolved against the directory they typed it in. */
export function resolveUserPath(file: string, env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): string {
  return path.resolve(userCwd(env, cwd), file);
}

/**
 * Read `.env` from the user's working directory into `env`, if there is one. The real environment
 * wins: a variable that is already set (even to "") is never overwritten. Parsed with Node's own
 * dotenv parser (`util.parseEnv`). Returns the file read, or null.
 */
export function loadDotEnv(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): string | null {
  const file = path.join(userCwd(env, cwd), ".env");
  if (!existsSync(file)) return null;
  const values = parseEnv(readFileSync(file, "utf8"));
  for (const [key, value] of Object.entries(values)) {
    if (env[key] === undefined) env[key] = value;
  }
  return file;
}
