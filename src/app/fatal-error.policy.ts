import type { Logger } from "../logging/logger.js";
import type { ProcessReadiness } from "./process-readiness.js";

/** Exit code of a process ended by an error nobody handled (EX_SOFTWARE): a supervisor restarts it. */
export const FATAL_EXIT_CODE = 70;

/** What the policy needs; the real process passes its logger, readiness and `process.exit`. */
export interface FatalErrorPolicyDeps {
  logger: Pick<Logger, "fatal">;
  readiness: ProcessReadiness;
  exit: (code: number) => void;
}

/** The events the policy listens to (`process`, or an EventEmitter in tests). */
export interface FatalEventSource {
  on(event: "uncaughtException", listener: (error: Error) => void): unknown;
  on(event: "unhandledRejection", listener: (reason: unknown) => void): unknown;
}

/**
 * The last resort for an error that escaped every handler: log it, fail
 * readiness (so a load balancer stops sending traffic even if exiting takes a
 * moment) and exit non-zero. Running on after such an error would mean serving
 * from a state no code path expected; a restart is the only safe recovery.
 * Only the first error acts; later ones are logged.
 */
export function createFatalErrorHandler(deps: FatalErrorPolicyDeps): (kind: "uncaughtException" | "unhandledRejection", error: unknown) => void {
  let handled = false;
  return (kind, error) => {
    deps.logger.fatal({ err: error, kind }, `${kind}: the process will exit with code ${FATAL_EXIT_CODE}`);
    if (handled) return;
    handled = true;
    deps.readiness.fail(kind);
    deps.exit(FATAL_EXIT_CODE);
  };
}

/** Install the last-resort policy on `source` (normally `process`). */
export function installFatalErrorPolicy(source: FatalEventSource, deps: FatalErrorPolicyDeps): void {
  const handle = createFatalErrorHandler(deps);
  source.on("uncaughtException", (error) => handle("uncaughtException", error));
  source.on("unhandledRejection", (reason) => handle("unhandledRejection", reason));
}
