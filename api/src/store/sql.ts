import { openPglite } from './pglite.ts';
import { openPostgres } from './postgres.ts';

export { openPglite, type PgliteOptions } from './pglite.ts';
export { openPostgres, type PostgresOptions } from './postgres.ts';

/**
 * The one database handle every repository takes. Both engines speak the same PostgreSQL SQL and return the
 * same JS values: int8 as number, timestamptz as Date, jsonb parsed, text[] as string[]. Pass jsonb
 * parameters as JSON text (`JSON.stringify`), which both engines accept unchanged.
 */
export interface SqlClient {
  readonly kind: 'pglite' | 'postgres';
  /** One parameterised statement (`$1`, `$2`…). */
  query<Row>(text: string, params?: unknown[]): Promise<{ rows: Row[] }>;
  /** A script of several statements without parameters (migrations). */
  exec(script: string): Promise<void>;
  /**
   * Run `fn` in one transaction: committed when it resolves, rolled back when it throws. Inside, use `tx`
   * only: the embedded engine has a single connection, so the outer client refuses to run until the
   * transaction ends. A transaction started on `tx` joins the outer one.
   */
  transaction<T>(fn: (tx: SqlClient) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

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
