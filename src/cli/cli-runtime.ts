import { ConfigError, loadConfig, type Config } from "../config/env.js";
import { AppError } from "../errors/app.error.js";
import { createAppContext, type AppContext } from "../app/app-context.js";
import { createLogger } from "../logging/logger.js";

/** Exit codes of the `folio` CLI. */
export const EXIT = { OK: 0, FAILED: 1, USAGE_OR_CONFIG: 2 } as const;

/** Load the configuration or end the process with the list of bad variables. */
export function configOrExit(): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`folio: ${error.message}\nSee .env.example for every variable and its default.\n`);
      process.exit(EXIT.USAGE_OR_CONFIG);
    }
    throw error;
  }
}

/**
 * Run a short-lived command with a connected context and close it afterwards.
 * Errors print as one line with their code (never a stack trace) and the exit code becomes non-zero.
 */
export async function withContext(run: (ctx: AppContext) => Promise<void>): Promise<void> {
  const config = configOrExit();
  let ctx: AppContext | undefined;
  try {
    ctx = await createAppContext(config, { logger: createLogger({ level: config.logLevel, stderr: true }), warnEphemeralSecret: false });
    await run(ctx);
  } catch (error) {
    reportFailure(error);
  } finally {
    await ctx?.close();
  }
}

/**
 * Print an error the way the CLI does (one line with its code, never a stack
 * trace) and set a failing `process.exitCode`. It does not exit: the caller
 * still closes what it opened, and the process ends once nothing is left.
 */
export function reportFailure(error: unknown): void {
  if (error instanceof AppError) {
    process.stderr.write(`folio: ${error.code}: ${error.message}\n`);
  } else {
    process.stderr.write(`folio: INTERNAL_ERROR: ${(error as Error)?.message ?? String(error)}\n`);
  }
  process.exitCode = EXIT.FAILED;
}
