import type { AppContext } from "../app/app-context.js";
import type { RunningComponent } from "../http/api.server.js";

/** Start a pipeline worker. The pipeline lands with the processing milestone; until then this only says so. */
export async function startWorker(ctx: AppContext): Promise<RunningComponent> {
  ctx.logger.warn("folio worker: the processing pipeline is not yet available in this version");
  return { name: "worker", stop: async () => undefined };
}
