// @ts-nocheck
// Evidence: docs/microsoft-365.md#graph-errors
import type { z } from 'zod';
import type { CallOutcome, TenantBudget } from './budget.ts';
import { asDeltaExpired, graphError, invalidResponse, M365Error } from './errors.ts';
import { graphCost } from './graphCost.ts';
import { outcomeFromHeaders, policyFor, resilientCall, type CallContext, type CallOptions } from './resilientCall.ts';
import { backoffDelay, DEFAULT_RETRY_POLICY, parseRetryAfter, type RetryPolicy } from './retry.ts';
import {
  batchResponse,
  collectionEnvelope,
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
import { lowerCaseKeys, type HttpMethod, type HttpResponse, type Transport } from './transport.ts';

export interface GraphClientOptions {
  /** The Graph host, e.g. `https://graph.microsoft.com` (national clouds and the emulator differ only here). */
  baseUrl: string;
  /** A Graph access token for the signed-in user (OBO); called before every attempt so renewals are picked up. */
  getToken: () => Promise<string>;
  /** The tenant's budget from the process-wide BudgetRegistry. */
  budget: TenantBudget;
  transport: Transport;
  /** `x-ms-throttle-priority`: `high` for what a person waits on, `low` for bulk jobs. */
  priority?: 'low' | 'normal' | 'high';
  retry?: Partial<RetryPolicy>;
  /** `$batch` envelopes in flight at once per call. */
  batchConcurrency?: number;
  /**
   * Told about each collection item (user, room, SKU, license detail) that failed its check and was skipped,
   * so a caller can log it; the rest of the page is used.
   */
  onInvalidItem?: (item: InvalidItem) => void;
}

/** A collection item left out because a field we use has an unexpected shape. */
export interface InvalidItem {
  /** What was being read: `users`, `rooms`, `subscribedSkus`… */
  what: string;
  /** The item's `id`, when it has a string one. */
  id?: string;
  /** The first few problems, as `path: message`. */
  issues: string[];
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
  address?: { street?: string | null; city?: string | null; state?: string | null; countryOrRegion?: string | null; postalCode?: string | null };
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

export interface BatchRequest {
  /** Unique within one `batch()` call. */
  id: string;
  method: HttpMethod;
  /** Relative to the version root, e.g. `/users/{id}?$select=id`. */
  url: string;
  headers?: Record<string, string>;
  body?: unknown;
  /** Safe to resend after an inner 429/503/504; defaults to true for every method but POST. */
  idempotent?: boolean;
}

export interface BatchResult {
  id: string;
  status: number;
  /** Lower-case header names. */
  headers: Record<string, string>;
  body: unknown;
}

const BATCH_LIMIT = 20;
/**
 * Rooms asked for per Places page. Places never sends `@odata.nextLink`; it pages by `$top` (999 and more are
 * reported to work) and `$skip` (graph-engineering.md §3.4).
 */
const ROOM_PAGE = 999;
const RETRYABLE_INNER = new Set([429, 503, 504]);

/**
 * Microsoft Graph v1.0 for room resource accounts: typed methods over paging, `$batch` (inner 429s retried
 * by us), the tenant budget and retries. Callers never see URLs, links or retry loops.
 */
export class GraphClient {
  private readonly root: string;
  private readonly origin: string;
  private readonly context: CallContext;
  private readonly priority?: 'low' | 'normal' | 'high';
  private readonly batchConcurrency: number;
  private readonly onInvalidItem?: (item: InvalidItem) => void;
  private skipped = 0;

  constructor(options: GraphClientOptions) {
    this.root = `${options.baseUrl.replace(/\/+$/, '').replace(/\/v1\.0$/, '')}/v1.0`;
    this.origin = new URL(this.root).origin;
    this.priority = options.priority;
    this.batchConcurrency = Math.max(1, options.batchConcurrency ?? 4);
    this.onInvalidItem = options.onInvalidItem;
    this.context = {
      service: 'graph',
      transport: options.transport,
      getToken: options.getToken,
      budget: options.budget,
      retry: { ...DEFAULT_RETRY_POLICY, ...options.retry },
    };
  }

  /** Collection items this client has skipped as malformed so far (see `onInvalidItem`). */
  get invalidItems(): number {
    return this.skipped;
  }

  /** Users page by page (999 per page by default), following `@odata.nextLink`. */
  async *listUserPages(options: ListUsersOptions, call?: CallOptions): AsyncGenerator<Page<GraphUser>> {
    const top = Math.min(999, Math.max(1, options.top ?? 999));
    const advanced = options.count === true || (options.filter !== undefined && needsAdvancedQuery(options.filter));
    const query = [`$select=${selectList(options.select)}`, `$top=${top}`];
    if (options.filter) query.push(`$filter=${encodeURIComponent(options.filter)}`);
    if (advanced) query.push('$count=true');
    const headers: Record<string, string> = advanced ? { consistencylevel: 'eventual' } : {};
    for await (const page of this.pages(`/users?${query.join('&')}`, graphUser, 'users', headers, call)) {
      yield { items: page.items, count: page.count, invalidIds: page.invalidIds };
    }
  }

  /** Users one by one; see listUserPages. */
  async *listUsers(options: ListUsersOptions, call?: CallOptions): AsyncGenerator<GraphUser> {
    for await (const page of this.listUserPages(options, call)) yield* page.items;
  }

  async getUser(id: string, select: readonly string[], call?: CallOptions): Promise<GraphUser> {
    const res = await this.send('GET', `/users/${encodeURIComponent(id)}?$select=${selectList(select)}`, { call });
    return this.parse(graphUser, res, 'user');
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
      else if (result.status >= 200 && result.status < 300) users.push(...this.validItems(graphUser, [result.body], 'user'));
      else throw batchItemError(result);
    });
    return { users, missing };
  }

  async patchUser(id: string, patch: UserPatch, call?: CallOptions): Promise<void> {
    await this.send('PATCH', `/users/${encodeURIComponent(id)}`, { body: patch, call });
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
    const res = await this.send('POST', `/users/${encodeURIComponent(id)}/assignLicense`, { body, idempotent: true, call });
    return this.parse(graphUser, res, 'user');
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
      return this.parsePage(graphRoom, await this.send('GET', `/places/microsoft.graph.room?${query}`, { call }), 'rooms');
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
    const fetched: GraphRoom[][] = [];
    let next = 0;
    const worker = async () => {
      while (next < skips.length) {
        const index = next++;
        fetched[index] = (await page(skips[index] as number, stride, false)).items;
      }
    };
    await Promise.all(Array.from({ length: Math.min(parallel, skips.length) }, worker));
    for (const rooms of fetched) yield* fresh(rooms);
  }

  async getPlace(idOrEmail: string, call?: CallOptions): Promise<GraphRoom> {
    const res = await this.send('GET', `/places/${encodeURIComponent(idOrEmail)}`, { mailbox: idOrEmail, call });
    return this.parse(graphRoom, res, 'place');
  }

  async patchPlace(id: string, patch: RoomPatch, call?: CallOptions): Promise<void> {
    await this.send('PATCH', `/places/${encodeURIComponent(id)}`, { body: { '@odata.type': 'microsoft.graph.room', ...patch }, mailbox: id, call });
  }

  /** The signed-in user. */
  async me(call?: CallOptions): Promise<GraphUser> {
    const res = await this.send('GET', '/me?$select=id,displayName,userPrincipalName,mail', { call });
    return this.parse(graphUser, res, 'me');
  }

  /** The signed-in user's directory roles, including those held through groups. */
  async myDirectoryRoles(call?: CallOptions): Promise<DirectoryRole[]> {
    return this.collect('/me/transitiveMemberOf/microsoft.graph.directoryRole?$select=id,displayName,roleTemplateId', directoryRole, 'directoryRoles', call);
  }

  async organization(call?: CallOptions): Promise<Organization> {
    const [org] = await this.collect('/organization?$select=id,displayName,tenantType,countryLetterCode,verifiedDomains', organization, 'organization', call);
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
      const res = await this.send('GET', url, { call }).catch((error: unknown) => {
        throw error instanceof M365Error ? asDeltaExpired(error) : error;
      });
      const page = this.parsePage(deltaUser, res, 'users delta');
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
   * policy; when retries run out the last inner answer is returned as the result.
   */
  async batch(requests: readonly BatchRequest[], call?: CallOptions): Promise<BatchResult[]> {
    const ids = new Set(requests.map((request) => request.id));
    if (ids.size !== requests.length) throw new Error('batch(): request ids must be unique');
    const chunks: BatchRequest[][] = [];
    for (let start = 0; start < requests.length; start += BATCH_LIMIT) chunks.push(requests.slice(start, start + BATCH_LIMIT));
    const byId = new Map<string, BatchResult>();
    let next = 0;
    const worker = async () => {
      while (next < chunks.length) {
        const chunk = chunks[next++] as BatchRequest[];
        for (const result of await this.runBatchChunk(chunk, call)) byId.set(result.id, result);
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.batchConcurrency, chunks.length) }, worker));
    return requests.map((request) => byId.get(request.id) as BatchResult);
  }

  private async runBatchChunk(chunk: BatchRequest[], call?: CallOptions): Promise<BatchResult[]> {
    const policy = policyFor(this.context.retry, call);
    const deadline = Date.now() + policy.deadlineMs;
    const done = new Map<string, BatchResult>();
    let pending = chunk;
    for (let attempt = 1; pending.length > 0; attempt += 1) {
      const results = await this.sendBatch(pending, { ...call, deadlineMs: Math.max(1, deadline - Date.now()) });
      const again: BatchRequest[] = [];
      let wait = 0;
      for (const request of pending) {
        const result = results.get(request.id);
        if (!result) throw invalidResponse('graph', '$batch', [{ path: ['responses'], message: `no response for request ${request.id}` }]);
        done.set(request.id, result);
        if (RETRYABLE_INNER.has(result.status) && (request.idempotent ?? request.method !== 'POST')) {
          again.push(request);
          wait = Math.max(wait, parseRetryAfter(result.headers) ?? backoffDelay(attempt, policy));
        }
      }
      if (again.length === 0 || attempt >= policy.maxAttempts || Date.now() + wait >= deadline) break;
      await new Promise((resolve) => setTimeout(resolve, wait));
      pending = again;
    }
    return chunk.map((request) => done.get(request.id) as BatchResult);
  }

  private async sendBatch(requests: BatchRequest[], call: CallOptions): Promise<Map<string, BatchResult>> {
    let resourceUnits = 0;
    let writes = 0;
    for (const request of requests) {
      const cost = graphCost(request.method, request.url);
      resourceUnits += cost.resourceUnits;
      writes += cost.writes;
    }
    const body = {
      requests: requests.map((request) => ({
        id: request.id,
        method: request.method,
        url: request.url,
        ...(request.body !== undefined ? { body: request.body, headers: { 'content-type': 'application/json', ...request.headers } } : request.headers ? { headers: request.headers } : {}),
      })),
    };
    const res = await resilientCall(
      this.context,
      {
        method: 'POST',
        url: `${this.root}/$batch`,
        headers: this.headers(),
        body,
        cost: { service: 'graph', resourceUnits, writes },
        idempotent: requests.every((request) => request.idempotent ?? request.method !== 'POST'),
        toError: graphError,
        outcomeOf: batchOutcome,
      },
      call,
    );
    const parsed = this.parse(batchResponse, res, '$batch');
    return new Map(
      parsed.responses.map((item) => [item.id, { id: item.id, status: item.status, headers: lowerCaseKeys(item.headers ?? {}), body: item.body }]),
    );
  }

  private headers(extra: Record<string, string> = {}): Record<string, string> {
    return this.priority ? { 'x-ms-throttle-priority': this.priority, ...extra } : extra;
  }

  /** A path below the version root, or an absolute link Graph gave us (which must stay on the same origin). */
  private resolve(pathOrLink: string): string {
    if (!/^https?:\/\//i.test(pathOrLink)) return `${this.root}${pathOrLink}`;
    if (new URL(pathOrLink).origin !== this.origin) {
      throw invalidResponse('graph', 'paging', [{ path: ['@odata.nextLink'], message: `link leaves ${this.origin}` }]);
    }
    return pathOrLink;
  }

  private send(
    method: HttpMethod,
    pathOrLink: string,
    options: { body?: unknown; headers?: Record<string, string>; mailbox?: string; idempotent?: boolean; call?: CallOptions },
  ): Promise<HttpResponse> {
    const url = this.resolve(pathOrLink);
    const cost = graphCost(method, url.slice(this.root.length));
    return resilientCall(
      this.context,
      {
        method,
        url,
        headers: this.headers(options.headers),
        body: options.body,
        cost: { service: 'graph', ...cost, mailbox: options.mailbox },
        idempotent: options.idempotent ?? method !== 'POST',
        toError: graphError,
      },
      options.call,
    );
  }

  private async *pages<T extends z.ZodType>(
    first: string,
    item: T,
    what: string,
    headers: Record<string, string>,
    call?: CallOptions,
  ): AsyncGenerator<CheckedPage<z.infer<T>>> {
    // The next page is asked for as soon as its link is known, so checking and consuming a page of 999 users
    // overlaps the round trip of the next one instead of adding to it.
    let pending: Promise<HttpResponse> | undefined = this.send('GET', first, { headers, call });
    while (pending) {
      const res: HttpResponse = await pending;
      const link = nextLinkOf(res.body);
      pending = link ? this.send('GET', link, { headers, call }) : undefined;
      // A page that fails its check ends the walk: the request already in flight must not go unhandled.
      pending?.catch(() => undefined);
      yield this.parsePage(item, res, what);
    }
  }

  private async collect<T extends z.ZodType>(first: string, item: T, what: string, call?: CallOptions): Promise<z.infer<T>[]> {
    const all: z.infer<T>[] = [];
    for await (const page of this.pages(first, item, what, {}, call)) all.push(...page.items);
    return all;
  }

  /** A collection page: the envelope must be right, each item is checked on its own (a bad one is skipped and reported). */
  private parsePage<T extends z.ZodType>(item: T, res: HttpResponse, what: string): CheckedPage<z.infer<T>> {
    const page = this.parse(collectionEnvelope, res, what);
    const invalidIds: string[] = [];
    return {
      items: this.validItems(item, page.value, what, invalidIds),
      invalidIds,
      raw: page.value.length,
      count: page['@odata.count'],
      nextLink: page['@odata.nextLink'],
      deltaLink: page['@odata.deltaLink'],
    };
  }

  private validItems<T extends z.ZodType>(schema: T, values: readonly unknown[], what: string, invalidIds: string[] = []): z.infer<T>[] {
    const items: z.infer<T>[] = [];
    for (const value of values) {
      const parsed = schema.safeParse(value);
      if (parsed.success) {
        items.push(parsed.data);
        continue;
      }
      this.skipped += 1;
      const id = value && typeof value === 'object' ? (value as Record<string, unknown>).id : undefined;
      if (typeof id === 'string') invalidIds.push(id);
      const issues = parsed.error.issues.slice(0, 5).map((issue) => `${issue.path.map(String).join('.') || '(item)'}: ${issue.message}`);
      this.onInvalidItem?.({ what, id: typeof id === 'string' ? id : undefined, issues });
    }
    return items;
  }

  private parse<T extends z.ZodType>(schema: T, res: HttpResponse, what: string): z.infer<T> {
    const parsed = schema.safeParse(res.body);
    if (!parsed.success) throw invalidResponse('graph', what, parsed.error.issues, res);
    return parsed.data;
  }
}

