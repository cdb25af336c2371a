// @ts-nocheck
import type {
  AccountDetail,
  AccountListItem,
  AccountListQuery,
  AccountListResponse,
  AccountStatus,
  LicenseRef,
  SummaryResponse,
} from '../../../contract/index.ts';
import { MESSAGES } from '../../../contract/index.ts';
import type { Baseline } from '../accounts/baseline.ts';
import { loadBaseline } from '../accounts/baselineStore.ts';
import type { CheckDefinition } from '../accounts/checks/types.ts';
import { describeSku, isTeamsRoomsFamily } from '../accounts/licenseCatalog.ts';
import { onPremisesCommand } from '../accounts/onPremises.ts';
import { evaluateStatus, type AccountGrade } from '../accounts/status.ts';
import { ROLE_NAMES } from '../auth/roles.ts';
import { csvCell } from '../csv.ts';
import { AppError } from '../errors.ts';
import type { SqlClient } from '../store/sql.ts';
import { inventoryStore, type SubscribedSku } from './inventoryStore.ts';
import { listsHolding, type RoomListsFact } from './roomLists.ts';
import { locationOf, type AccountSnapshot } from './snapshot.ts';
import type { ListingFeed, PrimedList } from './sync.ts';

/**
 * A tenant's graded list as of one data version. Only the list rows are kept (10,000 snapshots with their
 * check outcomes would be about 50 MB): one account's detail is read from the store and graded on request.
 */
