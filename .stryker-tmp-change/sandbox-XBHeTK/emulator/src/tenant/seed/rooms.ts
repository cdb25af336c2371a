// @ts-nocheck
import { recommendedCalendarProcessing, type EmMailbox, type EmPlace, type EmUser } from '../model.ts';
import type { SeededRandom } from '../random.ts';
import { CAPACITIES, deviceKitFor } from './geography.ts';
import type { Spot } from './layout.ts';

/** One resource account before it enters the tenant, so a scenario can bend any part of it first. */
export interface RoomDraft {
  user: EmUser;
  mailbox: EmMailbox | null;
  place: EmPlace | null;
  spot: Spot;
}

export interface DraftOptions {
  random: SeededRandom;
  domain: string;
  /** The Teams Rooms SKU a correctly set-up room holds. */
  licenseSkuId: string;
  createdDateTime: string;
  /** Replaces the generated display name (control API). */
  displayName?: string;
}

const EXTRA_TAGS = ['Whiteboard', 'Standing desk', 'Natural light', 'Dual screens', 'Speaker tracking'];

/** Room code as people write it (`3.14`) and as it appears in aliases (`314`). */
export function roomCode(spot: Spot): { dotted: string; compact: string } {
  const room = String(spot.room).padStart(2, '0');
  return { dotted: `${spot.floor}.${room}`, compact: `${spot.floor}${room}` };
}

/**
 * A fully compliant Teams Rooms resource account at `spot`: Entra user (password never expires, enabled,
 * licensed, usage location), a room mailbox with the recommended calendar processing, and a complete place.
 */
export function draftRoom(spot: Spot, options: DraftOptions): RoomDraft {
  const { random, domain } = options;
  const { building } = spot;
  const site = building.site;
  const code = roomCode(spot);
  const capacity = random.pick(CAPACITIES);
  const landmark = random.pick(site.roomNames);
  const displayName = options.displayName ?? `${building.label}-${code.dotted} ${landmark} (${capacity})`;
  const alias = `mtr-${building.label.toLowerCase()}-${code.compact}`;
  const smtp = `${alias}@${domain}`;
  const id = random.uuid();
  const kit = deviceKitFor(capacity);
  const user: EmUser = {
    id,
    displayName,
    givenName: null,
    surname: null,
    userPrincipalName: smtp,
    mail: smtp,
    mailNickname: alias,
    userType: 'Member',
    accountEnabled: true,
    passwordPolicies: 'DisablePasswordExpiration',
    passwordProfile: { forceChangePasswordNextSignIn: false },
    usageLocation: site.countryCode,
    city: site.city,
    country: site.country,
    officeLocation: building.label,
    jobTitle: null,
    department: null,
    createdDateTime: options.createdDateTime,
    assignedLicenses: [{ skuId: options.licenseSkuId, disabledPlans: [] }],
    roleTemplateIds: [],
  };
  const mailbox: EmMailbox = {
    guid: random.uuid(),
    userId: id,
    alias,
    displayName,
    primarySmtpAddress: smtp,
    emailAddresses: [`SMTP:${smtp}`],
    recipientTypeDetails: 'RoomMailbox',
    hiddenFromAddressListsEnabled: false,
    mailTip: capacity >= 20 ? 'Large room: please release the booking if your meeting is cancelled.' : null,
    resourceCapacity: capacity,
    office: building.label,
    calendarProcessing: recommendedCalendarProcessing(),
  };
  const place: EmPlace = {
    id: random.uuid(),
    emailAddress: smtp,
    displayName,
    nickname: displayName,
    building: building.label,
    floorNumber: spot.floor,
    floorLabel: site.floorLabel(spot.floor),
    capacity,
    label: landmark,
    phone: null,
    address: { street: building.street, city: site.city, state: site.state, countryOrRegion: site.country, postalCode: site.postalCode },
    geoCoordinates: { latitude: building.latitude, longitude: building.longitude },
    isWheelChairAccessible: random.chance(0.7),
    tags: ['Teams Room', ...EXTRA_TAGS.filter(() => random.chance(0.25))],
    audioDeviceName: kit.audio,
    videoDeviceName: kit.video,
    displayDeviceName: kit.display,
    bookingType: 'standard',
    mtrEnabled: random.chance(0.3),
  };
  return { user, mailbox, place, spot };
}
