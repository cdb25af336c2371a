// Evidence: docs/microsoft-365.md#graph-errors
import type { z } from 'zod';
import { batchItemError, sendBatched, type BatchRequest, type BatchResult } from './graphBatch.ts';
import { collectAll, graphPages } from './graphPaging.ts';
import { GraphRequests, type GraphWireOptions } from './graphRequests.ts';
import { asDeltaExpired, invalidResponse, M365Error } from './errors.ts';
import type { CallOptions } from './resilientCall.ts';
import {
  deltaUser,
  directoryRole,
  graphRoom,
  graphUser,
  licenseDetail,
  organization,
  subscribedSku,
  type DirectoryRole,
  type GraphRoom,
  type GraphUser,
  type LicenseDetail,
  type Organization,
  type SubscribedSku,
} from './schemas.ts';

export interface GraphClientOptions extends GraphWireOptions {
  /** `$batch` envelopes in flight at once per call. */
  batchConcurrency?: number;
}

export interface Page<T> {
  items: T[];
  /** `@odata.count`, when `$count=true` was sent. */
  count?: number;
  /** Ids of the page's items that were malformed and left out of `items` (reported through `onInvalidItem`). */
  invalidIds: string[];
}

export interface ListUsersOptions {
  select: readonly string[];
  filter?: string;
  /** 1–999 (Graph's bounds); defaults to 999. */
  top?: number;
  /** Ask for `@odata.count` (an advanced query: sends `ConsistencyLevel: eventual`). */
  count?: boolean;
}

export interface UsersByIds {
  users: GraphUser[];
  /** Ids Graph answered 404 for. */
  missing: string[];
}

export interface UserPatch {
  accountEnabled?: boolean;
  passwordPolicies?: string | null;
  passwordProfile?: { forceChangePasswordNextSignIn?: boolean; password?: string };
  usageLocation?: string | null;
  userPrincipalName?: string;
  displayName?: string;
  city?: string | null;
  country?: string | null;
  officeLocation?: string | null;
}

export interface LicenseChange {
  addLicenses: { skuId: string; disabledPlans?: string[] }[];
  removeLicenses: string[];
}

/** Writable room properties (`id`, `emailAddress`, `displayName` and `bookingType` are not). */
export interface RoomPatch {
  nickname?: string | null;
  building?: string | null;
  floorNumber?: number | null;
  floorLabel?: string | null;
  capacity?: number | null;
  label?: string | null;
  phone?: string | null;
  address?: {
    street?: string | null;
    city?: string | null;
    state?: string | null;
    countryOrRegion?: string | null;
    postalCode?: string | null;
  };
  geoCoordinates?: { latitude: number; longitude: number } | null;
  isWheelChairAccessible?: boolean | null;
  tags?: string[];
  audioDeviceName?: string | null;
  videoDeviceName?: string | null;
  displayDeviceName?: string | null;
}

export interface UsersDelta {
  /** Users added or changed since the delta link (all users on a first round), each once. */
  changed: GraphUser[];
  /** Ids deleted since the delta link. */
  removed: string[];
  /** Store it and pass it next time. */
  deltaLink: string;
}

/**
 * Rooms asked for per Places page. Places never sends `@odata.nextLink`; it pages by `$top` (999 and more are
 * reported to work) and `$skip` (graph-engineering.md §3.4).
 */
const ROOM_PAGE = 999;

/**
 * Microsoft Graph v1.0 for room resource accounts: the typed methods. The request, its budget and retries and
 * the checks of answers are in graphRequests.ts, paging over `@odata.nextLink` in graphPaging.ts, and the
 * `$batch` engine (inner 429s retried by us) in graphBatch.ts. Callers never see URLs, links or retry loops.
 */
export class GraphClient {
  private readonly requests: GraphRequests;
  private readonly batchConcurrency: number;

  constructor(options: GraphClientOptions) {
    this.requests = new GraphRequests(options);
    this.batchConcurrency = Math.max(1, options.batchConcurrency ?? 4);
  }

