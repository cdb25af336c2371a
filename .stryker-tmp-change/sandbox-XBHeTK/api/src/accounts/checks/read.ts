// @ts-nocheck
import type { AccountSnapshot, SourceData } from '../../inventory/snapshot.ts';
import type { Evaluation } from './types.ts';

type SourceKey = keyof SourceData;

/** A source's data, or the reason it can't be used: the pivot between `pass|fail` and `unknown`. */
export function readSource<K extends SourceKey>(snapshot: AccountSnapshot, key: K): { data: SourceData[K] } | { unknown: Evaluation } {
  const source = snapshot.sources[key];
  if (source.status === 'ok' && source.data !== undefined) return { data: source.data as SourceData[K] };
  const note =
    source.status === 'unavailable'
      ? `No permission to read ${key}${source.error ? `: ${source.error.message}` : ''}`
      : source.status === 'notFound'
        ? `No ${key === 'calendarProcessing' ? 'mailbox' : key} found`
        : source.status === 'pending'
          ? 'Not read yet'
          : `Could not be read${source.error ? `: ${source.error.message}` : ''}`;
  return { unknown: { result: 'unknown', actual: null, note } };
}

export function verdict(pass: boolean, actual: unknown, note?: string): Evaluation {
  return note === undefined ? { result: pass ? 'pass' : 'fail', actual } : { result: pass ? 'pass' : 'fail', actual, note };
}
