// @ts-nocheck
import type { ChangeResult, DesiredSettings } from '../../../contract/index.ts';
import type { Principal } from '../auth/principal.ts';
import type { M365Clients } from '../clients.ts';
import { isSignInRequired } from '../errors.ts';
import { M365Error, type CalendarProcessingParams, type RoomPatch, type UserPatch } from '../m365/index.ts';
import type { AccountSnapshot } from '../inventory/snapshot.ts';
import type { Baseline } from './baseline.ts';
import type { TenantFacts } from './checks/types.ts';
import { describeSku } from './licenseCatalog.ts';
import { refusal } from './permissions.ts';
import { planChanges, recommendedSettings, type Change } from './plan.ts';

export interface ApplyInput {
  clients: M365Clients;
  principal: Principal;
  /** The account as read just now: plans are made against a fresh read so a retried apply changes nothing. */
  snapshot: AccountSnapshot;
  baseline: Baseline;
  tenant: TenantFacts;
  desired: DesiredSettings | 'recommended';
}

export interface ApplyOutcome {
  changes: Change[];
  results: ChangeResult[];
  /** The changes Microsoft 365 accepted: the stored snapshot is brought up to date from these. */
  applied: Change[];
}

/** Plan, then apply with the fewest calls: one PATCH /users, one Set-CalendarProcessing, one assignLicense, one PATCH /places. */
export async function applyPlan(input: ApplyInput): Promise<ApplyOutcome> {
  const { snapshot, principal } = input;
  const recommended = input.desired === 'recommended' ? recommendedSettings(snapshot, input.baseline, input.tenant) : undefined;
  const changes = planChanges(snapshot, recommended?.settings ?? (input.desired as DesiredSettings), principal.roleTemplateIds, recommended?.licenseSkuId, input.tenant.roomLists);
  const results: ChangeResult[] = [];
  const applied: Change[] = [];
  // Every change is attempted whatever the token's roles show (they are hints): Microsoft 365 decides.
  const allowed = changes;
  const groups: [Change[], () => Promise<void>][] = [];
  // One PATCH refused for one property refuses all, so changes the token shows a role for go apart from the rest.
  for (const shown of [true, false]) {
    const userChanges = allowed.filter((change) => (change.kind === 'userAccount' || change.kind === 'usageLocation') && change.allowed === shown);
    if (userChanges.length > 0) {
      groups.push([userChanges, () => input.clients.graph.patchUser(snapshot.accountId, mergePayloads(userChanges) as UserPatch)]);
    }
  }
  const calendarChanges = allowed.filter((change) => change.kind === 'calendarProcessing');
  if (calendarChanges.length > 0) {
    groups.push([calendarChanges, async () => void (await input.clients.exchange.setCalendarProcessing(snapshot.userPrincipalName, mergePayloads(calendarChanges) as CalendarProcessingParams))]);
  }
  const placeChanges = allowed.filter((change) => change.kind === 'place');
  if (placeChanges.length > 0) groups.push([placeChanges, () => patchPlace(input, placeChanges)]);
  for (const change of allowed.filter((item) => item.kind === 'roomList')) groups.push([[change], () => joinRoomList(input, change)]);
  // Licenses last: assignment needs a usage location, which the user PATCH above may have just set.
  const licenseChanges = allowed.filter((change) => change.kind === 'license');
  if (licenseChanges.length > 0) groups.push([licenseChanges, () => assignLicense(input, licenseChanges)]);

  for (const [group, write] of groups) {
    try {
      await write();
      applied.push(...group);
      for (const change of group) results.push({ setting: change.setting, from: change.from, to: change.to, outcome: 'succeeded' });
    } catch (error) {
      // A job whose admin must sign in again pauses (jobs/worker.ts): that is no outcome of this change.
      if (isSignInRequired(error)) throw error;
      const refusedByMicrosoft = error instanceof M365Error && error.kind === 'forbidden';
      for (const change of group) {
        results.push({
          setting: change.setting,
          from: change.from,
          to: change.to,
          outcome: refusedByMicrosoft ? 'refused' : 'failed',
          message: refusedByMicrosoft ? refusal.change(change.kind) : describeFailure(error),
          ...(refusedByMicrosoft ? { requiredRole: change.requiredRole } : {}),
        });
      }
    }
  }
  // Left to the admin (on-premises AD, or no automatic fix): reported with what to do, never written, never our failure.
  for (const skip of recommended?.leftAlone ?? []) results.push({ setting: skip.setting, from: skip.from, to: skip.to, outcome: 'skipped', message: skip.message });
  return { changes, results, applied };
}

