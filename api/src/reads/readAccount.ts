import { describeSku } from '../domain/licenseCatalog.ts';
import type { M365Clients } from '../clients.ts';
import { readers, type GraphUser } from './readers.ts';
import type { SubscribedSku } from '../domain/subscribedSku.ts';
import { failedSource, okSource, type AccountSnapshot, type Sources } from '../domain/snapshot.ts';

/**
 * Read one resource account from Microsoft 365 now (user, place, mailbox, calendar processing). An apply reads
 * less (accounts/applyReads.ts: no Get-Mailbox when the stored mailbox is known, no Exchange read-back); this
 * full read is its fallback when the stored mailbox is not. It lives in reads/, beside the sync's readers, because
 * both the sync (inventory/) and an apply (accounts/) read accounts, and accounts/ may not import inventory/.
 */
export async function readAccount(clients: M365Clients, accountId: string, skus: SubscribedSku[]): Promise<AccountSnapshot | null> {
  const read = readers(clients);
  const now = new Date().toISOString();
  const [user] = await read.usersByIds([accountId]);
  if (!user) return null;
  // All three at once: calendar processing fails the same way the mailbox read does when there is no mailbox.
  const [place, mailbox, settings] = await Promise.all([
    read.placeOf(user, now),
    read.mailboxOf(user.userPrincipalName, now),
    read.calendarProcessingOf(user.userPrincipalName, now),
  ]);
  const calendarProcessing =
    mailbox.status === 'ok' ? settings : mailbox.status === 'notFound' ? failedSource('notFound', now) : { ...mailbox, data: undefined };
  return {
    accountId: user.id,
    userPrincipalName: user.userPrincipalName,
    displayName: user.displayName,
    readAt: now,
    sources: {
      ...userSources(user, skus, now),
      place,
      mailbox,
      calendarProcessing,
    },
  };
}

/** The user and licenses sources of one Graph user read at `now` (licenses named by the tenant's SKUs). */
export function userSources(user: GraphUser, skus: readonly SubscribedSku[], now: string): Pick<Sources, 'user' | 'licenses'> {
  const parts = new Map(skus.map((sku) => [sku.skuId, sku.skuPartNumber]));
  // A SKU the tenant's subscriptions don't name (bought elsewhere, or gone) takes the catalog's part number.
  return {
    user: okSource(user, now),
    licenses: okSource(
      user.assignedSkuIds.map((skuId) => ({ skuId, skuPartNumber: parts.get(skuId) ?? describeSku(skuId).skuPartNumber })),
      now,
    ),
  };
}
