// Evidence: docs/microsoft-365.md#exo-room-lists
import { M365Error, type ExchangeClient } from '../m365/index.ts';
import type { RoomList, RoomListsFact } from '../domain/roomLists.ts';

/** How many lists have their members read at once: each is one Exchange call (a few hundred ms). */
const MEMBER_READS_IN_FLIGHT = 4;

/** Get-DistributionGroup -RecipientTypeDetails RoomList, then each list's members. Any M365 failure → unavailable. */
export async function readRoomLists(exchange: ExchangeClient): Promise<RoomListsFact> {
  const readAt = new Date().toISOString();
  try {
    const found = await exchange.listRoomLists();
    const lists: RoomList[] = found.map((list) => ({
      name: list.Name,
      primarySmtpAddress: list.PrimarySmtpAddress.toLowerCase(),
      members: [],
    }));
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
