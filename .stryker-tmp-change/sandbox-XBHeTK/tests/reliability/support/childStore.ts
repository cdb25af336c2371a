// @ts-nocheck
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openPostgres, type SqlClient } from '../../../api/src/store/sql.ts';
import { TEST_DATABASE_URL, type StoreKind } from '../../helpers/stores.ts';
import { schemaUrl } from './apiChild.ts';

/** A store for API children: PGlite in a data directory on disk, or a fresh schema of the test PostgreSQL. */
export interface ChildStore {
  kind: StoreKind;
  /** What to add to an API child's environment to use this store. */
  env: Record<string, string>;
  /** PostgreSQL only: a client of our own on the same schema, to inspect it while children run. */
  db?: SqlClient;
  remove(): Promise<void>;
}

export async function childStore(kind: StoreKind): Promise<ChildStore> {
  if (kind === 'pglite') {
    const dataDir = mkdtempSync(join(tmpdir(), 'room-accounts-reliability-'));
    return { kind, env: { DATA_DIR: dataDir }, remove: async () => rmSync(dataDir, { recursive: true, force: true }) };
  }
  const schema = `reliability_${randomBytes(6).toString('hex')}`;
  const db = await openPostgres(TEST_DATABASE_URL, { schema, max: 2 });
  return {
    kind,
    env: { DATABASE_URL: schemaUrl(TEST_DATABASE_URL, schema) },
    db,
    remove: async () => {
      await db.exec(`drop schema ${schema} cascade`);
      await db.close();
    },
  };
}
