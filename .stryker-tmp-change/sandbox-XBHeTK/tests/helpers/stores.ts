// @ts-nocheck
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe } from 'vitest';
import { migrate } from '../../api/src/store/migrate.ts';
import { MEMORY_DATA_DIR } from '../../api/src/store/pglite.ts';
import { openPglite, openPostgres, type SqlClient } from '../../api/src/store/sql.ts';

export type StoreKind = SqlClient['kind'];

/** The PostgreSQL the tests use (trust auth on loopback); each test file works in its own fresh schema. */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Both engines, unless TEST_STORES narrows them (e.g. `TEST_STORES=pglite` where no PostgreSQL runs). */
export function storeKinds(): StoreKind[] {
  const wanted = (process.env.TEST_STORES ?? 'pglite,postgres').split(',').map((kind) => kind.trim());
  return (['pglite', 'postgres'] as const).filter((kind) => wanted.includes(kind));
}

export interface TestStore {
  kind: StoreKind;
  /** Isolated and (unless asked otherwise) migrated: PGlite in memory, or a fresh schema on PostgreSQL. */
  db: SqlClient;
  /**
   * Another client on the same database, as a second API instance would have: a second pool on PostgreSQL.
   * PGlite has a single connection per database, so there it is the same client.
   */
  connect(): Promise<SqlClient>;
  /** Close every client and drop the schema. */
  close(): Promise<void>;
}

export async function openTestStore(kind: StoreKind, options: { migrated?: boolean } = {}): Promise<TestStore> {
  if (kind === 'pglite') {
    const db = await openPglite({ dataDir: MEMORY_DATA_DIR });
    if (options.migrated !== false) await migrate(db);
    return { kind, db, connect: async () => db, close: () => db.close() };
  }
  const schema = `test_${randomBytes(6).toString('hex')}`;
  const db = await openPostgres(TEST_DATABASE_URL, { schema, max: 4 });
  if (options.migrated !== false) await migrate(db);
  const others: SqlClient[] = [];
  return {
    kind,
    db,
    connect: async () => {
      const other = await openPostgres(TEST_DATABASE_URL, { schema, max: 4 });
      others.push(other);
      return other;
    },
    close: async () => {
      await Promise.all(others.map((other) => other.close()));
      await db.exec(`drop schema ${schema} cascade`);
      await db.close();
    },
  };
}

/**
 * Declare the tests in `body` once per engine, each run in its own describe block with a store opened
 * before and dropped after. `store()` gives that engine's store inside a test.
 */
export function forEachStore(name: string, body: (store: () => TestStore) => void, options: { migrated?: boolean } = {}): void {
  for (const kind of storeKinds()) {
    describe(`${name} [${kind}]`, () => {
      let opened: TestStore | undefined;
      beforeAll(async () => {
        opened = await openTestStore(kind, options);
      });
      afterAll(() => opened?.close());
      body(() => {
        if (!opened) throw new Error('The store is opened in before(); use store() inside tests only.');
        return opened;
      });
    });
  }
}
