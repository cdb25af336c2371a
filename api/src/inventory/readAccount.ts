import type { M365Clients } from '../clients.ts';
import { readers } from './readers.ts';
import type { SubscribedSku } from './inventoryStore.ts';
import { failedSource, okSource, type AccountSnapshot } from './snapshot.ts';

/**
 * Read one resource account from Microsoft 365 now (user, place, mailbox, calendar processing). Used before
 * an apply (plans are made against a fresh read) and after it (write-through of what Microsoft 365 now holds).
 */
export async function readAccount(clients: M365Clients, accountId: string, skus: SubscribedSku[]): Promise<AccountSnapshot | null> {
  const read = readers(clients);
  const now = new Date().toISOString();
  const [user] = await read.usersByIds([accountId]);
  if (!user) return null;
  const parts = new Map(skus.map((sku) => [sku.skuId, sku.skuPartNumber]));
  const [place, mailbox] = await Promise.all([read.placeOf(user, now), read.mailboxOf(user.userPrincipalName, now)]);
  const calendarProcessing = mailbox.status === 'ok' ? await read.calendarProcessingOf(user.userPrincipalName, now) : mailbox.status === 'notFound' ? failedSource('notFound', now) : { ...mailbox, data: undefined };
  return {
    accountId: user.id,
    userPrincipalName: user.userPrincipalName,
    displayName: user.displayName,
    readAt: now,
    sources: {
      user: okSource(user, now),
      licenses: okSource(user.assignedSkuIds.map((skuId) => ({ skuId, skuPartNumber: parts.get(skuId) ?? skuId })), now),
      place,
      mailbox,
      calendarProcessing,
    },
  };
}
