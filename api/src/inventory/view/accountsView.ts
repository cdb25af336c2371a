import type { AccountDetail, AccountListQuery, AccountListResponse, AccountStatus, SummaryResponse } from '../../../../contract/index.ts';
import { loadBaseline } from '../../accounts/baselineStore.ts';
import type { Baseline } from '../../accounts/baseline.ts';
import type { TenantFacts } from '../../accounts/checks/types.ts';
import type { AccountSnapshot } from '../../domain/snapshot.ts';
import { AppError } from '../../errors.ts';
import { inventoryStore } from '../../store/inventoryStore.ts';
import type { SqlClient } from '../../store/sql.ts';
import type { ListingFeed, PrimedList } from '../sync.ts';
import { accountDetail } from './accountDetail.ts';
import { csvOfRows } from './csvExport.ts';
import { filtered, page } from './listQuery.ts';
import { SharedRead } from './sharedRead.ts';
import { summarize } from './summary.ts';
import { buildTenantView, keepRecent, withAccounts, type TenantView } from './tenantView.ts';

/*
 * The read side's parts, one module each: list rows (listRow.ts), the tenant's graded view (tenantView.ts),
 * list query, filter and sort (listQuery.ts), summary (summary.ts), CSV export (csvExport.ts) and one account's
 * detail (accountDetail.ts). This module keeps the views cached per tenant and data version.
 */

/** A tenant's view as cached, with the versions it stands for (infinite while a sync's listing is being written). */
interface CacheEntry {
  dataVersion: number;
  baselineVersion: number;
  view: Promise<TenantView>;
}

/**
 * The read side of the inventory. Status is derived on read from the stored snapshots, so the derived list is
 * cached per tenant and rebuilt only when the store's data version moves (any instance's write bumps it).
 */
export class AccountsView {
  private readonly cache = new Map<string, CacheEntry>();
  private readonly versions = new Map<string, SharedRead<{ dataVersion: number; baselineVersion: number }>>();

  constructor(private readonly db: SqlClient) {}

  async list(tenantId: string, query: AccountListQuery): Promise<AccountListResponse> {
    return page(await this.view(tenantId), query);
  }

  /** `list` as the JSON body to send, serialized once per data version and query (tabs ask the same pages). */
  async listJson(tenantId: string, query: AccountListQuery): Promise<Buffer> {
    const view = await this.view(tenantId);
    const key = JSON.stringify(query);
    let body = view.bodies.get(key);
    if (!body) {
      body = Buffer.from(JSON.stringify(page(view, query)));
      keepRecent(view.bodies, key, body);
    }
    return body;
  }

  /** One account with its sources and checks, graded now from its stored snapshot (by id, or by UPN). */
  async get(tenantId: string, accountId: string): Promise<AccountDetail> {
    const store = inventoryStore(this.db);
    let snapshot = await store.loadSnapshot(tenantId, accountId);
    if (!snapshot) {
      const item = (await this.view(tenantId)).byKey.get(accountId.toLowerCase());
      snapshot = item ? await store.loadSnapshot(tenantId, item.id) : null;
    }
    if (!snapshot)
      throw new AppError(404, 'not_found', 'This resource account is not in the inventory. Refresh the list to pick up new accounts.');
    const [state, baseline] = await Promise.all([store.tenantInventoryState(tenantId), loadBaseline(this.db, tenantId)]);
    return accountDetail(snapshot, state, baseline);
  }

  /** One account's detail, graded now from a snapshot the caller holds (an apply grades what it just stored). */
  detailOf(snapshot: AccountSnapshot, baseline: Baseline, tenant: TenantFacts): AccountDetail {
    return accountDetail(snapshot, tenant, baseline);
  }

  /** Ids of the accounts with a status (for "apply to all Needs Action"). */
  async idsWithStatus(tenantId: string, status: AccountStatus): Promise<string[]> {
    return (await this.view(tenantId)).items.filter((item) => item.status === status).map((item) => item.id);
  }

  async knownIds(tenantId: string, ids: string[]): Promise<Set<string>> {
    const view = await this.view(tenantId);
    return new Set(ids.filter((id) => view.byKey.has(id)));
  }

