/** Timestamps leave the store as ISO strings: rows then compare and serialise alike on both engines. */
// @ts-nocheck

export function iso(value: Date | string): string {
  return new Date(value).toISOString();
}

export function isoOrNull(value: Date | string | null): string | null {
  return value === null ? null : iso(value);
}

/** jsonb parameters go as JSON text, which pg and PGlite both pass through untouched. */
export function jsonParam(value: unknown): string | null {
  return value === undefined || value === null ? null : JSON.stringify(value);
}
