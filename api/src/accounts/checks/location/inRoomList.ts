// Evidence: docs/microsoft-365.md#exo-room-lists
import { ROLE } from '../../../auth/roles.ts';
import { listsHolding, roomListNamed } from '../../../domain/roomLists.ts';
import type { AccountSnapshot } from '../../../domain/snapshot.ts';
import type { Baseline } from '../../baseline.ts';
import { readSource, verdict } from '../read.ts';
import type { CheckDefinition } from '../types.ts';

/** The building's room list under the baseline's name template, or null when the room has no building. */
export function buildingListName(snapshot: AccountSnapshot, baseline: Baseline): string | null {
  const place = snapshot.sources.place.status === 'ok' ? snapshot.sources.place.data : undefined;
  const building = place?.building?.trim();
  return building ? baseline.roomListName.replaceAll('{building}', building) : null;
}

/**
 * Outlook's Room Finder and scheduling assistant offer rooms by room list: a room in none is found only by
 * typing its name. Recommended, not required: Teams Rooms itself works without one.
 */
export const inRoomList: CheckDefinition = {
  id: 'inRoomList',
  group: 'location',
  label: 'In a room list',
  setting: 'roomList',
  description:
    "Whether the room is a member of a room list (a distribution group of type RoomList, usually one per building). Outlook's Room Finder and scheduling assistant list rooms by room list, so a room in none is found only by typing its name. Read with Get-DistributionGroup -RecipientTypeDetails RoomList and Get-DistributionGroupMember; the fix adds the room to its building's list (Add-DistributionGroupMember) and creates that list when the building has none (New-DistributionGroup -RoomList).",
  powershell:
    'Add-DistributionGroupMember -Identity "Rooms - <building>" -Member <upn>   # or first: New-DistributionGroup -Name "Rooms - <building>" -RoomList',
  severity: 'recommended',
  optIn: true,
  changeRole: ROLE.exchangeRecipientAdmin,
  expected: (baseline) => `a room list (${baseline.roomListName})`,
  evaluate(snapshot, { tenant }) {
    const mailbox = readSource(snapshot, 'mailbox');
    if ('unknown' in mailbox) return mailbox.unknown;
    // Only room mailboxes can be in a room list; the room-mailbox check reports any other type.
    if (mailbox.data.recipientTypeDetails !== 'RoomMailbox')
      return { result: 'unknown', actual: null, note: 'Only room mailboxes can be in a room list' };
    const fact = tenant.roomLists;
    if (!fact) return { result: 'unknown', actual: null, note: 'Room lists not read yet: run Get Data' };
    if (fact.status !== 'ok') return { result: 'unknown', actual: null, note: `No permission to read room lists: ${fact.reason}` };
    const lists = listsHolding(fact, mailbox.data.primarySmtpAddress).map((list) => list.name);
    return verdict(
      lists.length > 0,
      lists.length > 0 ? lists : null,
      lists.length > 0 ? undefined : 'In no room list: Room Finder does not offer it',
    );
  },
  fix(snapshot, { baseline, tenant }) {
    const name = buildingListName(snapshot, baseline);
    if (!name || tenant.roomLists?.status !== 'ok') return null;
    return { kind: 'roomList', setting: 'roomList', list: name, create: !roomListNamed(tenant.roomLists, name), to: name };
  },
};