  /**
   * Display names for job progress. A running job writes on every account, so the last view built serves
   * (a rename shows at the next rebuild) rather than re-grading the tenant on every progress poll.
   */
  async displayNames(tenantId: string): Promise<{ get(accountId: string): string | undefined }> {
    const view = await (this.cache.get(tenantId)?.view ?? this.view(tenantId));
    // A lookup into the view's own index: a map of 10,000 names per progress poll showed in the bulk apply's profile.
    return { get: (accountId) => view.byKey.get(accountId)?.displayName };
  }

  async summary(tenantId: string): Promise<SummaryResponse> {
    const view = await this.view(tenantId);
    view.summary ??= summarize(view);
    return view.summary;
  }

  /** `summary` as the JSON body to send, serialized once per data version. */
  async summaryJson(tenantId: string): Promise<Buffer> {
    const view = await this.view(tenantId);
    view.summary ??= summarize(view);
    view.summaryBody ??= Buffer.from(JSON.stringify(view.summary));
    return view.summaryBody;
  }

  /** CSV of every account matching the filter, in the list's order, yielded in chunks for streaming. */
  async *exportCsv(tenantId: string, query: Omit<AccountListQuery, 'page' | 'pageSize'>): AsyncGenerator<string> {
    yield* csvOfRows(filtered(await this.view(tenantId), query));
  }

  /**
   * A full sync's listing, served page by page as it arrives: each `add` serves the list so far with those
   * accounts added (or replaced) at once, built in memory by grading only them, whatever the store's version
   * says until their write lands; then it stands for the version written. A write that fails drops it, and the
   * next read builds from the store again. If the version written is not the next one after the list it was
   * built on (another instance wrote in between), it is dropped too: the next read sees that write from the store.
   */
  prime(tenantId: string): ListingFeed {
    let last: CacheEntry | undefined;
    /** The data version the last list of this feed stands for, once known. */
    let confirmed: number | undefined;
    const drop = (entry: CacheEntry | undefined) => {
      if (entry && this.cache.get(tenantId) === entry) this.cache.delete(tenantId);
    };
    return {
      add: (snapshots): PrimedList => {
        const current = this.cache.get(tenantId);
        // Built on this feed's previous list while it is the one served; otherwise (first page, or a write by
        // someone else rebuilt it) on the store as it is now.
        const base =
          last && current === last
            ? last.view
            : inventoryStore(this.db)
                .versions(tenantId)
                .then(({ dataVersion }) => {
                  confirmed = dataVersion;
                  return this.build(tenantId, dataVersion);
                });
        const entry: CacheEntry = {
          dataVersion: Number.POSITIVE_INFINITY,
          baselineVersion: Number.POSITIVE_INFINITY,
          view: base.then((view) => withAccounts(view, snapshots)),
        };
        this.cache.set(tenantId, entry);
        last = entry;
        entry.view.catch(() => drop(entry));
        return {
          stored: (dataVersion) => {
            const follows = confirmed !== undefined && dataVersion === confirmed + 1;
            confirmed = dataVersion;
            if (!follows) {
              drop(last);
              last = undefined;
              return;
            }
            if (this.cache.get(tenantId) !== entry) return;
            entry.dataVersion = dataVersion;
            void entry.view.then(
              (view) => {
                view.dataVersion = dataVersion;
                entry.baselineVersion = view.baselineVersion;
              },
              () => drop(entry),
            );
          },
          dropped: () => {
            drop(last);
            last = undefined;
          },
        };
      },
    };
  }

  private async view(tenantId: string): Promise<TenantView> {
    let reader = this.versions.get(tenantId);
    if (!reader) {
      const store = inventoryStore(this.db);
      // Both versions in one round trip: new data or a new baseline re-grades, nothing else does.
      reader = new SharedRead(() => store.versions(tenantId));
      this.versions.set(tenantId, reader);
    }
    const { dataVersion, baselineVersion } = await reader.get();
    // A view built from a later read serves an earlier one too: versions only grow.
    const cached = this.cache.get(tenantId);
    if (cached && cached.dataVersion >= dataVersion && cached.baselineVersion >= baselineVersion) return cached.view;
    const entry = { dataVersion, baselineVersion, view: this.build(tenantId, dataVersion) };
    this.cache.set(tenantId, entry);
    entry.view.catch(() => {
      if (this.cache.get(tenantId) === entry) this.cache.delete(tenantId);
    });
    return entry.view;
  }

  /** Grade every stored account into list rows, a page at a time. */
  private build(tenantId: string, dataVersion: number): Promise<TenantView> {
    return buildTenantView(this.db, tenantId, dataVersion);
  }
}
