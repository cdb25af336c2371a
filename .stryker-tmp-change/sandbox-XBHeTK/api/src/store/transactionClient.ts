// @ts-nocheck
import type { SqlClient } from './sqlClient.ts';

/** What a transaction needs from one engine connection. */
export interface Connection {
  query(text: string, params?: unknown[]): Promise<{ rows: unknown[] }>;
  exec(script: string): Promise<unknown>;
}

/** The client a transaction callback gets: every statement on the transaction's connection; nested transactions join it. */
export function transactionClient(kind: SqlClient['kind'], connection: Connection): SqlClient {
  const client: SqlClient = {
    kind,
    query: async <Row>(text: string, params?: unknown[]) => ({ rows: (await connection.query(text, params)).rows as Row[] }),
    exec: async (script: string) => {
      await connection.exec(script);
    },
    transaction: <T>(fn: (tx: SqlClient) => Promise<T>) => fn(client),
    close: () => Promise.reject(new Error('Close the store, not a transaction.')),
  };
  return client;
}
