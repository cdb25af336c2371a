import { MESSAGES, type LicenseChangeResponse } from '../../../../contract/index.ts';
import type { M365Clients } from '../../clients.ts';
import type { SubscribedSku } from '../../domain/subscribedSku.ts';
import { readers } from '../../reads/readers.ts';
import { rereadGraph } from '../applyReads.ts';
import { isMicrosoftFailure, upstreamFailure } from '../microsoftErrors.ts';
import { planLicenses, type LicensePayload } from '../plan.ts';
import { seatCount } from '../seats.ts';
import { applyAndRecord } from './applyAndRecord.ts';
import type { ChangeDeps, RequestContext } from './context.ts';
import { accountGone, keepWhatCallerCannotRead, loadStoredAccount } from './storedAccount.ts';

/**
 * `PUT /accounts/{id}/licenses`: licenses added and removed, planned against a fresh read of the account's
 * licenses and applied like any other change (the seat check is the apply's), answered with the seats left.
 */
export async function changeLicenses(
  deps: ChangeDeps,
  context: RequestContext,
  accountId: string,
  request: LicensePayload,
): Promise<LicenseChangeResponse> {
  try {
    const { principal } = context;
    const stored = await loadStoredAccount(deps.db, principal.tenantId, accountId);
    const clients = deps.clients.forPrincipal(principal, 'high');
    // Licenses are Graph's alone: the user (and so its licenses) is read fresh; Exchange sources stay as stored.
    const read = await rereadGraph(clients, stored.snapshot, { user: true, place: false, skus: stored.tenant.skus });
    if (!read) throw accountGone();
    const fresh = keepWhatCallerCannotRead(read, stored.snapshot);
    const plan = { changes: planLicenses(fresh, request, principal.roleTemplateIds), leftAlone: [] };
    const response = await applyAndRecord(deps, context, { clients, stored, fresh, plan, recommended: false });
    return { ...response, seats: (await seatsNow(clients, stored.tenant.skus)).map(seatCount) };
  } catch (error) {
    throw upstreamFailure(error, MESSAGES.save);
  }
}

/** The tenant's subscriptions after the change; as last synced when Microsoft 365 cannot say now (the change is made). */
async function seatsNow(clients: M365Clients, synced: SubscribedSku[]): Promise<SubscribedSku[]> {
  try {
    return await readers(clients).subscribedSkus();
  } catch (error) {
    if (!isMicrosoftFailure(error)) throw error;
    return synced;
  }
}
