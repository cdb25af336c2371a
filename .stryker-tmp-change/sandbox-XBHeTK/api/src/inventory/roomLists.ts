// @ts-nocheck
// Evidence: docs/microsoft-365.md#exo-room-lists
import { M365Error, type ExchangeClient } from '../m365/index.ts';

/** One room list and the addresses of its members (lower case), as read once per sync. */
export interface RoomList {
  name: string;
  primarySmtpAddress: string;
  members: string[];
}

/**
 * The tenant's room lists, read once per sync and kept with the tenant (like its licenses). Unavailable when
 * Exchange refused or failed: the "in a room list" check is then unknown for every room, and the sync goes on.
 */
export type RoomListsFact = { status: 'ok'; readAt: string; lists: RoomList[] } | { status: 'unavailable'; readAt: string; reason: string };

/** How many lists have their members read at once: each is one Exchange call (a few hundred ms). */
const MEMBER_READS_IN_FLIGHT = 4;

/** Get-DistributionGroup -RecipientTypeDetails RoomList, then each list's members. Any M365 failure → unavailable. */
export async function readRoomLists(exchange: ExchangeClient): Promise<RoomListsFact> {
  const readAt = new Date().toISOString();
  try {
    const found = await exchange.listRoomLists();
    const lists: RoomList[] = found.map((list) => ({ name: list.Name, primarySmtpAddress: list.PrimarySmtpAddress.toLowerCase(), members: [] }));
    let next = 0;
    const worker = async () => {
      while (next < lists.length) {
        const list = lists[next++] as RoomList;
        list.members = (await exchange.listGroupMembers(list.primarySmtpAddress)).map((member) => member.PrimarySmtpAddress.toLowerCase());
      }
    };
    await Promise.all(Array.from({ length: Math.min(MEMBER_READS_IN_FLIGHT, lists.length) }, worker));
    return { status: 'ok', readAt, lists };
  } catch (error) {
    if (!(error instanceof M365Error)) throw error;
    return { status: 'unavailable', readAt, reason: `${error.code}: ${error.message}` };
  }
}

/** The list named `name` (Exchange names compare case-insensitively). */
export function roomListNamed(fact: RoomListsFact | undefined, name: string): RoomList | undefined {
  return fact?.status === 'ok' ? fact.lists.find((list) => list.name.toLowerCase() === name.toLowerCase()) : undefined;
}

/** The lists holding an address. */
export function listsHolding(fact: RoomListsFact & { status: 'ok' }, address: string): RoomList[] {
  const needle = address.toLowerCase();
  return fact.lists.filter((list) => list.members.includes(needle));
}

/** The fact after a room was added to a list (created when new): what the next sync would read. */
export function withMember(fact: RoomListsFact | undefined, name: string, address: string): RoomListsFact | undefined {
  if (fact?.status !== 'ok') return fact;
  const needle = address.toLowerCase();
  const existing = roomListNamed(fact, name);
  const lists = existing
    ? fact.lists.map((list) => (list === existing && !list.members.includes(needle) ? { ...list, members: [...list.members, needle] } : list))
    : [...fact.lists, { name, primarySmtpAddress: '', members: [needle] }];
  return { ...fact, lists };
}
