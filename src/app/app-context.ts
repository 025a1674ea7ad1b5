import type { DataSource, Logger as TypeOrmLogger } from "typeorm";
import { RedisAccessChangeNotifier, type AccessChangeNotifier } from "../auth/access-change.js";
import { ApiKeyService } from "../auth/api-key.service.js";
import type { Config } from "../config/env.js";
import { createDataSource } from "../db/data-source.js";
import { AppError } from "../errors/app.error.js";
import { createLogger, type Logger } from "../logging/logger.js";
import type { ObjectStore } from "../storage/object-store.js";
import { createObjectStore } from "../storage/storage.factory.js";
import { instrumentObjectStore } from "../metrics/storage-metrics.js";
import { UserService } from "../users/user.service.js";

/** The long-lived parts one Folio process shares between its commands. */
export interface AppContext {
  config: Config;
  logger: Logger;
  dataSource: DataSource;
  store: ObjectStore;
  users: UserService;
  apiKeys: ApiKeyService;
  /** Tells every API instance (over Redis) that a key was revoked or a user deleted or demoted. */
  access: AccessChangeNotifier;
  /** Close every connection this context opened. */
  close(): Promise<void>;
}

/** Options of {@link createAppContext}. */
export interface AppContextOptions {
  logger?: Logger;
  queryLogger?: TypeOrmLogger;
  /**
   * Warn when SIGNING_SECRET is unset (default true). Short-lived admin commands sign no links and
   * seal nothing a later process must open, so the warning does not apply to them.
   */
  warnEphemeralSecret?: boolean;
}

/** Connect to Postgres and the object store. Nothing is migrated here. */
export async function createAppContext(config: Config, options: AppContextOptions = {}): Promise<AppContext> {
  const logger = options.logger ?? createLogger({ level: config.logLevel });
  const dataSource = createDataSource({ url: config.databaseUrl, poolSize: config.databasePoolSize, connectTimeoutMs: config.databaseConnectTimeoutMs, logger: options.queryLogger });
  try {
    await dataSource.initialize();
  } catch (error) {
    throw new AppError("DATABASE_UNAVAILABLE", `Cannot connect to PostgreSQL: ${(error as Error).message}`, { cause: error });
  }
  // Counted in folio_storage_operations_total / folio_storage_errors_total; still instanceof the driver's class.
  const store = instrumentObjectStore(createObjectStore(config));
  try {
    await store.init();
  } catch (error) {
    await dataSource.destroy();
    throw error;
  }
  if (options.warnEphemeralSecret !== false && config.storage.driver === "local" && config.signingSecretIsEphemeral) {
    logger.warn("SIGNING_SECRET is not set: download links are signed with a random per-process secret and stop working on restart.");
  }
  // Revocations and demotions may come from any process (API, CLI), so the notice goes over Redis.
  const access = new RedisAccessChangeNotifier(config.redisUrl, config.queue.prefix, logger);
  return {
    config,
    logger,
    dataSource,
    store,
    access,
    users: new UserService(dataSource, store, access),
    apiKeys: new ApiKeyService(dataSource, { maxPerUser: config.quotas.maxApiKeysPerUser, access }),
    async close() {
      await access.close();
      await store.close();
      if (dataSource.isInitialized) await dataSource.destroy();
    },
  };
}
