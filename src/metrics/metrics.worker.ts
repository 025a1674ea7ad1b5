import type { Logger } from "../logging/logger.js";
import { startMetricsServer, type MetricsServer } from "./metrics-server.js";
import { queueSource, type CountedQueue } from "./queue-metrics.js";
import { getMetrics } from "./registry.js";

/** What the worker's metrics endpoint needs. */
export interface WorkerMetricsDeps {
  /** METRICS_PORT; 0 turns the endpoint off. */
  port: number;
  /** HOST: the address to bind. */
  host: string;
  /** Queues whose job counts the endpoint exports as `folio_queue_jobs`. */
  queues: readonly CountedQueue[];
  logger: Pick<Logger, "error" | "info">;
}

/**
 * The worker's own metrics endpoint on METRICS_PORT (off when 0), bound to
 * HOST. It also exports the worker's queue counts. A port that cannot be bound
 * is logged and the worker runs on without the endpoint: metrics never stop processing.
 */
export async function startWorkerMetrics(deps: WorkerMetricsDeps): Promise<{ stop(): Promise<void> }> {
  const noop = { stop: async () => undefined };
  if (deps.port === 0) return noop;
  let server: MetricsServer;
  try {
    server = await startMetricsServer({ port: deps.port, host: deps.host });
  } catch (error) {
    deps.logger.error({ err: error, port: deps.port, host: deps.host }, "cannot serve worker metrics (METRICS_PORT); continuing without the endpoint");
    return noop;
  }
  const removers = deps.queues.map((queue) => getMetrics().addQueue(queueSource(queue)));
  deps.logger.info({ url: `${server.url}/metrics` }, "worker metrics listening");
  return {
    async stop() {
      for (const remove of removers) remove();
      await server.close();
    },
  };
}
