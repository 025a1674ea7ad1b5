import "reflect-metadata";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { DataSource, type Logger as TypeOrmLogger } from "typeorm";
import { ENTITIES } from "./entities/index.js";

/** The project root: `src/..` when run from source, `dist/` when compiled (migrations compile there too). */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

/** Where migrations live relative to this module, for both source and compiled layouts. */
export const MIGRATIONS_GLOB = path.join(root, "migrations", "*.{ts,js}");

/** Create (but do not connect) the Postgres DataSource. */
export function createDataSource(options: { url: string; poolSize?: number; connectTimeoutMs?: number; logging?: boolean; logger?: TypeOrmLogger }): DataSource {
  return new DataSource({
    type: "postgres",
    url: options.url,
    entities: ENTITIES,
    migrations: [MIGRATIONS_GLOB],
    migrationsTableName: "migrations",
    migrationsTransactionMode: "each",
    synchronize: false,
    logging: options.logger ? ["query"] : (options.logging ?? false),
    ...(options.logger ? { logger: options.logger } : {}),
    uuidExtension: "pgcrypto",
    // A bounded wait for a connection (a dead or unreachable server must not hang requests; the error maps to
    // DATABASE_UNAVAILABLE in toAppError) and TCP keep-alive, so a connection to a vanished server is noticed.
    extra: { max: options.poolSize ?? 10, application_name: "folio", connectionTimeoutMillis: options.connectTimeoutMs ?? 3_000, keepAlive: true },
  });
}

/** Any fixed number: the advisory-lock key that serialises migrations across processes. */
const MIGRATION_LOCK_KEY = 7_405_112_001;

/**
 * Connect and apply pending migrations; returns the names of those that ran.
 * Several processes may start at once (API and workers); a session-level
 * advisory lock makes them take turns, so each migration runs exactly once.
 */
export async function migrate(dataSource: DataSource): Promise<string[]> {
  if (!dataSource.isInitialized) await dataSource.initialize();
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK_KEY]);
    const ran = await dataSource.runMigrations({ transaction: "each" });
    return ran.map((m) => m.name);
  } finally {
    await runner.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await runner.release();
  }
}
