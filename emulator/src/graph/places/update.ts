// Evidence: docs/microsoft-365.md#graph-place-patch
import { canWritePlace } from '../../access/policy.ts';
import type { EmPlace, PhysicalAddress } from '../../tenant/model.ts';
import { graphErrors } from '../errors.ts';
import { INVALID_JSON, jsonResponse, type GraphResponse } from '../message.ts';
import { metadataUrl } from '../odata/links.ts';
import { userHasRole } from '../permissions.ts';
import type { GraphCall } from '../router.ts';
import { assertPlacesServed, placeFromPath, ROOM_TYPE, roomResource, servedRoom } from './room.ts';

type PlaceChange = (place: EmPlace) => void;

/** Graph's place-update page: "You can't use this API to update the id, placeId, emailAddress, displayName, or bookingType". */
const IMMUTABLE = new Set(['id', 'placeId', 'emailAddress', 'displayName', 'bookingType']);
const TEXT = ['nickname', 'building', 'floorLabel', 'label', 'phone', 'audioDeviceName', 'videoDeviceName', 'displayDeviceName'] as const;
const INTEGER = ['floorNumber', 'capacity'] as const;
const ADDRESS_FIELDS: readonly (keyof PhysicalAddress)[] = ['street', 'city', 'state', 'countryOrRegion', 'postalCode'];
const GEO_EXTRAS = new Set(['accuracy', 'altitude', 'altitudeAccuracy']);

/** GET /places/{id|emailAddress}: any room, listed or hidden from the GAL. */
export function getRoom(call: GraphCall): GraphResponse {
  assertPlacesServed(call.tenant);
  const place = placeFromPath(call.tenant, call.params.id ?? '');
  return jsonResponse({ '@odata.context': metadataUrl(call.ctx, 'places/$entity'), ...servedRoom(call.tenant, place) });
}

/**
 * PATCH /places/{id}: the body names `@odata.type` microsoft.graph.room; every property is validated
 * before the role check and before anything changes. Answers 200 with the updated room, as Graph does.
 */
export function patchRoom(call: GraphCall): GraphResponse {
  const { tenant } = call;
  assertPlacesServed(tenant);
  const place = placeFromPath(tenant, call.params.id ?? '');
  const changes = planRoomPatch(call.request.body);
  // place-update: "This API doesn't honor administrative roles assigned to groups".
  if (!userHasRole(call, canWritePlace, { viaGroups: false })) throw graphErrors.accessDenied();
  for (const change of changes) change(place);
  const mailbox = tenant.mailboxByIdentity(place.emailAddress);
  if (mailbox) mailbox.resourceCapacity = place.capacity;
  call.ctx.stats.write('PATCH /places', place.emailAddress);
  return jsonResponse({ '@odata.context': metadataUrl(call.ctx, 'places/$entity'), ...roomResource(place) });
}

function planRoomPatch(body: unknown): PlaceChange[] {
  if (body === INVALID_JSON || typeof body !== 'object' || body === null || Array.isArray(body)) throw graphErrors.invalidPayload();
  const entries = Object.entries(body as Record<string, unknown>);
  const type = (body as Record<string, unknown>)['@odata.type'];
  if (type === undefined) throw graphErrors.badRequest(`The '@odata.type' annotation is required to update a place; use '${ROOM_TYPE}'.`);
  if (String(type).replace(/^#/, '') !== ROOM_TYPE)
    throw graphErrors.badRequest(`A type named '${String(type)}' could not be resolved by the model.`);
  return entries.filter(([property]) => property !== '@odata.type').map(([property, value]) => planProperty(property, value));
}

function planProperty(property: string, value: unknown): PlaceChange {
  const invalid = () => graphErrors.invalidValue(property, 'Room');
  if (IMMUTABLE.has(property)) {
    throw graphErrors.badRequest(
      `Property '${property}' can't be updated: the id, placeId, emailAddress, displayName and bookingType of a place are read-only.`,
    );
  }
  if ((TEXT as readonly string[]).includes(property)) {
    if (value !== null && typeof value !== 'string') throw invalid();
    const key = property as (typeof TEXT)[number];
    return (place) => (place[key] = value as string | null);
  }
  if ((INTEGER as readonly string[]).includes(property)) {
    if (value !== null && !(Number.isInteger(value) && (property !== 'capacity' || (value as number) >= 0))) throw invalid();
    const key = property as (typeof INTEGER)[number];
    return (place) => (place[key] = value as number | null);
  }
  switch (property) {
    case 'isWheelChairAccessible':
      if (typeof value !== 'boolean') throw invalid();
      return (place) => (place.isWheelChairAccessible = value);
    case 'tags':
      if (value !== null && !(Array.isArray(value) && value.every((tag) => typeof tag === 'string'))) throw invalid();
      return (place) => (place.tags = value === null ? [] : [...(value as string[])]);
    case 'address':
      return planAddress(value);
    case 'geoCoordinates':
      return planGeoCoordinates(value);
  }
  throw graphErrors.unknownProperty(property, ROOM_TYPE);
}

/** Address fields merge into the current address, so a PATCH of `address.city` keeps the street. */
function planAddress(value: unknown): PlaceChange {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw graphErrors.invalidValue('address', 'Room');
  const fields = Object.entries(value as Record<string, unknown>);
  for (const [key, field] of fields) {
    if (key === '@odata.type') continue;
    if (!(ADDRESS_FIELDS as readonly string[]).includes(key)) throw graphErrors.unknownProperty(key, 'microsoft.graph.physicalAddress');
    if (field !== null && typeof field !== 'string') throw graphErrors.invalidValue(key, 'PhysicalAddress');
  }
  return (place) => {
    for (const [key, field] of fields) {
      if (key !== '@odata.type') place.address[key as keyof PhysicalAddress] = field as string | null;
    }
  };
}

function planGeoCoordinates(value: unknown): PlaceChange {
  if (value === null) return (place) => (place.geoCoordinates = null);
  if (typeof value !== 'object' || Array.isArray(value)) throw graphErrors.invalidValue('geoCoordinates', 'Room');
  const { latitude, longitude, ...rest } = value as Record<string, unknown>;
  for (const key of Object.keys(rest)) {
    if (key !== '@odata.type' && !GEO_EXTRAS.has(key)) throw graphErrors.unknownProperty(key, 'microsoft.graph.outlookGeoCoordinates');
  }
  if (typeof latitude !== 'number' || typeof longitude !== 'number' || Math.abs(latitude) > 90 || Math.abs(longitude) > 180) {
    throw graphErrors.invalidValue('geoCoordinates', 'Room');
  }
  return (place) => (place.geoCoordinates = { latitude, longitude });
}
