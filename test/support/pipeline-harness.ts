import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import type { Logger as TypeOrmLogger } from "typeorm";
import { createAppContext, type AppContext } from "../../src/app/app-context.js";
import { createPipelineServices, type PipelineServices } from "../../src/app/pipeline-services.js";
import { loadConfig, type Config } from "../../src/config/env.js";
import { DocumentEntity, DocumentStatus, ProcessingEventEntity, ProcessingStepEntity, UserEntity } from "../../src/db/entities/index.js";
import { createLogger } from "../../src/logging/logger.js";
import { startWorker, type RunningWorker } from "../../src/app/worker.js";
import { createIsolatedDatabase, TEST_DATABASE_URL, TEST_REDIS_URL, uniqueEmail, uniqueId } from "./database.js";
import { deleteRedisPrefix } from "./redis-cleanup.js";

/**
 * One generated signing secret per test process: production-mode harnesses refuse
 * published placeholders, and child processes of a test inherit it through the env.
 */
const HARNESS_SIGNING_SECRET = randomBytes(32).toString("base64url");

/** Environment for a Folio process that owns its queue prefix and storage directory. */
export function isolatedEnv(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    NODE_ENV: "test",
    SIGNING_SECRET: HARNESS_SIGNING_SECRET,
    METRICS_PORT: "0",
    DATABASE_URL: TEST_DATABASE_URL,
    REDIS_URL: TEST_REDIS_URL,
    QUEUE_PREFIX: `test-${uniqueId()}`,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? "warn",
    OCR_WORKERS: "2",
    WORKER_CONCURRENCY: "2",
    JOB_BACKOFF_MS: "200",
    WORKER_LOCK_MS: "5000",
    RECONCILE_INTERVAL_MS: "3600000",
    ...overrides,
  };
}

/** A context, producer services and (optionally) an in-process worker, isolated to this test file: its own database, queue prefix and storage directory. */
export interface PipelineHarness {
  config: Config;
  ctx: AppContext;
  services: PipelineServices;
  worker?: RunningWorker;
  storageDir: string;
  env: Record<string, string>;
  createUser(): Promise<UserEntity>;
  submitFile(ownerId: string, file: string, options?: { contentType?: string | null; filename?: string }): Promise<DocumentEntity>;
  submitBytes(ownerId: string, bytes: Buffer, filename: string, contentType?: string | null): Promise<DocumentEntity>;
  waitForStatus(id: string, statuses: DocumentStatus[], timeoutMs?: number): Promise<DocumentEntity>;
  events(id: string): Promise<ProcessingEventEntity[]>;
  steps(id: string): Promise<ProcessingStepEntity[]>;
  close(): Promise<void>;
}

/** Start the harness; `withWorker: false` leaves processing to a worker the test starts itself. */
export async function startHarness(options: { withWorker?: boolean; env?: Record<string, string>; queryLogger?: TypeOrmLogger } = {}): Promise<PipelineHarness> {
  const storageDir = await fs.mkdtemp(path.join(os.tmpdir(), "folio-pipeline-"));
  const database = await createIsolatedDatabase();
  const env = isolatedEnv({ STORAGE_DIR: storageDir, DATABASE_URL: database.url, ...options.env });
  const config = loadConfig(env);
  const ctx = await createAppContext(config, { logger: createLogger({ level: config.logLevel, name: "folio-test" }), queryLogger: options.queryLogger });
  const services = createPipelineServices(ctx);
  const worker = options.withWorker === false ? undefined : await startWorker(ctx);
  const documents = ctx.dataSource.getRepository(DocumentEntity);
  const harness: PipelineHarness = {
    config,
    ctx,
    services,
    worker,
    storageDir,
    env,
    createUser: () => ctx.dataSource.getRepository(UserEntity).save({ email: uniqueEmail("pipeline"), isAdmin: false }),
    async submitFile(ownerId, file, opts = {}) {
      const bytes = await fs.readFile(file);
      return harness.submitBytes(ownerId, bytes, opts.filename ?? path.basename(file), opts.contentType);
    },
    async submitBytes(ownerId, bytes, filename, contentType = null) {
      return (await services.intake.submit({ ownerId, filename, contentType, stream: Readable.from([bytes]) })).document;
    },
    async waitForStatus(id, statuses, timeoutMs = 120_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const doc = await documents.findOneByOrFail({ id });
        if (statuses.includes(doc.status)) return doc;
        if (Date.now() > deadline) throw new Error(`document ${id} is ${doc.status} (step ${doc.currentStep}) after ${timeoutMs} ms; wanted ${statuses.join("/")}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    events: (id) => ctx.dataSource.getRepository(ProcessingEventEntity).find({ where: { documentId: id }, order: { seq: "ASC" } }),
    steps: (id) => ctx.dataSource.getRepository(ProcessingStepEntity).find({ where: { documentId: id }, order: { position: "ASC" } }),
    async close() {
      await worker?.stop();
      await services.close();
      await ctx.close();
      await fs.rm(storageDir, { recursive: true, force: true });
      await database.drop();
      // Queues, repeatable-job schedules and rate-limit counters of this harness's prefix.
      await deleteRedisPrefix(config.redisUrl, config.queue.prefix);
    },
  };
  return harness;
}
