import type { DesiredSettings, PlannedChange } from '../../../contract/index.ts';
import { listsHolding, roomListNamed, type RoomListsFact } from '../domain/roomLists.ts';
import type { AccountSnapshot } from '../domain/snapshot.ts';
import type { Baseline } from './baseline.ts';
import { CHECKS } from './checks/registry.ts';
import type { CheckContext, TenantFacts } from './checks/types.ts';
import { describeSku } from '../domain/licenseCatalog.ts';
import { onPremisesCommand, MANAGED_ON_PREMISES } from './onPremises.ts';
import { leastPrivilegedRole, rolesShowWrite, type WriteKind } from './permissions.ts';
import { severityOf } from './status.ts';

/** A planned change with what applyPlan needs to make it. */
export interface Change extends PlannedChange {
  kind: WriteKind;
  /** For user writes: the Graph PATCH body fragment; for licenses: the skuIds to add and remove (`LicensePayload`). */
  payload: Record<string, unknown>;
}

/** A license change's payload: one assignLicense call adds and removes these skuIds. */
export interface LicensePayload {
  add: string[];
  remove: string[];
}

export function licensePayload(change: Change): LicensePayload {
  const { add, remove } = change.payload as Partial<LicensePayload>;
  return { add: add ?? [], remove: remove ?? [] };
}

/** What one apply will do: the changes to write, and the failing settings it leaves to the admin (reported, never written). */
export interface Plan {
  changes: Change[];
  leftAlone: LeftAlone[];
}

/** A planned change is labelled as the check that grades its setting is, so the preview reads like the account page. */
const SETTING_LABELS: ReadonlyMap<string, string> = new Map(
  CHECKS.flatMap((check) => (check.setting ? [[check.setting, check.label] as const] : [])),
);

/** The place fields Set-Place/PATCH /places write, in words (the contract's keys are Graph's property names). */
const LOCATION_LABELS: Record<string, string> = {
  building: 'Building',
  floorNumber: 'Floor number',
  floorLabel: 'Floor label',
  capacity: 'Capacity',
  street: 'Street',
  city: 'City',
  state: 'State or province',
  countryOrRegion: 'Country or region',
  postalCode: 'Postal code',
  isWheelChairAccessible: 'Wheelchair accessible',
};

export function settingLabel(setting: string): string {
  return SETTING_LABELS.get(setting) ?? LOCATION_LABELS[setting.replace(/^location\./, '')] ?? setting;
}

/**
 * A failing setting Room Accounts leaves alone: mastered in on-premises AD, or a change it never makes (see
 * `manualFix`). Reported with what to do instead; never written, never counted as a failure.
 */
export interface LeftAlone {
  setting: string;
  from: unknown;
  to: unknown;
  message: string;
}

/**
 * The desired settings that make every fixable, non-ignored check pass under the baseline, and the failing
 * checks left to the admin (on-premises AD for synced accounts, or no automatic fix at all).
 */
export function recommendedSettings(
  snapshot: AccountSnapshot,
  baseline: Baseline,
  tenant: TenantFacts,
): { settings: DesiredSettings; licenseSkuId?: string; leftAlone: LeftAlone[] } {
  const context: CheckContext = { baseline, tenant };
  const settings: DesiredSettings = {};
  const leftAlone: LeftAlone[] = [];
  let licenseSkuId: string | undefined;
  for (const check of CHECKS) {
    if (!(check.fix || check.manualFix) || severityOf(check, baseline) === 'ignored') continue;
    if (check.optIn && baseline.severities[check.id] === undefined) continue;
    // Unreadable data still gets the recommended value: the write itself then tells us if we may.
    const evaluation = check.evaluate(snapshot, context);
    if (evaluation.result === 'pass' || (!check.fix && evaluation.result === 'unknown')) continue;
    const command = onPremisesCommand(check, snapshot);
    const reason = command ? `${MANAGED_ON_PREMISES}: ${command}` : check.fix ? undefined : check.manualFix;
    if (reason) {
      leftAlone.push({ setting: check.id, from: evaluation.actual, to: check.expected(baseline), message: reason });
      continue;
    }
    if (!check.fix) continue;
    const fix = check.fix(snapshot, context);
    if (!fix) continue;
    if (fix.kind === 'roomList') settings.roomList = fix.list;
    else if (fix.kind === 'calendarProcessing') settings.calendarProcessing = { ...settings.calendarProcessing, [fix.setting]: fix.to };
    else if (fix.kind === 'assignLicense') licenseSkuId = fix.skuId;
    else if (fix.setting === 'passwordPolicies') settings.passwordNeverExpires = true;
    else if (fix.setting === 'accountEnabled') settings.accountEnabled = true;
    else if (fix.setting === 'usageLocation') settings.usageLocation = String(fix.to);
  }
  return { settings, licenseSkuId, leftAlone };
}

