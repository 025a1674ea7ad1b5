import type { Command } from "commander";
import { createAppContext } from "../app/app-context.js";
import { installFatalErrorPolicy } from "../app/fatal-error.policy.js";
import { processReadiness } from "../app/process-readiness.js";
import { migrate } from "../db/data-source.js";
import { startApi } from "../app/api.js";
import type { RunningComponent } from "../app/component.types.js";
import { assertCanListen, StartupError, waitForDependencies } from "../app/startup.policy.js";
import { createLogger } from "../logging/logger.js";
import { configOrExit, EXIT, reportFailure } from "./cli-runtime.js";

interface RunOptions {
  api: boolean;
  worker: boolean;
  migrate: boolean;
}

/** How long a graceful shutdown may take before the process exits anyway. */
const SHUTDOWN_GRACE_MS = 30_000;

/** End a start-up that cannot succeed: one line on stderr, exit 1 now (nothing was accepted yet). */
function exitStartup(error: unknown): never {
  const message = error instanceof StartupError ? error.message : null;
  if (message) process.stderr.write(`folio: ${message}\n`);
  else reportFailure(error);
  process.exit(EXIT.FAILED);
}

async function runProcess(options: RunOptions): Promise<void> {
  const config = configOrExit();
  let ctx;
  try {
    // An unusable port fails before anything starts: one line, exit 1, well within a second.
    if (options.api) await assertCanListen(config.port, config.host);
    // Dependencies that are not up yet are waited for (one line per attempt), not failed on.
    await waitForDependencies(config, createLogger({ level: config.logLevel }), { maxWaitMs: config.startupWaitMs });
    ctx = await createAppContext(config);
  } catch (error) {
    exitStartup(error);
  }
  const { logger } = ctx;
  // An error that escaped every handler leaves the process in an unknown state: log, fail readiness, exit for a restart.
  installFatalErrorPolicy(process, { logger, readiness: processReadiness, exit: (code) => process.exit(code) });
  const components: RunningComponent[] = [];
  try {
    if (options.migrate) {
      const ran = await migrate(ctx.dataSource);
      if (ran.length) logger.info({ migrations: ran }, "migrations applied");
    }
    if (options.worker) {
      const { startWorker } = await import("../app/worker.js");
      components.push(await startWorker(ctx));
    }
    if (options.api) components.push(await startApi(ctx));
  } catch (error) {
    // A known start-up failure (the port was taken between the check and the listen) is one line and exit 1 at once:
    // waiting for a half-started worker to stop gracefully would hang the process instead.
    if (error instanceof StartupError) exitStartup(error);
    logger.error({ err: error }, "start-up failed");
    for (const c of components.reverse()) await c.stop().catch(() => undefined);
    await ctx.close();
    reportFailure(error);
    return;
  }

  // One line for people, on stderr (stdout carries the JSON log lines).
  process.stderr.write(readyLine(ctx.config.publicUrl, options) + "\n");

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "shutting down");
    const force = setTimeout(() => {
      logger.error("graceful shutdown timed out; exiting");
      process.exit(1);
    }, SHUTDOWN_GRACE_MS);
    force.unref();
    for (const c of [...components].reverse()) {
      await c.stop().catch((error: unknown) => logger.error({ err: error, component: c.name }, "stop failed"));
    }
    await ctx.close();
    logger.info("stopped");
    process.exit(0);
  };
  process.once("SIGTERM", () => void shutdown("SIGTERM"));
  process.once("SIGINT", () => void shutdown("SIGINT"));
}

/** The one human line a process prints once it is ready. */
export function readyLine(publicUrl: string, options: Pick<RunOptions, "api" | "worker">): string {
  if (!options.api) return "Folio worker ready: processing documents from the queue (stop with Ctrl-C or SIGTERM).";
  return `Folio ready at ${publicUrl} — web UI /, playground /graphql${options.worker ? "" : " (API only; run `folio worker` to process documents)"}`;
}

/** `folio serve`, `folio worker` and `folio all`. */
export function registerRuntimeCommands(program: Command): void {
  const define = (name: string, description: string, run: Omit<RunOptions, "migrate">) =>
    program
      .command(name, { isDefault: name === "all" })
      .description(description)
      .option("--no-migrate", "do not apply pending migrations at start-up")
      .action((opts: { migrate: boolean }) => runProcess({ ...run, migrate: opts.migrate }));
  define("serve", "run the API server (GraphQL, health, downloads)", { api: true, worker: false });
  define("worker", "run a pipeline worker", { api: false, worker: true });
  define("all", "run the API server and a worker in one process (the default)", { api: true, worker: true });
}
