// @ts-nocheck
// Evidence: docs/microsoft-365.md#graph-place-get
import { faultsOf, withOverride } from '../../tenant/faults.ts';
import type { EmPlace, Tenant } from '../../tenant/model.ts';
import { GraphError, graphErrors } from '../errors.ts';
import type { ComplexType, EntitySchema } from '../odata/filter.ts';

export const ROOM_TYPE = 'microsoft.graph.room';

const PHYSICAL_ADDRESS: ComplexType = {
  name: 'microsoft.graph.physicalAddress',
  properties: {
    street: { type: 'string' },
    city: { type: 'string' },
    state: { type: 'string' },
    countryOrRegion: { type: 'string' },
    postalCode: { type: 'string' },
  },
};

const GEO_COORDINATES: ComplexType = {
  name: 'microsoft.graph.outlookGeoCoordinates',
  properties: { latitude: { type: 'number' }, longitude: { type: 'number' } },
};

/** Room properties with their `$filter` types (Places filters on any of them, no advanced engine involved). */
export const ROOM_SCHEMA: EntitySchema = {
  typeName: ROOM_TYPE,
  resourceName: 'Room',
  properties: {
    id: { type: 'string' },
    emailAddress: { type: 'string' },
    displayName: { type: 'string' },
    nickname: { type: 'string' },
    building: { type: 'string' },
    floorNumber: { type: 'number' },
    floorLabel: { type: 'string' },
    capacity: { type: 'number' },
    label: { type: 'string' },
    phone: { type: 'string' },
    address: { type: PHYSICAL_ADDRESS },
    geoCoordinates: { type: GEO_COORDINATES },
    isWheelChairAccessible: { type: 'boolean' },
    tags: { type: { collection: 'string' } },
    audioDeviceName: { type: 'string' },
    videoDeviceName: { type: 'string' },
    displayDeviceName: { type: 'string' },
    bookingType: { type: 'string' },
  },
};

export const ROOM_PROPERTIES: readonly string[] = Object.keys(ROOM_SCHEMA.properties);

/** A room as Graph returns it, with `@odata.type` first. */
export function roomResource(place: EmPlace): Record<string, unknown> {
  return {
    '@odata.type': `#${ROOM_TYPE}`,
    id: place.id,
    emailAddress: place.emailAddress,
    displayName: place.displayName,
    nickname: place.nickname,
    building: place.building,
    floorNumber: place.floorNumber,
    floorLabel: place.floorLabel,
    capacity: place.capacity,
    label: place.label,
    phone: place.phone,
    address: { ...place.address },
    geoCoordinates: place.geoCoordinates ? { ...place.geoCoordinates } : null,
    isWheelChairAccessible: place.isWheelChairAccessible,
    tags: [...place.tags],
    audioDeviceName: place.audioDeviceName,
    videoDeviceName: place.videoDeviceName,
    displayDeviceName: place.displayDeviceName,
    bookingType: place.bookingType,
  };
}

/** A room as this tenant's Graph returns it: with the override a test set on it, if any. */
export function servedRoom(tenant: Tenant, place: EmPlace): Record<string, unknown> {
  return withOverride(roomResource(place), faultsOf(tenant).places.get(place.id));
}

/** Places calls fail as a whole while a test has made Places absent for the tenant (control API). */
export function assertPlacesServed(tenant: Tenant): void {
  const outage = faultsOf(tenant).placesOutage;
  if (outage) throw new GraphError(outage.status, outage.code, outage.message);
}

/** Addresses of mailboxes hidden from the GAL: Places leaves their rooms out of lists. */
export function hiddenAddresses(tenant: Tenant): Set<string> {
  const hidden = new Set<string>();
  for (const mailbox of tenant.mailboxes.values()) {
    if (mailbox.hiddenFromAddressListsEnabled) hidden.add(mailbox.primarySmtpAddress.toLowerCase());
  }
  return hidden;
}

/** The room a `{id}` segment names (id or email address), or Exchange's not-found. */
export function placeFromPath(tenant: Tenant, key: string): EmPlace {
  const place = tenant.placeByIdOrEmail(key);
  if (!place) throw graphErrors.placeNotFound();
  return place;
}
