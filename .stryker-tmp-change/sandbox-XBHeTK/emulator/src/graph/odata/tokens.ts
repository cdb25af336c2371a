/**
 * Opaque paging and delta tokens. The state lives in the token (as Graph encodes query parameters into
 * its delta tokens), so the emulator keeps no per-client cursor; a token that does not decode is unknown.
 */
// @ts-nocheck


const PREFIX = 'RAE';

export function encodeToken(kind: string, state: object): string {
  return PREFIX + Buffer.from(JSON.stringify({ kind, ...state })).toString('base64url');
}

/** The state of a token of `kind`, or undefined for anything else (tampered, truncated, another kind). */
export function decodeToken(kind: string, token: string): Record<string, unknown> | undefined {
  if (!token.startsWith(PREFIX)) return undefined;
  try {
    const state = JSON.parse(Buffer.from(token.slice(PREFIX.length), 'base64url').toString('utf8')) as unknown;
    if (typeof state !== 'object' || state === null || (state as { kind?: unknown }).kind !== kind) return undefined;
    return state as Record<string, unknown>;
  } catch {
    return undefined;
  }
}
