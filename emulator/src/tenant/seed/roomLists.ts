// Evidence: docs/microsoft-365.md#exo-room-lists
import { createHash } from 'node:crypto';
import type { EmDistributionGroup, Tenant } from '../model.ts';
import type { Layout } from './layout.ts';

/** The product's default room-list name template, so seeded lists look like the ones its fix creates. */
export const ROOM_LIST_NAME = (building: string) => `Rooms - ${building}`;

/** A stable UUID from a name: seeding room lists must not draw from the seed's random stream (it would move every later room). */
export function stableUuid(...parts: string[]): string {
  const hex = createHash('sha256').update(parts.join('\u0000')).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** A room list as New-DistributionGroup -RoomList makes it: alias and address from the name. */
export function newRoomList(
  tenant: Tenant,
  name: string,
  recipientTypeDetails: EmDistributionGroup['recipientTypeDetails'] = 'RoomList',
  alias?: string,
): EmDistributionGroup {
  const mailNickname =
    alias ??
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '');
  return {
    guid: stableUuid(tenant.id, 'group', name),
    externalDirectoryObjectId: stableUuid(tenant.id, 'group-entra', name),
    name,
    displayName: name,
    alias: mailNickname,
    primarySmtpAddress: `${mailNickname}@${tenant.domain}`,
    recipientTypeDetails,
    memberIds: new Set(),
  };
}

/**
 * The demo's room lists: odd-numbered buildings (SEA-B1, SEA-B3…) have one, holding their rooms except every
 * seventh (a room added later and never listed); even-numbered buildings have none. So the "in a room list"
 * check fails both ways the fix handles: add to the building's list, or create the list first.
 */
export function seedRoomLists(tenant: Tenant, layout: Layout): void {
  for (const building of layout.buildings) {
    if (Number(/-B(\d+)$/.exec(building.label)?.[1] ?? 0) % 2 === 0) continue;
    const rooms = [...tenant.places.values()]
      .filter((place) => place.building === building.label)
      .map((place) => tenant.mailboxByIdentity(place.emailAddress))
      .filter((mailbox) => mailbox?.recipientTypeDetails === 'RoomMailbox')
      .sort((a, b) => (a?.alias ?? '').localeCompare(b?.alias ?? ''));
    const list = newRoomList(tenant, ROOM_LIST_NAME(building.label));
    rooms.forEach((mailbox, index) => {
      if (mailbox && index % 7 !== 3) list.memberIds.add(mailbox.userId);
    });
    tenant.distributionGroups.set(list.guid, list);
  }
}