interface TenantView {
  dataVersion: number;
  baselineVersion: number;
  items: AccountListItem[];
  /** Rows by account id and by lower-case UPN. */
  byKey: Map<string, AccountListItem>;
  skus: SubscribedSku[];
  roomLists?: RoomListsFact;
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

/** A tenant's view as cached, with the versions it stands for (infinite while a sync's listing is being written). */
interface CacheEntry {
  dataVersion: number;
  baselineVersion: number;
  view: Promise<TenantView>;
}

const STATUS_ORDER: Record<string, number> = { needsAction: 0, notAvailable: 1, noActionNeeded: 2 };
/** One collator for every comparison: `localeCompare` with a locale argument builds one per call. */
const BY_NAME = new Intl.Collator('en', { sensitivity: 'base' });
const TIE_BREAK = new Intl.Collator();
/** Filter results and serialized pages kept per tenant view. */
const RESULTS_KEPT = 64;

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
      if (view.bodies.size >= RESULTS_KEPT) view.bodies.delete(view.bodies.keys().next().value as string);
      view.bodies.set(key, body);
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
    if (!snapshot) throw new AppError(404, 'not_found', 'This resource account is not in the inventory. Refresh the list to pick up new accounts.');
    const [state, baseline] = await Promise.all([store.tenantInventoryState(tenantId), loadBaseline(this.db, tenantId)]);
    const grade = evaluateStatus(snapshot, baseline, { skus: state.skus, roomLists: state.roomLists });
    const mailboxUnavailable = snapshot.sources.calendarProcessing.status === 'unavailable' || snapshot.sources.mailbox.status === 'unavailable';
    return {
      ...listItem(snapshot, grade, skuParts(state.skus), state.roomLists),
      sources: snapshot.sources,
      checks: grade.outcomes.map((outcome) => ({
        id: outcome.check.id,
        group: outcome.check.group,
        label: outcome.check.label,
        description: outcome.check.description,
        powershell: outcome.check.powershell,
        severity: outcome.severity,
        result: outcome.result,
        actual: outcome.actual,
        expected: outcome.expected,
        ...(outcome.note ? { note: outcome.note } : {}),
        changeRole: ROLE_NAMES[outcome.check.changeRole] ?? outcome.check.changeRole,
        ...(outcome.check.manualFix ? { manualFix: outcome.check.manualFix } : {}),
        ...onPremisesField(outcome.check, snapshot),
      })),
      mailboxMessage: mailboxUnavailable ? MESSAGES.permission : null,
    };
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
  async displayNames(tenantId: string): Promise<Map<string, string>> {
    const view = await (this.cache.get(tenantId)?.view ?? this.view(tenantId));
    return new Map(view.items.map((item) => [item.id, item.displayName]));
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
    const matches = filtered(await this.view(tenantId), query);
    yield `${['Display name', 'UPN', 'Location', 'Building', 'City', 'Status', 'Warnings', 'Licenses', 'Last read'].join(',')}\r\n`;
    let chunk = '';
    for (const item of matches) {
      chunk += `${[
        item.displayName,
        item.userPrincipalName,
        item.location ?? '',
        item.building ?? '',
        item.city ?? '',
        statusLabel(item.status),
        item.warnings ?? '',
        item.licenses.map((license) => license.name).join('; '),
        item.lastReadAt,
      ]
        .map(csvCell)
        .join(',')}\r\n`;
      if (chunk.length > 64_000) {
        yield chunk;
        chunk = '';
      }
    }
    if (chunk) yield chunk;
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
        const entry: CacheEntry = { dataVersion: Number.POSITIVE_INFINITY, baselineVersion: Number.POSITIVE_INFINITY, view: base.then((view) => withAccounts(view, snapshots)) };
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
            void entry.view.then((view) => {
              view.dataVersion = dataVersion;
              entry.baselineVersion = view.baselineVersion;
            }, () => drop(entry));
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
  private async build(tenantId: string, dataVersion: number): Promise<TenantView> {
    const store = inventoryStore(this.db);
    const [state, baseline] = await Promise.all([store.tenantInventoryState(tenantId), loadBaseline(this.db, tenantId)]);
    const parts = skuParts(state.skus);
    const byKey = new Map<string, AccountListItem>();
    const items: AccountListItem[] = [];
    const add = (snapshots: AccountSnapshot[]) => {
      for (const snapshot of snapshots) {
        const item = listItem(snapshot, evaluateStatus(snapshot, baseline, { skus: state.skus, roomLists: state.roomLists }), parts, state.roomLists);
        byKey.set(snapshot.accountId, item);
        byKey.set(snapshot.userPrincipalName.toLowerCase(), item);
        items.push(item);
      }
    };
    for await (const snapshots of store.snapshotPages(tenantId)) add(snapshots);
    return { dataVersion, baselineVersion: baseline.version, items, byKey, skus: state.skus, roomLists: state.roomLists, baseline, lastSyncAt: state.lastFullSyncAt, orders: new Map(), results: new Map(), bodies: new Map() };
  }
}

/**
 * A new view: `view`'s rows with these accounts graded and added, or put in place of their earlier row. Only
 * they are graded (a page of 999, not the 10,000 already listed); sorted orders and results start afresh.
 */
function withAccounts(view: TenantView, snapshots: AccountSnapshot[]): TenantView {
  const items = [...view.items];
  const byKey = new Map(view.byKey);
  const at = new Map(items.map((item, index) => [item.id, index]));
  const parts = skuParts(view.skus);
  for (const snapshot of snapshots) {
    const item = listItem(snapshot, evaluateStatus(snapshot, view.baseline, { skus: view.skus, roomLists: view.roomLists }), parts, view.roomLists);
    const index = at.get(item.id);
    if (index === undefined) {
      at.set(item.id, items.length);
      items.push(item);
    } else {
      // A renamed account must not stay findable by its old UPN.
      byKey.delete((items[index] as AccountListItem).userPrincipalName.toLowerCase());
      items[index] = item;
    }
    byKey.set(item.id, item);
    byKey.set(item.userPrincipalName.toLowerCase(), item);
  }
  const { summary: _summary, summaryBody: _summaryBody, ...rest } = view;
  return { ...rest, items, byKey, orders: new Map(), results: new Map(), bodies: new Map() };
}

/** An account's list row. */
function listItem(snapshot: AccountSnapshot, graded: AccountGrade, parts: Map<string, string>, roomLists: RoomListsFact | undefined): AccountListItem {
  return {
    id: snapshot.accountId,
    displayName: snapshot.displayName,
    userPrincipalName: snapshot.userPrincipalName,
    ...locationOf(snapshot),
    // Mailbox settings still being read during a sync: not graded yet rather than N/A.
    status: graded.status === 'notAvailable' && snapshot.sources.calendarProcessing.status === 'pending' ? null : graded.status,
    warnings: graded.warnings,
    licenses: licensesOf(snapshot, parts),
    recipientType: snapshot.sources.mailbox.status === 'ok' ? (snapshot.sources.mailbox.data?.recipientTypeDetails ?? null) : null,
    roomLists: roomListsOf(snapshot, roomLists),
    lastReadAt: snapshot.readAt,
  };
}

/** The room lists holding a room mailbox; null when that is not known. */
function roomListsOf(snapshot: AccountSnapshot, fact: RoomListsFact | undefined): string[] | null {
  const mailbox = snapshot.sources.mailbox.status === 'ok' ? snapshot.sources.mailbox.data : undefined;
  if (fact?.status !== 'ok' || mailbox?.recipientTypeDetails !== 'RoomMailbox') return null;
  return listsHolding(fact, mailbox.primarySmtpAddress).map((list) => list.name);
}

function skuParts(skus: SubscribedSku[]): Map<string, string> {
  return new Map(skus.map((sku) => [sku.skuId, sku.skuPartNumber]));
}

/** Counts by status and license, seats and buildings: computed once per view. */
function summarize(view: TenantView): SummaryResponse {
  const byStatus = { noActionNeeded: 0, needsAction: 0, notAvailable: 0, ungraded: 0 };
  const byLicense = new Map<string, { skuPartNumber: string; name: string; count: number }>();
  const byBuilding = new Map<string, SummaryResponse['byBuilding'][number]>();
  let warnings = 0;
  for (const item of view.items) {
    byStatus[item.status ?? 'ungraded'] += 1;
    const building = item.building ?? 'none';
    const counts = byBuilding.get(building) ?? { building, noActionNeeded: 0, needsAction: 0, notAvailable: 0, ungraded: 0 };
    counts[item.status ?? 'ungraded'] += 1;
    byBuilding.set(building, counts);
    warnings += item.warnings ?? 0;
    const licenses = item.licenses.length > 0 ? item.licenses : [{ skuPartNumber: 'none', name: 'No license' }];
    for (const license of licenses) {
      const entry = byLicense.get(license.skuPartNumber) ?? { skuPartNumber: license.skuPartNumber, name: license.name, count: 0 };
      entry.count += 1;
      byLicense.set(license.skuPartNumber, entry);
    }
  }
  const seats = view.skus
    .map((sku) => {
      const info = describeSku(sku.skuId, sku.skuPartNumber);
      return {
        skuId: sku.skuId,
        skuPartNumber: sku.skuPartNumber,
        name: info.name,
        isTeamsRooms: isTeamsRoomsFamily(info.family),
        enabled: sku.enabled,
        consumed: sku.consumed,
        available: Math.max(0, sku.enabled - sku.consumed),
      };
    })
    .filter((seat) => seat.isTeamsRooms || seat.skuPartNumber.startsWith('MCOCAP'));
  return {
    total: view.items.length,
    byStatus,
    byBuilding: [...byBuilding.values()].sort((a, b) => a.building.localeCompare(b.building)),
    warnings,
    byLicense: [...byLicense.values()].sort((a, b) => b.count - a.count),
    seats,
    buildings: [...new Set(view.items.map((item) => item.building).filter((b): b is string => Boolean(b)))].sort(),
    roomLists: view.roomLists?.status === 'ok' ? view.roomLists.lists.map((list) => list.name).sort() : [],
    lastSyncAt: view.lastSyncAt,
  };
}

/** The items matching a query's search and filters, in its order; recent results are kept per view. */
function filtered(view: TenantView, query: Omit<AccountListQuery, 'page' | 'pageSize'>): AccountListItem[] {
  const search = query.search?.trim().toLowerCase();
  const key = JSON.stringify([search ?? '', [...query.status].sort(), [...query.license].sort(), [...query.building].sort(), [...query.roomList].sort(), query.sort, query.order]);
  const cached = view.results.get(key);
  if (cached) return cached;
  const statuses = new Set(query.status);
  const licenses = new Set(query.license.map((license) => license.toLowerCase()));
  const buildings = new Set(query.building.map((building) => building.toLowerCase()));
  const roomLists = new Set(query.roomList.map((list) => list.toLowerCase()));
  const matches = sortedBy(view, query.sort, query.order).filter((item) => {
    if (search && !`${item.displayName}\n${item.userPrincipalName}\n${item.location ?? ''}`.toLowerCase().includes(search)) return false;
    if (statuses.size > 0 && !statuses.has(item.status ?? 'unknown')) return false;
    if (licenses.size > 0) {
      const held = item.licenses.length > 0 ? item.licenses.map((license) => license.skuPartNumber.toLowerCase()) : ['none'];
      if (!held.some((license) => licenses.has(license))) return false;
    }
    if (buildings.size > 0 && !buildings.has((item.building ?? 'none').toLowerCase())) return false;
    // `none`: rooms known to be in no list (rooms whose lists are unknown match no room-list filter).
    if (roomLists.size > 0 && !(item.roomLists?.length ? item.roomLists.some((list) => roomLists.has(list.toLowerCase())) : item.roomLists !== null && roomLists.has('none'))) return false;
    return true;
  });
  if (view.results.size >= RESULTS_KEPT) view.results.delete(view.results.keys().next().value as string);
  view.results.set(key, matches);
  return matches;
}

/**
 * One read in flight at a time; callers arriving meanwhile share the next read, which starts after the current
 * one ends, so every caller sees a value read after it asked (nothing committed before a request is missed)
 * while 50 concurrent requests cost a few store round trips instead of 50.
 */
class SharedRead<T> {
  private running: Promise<T> | undefined;
  private queued: Promise<T> | undefined;

