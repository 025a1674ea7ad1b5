import type { ApolloServerPlugin, BaseContext } from "@apollo/server";
import type { RequestHandler } from "express";
import type { DocumentQueue } from "../queue/document.queue.js";
import { graphqlMetricsPlugin } from "./graphql-metrics.js";
import { getMetrics, type SubscriptionSource } from "./registry.js";
import { queueSource } from "./queue-metrics.js";

/** What the API wires in: the `GET /metrics` handler and one Apollo plugin. */
export interface ApiMetrics<TContext extends BaseContext> {
  /** Serves the registry in the Prometheus text format. */
  handler: RequestHandler;
  /**
   * Times GraphQL requests, and while the server runs exports the queue's job
   * counts and the hub's live subscriptions (registered at start, removed at stop).
   */
  plugin: ApolloServerPlugin<TContext>;
}

/** Metrics of one API server. */
export function createApiMetrics<TContext extends BaseContext>(sources: { queue: DocumentQueue; hub: SubscriptionSource }): ApiMetrics<TContext> {
  const timing = graphqlMetricsPlugin<TContext>();
  return {
    handler: metricsHandler,
    plugin: {
      ...timing,
      async serverWillStart() {
        const m = getMetrics();
        const removeQueue = m.addQueue(queueSource(sources.queue));
        const removeHub = m.addSubscriptions(sources.hub);
        return {
          async serverWillStop() {
            removeQueue();
            removeHub();
          },
        };
      },
    },
  };
}

/** Express handler of `GET /metrics`. */
export const metricsHandler: RequestHandler = async (_req, res) => {
  const { registry } = getMetrics();
  try {
    const body = await registry.metrics();
    res.setHeader("content-type", registry.contentType);
    res.setHeader("cache-control", "no-store");
    res.end(body);
  } catch (error) {
    res.status(500).type("text/plain").send(`# metrics collection failed: ${(error as Error).message}\n`);
  }
};
