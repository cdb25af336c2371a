// @ts-nocheck
import { openPglite } from './pglite.ts';
import { openPostgres } from './postgres.ts';
import type { SqlClient } from './sqlClient.ts';

export { openPglite, type PgliteOptions } from './pglite.ts';
export { openPostgres, type PostgresOptions } from './postgres.ts';
export type { SqlClient } from './sqlClient.ts';

export interface StoreConfig {
  /** `postgres://…`: share one PostgreSQL between API instances. Unset: embedded PGlite. */
  databaseUrl?: string;
  /** PGlite's data directory (default `./data/pg`); `memory://…` keeps it in memory. */
  dataDir?: string;
}

/** PostgreSQL when a URL is configured, else the embedded engine on local disk. */
export function openStore(config: StoreConfig): Promise<SqlClient> {
  return config.databaseUrl ? openPostgres(config.databaseUrl) : openPglite({ dataDir: config.dataDir });
}