  constructor(private readonly read: () => Promise<T>) {}

  get(): Promise<T> {
    if (!this.running) return this.start();
    this.queued ??= this.running
      .catch(() => undefined)
      .then(() => {
        this.queued = undefined;
        return this.start();
      });
    return this.queued;
  }

  private start(): Promise<T> {
    const run = this.read().finally(() => {
      if (this.running === run) this.running = undefined;
    });
    this.running = run;
    return run;
  }
}

/** One page of a query's results. */
function page(view: TenantView, query: AccountListQuery): AccountListResponse {
  const matches = filtered(view, query);
  const start = (query.page - 1) * query.pageSize;
  return { items: matches.slice(start, start + query.pageSize), total: matches.length, page: query.page, pageSize: query.pageSize };
}

/** The view's items in a list order, sorted on first use: the key, then display name and id as tie-breakers. */
function sortedBy(view: TenantView, key: AccountListQuery['sort'], order: AccountListQuery['order']): AccountListItem[] {
  const name = `${key}:${order}`;
  let sorted = view.orders.get(name);
  if (!sorted) {
    const direction = order === 'desc' ? -1 : 1;
    const compare = (a: AccountListItem, b: AccountListItem): number =>
      key === 'status' ? (STATUS_ORDER[a.status ?? ''] ?? 3) - (STATUS_ORDER[b.status ?? ''] ?? 3) : BY_NAME.compare(a[key] ?? '', b[key] ?? '');
    sorted = [...view.items].sort((a, b) => direction * compare(a, b) || TIE_BREAK.compare(a.displayName, b.displayName) || TIE_BREAK.compare(a.id, b.id));
    view.orders.set(name, sorted);
  }
  return sorted;
}

function licensesOf(snapshot: AccountSnapshot, skuParts: Map<string, string>): LicenseRef[] {
  const skuIds =
    snapshot.sources.licenses.status === 'ok'
      ? (snapshot.sources.licenses.data ?? []).map((license) => license.skuId)
      : snapshot.sources.user.status === 'ok'
        ? (snapshot.sources.user.data?.assignedSkuIds ?? [])
        : [];
  return skuIds.map((skuId) => {
    const info = describeSku(skuId, skuParts.get(skuId));
    return { skuId, skuPartNumber: info.skuPartNumber, name: info.name, isTeamsRooms: isTeamsRoomsFamily(info.family) };
  });
}

function statusLabel(status: AccountStatus | null): string {
  if (status === 'noActionNeeded') return 'No Action Needed';
  if (status === 'needsAction') return 'Needs Action';
  if (status === 'notAvailable') return 'N/A';
  return '';
}

/** For a synced account, the AD PowerShell of a setting AD masters: shown instead of a control. */
function onPremisesField(check: CheckDefinition, snapshot: AccountSnapshot): { managedOnPremises?: string } {
  const command = onPremisesCommand(check, snapshot);
  return command ? { managedOnPremises: command } : {};
}