/** A checked collection page: its valid items, how many items it carried in all, and its annotations. */
interface CheckedPage<T> {
  items: T[];
  /** Items in the page before any was skipped: what paging by `$skip` counts. */
  raw: number;
  /** Ids of the skipped items that had one. */
  invalidIds: string[];
  count?: number;
  nextLink?: string;
  deltaLink?: string;
}

/** `@odata.nextLink` of a response body, before the page is checked (the check then validates it too). */
function nextLinkOf(body: unknown): string | undefined {
  const link = body && typeof body === 'object' ? (body as Record<string, unknown>)['@odata.nextLink'] : undefined;
  return typeof link === 'string' ? link : undefined;
}

/** The M365Error a failed `$batch` item stands for. */
export function batchItemError(result: BatchResult): M365Error {
  return graphError(asResponse(result));
}

function asResponse(result: BatchResult): HttpResponse {
  return { status: result.status, headers: result.headers, body: result.body };
}

/** A `$batch` answers 200 even when its items were throttled: tell the budget about the worst inner 429. */
function batchOutcome(res: HttpResponse): CallOutcome {
  const outcome = outcomeFromHeaders(res);
  const parsed = batchResponse.safeParse(res.body);
  if (!parsed.success) return outcome;
  for (const item of parsed.data.responses) {
    if (item.status !== 429) continue;
    const headers = lowerCaseKeys(item.headers ?? {});
    const retryAfterMs = parseRetryAfter(headers);
    outcome.status = 429;
    outcome.retryAfterMs = Math.max(outcome.retryAfterMs ?? 0, retryAfterMs ?? 0) || undefined;
    outcome.throttleInformation ??= headers['x-ms-throttle-information'];
  }
  return outcome;
}


function selectList(select: readonly string[]): string {
  return select.map(encodeURIComponent).join(',');
}

/** Filters Graph serves only as advanced queries (graph-engineering.md §3.2). */
function needsAdvancedQuery(filter: string): boolean {
  return /\$count|\bne\b|\bnot\s*\(|endswith\(/i.test(filter);
}