/** One write's parameters from its changes' fragments (nested objects such as passwordProfile merged). */
export function mergePayloads(changes: Change[]): Record<string, unknown> {
  const merged: Record<string, unknown> = {};
  for (const change of changes) {
    for (const [key, value] of Object.entries(change.payload)) {
      const existing = merged[key];
      merged[key] = existing && typeof existing === 'object' && typeof value === 'object' ? { ...existing, ...value } : value;
    }
  }
  return merged;
}

async function patchPlace(input: ApplyInput, changes: Change[]): Promise<void> {
  const place = input.snapshot.sources.place.status === 'ok' ? input.snapshot.sources.place.data : undefined;
  if (!place) throw new Error('This room has no place record in Microsoft 365 yet, so its location cannot be saved. Create it with New-Place or in the Microsoft 365 admin center.');
  const fields = mergePayloads(changes);
  const { street, city, state, countryOrRegion, postalCode, ...rest } = fields;
  const address = { street, city, state, countryOrRegion, postalCode };
  const hasAddress = Object.values(address).some((value) => value !== undefined);
  const patch: RoomPatch = {
    ...(rest as RoomPatch),
    ...(hasAddress
      ? {
          address: {
            street: (street as string | null | undefined) ?? place.street,
            city: (city as string | null | undefined) ?? place.city,
            state: (state as string | null | undefined) ?? place.state,
            countryOrRegion: (countryOrRegion as string | null | undefined) ?? place.countryOrRegion,
            postalCode: (postalCode as string | null | undefined) ?? place.postalCode,
          },
        }
      : {}),
  };
  await input.clients.graph.patchPlace(place.id, patch);
}

/** Check for a free seat first, so the admin hears "no seats left" from us rather than a Graph error. */
async function assignLicense(input: ApplyInput, changes: Change[]): Promise<void> {
  const skuIds = changes.map((change) => String(change.payload.skuId));
  const skus = await input.clients.graph.listSubscribedSkus();
  for (const skuId of skuIds) {
    const sku = skus.find((candidate) => candidate.skuId === skuId);
    const name = describeSku(skuId, sku?.skuPartNumber).name;
    if (!sku) throw new Error(`Your organization has no ${name} subscription. Buy one in the Microsoft 365 admin center, or choose another license in the baseline.`);
    if (sku.prepaidUnits.enabled - sku.consumedUnits <= 0) throw new Error(`No ${name} licenses are left (${sku.consumedUnits} of ${sku.prepaidUnits.enabled} assigned). Buy more or free one up, then try again.`);
  }
  await input.clients.graph.assignLicense(input.snapshot.accountId, { addLicenses: skuIds.map((skuId) => ({ skuId, disabledPlans: [] })), removeLicenses: [] });
}

function describeFailure(error: unknown): string {
  if (error instanceof M365Error) return `Microsoft 365 answered: ${error.message}`;
  if (error instanceof Error) return error.message;
  return 'The change could not be made.';
}

/** Add-DistributionGroupMember into an existing list, or New-DistributionGroup -RoomList with the room as its member. */
async function joinRoomList(input: ApplyInput, change: Change): Promise<void> {
  const { list, member, create } = change.payload as { list: string; member: string; create: boolean };
  try {
    if (create) await input.clients.exchange.newRoomList(list, [member]);
    else await input.clients.exchange.addGroupMember(list, member);
  } catch (error) {
    // Another room of the same building (a bulk job runs several at once) created the list first: join it.
    if (create && error instanceof M365Error && /already being used/i.test(error.message)) return void (await input.clients.exchange.addGroupMember(list, member));
    // Already a member (a retry after a lost answer, or a change made elsewhere): the wanted state holds.
    if (error instanceof M365Error && /MemberAlreadyExists|already a member/i.test(`${error.code} ${error.message}`)) return;
    throw error;
  }
}
