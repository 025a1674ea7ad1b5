import net from "node:net";
import WebSocket from "ws";
import type { Logger as TypeOrmLogger } from "typeorm";
import { FolioClient } from "../../src/client/folio-client.js";
import { startApi, type RunningApi } from "../../src/http/api.server.js";
import { uniqueEmail } from "./database.js";
import { startHarness, type PipelineHarness } from "./pipeline-harness.js";

/** Counts SQL statements, for the N+1 tests. */
export class QueryCounter implements TypeOrmLogger {
  count = 0;
  readonly queries: string[] = [];
  logQuery(query: string): void {
    this.count++;
    this.queries.push(query);
  }
  logQueryError(): void {}
  logQuerySlow(): void {}
  logSchemaBuild(): void {}
  logMigration(): void {}
  log(): void {}
  reset(): void {
    this.count = 0;
    this.queries.length = 0;
  }
}

/** A user of the running API, with a client that uses their key. */
export interface ApiUser {
  id: string;
  email: string;
  apiKey: string;
  client: FolioClient;
}

/** The API (and, unless disabled, a worker) running in this process on an ephemeral port. */
export interface ApiHarness {
  pipeline: PipelineHarness;
  api: RunningApi;
  url: string;
  queryCounter: QueryCounter;
  createUser(options?: { admin?: boolean }): Promise<ApiUser>;
  close(): Promise<void>;
}

/** A port nothing listens on right now (download links must name the real port before the server starts). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer().once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** Start the API server for a test file, isolated by its own queue prefix and storage directory. */
export async function startApiHarness(options: { withWorker?: boolean; env?: Record<string, string> } = {}): Promise<ApiHarness> {
  const queryCounter = new QueryCounter();
  const port = await freePort();
  const env = { PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}`, ...options.env };
  const pipeline = await startHarness({ withWorker: options.withWorker, env, queryLogger: queryCounter });
  const api = await startApi(pipeline.ctx, { port, host: "127.0.0.1" });
  const clients: FolioClient[] = [];
  return {
    pipeline,
    api,
    url: api.url,
    queryCounter,
    async createUser(opts = {}) {
      const user = await pipeline.ctx.users.create(uniqueEmail(opts.admin ? "admin" : "user"), { isAdmin: opts.admin ?? false });
      const { key } = await pipeline.ctx.apiKeys.create(user.id, "e2e");
      const client = new FolioClient({ url: api.url, apiKey: key, webSocketImpl: WebSocket });
      clients.push(client);
      return { id: user.id, email: user.email, apiKey: key, client };
    },
    async close() {
      for (const client of clients) await client.close();
      await api.stop();
      await pipeline.close();
    },
  };
}
