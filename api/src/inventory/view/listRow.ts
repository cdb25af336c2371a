import type { AccountListItem, LicenseRef } from '../../../../contract/index.ts';
import type { Baseline } from '../../accounts/baseline.ts';
import type { TenantFacts } from '../../accounts/checks/types.ts';
import { signInStateOf } from '../../accounts/signIn/health.ts';
import { evaluateStatus, type AccountGrade } from '../../accounts/status.ts';
import { describeSku, isTeamsRoomsFamily } from '../../domain/licenseCatalog.ts';
import { listsHolding, type RoomListsFact } from '../../domain/roomLists.ts';
import type { ConditionalAccessFact } from '../../domain/signInFacts.ts';
import { locationOf, type AccountSnapshot } from '../../domain/snapshot.ts';
import type { SubscribedSku } from '../../domain/subscribedSku.ts';

/** The tenant facts checks grade against, from a view or the store's tenant state. */
export function factsOf(state: {
  skus: SubscribedSku[];
  roomLists?: RoomListsFact;
  conditionalAccess?: ConditionalAccessFact;
}): TenantFacts {
  return { skus: state.skus, roomLists: state.roomLists, conditionalAccess: state.conditionalAccess };
}

/** An account graded, as its list row. */
export function gradedItem(
  snapshot: AccountSnapshot,
  baseline: Baseline,
  tenant: TenantFacts,
  parts: Map<string, string>,
): AccountListItem {
  return listItem(snapshot, evaluateStatus(snapshot, baseline, tenant), parts, tenant, baseline);
}

/** An account's list row. */
export function listItem(
  snapshot: AccountSnapshot,
  graded: AccountGrade,
  parts: Map<string, string>,
  tenant: TenantFacts,
  baseline: Baseline,
): AccountListItem {
  const roomLists = tenant.roomLists;
  return {
    id: snapshot.accountId,
    displayName: snapshot.displayName,
    userPrincipalName: snapshot.userPrincipalName,
    ...locationOf(snapshot),
    // Mailbox settings still being read during a sync: not graded yet rather than N/A.
    status: graded.status === 'notAvailable' && snapshot.sources.calendarProcessing.status === 'pending' ? null : graded.status,
    warnings: graded.warnings,
    licenses: licensesOf(snapshot, parts),
    recipientType: snapshot.sources.mailbox.status === 'ok' ? (snapshot.sources.mailbox.data?.recipientTypeDetails ?? null) : null,
    roomLists: roomListsOf(snapshot, roomLists),
    // "Within N days" moves with the clock: a row is as of when the view graded it (each sync or baseline change).
    signIn: signInStateOf(snapshot, tenant, baseline, new Date()),
    lastReadAt: snapshot.readAt,
  };
}

/** The tenant's SKU part numbers by skuId: how a license held is named. */
export function skuParts(skus: SubscribedSku[]): Map<string, string> {
  return new Map(skus.map((sku) => [sku.skuId, sku.skuPartNumber]));
}

/** The room lists holding a room mailbox; null when that is not known. */
function roomListsOf(snapshot: AccountSnapshot, fact: RoomListsFact | undefined): string[] | null {
  const mailbox = snapshot.sources.mailbox.status === 'ok' ? snapshot.sources.mailbox.data : undefined;
  if (fact?.status !== 'ok' || mailbox?.recipientTypeDetails !== 'RoomMailbox') return null;
  return listsHolding(fact, mailbox.primarySmtpAddress).map((list) => list.name);
}

function licensesOf(snapshot: AccountSnapshot, skuParts: Map<string, string>): LicenseRef[] {
  const skuIds =
    snapshot.sources.licenses.status === 'ok'
      ? (snapshot.sources.licenses.data ?? []).map((license) => license.skuId)
      : snapshot.sources.user.status === 'ok'
        ? (snapshot.sources.user.data?.assignedSkuIds ?? [])
        : [];
  return skuIds.map((skuId) => {
    const info = describeSku(skuId, skuParts.get(skuId));
    return { skuId, skuPartNumber: info.skuPartNumber, name: info.name, isTeamsRooms: isTeamsRoomsFamily(info.family) };
  });
}