  /** Collection items this client has skipped as malformed so far (see `onInvalidItem`). */
  get invalidItems(): number {
    return this.requests.invalidItems;
  }

  /** Users page by page (999 per page by default), following `@odata.nextLink`. */
  async *listUserPages(options: ListUsersOptions, call?: CallOptions): AsyncGenerator<Page<GraphUser>> {
    const top = Math.min(999, Math.max(1, options.top ?? 999));
    const advanced = options.count === true || (options.filter !== undefined && needsAdvancedQuery(options.filter));
    const query = [`$select=${selectList(options.select)}`, `$top=${top}`];
    if (options.filter) query.push(`$filter=${encodeURIComponent(options.filter)}`);
    if (advanced) query.push('$count=true');
    const headers: Record<string, string> = advanced ? { consistencylevel: 'eventual' } : {};
    for await (const page of graphPages(this.requests, `/users?${query.join('&')}`, graphUser, 'users', headers, call)) {
      yield { items: page.items, count: page.count, invalidIds: page.invalidIds };
    }
  }

  /** Users one by one; see listUserPages. */
  async *listUsers(options: ListUsersOptions, call?: CallOptions): AsyncGenerator<GraphUser> {
    for await (const page of this.listUserPages(options, call)) yield* page.items;
  }

  async getUser(id: string, select: readonly string[], call?: CallOptions): Promise<GraphUser> {
    const res = await this.requests.send('GET', `/users/${encodeURIComponent(id)}?$select=${selectList(select)}`, { call });
    return this.requests.parse(graphUser, res, 'user');
  }

  /** Many users by id through `$batch` (20 per envelope); 404s are reported as missing, other failures thrown. */
  async getUsersByIds(ids: readonly string[], select: readonly string[], call?: CallOptions): Promise<UsersByIds> {
    const unique = [...new Set(ids)];
    const query = `?$select=${selectList(select)}`;
    const results = await this.batch(
      unique.map((id, index) => ({ id: String(index), method: 'GET' as const, url: `/users/${encodeURIComponent(id)}${query}` })),
      call,
    );
    const users: GraphUser[] = [];
    const missing: string[] = [];
    results.forEach((result, index) => {
      if (result.status === 404) missing.push(unique[index] as string);
      else if (result.status >= 200 && result.status < 300) users.push(...this.requests.validItems(graphUser, [result.body], 'user'));
      else throw batchItemError(result);
    });
    return { users, missing };
  }

  async patchUser(id: string, patch: UserPatch, call?: CallOptions): Promise<void> {
    await this.requests.send('PATCH', `/users/${encodeURIComponent(id)}`, { body: patch, call });
  }

  async listLicenseDetails(id: string, call?: CallOptions): Promise<LicenseDetail[]> {
    return this.collect(`/users/${encodeURIComponent(id)}/licenseDetails`, licenseDetail, 'licenseDetails', call);
  }

  /** Idempotent for the same sets, so it is retried like a PATCH. Returns the updated user. */
  async assignLicense(id: string, change: LicenseChange, call?: CallOptions): Promise<GraphUser> {
    const body = {
      addLicenses: change.addLicenses.map((license) => ({ skuId: license.skuId, disabledPlans: license.disabledPlans ?? [] })),
      removeLicenses: change.removeLicenses,
    };
    const res = await this.requests.send('POST', `/users/${encodeURIComponent(id)}/assignLicense`, { body, idempotent: true, call });
    return this.requests.parse(graphUser, res, 'user');
  }

  async listSubscribedSkus(call?: CallOptions): Promise<SubscribedSku[]> {
    return this.collect('/subscribedSkus', subscribedSku, 'subscribedSkus', call);
  }

