import { AppError } from '../../errors.ts';
import { inventoryStore } from '../../store/inventoryStore.ts';
import type { AccountSnapshot } from '../../domain/snapshot.ts';
import type { SqlClient } from '../../store/sql.ts';
import type { Baseline } from '../baseline.ts';
import { loadBaseline } from '../baselineStore.ts';
import type { TenantFacts } from '../checks/types.ts';

/** An account as the inventory holds it, with what it is graded against: the tenant's baseline and facts. */
export interface StoredAccount {
  snapshot: AccountSnapshot;
  baseline: Baseline;
  tenant: TenantFacts;
}

export async function loadStoredAccount(db: SqlClient, tenantId: string, accountId: string): Promise<StoredAccount> {
  const store = inventoryStore(db);
  const [snapshot, state, baseline] = await Promise.all([
    store.loadSnapshot(tenantId, accountId),
    store.tenantInventoryState(tenantId),
    loadBaseline(db, tenantId),
  ]);
  if (!snapshot)
    throw new AppError(404, 'not_found', 'This resource account is not in the inventory. Refresh the list to pick up new accounts.');
  return { snapshot, baseline, tenant: { skus: state.skus, roomLists: state.roomLists, conditionalAccess: state.conditionalAccess } };
}

/** The account is gone from Microsoft 365 since the inventory read it. */
export function accountGone(): AppError {
  return new AppError(404, 'not_found', 'This resource account no longer exists in Microsoft 365. Refresh the list.');
}

/**
 * A fresh read by an admin who may not read some source (e.g. mailbox settings without an Exchange role)
 * keeps the last value others read, so one admin's missing role never erases data from the shared inventory.
 */
export function keepWhatCallerCannotRead(fresh: AccountSnapshot, known: AccountSnapshot): AccountSnapshot {
  const sources = { ...fresh.sources };
  for (const key of Object.keys(sources) as (keyof AccountSnapshot['sources'])[]) {
    if (sources[key].status === 'unavailable' && known.sources[key].status === 'ok')
      (sources as Record<string, unknown>)[key] = known.sources[key];
  }
  return { ...fresh, sources };
}
