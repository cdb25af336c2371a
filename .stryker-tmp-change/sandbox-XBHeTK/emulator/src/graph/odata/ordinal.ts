/** Ordinal comparison: stable across machines and locales, so a paging cursor means the same everywhere. */
// @ts-nocheck

export function ordinal(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
