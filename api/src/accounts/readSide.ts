import type { AccountDetail } from '../../../contract/index.ts';

/**
 * The part of the inventory's read side (inventory/view/accountsView.ts, whose AccountsView has this shape) that a
 * change answers with: the account graded again from its stored snapshot. Declared here because accounts/ may
 * not import inventory/ (the read side grades with accounts' checks), so a change depends on this shape only.
 */
export interface AccountsView {
  get(tenantId: string, accountId: string): Promise<AccountDetail>;
}
