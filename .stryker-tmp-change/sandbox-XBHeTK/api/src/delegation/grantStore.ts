// @ts-nocheck
import type { GrantStore } from '../auth/onBehalfOf.ts';
import type { Principal } from '../auth/principal.ts';
import { SealedValueError, type Sealer } from '../auth/sealing.ts';
import { log } from '../log.ts';
import { loadDelegation, markDelegationNeedsSignIn, saveDelegation } from '../store/delegations.ts';
import type { SqlClient } from '../store/sql.ts';

/**
 * Grants kept in the store, sealed with the app's sealing key. A grant sealed with a key that is no longer
 * configured (or tampered with) counts as "needs sign-in": the work pauses instead of failing.
 */
export function storeGrants(db: SqlClient, sealer: Sealer): GrantStore {
  return {
    async load(tenantId, userId) {
      const row = await loadDelegation(db, tenantId, userId);
      if (!row) return null;
      if (row.status !== 'active' || !row.sealedGrant) return { waiting: row.reason ?? 'sign-in needed' };
      try {
        return { refreshToken: sealer.open(row.sealedGrant) };
      } catch (error) {
        if (!(error instanceof SealedValueError)) throw error;
        log('warn', 'grant_unreadable', { tenantId, userId, keyId: row.keyId, reason: error.message });
        await markDelegationNeedsSignIn(db, tenantId, userId, 'sealing key not configured');
        return { waiting: 'sealing key not configured' };
      }
    },
    async save(principal, refreshToken) {
      await saveDelegation(db, {
        tenantId: principal.tenantId,
        userId: principal.userId,
        userPrincipalName: principal.userPrincipalName,
        displayName: principal.displayName,
        principal: withoutAssertion(principal),
        sealedGrant: sealer.seal(refreshToken),
        keyId: sealer.currentKeyId,
      });
    },
    async needsSignIn(tenantId, userId, reason) {
      log('warn', 'grant_refused', { tenantId, userId, reason });
      await markDelegationNeedsSignIn(db, tenantId, userId, reason);
    },
  };
}

/** The principal as background work acts with it: no SSO token, tokens from the kept grant. */
export function delegatedPrincipal(principal: Omit<Principal, 'assertion' | 'delegated'>): Principal {
  return { ...withoutAssertion(principal as Principal), assertion: '', delegated: true };
}

function withoutAssertion(principal: Principal): Omit<Principal, 'assertion' | 'delegated'> {
  const { assertion: _assertion, delegated: _delegated, ...rest } = principal;
  return rest;
}
