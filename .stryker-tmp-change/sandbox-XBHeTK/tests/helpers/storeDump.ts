// @ts-nocheck
import type { SqlClient } from '../../api/src/store/sql.ts';

/** Every row of every table, as sorted JSON text per table: two dumps are equal iff the store's content is. */
export type StoreDump = Record<string, string[]>;

export async function dumpStore(db: SqlClient): Promise<StoreDump> {
  const tables = await db.query<{ table_name: string }>(
    "select table_name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name",
  );
  const dump: StoreDump = {};
  for (const { table_name: table } of tables.rows) {
    const rows = await db.query<Record<string, unknown>>(`select * from "${table.replaceAll('"', '""')}"`);
    dump[table] = rows.rows.map((row) => JSON.stringify(row)).sort();
  }
  return dump;
}

export interface TableDiff {
  table: string;
  added: Record<string, unknown>[];
  removed: Record<string, unknown>[];
}

/** Rows that appeared or disappeared per table (a changed row is one of each). */
export function diffStore(before: StoreDump, after: StoreDump): TableDiff[] {
  const diffs: TableDiff[] = [];
  for (const table of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const was = new Set(before[table] ?? []);
    const is = new Set(after[table] ?? []);
    const added = [...is].filter((row) => !was.has(row)).map((row) => JSON.parse(row) as Record<string, unknown>);
    const removed = [...was].filter((row) => !is.has(row)).map((row) => JSON.parse(row) as Record<string, unknown>);
    if (added.length > 0 || removed.length > 0) diffs.push({ table, added, removed });
  }
  return diffs;
}
