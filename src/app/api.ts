import type http from "node:http";
import { EventHub } from "../events/event-hub.js";
import type { ApiServices, GraphQLContext } from "../graphql/context.js";
import { RateLimits } from "../graphql/rate-limit.js";
import type { SubscriptionLimits } from "../graphql/subscription-limits.js";
import { createSchema } from "../graphql/schema.js";
import { createHttpApp } from "../http/http.app.js";
import { createApiMetrics } from "../metrics/api-metrics.js";
import { Sweeper } from "../queue/sweeper.js";
import { createRedis, requestPathRedisOptions } from "../redis/redis.connection.js";
import { createApiModels } from "./api-models.js";
import type { AppContext } from "./app-context.js";
import type { RunningComponent } from "./component.types.js";
import { createPipelineServices } from "./pipeline-services.js";
import { processReadiness } from "./process-readiness.js";
import { listenFailure, StartupError } from "./startup.policy.js";

/** The running API: the component plus what tests need. */
export interface RunningApi extends RunningComponent {
  server: http.Server;
  /** Base URL, e.g. http://127.0.0.1:4000. */
  url: string;
  services: ApiServices;
  /** Operations open over WebSockets per socket and key (for tests). */
  subscriptionLimits: SubscriptionLimits;
}

/**
 * Start the API process component: its Redis connections (commands, and one
 * subscription fanned out in-process by the event hub), the producer services,
 * the sweeper (WebSocket session re-checks), the HTTP surface
 * ({@link createHttpApp}) listening on `port`/`host`.
 */
export async function startApi(ctx: AppContext, options: { port?: number; host?: string } = {}): Promise<RunningApi> {
  const { config, logger } = ctx;
  const log = logger.child({ component: "api" });
  // Rate limits and readiness run on the request path: bounded commands, QUEUE_UNAVAILABLE instead of a hang.
  const redis = createRedis(config.redisUrl, { name: "api", logger: log, extra: requestPathRedisOptions() });
  const subscriber = createRedis(config.redisUrl, { name: "api-subscribe", logger: log });
  const hub = new EventHub(subscriber, config.queue.prefix, log);
  await hub.start();
  const pipeline = createPipelineServices(ctx);
  const services: ApiServices = { app: ctx, pipeline, hub, rateLimits: new RateLimits(redis, config), ...createApiModels(ctx, pipeline, hub) };
  const schema = await createSchema();
  const metrics = createApiMetrics<GraphQLContext>({ queue: pipeline.queue, hub });
  const sweeper = new Sweeper(log);
  const httpApp = await createHttpApp({ services, schema, metrics, dataSource: ctx.dataSource, redis, subscriber, sweeper, readiness: processReadiness, logger: log });

  const port = options.port ?? config.port;
  const host = options.host ?? config.host;
  const server = httpApp.server;
  try {
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, host, () => resolve());
    });
  } catch (error) {
    // Close what this component opened, so a caller that handles the failure is not left with a half-started API.
    await sweeper.stop();
    await hub.close().catch(() => undefined);
    await pipeline.close().catch(() => undefined);
    redis.disconnect();
    subscriber.disconnect();
    throw new StartupError(listenFailure(error as NodeJS.ErrnoException, port, host));
  }
  const address = server.address();
  const actualPort = typeof address === "object" && address ? address.port : port;
  const url = `http://${host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host}:${actualPort}`;
  log.info({ url }, "api listening");

  return {
    name: "api",
    server,
    url,
    services,
    subscriptionLimits: httpApp.subscriptionLimits,
    async stop() {
      await sweeper.stop();
      await httpApp.close();
      await hub.close();
      await pipeline.close();
      redis.disconnect();
      subscriber.disconnect();
    },
  };
}