  /**
   * Every room of the Places directory, each once. Places never sends `@odata.nextLink` (graph-engineering.md
   * §3.4), so rooms are paged by `$skip` in pages of 999: the first page asks for `@odata.count`, and with it the
   * other pages are fetched `parallel` at a time (Outlook allows 4 concurrent requests per mailbox). The stride is
   * what the first page returned, in case a service caps `$top` lower. Without a count, pages of that stride
   * follow one another until one comes back shorter than asked or empty. A nextLink, if one ever appears, is ignored: `$skip` covers every room.
   */
  async *listRooms(call?: CallOptions, options: { parallel?: number } = {}): AsyncGenerator<GraphRoom> {
    const parallel = Math.max(1, options.parallel ?? 1);
    const seen = new Set<string>();
    // A room moving between pages while they are read must not be listed twice.
    const fresh = (rooms: GraphRoom[]) =>
      rooms.filter((room) => {
        if (seen.has(room.id)) return false;
        seen.add(room.id);
        return true;
      });
    const page = async (skip: number, top: number, count: boolean) => {
      const query = `$top=${top}${skip > 0 ? `&$skip=${skip}` : ''}${count ? '&$count=true' : ''}`;
      return this.requests.parsePageInTurns(
        graphRoom,
        await this.requests.send('GET', `/places/microsoft.graph.room?${query}`, { call }),
        'rooms',
      );
    };
    const first = await page(0, ROOM_PAGE, true);
    yield* fresh(first.items);
    const stride = first.raw;
    const total = first.count;
    if (stride === 0) return;
    if (total === undefined) {
      // Without a count a first page shorter than asked may still be a capped one: go on until a page is short or empty.
      for (let skip = stride; ; skip += stride) {
        const next = await page(skip, stride, false);
        yield* fresh(next.items);
        if (next.raw < stride) return;
      }
    }
    const skips: number[] = [];
    for (let skip = stride; skip < total; skip += stride) skips.push(skip);
    // `parallel` pages in flight; each is yielded once it and the pages before it are in. Yielding all of them at
    // the end left a sync listing 2,000 accounts of 10,000 without their place, to be listed again (issue 16).
    const reads: Promise<GraphRoom[]>[] = [];
    let failed = false;
    const ask = () => {
      if (failed || reads.length >= skips.length) return;
      const reading = page(skips[reads.length] as number, stride, false).then((read) => read.items);
      // A page in: its slot asks for the next. A failure is met where the page is awaited, and asks for no more.
      reading.then(ask, () => (failed = true));
      reads.push(reading);
    };
    for (let slot = 0; slot < parallel; slot += 1) ask();
    for (let index = 0; index < skips.length; index += 1) yield* fresh(await (reads[index] as Promise<GraphRoom[]>));
  }

  async getPlace(idOrEmail: string, call?: CallOptions): Promise<GraphRoom> {
    const res = await this.requests.send('GET', `/places/${encodeURIComponent(idOrEmail)}`, { mailbox: idOrEmail, call });
    return this.requests.parse(graphRoom, res, 'place');
  }

  async patchPlace(id: string, patch: RoomPatch, call?: CallOptions): Promise<void> {
    await this.requests.send('PATCH', `/places/${encodeURIComponent(id)}`, {
      body: { '@odata.type': 'microsoft.graph.room', ...patch },
      mailbox: id,
      call,
    });
  }

  /** The signed-in user. */
  async me(call?: CallOptions): Promise<GraphUser> {
    const res = await this.requests.send('GET', '/me?$select=id,displayName,userPrincipalName,mail', { call });
    return this.requests.parse(graphUser, res, 'me');
  }

  /** The signed-in user's directory roles, including those held through groups. */
  async myDirectoryRoles(call?: CallOptions): Promise<DirectoryRole[]> {
    return this.collect(
      '/me/transitiveMemberOf/microsoft.graph.directoryRole?$select=id,displayName,roleTemplateId',
      directoryRole,
      'directoryRoles',
      call,
    );
  }

  async organization(call?: CallOptions): Promise<Organization> {
    const [org] = await this.collect(
      '/organization?$select=id,displayName,tenantType,countryLetterCode,verifiedDomains',
      organization,
      'organization',
      call,
    );
    if (!org) throw invalidResponse('graph', 'organization', [{ path: ['value'], message: 'empty' }]);
    return org;
  }

