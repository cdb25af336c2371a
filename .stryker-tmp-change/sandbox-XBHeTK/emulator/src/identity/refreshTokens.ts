// @ts-nocheck
// Evidence: docs/microsoft-365.md#entra-refresh-token
import { randomBytes } from 'node:crypto';
import type { Tenant } from '../tenant/model.ts';

/**
 * One sign-in of a user to a client, from which a chain of refresh tokens descends. Entra's refresh tokens
 * are bound to user + client, not to a resource, and revocation (revokeSignInSessions) ends every token
 * issued for a sign-in before it, including the ones rotated from it later.
 */
export interface SignInSession {
  userId: string;
  clientId: string;
  authTime: Date;
  revokedAt?: Date;
}

export interface RefreshTokenRecord {
  session: SignInSession;
  issuedAt: Date;
  /** Issue or last redemption. */
  lastUsedAt: number;
  /** `lastUsedAt` plus the inactivity lifetime; Entra answers AADSTS700082 after it. */
  expiresAt: number;
}

/** Refresh tokens are opaque strings, as Entra's are (only Entra can read its encrypted tokens). */
class RefreshTokenStore {
  private readonly tokens = new Map<string, RefreshTokenRecord>();

  issue(session: SignInSession, lifetimeMs: number, now = Date.now()): string {
    if (this.tokens.size >= 1000) this.pruneExpired(now);
    const token = `1.${randomBytes(48).toString('base64url')}`;
    this.tokens.set(token, { session, issuedAt: new Date(now), lastUsedAt: now, expiresAt: now + lifetimeMs });
    return token;
  }

  /**
   * A redeemed token stays valid: Entra "doesn't revoke old refresh tokens when used to fetch new access
   * tokens" (refresh-tokens, Learn); its inactivity clock restarts.
   */
  markUsed(record: RefreshTokenRecord, lifetimeMs: number, now = Date.now()): void {
    record.lastUsedAt = now;
    record.expiresAt = now + lifetimeMs;
  }

  find(token: string): RefreshTokenRecord | undefined {
    return this.tokens.get(token);
  }

  /** Revoke every sign-in session of the user; returns how many refresh tokens that ended. */
  revokeUser(userId: string, now = new Date()): number {
    let count = 0;
    for (const record of this.tokens.values()) {
      if (record.session.userId !== userId || (record.session.revokedAt && record.session.revokedAt !== now)) continue;
      record.session.revokedAt = now;
      count += 1;
    }
    return count;
  }

  private pruneExpired(now: number): void {
    for (const [token, record] of this.tokens) {
      if (record.expiresAt < now) this.tokens.delete(token);
    }
  }
}

const stores = new WeakMap<Tenant, RefreshTokenStore>();

/** The tenant's refresh tokens; a reset reseeds new tenants, which start with none. */
export function refreshTokensOf(tenant: Tenant): RefreshTokenStore {
  let store = stores.get(tenant);
  if (!store) {
    store = new RefreshTokenStore();
    stores.set(tenant, store);
  }
  return store;
}
