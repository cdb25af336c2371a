// @ts-nocheck
// The handle's type alone, so the engines (pglite.ts, postgres.ts) and sql.ts, which opens them, never import each other.
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