/** The plan for desired settings, or for the recommended configuration under the tenant's baseline. */
export function planSettings(
  snapshot: AccountSnapshot,
  desired: DesiredSettings | 'recommended',
  principalRoles: readonly string[],
  baseline: Baseline,
  tenant: TenantFacts,
): Plan {
  if (desired !== 'recommended')
    return { changes: planChanges(snapshot, desired, principalRoles, undefined, tenant.roomLists), leftAlone: [] };
  const recommended = recommendedSettings(snapshot, baseline, tenant);
  return {
    changes: planChanges(snapshot, recommended.settings, principalRoles, recommended.licenseSkuId, tenant.roomLists),
    leftAlone: recommended.leftAlone,
  };
}

/**
 * Licenses added and removed as asked, as one change: the account's licenses before and after. Nothing when the
 * account already holds every license to add and none to remove, so a repeated request changes nothing.
 */
export function planLicenses(snapshot: AccountSnapshot, request: LicensePayload, principalRoles: readonly string[]): Change[] {
  const held = heldSkuIds(snapshot);
  // Licenses not read: ask for every one, and Microsoft 365's answer tells.
  const known = snapshot.sources.licenses.status === 'ok';
  const add = [...new Set(request.add.filter((skuId) => !held.includes(skuId)))];
  const remove = [...new Set(request.remove.filter((skuId) => (!known || held.includes(skuId)) && !request.add.includes(skuId)))];
  if (add.length === 0 && remove.length === 0) return [];
  const after = [...held.filter((skuId) => !remove.includes(skuId)), ...add];
  const payload: LicensePayload = { add, remove };
  return [
    {
      setting: 'license',
      label: 'Licenses',
      group: 'license',
      from: held.map((skuId) => describeSku(skuId).name),
      to: after.map((skuId) => describeSku(skuId).name),
      api: LICENSE_API,
      requiredRole: leastPrivilegedRole('license'),
      allowed: rolesShowWrite(principalRoles, 'license'),
      kind: 'license',
      payload: { ...payload },
    },
  ];
}

const LICENSE_API = 'POST /users/{id}/assignLicense';

function heldSkuIds(snapshot: AccountSnapshot): string[] {
  return snapshot.sources.licenses.status === 'ok' ? (snapshot.sources.licenses.data ?? []).map((license) => license.skuId) : [];
}

/**
 * The exact list of changes from the account as read to the desired settings: setting, from, to, the call
 * and the role it needs. Settings already right produce nothing, so applying a plan twice changes nothing.
 */
