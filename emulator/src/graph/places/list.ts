// Evidence: docs/microsoft-365.md#graph-places-list
import { graphErrors } from '../errors.ts';
import { jsonResponse, type GraphResponse } from '../message.ts';
import { compileFilter } from '../odata/filter.ts';
import { metadataUrl } from '../odata/links.ts';
import { ordinal } from '../odata/ordinal.ts';
import { sortedIndex, type Keyed } from '../odata/sortedIndex.ts';
import type { EmPlace } from '../../tenant/model.ts';
import { parseSelect, project } from '../odata/select.ts';
import type { GraphCall } from '../router.ts';
import { assertPlacesServed, hiddenAddresses, ROOM_PROPERTIES, ROOM_SCHEMA, ROOM_TYPE, servedRoom } from './room.ts';

/**
 * Rooms per page without `$top` (place-list: "The default page size is 100"). A larger `$top` is honoured with
 * no cap: 999 and 10,000 are reported to return that many rooms (msgraph-sdk-powershell #2260,
 * msgraph-sdk-dotnet #2190), and no page limit is documented.
 */
export const ROOM_DEFAULT_PAGE = 100;

const BY_NAME_THEN_ID = (a: Keyed, b: Keyed) => ordinal(a.key, b.key) || ordinal(a.id, b.id);

/**
 * GET /places/microsoft.graph.room: `$filter`, `$select`, `$top`, `$skip`, `$count`; GAL-hidden rooms left out.
 * Never an `@odata.nextLink`: the live service pages only by `$top`/`$skip` (microsoft-graph-docs #6427, #9923,
 * #18604; msgraph-sdk-dotnet #2190), so a client that waits for a link reads one page and stops.
 */
export function listRooms(call: GraphCall): GraphResponse {
  const { query, tenant, ctx } = call;
  assertPlacesServed(tenant);
  query.reject(['orderby', 'search', 'expand', 'skiptoken', 'deltatoken'], (option) =>
    graphErrors.badRequest(`The query option '$${option}' is not supported for places by this emulator.`),
  );
  const select = parseSelect(query.get('select'), ROOM_PROPERTIES, ROOM_TYPE);
  const top = nonNegative('top', query.get('top'));
  const skip = nonNegative('skip', query.get('skip')) ?? 0;
  const pageSize = top ?? ROOM_DEFAULT_PAGE;
  const filterText = query.get('filter');
  const filter = filterText === undefined ? undefined : compileFilter(filterText, ROOM_SCHEMA);

  // One pass over the places: a lookup per hidden address missed for every hidden mailbox without a place, and
  // each miss scanned every place.
  const hiddenAddress = hiddenAddresses(tenant);
  const hidden = new Set<string>();
  if (hiddenAddress.size > 0)
    for (const [id, place] of tenant.places) if (hiddenAddress.has(place.emailAddress.toLowerCase())) hidden.add(id);
  // Sorted by display name (case-insensitively), then id; only the page asked for is built.
  const index = sortedIndex(
    tenant.places,
    'displayName',
    (place) => place.displayName,
    (name) => name.toLowerCase(),
    BY_NAME_THEN_ID,
  );
  const order = hidden.size > 0 ? index.filter((entry) => !hidden.has(entry.id)) : index;
  const place = (entry: Keyed) => servedRoom(tenant, tenant.places.get(entry.id) as EmPlace);
  const matching = filter ? order.map(place).filter((room) => filter.test(room)) : undefined;
  const total = matching?.length ?? order.length;
  const page = matching ? matching.slice(skip, skip + pageSize) : order.slice(skip, skip + pageSize).map(place);
  const properties = select ? ['@odata.type', 'id', ...select.filter((name) => name !== 'id')] : undefined;
  return jsonResponse({
    '@odata.context': metadataUrl(ctx, 'places/microsoft.graph.room'),
    ...(query.countRequested ? { '@odata.count': total } : {}),
    value: page.map((room) => (properties ? project(room, properties) : room)),
  });
}

function nonNegative(option: 'top' | 'skip', value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value.trim())) {
    throw graphErrors.badRequest(
      `Invalid value '${value}' for $${option} query option found. The $${option} query option requires a non-negative integer value.`,
    );
  }
  return Number(value);
}
