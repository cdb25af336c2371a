import type { ChangeResult } from '../../../contract/index.ts';
import type { M365Clients } from '../clients.ts';
import { isSignInRequired, type AppError } from '../errors.ts';
import type { AccountSnapshot } from '../domain/snapshot.ts';
import { readers } from '../reads/readers.ts';
import type { CalendarProcessingParams, RoomPatch, UserPatch } from '../m365/index.ts';
import { exchangeSays, failedResult } from './microsoftErrors.ts';
import { licensePayload, type Change, type Plan } from './plan.ts';
import { assertSeatsLeft, NoSeatLeft } from './seats.ts';

export interface ApplyInput {
  clients: M365Clients;
  /** The account as read just now, which `plan` was made against: so a retried apply changes nothing. */
  snapshot: AccountSnapshot;
  plan: Plan;
}

export interface ApplyOutcome {
  results: ChangeResult[];
  /** The changes Microsoft 365 accepted: the stored snapshot is brought up to date from these. */
  applied: Change[];
  /** Changes our own check stopped before any call (no seat left), by setting, with the 409 that says why. */
  stopped: Map<string, AppError>;
}

/** Make a plan with the fewest calls: one PATCH /users, one Set-CalendarProcessing, one assignLicense, one PATCH /places. */
export async function applyPlan(input: ApplyInput): Promise<ApplyOutcome> {
  const { snapshot } = input;
  // Every change is attempted whatever the token's roles show (they are hints): Microsoft 365 decides.
  const allowed = input.plan.changes;
  const results: ChangeResult[] = [];
  const applied: Change[] = [];
  const stopped = new Map<string, AppError>();
  const groups: [Change[], () => Promise<void>][] = [];
  // One PATCH refused for one property refuses all, so changes the token shows a role for go apart from the rest.
  for (const shown of [true, false]) {
    const userChanges = allowed.filter(
      (change) => (change.kind === 'userAccount' || change.kind === 'usageLocation') && change.allowed === shown,
    );
    if (userChanges.length > 0) {
      groups.push([userChanges, () => input.clients.graph.patchUser(snapshot.accountId, mergePayloads(userChanges) as UserPatch)]);
    }
  }
  const calendarChanges = allowed.filter((change) => change.kind === 'calendarProcessing');
  if (calendarChanges.length > 0) {
    groups.push([
      calendarChanges,
      async () =>
        void (await input.clients.exchange.setCalendarProcessing(
          snapshot.userPrincipalName,
          mergePayloads(calendarChanges) as CalendarProcessingParams,
        )),
    ]);
  }
  const placeChanges = allowed.filter((change) => change.kind === 'place');
  if (placeChanges.length > 0) groups.push([placeChanges, () => patchPlace(input, placeChanges)]);
  for (const change of allowed.filter((item) => item.kind === 'roomList')) groups.push([[change], () => joinRoomList(input, change)]);
  // Licenses last: assignment needs a usage location, which the user PATCH above may have just set.
  const licenseChanges = allowed.filter((change) => change.kind === 'license');
  if (licenseChanges.length > 0) groups.push([licenseChanges, () => assignLicenses(input, licenseChanges)]);

  for (const [group, write] of groups) {
    try {
      await write();
      applied.push(...group);
      for (const change of group) results.push({ setting: change.setting, from: change.from, to: change.to, outcome: 'succeeded' });
    } catch (error) {
      // A job whose admin must sign in again pauses (jobs/worker.ts): that is no outcome of this change.
      if (isSignInRequired(error)) throw error;
      for (const change of group) {
        results.push(failedResult(change, error));
        if (error instanceof NoSeatLeft) stopped.set(change.setting, error);
      }
    }
  }
  // Left to the admin (on-premises AD, or no automatic fix): reported with what to do, never written, never our failure.
  for (const skip of input.plan.leftAlone)
    results.push({ setting: skip.setting, from: skip.from, to: skip.to, outcome: 'skipped', message: skip.message });
  return { results, applied, stopped };
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
  if (!place)
    throw new Error(
      'This room has no place record in Microsoft 365 yet, so its location cannot be saved. Create it with New-Place or in the Microsoft 365 admin center.',
    );
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

/** One assignLicense for every license change, after checking a seat is free for each license added. */
async function assignLicenses(input: ApplyInput, changes: Change[]): Promise<void> {
  const payloads = changes.map(licensePayload);
  const add = [...new Set(payloads.flatMap((payload) => payload.add))];
  const remove = [...new Set(payloads.flatMap((payload) => payload.remove))];
  if (add.length > 0) assertSeatsLeft(await readers(input.clients).subscribedSkus(), add);
  await input.clients.graph.assignLicense(input.snapshot.accountId, {
    addLicenses: add.map((skuId) => ({ skuId, disabledPlans: [] })),
    removeLicenses: remove,
  });
}

/** Add-DistributionGroupMember into an existing list, or New-DistributionGroup -RoomList with the room as its member. */
async function joinRoomList(input: ApplyInput, change: Change): Promise<void> {
  const { list, member, create } = change.payload as { list: string; member: string; create: boolean };
  try {
    if (create) await input.clients.exchange.newRoomList(list, [member]);
    else await input.clients.exchange.addGroupMember(list, member);
  } catch (error) {
    // Another room of the same building (a bulk job runs several at once) created the list first: join it.
    if (create && exchangeSays.nameTaken(error)) return void (await input.clients.exchange.addGroupMember(list, member));
    // Already a member (a retry after a lost answer, or a change made elsewhere): the wanted state holds.
    if (exchangeSays.alreadyMember(error)) return;
    throw error;
  }
}
