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
    ? fact.lists.map((list) =>
        list === existing && !list.members.includes(needle) ? { ...list, members: [...list.members, needle] } : list,
      )
    : [...fact.lists, { name, primarySmtpAddress: '', members: [needle] }];
  return { ...fact, lists };
}
