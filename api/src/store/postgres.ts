import pg from 'pg';
import { log } from '../log.ts';
import type { SqlClient } from './sqlClient.ts';
import { transactionClient } from './transactionClient.ts';

export interface PostgresOptions {
  /** Work in this schema (created if missing) through `search_path`: tests isolate themselves this way. */
  schema?: string;
  /** Connections in the pool. */
  max?: number;
}

/** int8 as number like PGlite does (counts, versions and ids here stay far below 2^53). */
const TYPES: pg.CustomTypesConfig = {
  getTypeParser: ((id: number, format?: 'text' | 'binary') =>
    id === pg.types.builtins.INT8 ? Number : pg.types.getTypeParser(id, format)) as pg.CustomTypesConfig['getTypeParser'],
};

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** A real PostgreSQL through a pool, shared by every API instance pointed at it. */
export async function openPostgres(url: string, options: PostgresOptions = {}): Promise<SqlClient> {
  const { schema } = options;
  if (schema !== undefined && !SCHEMA_NAME.test(schema))
    throw new Error(`Invalid schema name "${schema}": use lower-case letters, digits and _.`);
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 10,
    // Fail a start-up or a request instead of hanging when the server is unreachable or the pool is exhausted.
    connectionTimeoutMillis: 10_000,
    types: TYPES,
    options: schema ? `-c search_path=${schema}` : undefined,
  });
  // An idle connection dropped by the server must not crash the process; the pool replaces it.
  pool.on('error', (error) => log('warn', 'store_connection_lost', { error }));
  try {
    await pool.query(schema ? `create schema if not exists ${schema}` : 'select 1');
  } catch (error) {
    // Two openers creating the same schema at once: the loser sees a duplicate, which is fine.
    if (!isDuplicate(error)) {
      await pool.end();
      throw error;
    }
  }
  return new PostgresClient(pool);
}

class PostgresClient implements SqlClient {
  readonly kind = 'postgres';

  constructor(private readonly pool: pg.Pool) {}

  async query<Row>(text: string, params?: unknown[]): Promise<{ rows: Row[] }> {
    const result = await this.pool.query(text, params);
    return { rows: result.rows as Row[] };
  }

  async exec(script: string): Promise<void> {
    await this.pool.query(script);
  }

  async transaction<T>(fn: (tx: SqlClient) => Promise<T>): Promise<T> {
    const connection = await this.pool.connect();
    try {
      await connection.query('begin');
      const result = await fn(
        transactionClient('postgres', {
          query: (text, params) => connection.query(text, params),
          exec: (script) => connection.query(script),
        }),
      );
      await connection.query('commit');
      connection.release();
      return result;
    } catch (error) {
      // A connection that cannot even roll back is broken: release(error) discards it.
      await connection.query('rollback').then(
        () => connection.release(),
        (rollbackError: Error) => connection.release(rollbackError),
      );
      throw error;
    }
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}

function isDuplicate(error: unknown): boolean {
  const code = (error as { code?: string }).code;
  return code === '23505' || code === '42P06';
}
