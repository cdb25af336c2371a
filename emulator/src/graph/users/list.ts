// Evidence: docs/microsoft-365.md#graph-users-list
import { graphErrors } from '../errors.ts';
import { jsonResponse, textResponse, type GraphResponse } from '../message.ts';
import { compileFilter } from '../odata/filter.ts';
import { graphLink, metadataUrl, setFragment } from '../odata/links.ts';
import { ordinal } from '../odata/ordinal.ts';
import { isEventual, parsePageSize } from '../odata/query.ts';
import { parseSelect } from '../odata/select.ts';
import { requireSignInActivityAccess } from '../identity/readAccess.ts';
import { positionAfter, sortedIndex, type SortKey as IndexKey } from '../odata/sortedIndex.ts';
import { decodeToken, encodeToken } from '../odata/tokens.ts';
import type { EmUser } from '../../tenant/model.ts';
import type { GraphCall } from '../router.ts';
import {
  DEFAULT_USER_PROPERTIES,
  projectUser,
  SIGN_IN_ACTIVITY,
  USER_PROPERTIES,
  USER_SCHEMA,
  USER_SELECTABLE,
  USER_TYPE,
  userResource,
} from './userResource.ts';

const DEFAULT_PAGE = 100;
const MAX_PAGE = 999;
/** "When you specify $select=signInActivity … the maximum page size is 120 users": a larger $top gets pages of 120. */
const SIGN_IN_ACTIVITY_PAGE = 120;
const SORTABLE = ['displayName', 'userPrincipalName'];

type SortKey = [string, string];

/** GET /users: `$select`, `$filter`, `$orderby`, `$top`, `$count` and `$skiptoken` paging, as Entra answers them. */
export function listUsers(call: GraphCall): GraphResponse {
  const { query, request, ctx } = call;
  query.reject(['skip'], () => graphErrors.requestBadRequest("'$skip' is not supported by the service."));
  query.reject(['expand', 'search'], (option) =>
    graphErrors.unsupportedQuery(`The query option '$${option}' is not supported by this emulator.`),
  );
  const eventual = isEventual(request.headers);
  const counted = query.countRequested;
  if (counted && !eventual) throw graphErrors.requestBadRequest('$count is not currently supported.');
  const select = parseSelect(query.get('select'), USER_SELECTABLE, USER_TYPE);
  const withActivity = select?.includes(SIGN_IN_ACTIVITY) ?? false;
  if (withActivity) requireSignInActivityAccess(call);
  const requestedTop = parsePageSize(query.get('top'), DEFAULT_PAGE, MAX_PAGE);
  const top = withActivity ? Math.min(requestedTop, SIGN_IN_ACTIVITY_PAGE) : requestedTop;
  const order = parseOrderBy(query.get('orderby'));
  if (order && query.has('filter') && !(eventual && counted))
    throw graphErrors.unsupportedQuery('Sorting not supported for current query.');

  const compare = (a: IndexKey, b: IndexKey) => (order?.descending ? -1 : 1) * ordinal(a.key, b.key) || ordinal(a.id, b.id);
  const after = pageCursor(query.get('skiptoken'));
  const cursor = after ? { key: after[0], id: after[1] } : undefined;
  let total: number;
  let page: Record<string, unknown>[];
  let more: boolean;
  if (query.has('filter')) {
    const keyOf = (resource: Record<string, unknown>) => ({
      key: order ? String(resource[order.property] ?? '').toLowerCase() : '',
      id: String(resource.id),
    });
    const matching = matchingUsers(call, eventual && counted)
      .map((resource) => ({ resource, ...keyOf(resource) }))
      .sort(compare);
    const start = cursor ? positionAfter(matching, cursor, compare) : 0;
    [total, page, more] = [
      matching.length,
      matching.slice(start, start + top).map((entry) => entry.resource),
      matching.length - start > top,
    ];
  } else {
    // No filter: page through the kept order and build only the users of this page.
    const { tenant } = call;
    const field = (user: EmUser) => (order ? String(userResource(tenant, user)[order.property] ?? '') : '');
    const index = sortedIndex(
      tenant.users,
      order ? `${order.property} ${order.descending ? 'desc' : 'asc'}` : 'id',
      field,
      (value) => value.toLowerCase(),
      compare,
    );
    const start = cursor ? positionAfter(index, cursor, compare) : 0;
    [total, page, more] = [
      index.length,
      index.slice(start, start + top).map((entry) => userResource(tenant, tenant.users.get(entry.id) as EmUser)),
      index.length - start > top,
    ];
  }
  const last = page.at(-1);
  const lastKey: SortKey | undefined = last ? [order ? String(last[order.property] ?? '').toLowerCase() : '', String(last.id)] : undefined;
  return jsonResponse({
    '@odata.context': metadataUrl(ctx, setFragment('users', select)),
    ...(counted ? { '@odata.count': total } : {}),
    value: page.map((resource) => projectUser(call.tenant, resource, select ?? DEFAULT_USER_PROPERTIES)),
    ...(more && lastKey
      ? { '@odata.nextLink': graphLink(ctx, '/users', query.with('skiptoken', encodeToken('users', { after: lastKey }))) }
      : {}),
  });
}

/** GET /users/$count: a plain-text number, only through the advanced query engine. */
export function countUsers(call: GraphCall): GraphResponse {
  if (!isEventual(call.request.headers)) {
    throw graphErrors.unsupportedQuery(
      "Raw count (/$count) is not supported because the 'ConsistencyLevel:eventual' header is missing. Refer to https://aka.ms/graph-docs/advanced-queries for more information",
    );
  }
  return textResponse(String(matchingUsers(call, true).length));
}

/** Users passing `$filter`; operators of the advanced engine are refused unless it is engaged. */
function matchingUsers(call: GraphCall, advanced: boolean): Record<string, unknown>[] {
  const resources = [...call.tenant.users.values()].map((user) => userResource(call.tenant, user));
  const text = call.query.get('filter');
  if (text === undefined) return resources;
  const filter = compileFilter(text, USER_SCHEMA);
  const [operator] = filter.advancedOperators;
  if (operator && !advanced) throw graphErrors.advancedQueryRequired(operator);
  return resources.filter((resource) => filter.test(resource));
}

function parseOrderBy(value: string | undefined): { property: string; descending: boolean } | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const clauses = value.split(',').map((clause) => clause.trim().split(/\s+/));
  const [clause] = clauses;
  const [name = '', direction = 'asc'] = clause ?? [];
  const property = USER_PROPERTIES.find((known) => known.toLowerCase() === name.toLowerCase());
  if (!property) throw graphErrors.badRequest(`Could not find a property named '${name}' on type '${USER_TYPE}'.`);
  if (clauses.length > 1 || !SORTABLE.includes(property) || !/^(asc|desc)$/i.test(direction) || (clause?.length ?? 0) > 2) {
    throw graphErrors.unsupportedQuery('Sorting not supported for current query.');
  }
  return { property, descending: direction.toLowerCase() === 'desc' };
}

function pageCursor(token: string | undefined): SortKey | undefined {
  if (token === undefined) return undefined;
  const after = decodeToken('users', token)?.after;
  if (!Array.isArray(after) || after.length !== 2 || !after.every((part) => typeof part === 'string')) throw graphErrors.expiredPageToken();
  return after as SortKey;
}
