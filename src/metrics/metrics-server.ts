import http from "node:http";
import type { AddressInfo } from "node:net";
import { getMetrics } from "./registry.js";

/** A running `/metrics` HTTP server. */
export interface MetricsServer {
  server: http.Server;
  /** Base URL, e.g. http://127.0.0.1:9464 (scrape `${url}/metrics`). */
  url: string;
  port: number;
  close(): Promise<void>;
}

/**
 * A tiny HTTP server that answers `GET /metrics` (and HEAD) with the process
 * registry in the Prometheus text format; everything else is 404. Port 0 picks
 * a free port.
 */
export async function startMetricsServer(options: { port: number; host: string }): Promise<MetricsServer> {
  const server = http.createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    if (path !== "/metrics" || (req.method !== "GET" && req.method !== "HEAD")) {
      res.writeHead(path === "/metrics" ? 405 : 404, { "content-type": "text/plain; charset=utf-8" }).end(path === "/metrics" ? "Method not allowed\n" : "Not found\n");
      return;
    }
    const { registry } = getMetrics();
    registry.metrics().then(
      (body) => {
        res.writeHead(200, { "content-type": registry.contentType, "cache-control": "no-store" });
        res.end(req.method === "HEAD" ? undefined : body);
      },
      (error: unknown) => {
        res.writeHead(500, { "content-type": "text/plain; charset=utf-8" }).end(`# metrics collection failed: ${(error as Error).message}\n`);
      },
    );
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const host = options.host === "0.0.0.0" || options.host === "::" ? "127.0.0.1" : options.host.includes(":") ? `[${options.host}]` : options.host;
  return {
    server,
    url: `http://${host}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
  };
}
