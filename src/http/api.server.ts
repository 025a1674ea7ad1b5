import http from "node:http";
import type { AppContext } from "../app/app-context.js";
import { createRedis } from "../redis/redis.connection.js";
import { healthHandler } from "./health.server.js";

/** A running component of a Folio process. */
export interface RunningComponent {
  name: string;
  /** Stop taking work, finish what is in flight (bounded), release connections. */
  stop(): Promise<void>;
}

/** Start the HTTP API on the configured host and port. */
export async function startApi(ctx: AppContext): Promise<RunningComponent & { server: http.Server }> {
  const redis = createRedis(ctx.config.redisUrl, { name: "api", logger: ctx.logger });
  const health = healthHandler({ dataSource: ctx.dataSource, redis, store: ctx.store });
  const server = http.createServer((req, res) => {
    health(req, res)
      .then((handled) => {
        if (!handled) res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ error: { code: "NOT_FOUND" } }));
      })
      .catch((error: unknown) => {
        ctx.logger.error({ err: error }, "request failed");
        if (!res.headersSent) res.writeHead(500).end();
      });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(ctx.config.port, ctx.config.host, () => resolve());
  });
  ctx.logger.info({ host: ctx.config.host, port: ctx.config.port }, "api listening");
  return {
    name: "api",
    server,
    async stop() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      redis.disconnect();
    },
  };
}
