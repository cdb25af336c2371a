// @ts-nocheck
// Evidence: docs/microsoft-365.md#exo-get-place, #exo-set-place
import { randomUUID } from 'node:crypto';
import type { EmMailbox, EmPlace, EmUser, Tenant } from '../../tenant/model.ts';
import type { ExchangeObject } from './types.ts';

/**
 * Every room mailbox is a place in Exchange. The tenant stores a place record only once location data exists;
 * until then Get-Place shows what the mailbox and its user already say (name, capacity, city, country).
 */
export function placeOf(tenant: Tenant, mailbox: EmMailbox, owner: EmUser): { place: EmPlace; stored: boolean } {
  const stored = tenant.placeByIdOrEmail(mailbox.primarySmtpAddress);
  if (stored) return { place: stored, stored: true };
  return {
    stored: false,
    place: {
      id: randomUUID(),
      emailAddress: mailbox.primarySmtpAddress,
      displayName: mailbox.displayName,
      nickname: null,
      building: null,
      floorNumber: null,
      floorLabel: null,
      capacity: mailbox.resourceCapacity,
      label: null,
      phone: null,
      address: { street: null, city: owner.city, state: null, countryOrRegion: owner.country, postalCode: null },
      geoCoordinates: null,
      isWheelChairAccessible: false,
      tags: [],
      audioDeviceName: null,
      videoDeviceName: null,
      displayDeviceName: null,
      bookingType: 'standard',
      mtrEnabled: false,
    },
  };
}

/** A room as Get-Place prints it. */
export function placeObject(mailbox: EmMailbox, place: EmPlace): ExchangeObject {
  const geo = place.geoCoordinates;
  return {
    Identity: mailbox.alias,
    Guid: mailbox.guid,
    DisplayName: place.displayName,
    Type: 'Room',
    Building: place.building,
    Floor: place.floorNumber,
    FloorLabel: place.floorLabel,
    Capacity: place.capacity,
    Street: place.address.street,
    City: place.address.city,
    State: place.address.state,
    PostalCode: place.address.postalCode,
    CountryOrRegion: place.address.countryOrRegion,
    Phone: place.phone,
    GeoCoordinates: geo ? `${geo.latitude};${geo.longitude}` : null,
    IsWheelChairAccessible: place.isWheelChairAccessible,
    Label: place.label,
    Tags: [...place.tags],
    AudioDeviceName: place.audioDeviceName,
    VideoDeviceName: place.videoDeviceName,
    DisplayDeviceName: place.displayDeviceName,
    MTREnabled: place.mtrEnabled,
    ParentId: null,
    ParentType: 'None',
  };
}
