// The DataSource the TypeORM CLI uses (migration:generate, migration:run, migration:check).
import { loadConfig } from "./src/config/env.js";
import { createDataSource } from "./src/db/data-source.js";

export default createDataSource({ url: loadConfig().databaseUrl });