  /**
   * One round of `/users/delta`: from scratch (no `deltaLink`), from now on (`fromNow`: no users, just a
   * link), or since a stored link, following nextLinks to the new deltaLink. An expired link throws
   * DeltaExpiredError: run a full sync and start again.
   */
  async usersDelta(options: { deltaLink?: string; select: readonly string[]; fromNow?: boolean }, call?: CallOptions): Promise<UsersDelta> {
    const changed = new Map<string, GraphUser>();
    const removed = new Set<string>();
    let url = options.deltaLink ?? `/users/delta?$select=${selectList(options.select)}${options.fromNow ? '&$deltatoken=latest' : ''}`;
    for (;;) {
      const res = await this.requests.send('GET', url, { call }).catch((error: unknown) => {
        throw error instanceof M365Error ? asDeltaExpired(error) : error;
      });
      const page = this.requests.parsePage(deltaUser, res, 'users delta');
      for (const entry of page.items) {
        const { '@removed': gone, ...user } = entry;
        if (gone) {
          changed.delete(user.id);
          removed.add(user.id);
        } else {
          removed.delete(user.id);
          changed.set(user.id, { ...changed.get(user.id), ...user });
        }
      }
      const next = page.nextLink;
      const deltaLink = page.deltaLink;
      if (next) url = next;
      else if (deltaLink) return { changed: [...changed.values()], removed: [...removed], deltaLink };
      else throw invalidResponse('graph', 'users delta', [{ path: ['@odata.deltaLink'], message: 'a last page without deltaLink' }], res);
    }
  }

  /**
   * Send requests through `$batch`, 20 per envelope, and return one result per request in input order.
   * Inner 429/503/504 answers are retried (only those requests, after their Retry-After) within the
   * policy; when retries run out the last inner answer is returned as the result (graphBatch.ts).
   */
  batch(requests: readonly BatchRequest[], call?: CallOptions): Promise<BatchResult[]> {
    return sendBatched(this.requests, requests, this.batchConcurrency, call);
  }

  /**
   * For the typed readers beside this class in m365/ (graphSignIns.ts): every valid item of a collection,
   * following `@odata.nextLink`, each item checked on its own; and one object checked against its schema.
   */
  async collectionOf<T extends z.ZodType>(path: string, item: T, what: string, call?: CallOptions): Promise<z.infer<T>[]> {
    return this.collect(path, item, what, call);
  }

  /** Each page's valid items, following `@odata.nextLink` (the next page is asked for while this one is used). */
  async *pagesOf<T extends z.ZodType>(path: string, item: T, what: string, call?: CallOptions): AsyncGenerator<z.infer<T>[]> {
    for await (const page of graphPages(this.requests, path, item, what, {}, call)) yield page.items;
  }

  async objectOf<T extends z.ZodType>(path: string, schema: T, what: string, call?: CallOptions): Promise<z.infer<T>> {
    return this.requests.parse(schema, await this.requests.send('GET', path, { call }), what);
  }

  /** A `$batch` item's body checked against its schema, or null (reported like a malformed collection item). */
  validItem<T extends z.ZodType>(schema: T, body: unknown, what: string): z.infer<T> | null {
    return this.requests.validItems(schema, [body], what)[0] ?? null;
  }

  private collect<T extends z.ZodType>(first: string, item: T, what: string, call?: CallOptions): Promise<z.infer<T>[]> {
    return collectAll(this.requests, first, item, what, call);
  }
}

function selectList(select: readonly string[]): string {
  return select.map(encodeURIComponent).join(',');
}

/** Filters Graph serves only as advanced queries (graph-engineering.md §3.2). */
function needsAdvancedQuery(filter: string): boolean {
  return /\$count|\bne\b|\bnot\s*\(|endswith\(/i.test(filter);
}
