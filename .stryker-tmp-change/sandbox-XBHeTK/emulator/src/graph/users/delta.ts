// @ts-nocheck
// Evidence: docs/microsoft-365.md#graph-users-delta
import { randomUUID } from 'node:crypto';
import type { Tenant } from '../../tenant/model.ts';
import { graphErrors } from '../errors.ts';
import { jsonResponse, type GraphResponse } from '../message.ts';
import { graphLink, metadataUrl, setFragment } from '../odata/links.ts';
import { parseSelect, project } from '../odata/select.ts';
import { decodeToken, encodeToken } from '../odata/tokens.ts';
import type { GraphCall } from '../router.ts';
import { DEFAULT_USER_PROPERTIES, USER_PROPERTIES, USER_TYPE, userResource } from './userResource.ts';

const DEFAULT_PAGE = 100;
const MAX_PAGE = 999;
/** Delta tokens for identity resources live 7 days (graph-engineering.md §3.3). */
const TOKEN_LIFETIME_MS = 7 * 24 * 3600 * 1000;

/**
 * Each tenant object gets its own epoch: a reset reseeds new tenants, and tokens of the old state then
 * answer SyncStateNotFound, as an expired token does, instead of silently skipping changes.
 */
const epochs = new WeakMap<Tenant, string>();
function epochOf(tenant: Tenant): string {
  let epoch = epochs.get(tenant);
  if (!epoch) {
    epoch = randomUUID();
    epochs.set(tenant, epoch);
  }
  return epoch;
}

/** How tokens of an expired state are answered: the 7-day expiry's 400, or a 410 reset with some code. */
export type DeltaExpiry = { status: 400 } | { status: 410; code: string };
const expiries = new WeakMap<Tenant, DeltaExpiry>();

/**
 * Emulator control: invalidate every delta and page token the tenant issued so far, as Graph does after
 * 7 days (400 SyncStateNotFound) or after internal maintenance (410 Gone, learn.microsoft.com "Use delta
 * query", Synchronization reset). Tokens issued afterwards work.
 */
export function expireDeltaTokens(tenant: Tenant, expiry: DeltaExpiry): void {
  epochs.set(tenant, randomUUID());
  expiries.set(tenant, expiry);
}

/** Where a round stands. `initial`: every user, by id after `afterId`; `changes`: change entries in (`afterSeq`, `toSeq`]. */
type Round =
  | { phase: 'initial'; select?: string[]; startSeq: number; afterId: string }
  | { phase: 'changes'; select?: string[]; toSeq: number; afterSeq: number };

interface TokenState {
  tenant: string;
  epoch: string;
  issued: number;
}

/**
 * GET /users/delta. Query parameters count only on the first request; they travel inside the opaque
 * `$skiptoken`/`$deltatoken`. Pages carry `@odata.nextLink` until the last, which carries `@odata.deltaLink`.
 */
export function usersDelta(call: GraphCall): GraphResponse {
  const { query } = call;
  query.reject(['filter', 'orderby', 'count', 'search', 'expand', 'top', 'skip'], (option) =>
    graphErrors.unsupportedQuery(`The query option '$${option}' is not supported with delta queries by this emulator.`),
  );
  const skipToken = query.get('skiptoken');
  const deltaToken = query.get('deltatoken');
  if (skipToken !== undefined) return page(call, readToken(call, 'usersDeltaPage', skipToken));
  const select = parseSelect(query.get('select'), USER_PROPERTIES, USER_TYPE);
  if (deltaToken?.toLowerCase() === 'latest') return emptyRound(call, select);
  if (deltaToken !== undefined) {
    const state = readToken(call, 'usersDelta', deltaToken);
    return page(call, { phase: 'changes', select: state.select, toSeq: call.tenant.currentSeq, afterSeq: state.afterSeq });
  }
  return page(call, { phase: 'initial', select, startSeq: call.tenant.currentSeq, afterId: '' });
}

