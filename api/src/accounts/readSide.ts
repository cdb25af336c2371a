import type { AccountDetail } from '../../../contract/index.ts';
import type { AccountSnapshot } from '../domain/snapshot.ts';
import type { Baseline } from './baseline.ts';
import type { TenantFacts } from './checks/types.ts';

/**
 * The part of the inventory's read side (inventory/view/accountsView.ts, whose AccountsView has this shape) that a
 * change answers with: the account graded again, from its stored snapshot or from the one an apply holds. Declared here because accounts/ may
 * not import inventory/ (the read side grades with accounts' checks), so a change depends on this shape only.
 */
export interface AccountsView {
  get(tenantId: string, accountId: string): Promise<AccountDetail>;
  /** The detail of a snapshot the caller holds, graded now: an apply answers with what it just stored. */
  detailOf(snapshot: AccountSnapshot, baseline: Baseline, tenant: TenantFacts): AccountDetail;
}
