// @ts-nocheck
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../projectRoot.ts';
import type { SqlClient } from './sql.ts';

const MIGRATIONS = join(PROJECT_ROOT, 'api/src/store/migrations');

/**
 * Apply the `migrations/*.sql` files not yet recorded in `schema_migrations`, in name order, in one
 * transaction. An advisory lock (per schema) makes API instances starting together take turns: the first
 * applies, the others find everything recorded. Returns the files applied now.
 */
export async function migrate(db: SqlClient): Promise<string[]> {
  const files = readdirSync(MIGRATIONS)
    .filter((name) => name.endsWith('.sql'))
    .sort();
  return db.transaction(async (tx) => {
    await tx.query(`select pg_advisory_xact_lock(hashtext('room-accounts:migrate:' || current_schema()))`);
    await tx.exec('create table if not exists schema_migrations (name text primary key, applied_at timestamptz not null default now())');
    const applied = new Set((await tx.query<{ name: string }>('select name from schema_migrations')).rows.map((row) => row.name));
    const pending = files.filter((name) => !applied.has(name));
    for (const name of pending) {
      await tx.exec(readFileSync(join(MIGRATIONS, name), 'utf8'));
      await tx.query('insert into schema_migrations (name) values ($1)', [name]);
    }
    return pending;
  });
}
