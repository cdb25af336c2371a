import { graphErrors } from '../errors.ts';
import { jsonResponse, type GraphResponse } from '../message.ts';
import { compileFilter } from '../odata/filter.ts';
import { graphLink, metadataUrl } from '../odata/links.ts';
import { ordinal } from '../odata/ordinal.ts';
import { parseSelect, project } from '../odata/select.ts';
import type { GraphCall } from '../router.ts';
import { hiddenAddresses, ROOM_PROPERTIES, ROOM_SCHEMA, ROOM_TYPE, roomResource } from './room.ts';

/**
 * Rooms per page. Places documents `$top` but current tenants never return more than 100 rooms a page,
 * so a larger `$top` is capped at 100 and the rest follows through `@odata.nextLink`.
 */
export const ROOM_PAGE_LIMIT = 100;

/** GET /places/microsoft.graph.room: `$filter`, `$select`, `$top`, `$skip`, `$count`; GAL-hidden rooms left out. */
export function listRooms(call: GraphCall): GraphResponse {
  const { query, tenant, ctx } = call;
  query.reject(['orderby', 'search', 'expand', 'skiptoken', 'deltatoken'], (option) =>
    graphErrors.badRequest(`The query option '$${option}' is not supported for places by this emulator.`),
  );
  const select = parseSelect(query.get('select'), ROOM_PROPERTIES, ROOM_TYPE);
  const top = nonNegative('top', query.get('top'));
  const skip = nonNegative('skip', query.get('skip')) ?? 0;
  const pageSize = Math.min(top ?? ROOM_PAGE_LIMIT, ROOM_PAGE_LIMIT);
  const filterText = query.get('filter');
  const filter = filterText === undefined ? undefined : compileFilter(filterText, ROOM_SCHEMA);

  const hidden = hiddenAddresses(tenant);
  const rooms = [...tenant.places.values()]
    .filter((place) => !hidden.has(place.emailAddress.toLowerCase()))
    .map(roomResource)
    .filter((room) => !filter || filter.test(room))
    .sort((a, b) => ordinal(String(a.displayName).toLowerCase(), String(b.displayName).toLowerCase()) || ordinal(String(a.id), String(b.id)));
  const page = rooms.slice(skip, skip + pageSize);
  const nextSkip = skip + pageSize;
  const properties = select ? ['@odata.type', 'id', ...select.filter((name) => name !== 'id')] : undefined;
  return jsonResponse({
    '@odata.context': metadataUrl(ctx, 'places/microsoft.graph.room'),
    ...(query.countRequested ? { '@odata.count': rooms.length } : {}),
    value: page.map((room) => (properties ? project(room, properties) : room)),
    ...(pageSize > 0 && nextSkip < rooms.length ? { '@odata.nextLink': graphLink(ctx, '/places/microsoft.graph.room', query.with('skip', String(nextSkip))) } : {}),
  });
}

function nonNegative(option: 'top' | 'skip', value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value.trim())) {
    throw graphErrors.badRequest(`Invalid value '${value}' for $${option} query option found. The $${option} query option requires a non-negative integer value.`);
  }
  return Number(value);
}