export function planChanges(
  snapshot: AccountSnapshot,
  desired: DesiredSettings,
  principalRoles: readonly string[],
  licenseSkuId?: string,
  roomLists?: RoomListsFact,
): Change[] {
  const changes: Change[] = [];
  const add = (change: Omit<Change, 'requiredRole' | 'allowed'>) =>
    changes.push({ ...change, requiredRole: leastPrivilegedRole(change.kind), allowed: rolesShowWrite(principalRoles, change.kind) });
  const user = snapshot.sources.user.status === 'ok' ? snapshot.sources.user.data : undefined;
  const userApi = 'PATCH /users/{id}';

  if (desired.accountEnabled !== undefined && user?.accountEnabled !== desired.accountEnabled) {
    add({
      setting: 'accountEnabled',
      label: settingLabel('accountEnabled'),
      group: 'account',
      from: user?.accountEnabled ?? null,
      to: desired.accountEnabled,
      api: userApi,
      kind: 'userAccount',
      payload: { accountEnabled: desired.accountEnabled },
    });
  }
  if (desired.passwordNeverExpires !== undefined) {
    const policies = (user?.passwordPolicies ?? '')
      .split(',')
      .map((p) => p.trim())
      .filter((p) => p && p !== 'None');
    const has = policies.includes('DisablePasswordExpiration');
    if (!user || has !== desired.passwordNeverExpires) {
      const others = policies.filter((p) => p !== 'DisablePasswordExpiration');
      const next = desired.passwordNeverExpires ? ['DisablePasswordExpiration', ...others] : others;
      const value = next.length > 0 ? next.join(', ') : 'None';
      add({
        setting: 'passwordPolicies',
        label: settingLabel('passwordPolicies'),
        group: 'account',
        from: user?.passwordPolicies ?? null,
        to: value,
        api: userApi,
        kind: 'userAccount',
        payload: { passwordPolicies: value },
      });
    }
  }
  if (
    desired.forceChangePasswordNextSignIn !== undefined &&
    (user?.forceChangePasswordNextSignIn ?? null) !== desired.forceChangePasswordNextSignIn
  ) {
    add({
      setting: 'forceChangePasswordNextSignIn',
      label: settingLabel('forceChangePasswordNextSignIn'),
      group: 'account',
      from: user?.forceChangePasswordNextSignIn ?? null,
      to: desired.forceChangePasswordNextSignIn,
      api: userApi,
      kind: 'userAccount',
      payload: { passwordProfile: { forceChangePasswordNextSignIn: desired.forceChangePasswordNextSignIn } },
    });
  }
  if (desired.usageLocation !== undefined && user?.usageLocation !== desired.usageLocation) {
    add({
      setting: 'usageLocation',
      label: settingLabel('usageLocation'),
      group: 'account',
      from: user?.usageLocation ?? null,
      to: desired.usageLocation,
      api: userApi,
      kind: 'usageLocation',
      payload: { usageLocation: desired.usageLocation },
    });
  }

  const cp = snapshot.sources.calendarProcessing.status === 'ok' ? snapshot.sources.calendarProcessing.data : undefined;
  for (const [parameter, to] of Object.entries(desired.calendarProcessing ?? {})) {
    const from = cp?.[parameter];
    if (cp && from === to) continue;
    add({
      setting: parameter,
      label: settingLabel(parameter),
      group: 'mailbox',
      from: from ?? null,
      to,
      api: 'Set-CalendarProcessing',
      kind: 'calendarProcessing',
      payload: { [parameter]: to },
    });
  }

  const place = snapshot.sources.place.status === 'ok' ? snapshot.sources.place.data : undefined;
  for (const [field, to] of Object.entries(desired.location ?? {})) {
    const from = place ? (place as unknown as Record<string, unknown>)[field] : null;
    if (place && from === to) continue;
    add({
      setting: `location.${field}`,
      label: settingLabel(field),
      group: 'location',
      from: from ?? null,
      to,
      api: 'PATCH /places/{id}',
      kind: 'place',
      payload: { [field]: to },
    });
  }

  if (desired.roomList !== undefined) planRoomList(snapshot, desired.roomList, roomLists, add);

  if (licenseSkuId) {
    const held = heldSkuIds(snapshot);
    if (!held.includes(licenseSkuId)) {
      const payload: LicensePayload = { add: [licenseSkuId], remove: [] };
      add({
        setting: 'license',
        label: settingLabel('license'),
        group: 'license',
        from: held.map((skuId) => describeSku(skuId).name),
        to: describeSku(licenseSkuId).name,
        api: LICENSE_API,
        kind: 'license',
        payload: { ...payload },
      });
    }
  }
  return changes;
}

/**
 * Into the room list `name`: nothing when the room is already in it; Add-DistributionGroupMember when the list
 * exists; New-DistributionGroup -RoomList with the room as member when it does not (one call either way).
 */
function planRoomList(
  snapshot: AccountSnapshot,
  name: string,
  roomLists: RoomListsFact | undefined,
  add: (change: Omit<Change, 'requiredRole' | 'allowed'>) => void,
): void {
  const mailbox = snapshot.sources.mailbox.status === 'ok' ? snapshot.sources.mailbox.data : undefined;
  const member = mailbox?.primarySmtpAddress ?? snapshot.userPrincipalName;
  const current = roomLists?.status === 'ok' ? listsHolding(roomLists, member).map((list) => list.name) : [];
  if (current.some((list) => list.toLowerCase() === name.toLowerCase())) return;
  const create = roomLists?.status === 'ok' && !roomListNamed(roomLists, name);
  add({
    setting: 'roomList',
    label: settingLabel('roomList'),
    group: 'location',
    from: current.length > 0 ? current : null,
    to: name,
    api: create ? 'New-DistributionGroup -RoomList' : 'Add-DistributionGroupMember',
    kind: 'roomList',
    payload: { list: name, member, create },
  });
}
