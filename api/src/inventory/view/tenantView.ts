import type { AccountListItem, SummaryResponse } from '../../../../contract/index.ts';
import type { Baseline } from '../../accounts/baseline.ts';
import { loadBaseline } from '../../accounts/baselineStore.ts';
import type { RoomListsFact } from '../../domain/roomLists.ts';
import type { ConditionalAccessFact } from '../../domain/signInFacts.ts';
import type { AccountSnapshot } from '../../domain/snapshot.ts';
import type { SubscribedSku } from '../../domain/subscribedSku.ts';
import { inventoryStore } from '../../store/inventoryStore.ts';
import type { SqlClient } from '../../store/sql.ts';
import { listOrder, mergedOrder } from './listOrder.ts';
import { factsOf, gradedItem, skuParts } from './listRow.ts';

/**
 * A tenant's graded list as of one data version. Only the list rows are kept (10,000 snapshots with their
 * check outcomes would be about 50 MB): one account's detail is read from the store and graded on request.
 */
export interface TenantView {
  dataVersion: number;
  baselineVersion: number;
  items: AccountListItem[];
  /**
   * Rows by account id and by lower-case UPN. While a listing is served page by page, each new view takes this
   * map over from the one before and adds to it in place (see withAccounts): a view already superseded may find
   * a later row of an account, never a missing one.
   */
  byKey: Map<string, AccountListItem>;
  /** Each row's position in `items` by account id, once a row has been replaced (taken over like `byKey`). */
  positions?: Map<string, number>;
  skus: SubscribedSku[];
  roomLists?: RoomListsFact;
  conditionalAccess?: ConditionalAccessFact;
  /** What the rows were graded against: a sync's next page of accounts is graded the same way. */
  baseline: Baseline;
  lastSyncAt: string | null;
  /** The items sorted by each `sort:order` asked for so far: sorted once per data version, then only filtered. */
  orders: Map<string, AccountListItem[]>;
  /** Recent filter results by query (paging through a result costs a slice). */
  results: Map<string, AccountListItem[]>;
  /** Recent list pages as sent, by query. */
  bodies: Map<string, Buffer>;
  summary?: SummaryResponse;
  summaryBody?: Buffer;
}

/** Filter results and serialized pages kept per tenant view. */
const RESULTS_KEPT = 64;

/** Keep `value` among a view's recent results, forgetting the oldest once RESULTS_KEPT are kept. */
export function keepRecent<T>(recent: Map<string, T>, key: string, value: T): void {
  if (recent.size >= RESULTS_KEPT) recent.delete(recent.keys().next().value as string);
  recent.set(key, value);
}

/** Grade every stored account into list rows, a page at a time. */
export async function buildTenantView(db: SqlClient, tenantId: string, dataVersion: number): Promise<TenantView> {
  const store = inventoryStore(db);
  const [state, baseline] = await Promise.all([store.tenantInventoryState(tenantId), loadBaseline(db, tenantId)]);
  const parts = skuParts(state.skus);
  const tenant = factsOf(state);
  const byKey = new Map<string, AccountListItem>();
  const items: AccountListItem[] = [];
  const add = (snapshots: AccountSnapshot[]) => {
    for (const snapshot of snapshots) {
      const item = gradedItem(snapshot, baseline, tenant, parts);
      byKey.set(snapshot.accountId, item);
      byKey.set(snapshot.userPrincipalName.toLowerCase(), item);
      items.push(item);
    }
  };
  for await (const snapshots of store.snapshotPages(tenantId)) add(snapshots);
  return {
    dataVersion,
    baselineVersion: baseline.version,
    items,
    byKey,
    skus: state.skus,
    roomLists: state.roomLists,
    conditionalAccess: state.conditionalAccess,
    baseline,
    lastSyncAt: state.lastFullSyncAt,
    orders: new Map(),
    results: new Map(),
    bodies: new Map(),
  };
}

/**
 * A new view: `view`'s rows with these accounts graded and added, or put in place of their earlier row. Only
 * they are graded (a page of 999, not the 10,000 already listed); sorted orders are merged, results start afresh.
 * `view` is superseded: its key index (and row positions) are taken over and added to in place, as copying
 * 20,000 keys for every part of a page was most of a listing's cost beyond grading.
 */
export function withAccounts(view: TenantView, snapshots: AccountSnapshot[]): TenantView {
  const items = [...view.items];
  const { byKey } = view;
  // Where each row is, built only when a row is first replaced: while Get Data lists a tenant, the rows are new.
  let { positions } = view;
  let replaced = false;
  const parts = skuParts(view.skus);
  for (const snapshot of snapshots) {
    const item = gradedItem(snapshot, view.baseline, factsOf(view), parts);
    const before = byKey.get(item.id);
    if (before === undefined) {
      positions?.set(item.id, items.length);
      items.push(item);
    } else {
      positions ??= new Map(items.map((row, position) => [row.id, position]));
      // A renamed account must not stay findable by its old UPN.
      byKey.delete(before.userPrincipalName.toLowerCase());
      items[positions.get(item.id) as number] = item;
      replaced = true;
    }
    byKey.set(item.id, item);
    byKey.set(item.userPrincipalName.toLowerCase(), item);
  }
  // The orders a client asked of the view before carry over with the new rows merged in (see mergedOrder).
  // Each account once, as it ends up (a batch may name one twice).
  const graded = [...new Set(snapshots.map((snapshot) => snapshot.accountId))]
    .map((id) => byKey.get(id))
    .filter((item): item is AccountListItem => item !== undefined);
  const orders = new Map([...view.orders].map(([name, sorted]) => [name, mergedOrder(sorted, graded, listOrder(name), replaced)]));
  const { summary: _summary, summaryBody: _summaryBody, ...rest } = view;
  // `rest` carries the earlier positions; a row replaced now may have built them.
  return { ...rest, items, byKey, ...(positions && { positions }), orders, results: new Map(), bodies: new Map() };
}