function page(call: GraphCall, round: Round): GraphResponse {
  const size = pageSize(call.request.headers.prefer);
  const { tenant } = call;
  const properties = round.select ? ['id', ...round.select.filter((name) => name !== 'id')] : DEFAULT_USER_PROPERTIES;
  let value: Record<string, unknown>[];
  let more: boolean;
  let next: Round | undefined;
  if (round.phase === 'initial') {
    const users = [...tenant.users.values()].filter((user) => user.id > round.afterId).sort((a, b) => (a.id < b.id ? -1 : 1));
    const slice = users.slice(0, size);
    more = users.length > size;
    value = slice.map((user) => project(userResource(tenant, user), properties));
    const last = slice.at(-1);
    if (more && last) next = { ...round, afterId: last.id };
  } else {
    const entries = tenant.changedSince(round.afterSeq).filter((entry) => entry.seq <= round.toSeq);
    const slice = entries.slice(0, size);
    more = entries.length > size;
    value = slice.map((entry) => {
      const user = tenant.users.get(entry.userId);
      if (entry.removed || !user) return { id: entry.userId, '@removed': { reason: 'changed' } };
      return project(userResource(tenant, user), properties);
    });
    const last = slice.at(-1);
    if (more && last) next = { ...round, afterSeq: last.seq };
  }
  const body: Record<string, unknown> = { '@odata.context': metadataUrl(call.ctx, setFragment('users', round.select)), value };
  if (next) {
    body['@odata.nextLink'] = graphLink(call.ctx, '/users/delta', `$skiptoken=${token(call, 'usersDeltaPage', next)}`);
  } else {
    const seq = round.phase === 'initial' ? round.startSeq : round.toSeq;
    body['@odata.deltaLink'] = deltaLink(call, round.select, seq);
  }
  return jsonResponse(body);
}

/** `$deltatoken=latest`: no data, only a deltaLink from now on. */
function emptyRound(call: GraphCall, select: string[] | undefined): GraphResponse {
  return jsonResponse({
    '@odata.context': metadataUrl(call.ctx, setFragment('users', select)),
    value: [],
    '@odata.deltaLink': deltaLink(call, select, call.tenant.currentSeq),
  });
}

function deltaLink(call: GraphCall, select: string[] | undefined, afterSeq: number): string {
  return graphLink(call.ctx, '/users/delta', `$deltatoken=${token(call, 'usersDelta', { select, afterSeq })}`);
}

function token(call: GraphCall, kind: string, state: object): string {
  const stamp: TokenState = { tenant: call.tenant.id, epoch: epochOf(call.tenant), issued: Date.now() };
  return encodeToken(kind, { ...stamp, ...state });
}

/** Decode a token of this tenant's current state, younger than the delta lifetime; anything else is SyncStateNotFound. */
function readToken(call: GraphCall, kind: 'usersDeltaPage', text: string): Round;
function readToken(call: GraphCall, kind: 'usersDelta', text: string): { select?: string[]; afterSeq: number };
function readToken(call: GraphCall, kind: string, text: string): unknown {
  const state = decodeToken(kind, text);
  const valid =
    state !== undefined &&
    state.tenant === call.tenant.id &&
    state.epoch === epochOf(call.tenant) &&
    typeof state.issued === 'number' &&
    Date.now() - state.issued < TOKEN_LIFETIME_MS &&
    (state.select === undefined || (Array.isArray(state.select) && state.select.every((name) => USER_PROPERTIES.includes(String(name)))));
  if (!valid) throw expiredError(call, state);
  if (kind === 'usersDelta') {
    if (typeof state.afterSeq !== 'number') throw graphErrors.syncStateNotFound();
    return { select: state.select as string[] | undefined, afterSeq: state.afterSeq };
  }
  const select = state.select as string[] | undefined;
  if (state.phase === 'initial' && typeof state.afterId === 'string' && typeof state.startSeq === 'number') {
    return { phase: 'initial', select, startSeq: state.startSeq, afterId: state.afterId } satisfies Round;
  }
  if (state.phase === 'changes' && typeof state.afterSeq === 'number' && typeof state.toSeq === 'number') {
    return { phase: 'changes', select, toSeq: state.toSeq, afterSeq: state.afterSeq } satisfies Round;
  }
  throw graphErrors.syncStateNotFound();
}

/** A token of an older state of this tenant gets the answer its expiry was set to; any other bad token SyncStateNotFound. */
function expiredError(call: GraphCall, state: Record<string, unknown> | undefined) {
  const expiry = expiries.get(call.tenant);
  const older = state !== undefined && state.tenant === call.tenant.id && state.epoch !== epochOf(call.tenant);
  if (expiry?.status === 410 && older) return graphErrors.syncReset(expiry.code, graphLink(call.ctx, '/users/delta', '$deltatoken='));
  return graphErrors.syncStateNotFound();
}

/** `Prefer: odata.maxpagesize=N` sizes delta pages, as Graph allows for directory delta. */
function pageSize(prefer: string | undefined): number {
  const match = /odata\.maxpagesize\s*=\s*(\d+)/i.exec(prefer ?? '');
  if (!match) return DEFAULT_PAGE;
  return Math.min(MAX_PAGE, Math.max(1, Number(match[1])));
}
