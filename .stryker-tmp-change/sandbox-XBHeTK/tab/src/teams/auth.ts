// @ts-nocheck
import type { TokenProvider } from '../api/client.ts';
import type { TeamsSdk } from './connect.ts';

/** Renew a little before expiry so a call never leaves with a token that dies in flight. */
const EARLY_MS = 5 * 60_000;

/** SSO tokens from Teams' getAuthToken, cached until shortly before they expire and shared by concurrent calls. */
export function teamsTokenProvider(sdk: TeamsSdk): TokenProvider {
  let cached: { token: string; expiresAt: number } | undefined;
  let pending: Promise<string> | undefined;
  return {
    getToken() {
      if (cached && cached.expiresAt - EARLY_MS > Date.now()) return Promise.resolve(cached.token);
      pending ??= sdk.authentication
        .getAuthToken()
        .then((token) => {
          cached = { token, expiresAt: expiryOf(token) };
          return token;
        })
        .finally(() => {
          pending = undefined;
        });
      return pending;
    },
    invalidate() {
      cached = undefined;
    },
  };
}

/** Open our consent pages in Teams' authentication window; resolves when auth-end reports success. */
export async function requestConsent(sdk: TeamsSdk): Promise<void> {
  await sdk.authentication.authenticate({ url: `${window.location.origin}/auth-start.html`, width: 600, height: 535 });
}

/** A JWT's `exp` in milliseconds; a token we cannot read is used once and then renewed. */
export function expiryOf(token: string): number {
  try {
    const payload = token.split('.')[1] ?? '';
    const json = JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/'))) as { exp?: unknown };
    return typeof json.exp === 'number' ? json.exp * 1000 : 0;
  } catch {
    return 0;
  }
}
