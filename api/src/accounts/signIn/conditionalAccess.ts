import type { PolicyVerdict } from '../../../../contract/index.ts';
import type { CaGroup, CaPolicy, CaRole, ConditionalAccessFact } from '../../domain/signInFacts.ts';
import {
  BUILT_IN_CONTROLS,
  CLIENT_APP_TYPES_REACHING_ROOMS,
  DEVICE_CODE_FLOW,
  policyPortalUrl,
  SECURITY_DEFAULTS_URL,
  SECURITY_DEFAULTS_WORDS,
  signInFrequencyWords,
  TEAMS_ROOMS_APPS,
  TEAMS_ROOMS_PLATFORMS,
  UNKNOWN_CONTROL_WORDS,
} from './teamsRoomsSupport.ts';

/**
 * Which Conditional Access policies catch one resource account and demand what Teams Rooms can't satisfy (issue 14).
 * Pure: the sync resolved every group and role a policy names to the resource accounts among its members, once per
 * tenant. Anything decided only at sign-in time (location, platform, device filter, risk, a group we couldn't read)
 * makes the verdict `depends`, never `blocks`: a wrong "blocks" would send an admin to change a policy for nothing.
 * Graph's shapes: conditionalAccessPolicy, conditionalAccessUsers, conditionalAccessApplications,
 * conditionalAccessGrantControls (docs/microsoft-365.md#graph-ca-policies).
 */

type OkFact = Extract<ConditionalAccessFact, { status: 'ok' }>;

export const SECURITY_DEFAULTS_POLICY_ID = 'securityDefaults';

/** Security defaults on: every account must use MFA, which a room can't; no exclusion exists, only switching them off. */
export function securityDefaultsVerdict(): PolicyVerdict {
  return {
    policyId: SECURITY_DEFAULTS_POLICY_ID,
    displayName: 'Security defaults',
    state: 'enabled',
    verdict: 'blocks',
    includedBy: 'All users',
    unsupported: [SECURITY_DEFAULTS_WORDS],
    dependsOn: [],
    fixExclusionGroup: null,
    portalUrl: SECURITY_DEFAULTS_URL,
  };
}

/**
 * The list grades 10,000 rooms against the same fact several times (two checks and the Sign-in column), and a group
 * of all rooms holds 10,000 ids. So what doesn't depend on the account (state, apps, conditions, controls) is worked
 * out once per fact, membership is a set lookup, and each account's verdicts are computed once per fact.
 */
const memberSets = new WeakMap<readonly string[], ReadonlySet<string>>();
const preparedByFact = new WeakMap<OkFact, readonly Prepared[]>();
const verdictsByFact = new WeakMap<OkFact, Map<string, readonly PolicyVerdict[]>>();

/** A policy that could catch a Teams Rooms sign-in, whoever it names: what it demands and what it depends on. */
interface Prepared {
  policy: CaPolicy;
  state: PolicyVerdict['state'];
  unsupported: string[];
  conditions: string[];
  fixExclusionGroup: PolicyVerdict['fixExclusionGroup'];
  portalUrl: string;
}

function holds(ids: readonly string[], accountId: string): boolean {
  let set = memberSets.get(ids);
  if (!set) memberSets.set(ids, (set = new Set(ids)));
  return set.has(accountId);
}

function prepare(policy: CaPolicy, fact: OkFact): Prepared | null {
  // A disabled policy (or a state Microsoft adds later) is not enforced: only what is enforced or logged is shown.
  const state = policy.state === 'enabled' ? 'enabled' : policy.state === 'enabledForReportingButNotEnforced' ? 'reportOnly' : null;
  if (!state) return null;
  const conditions = otherConditions(policy);
  if (!conditions) return null;
  const unsupported = [...grantUnsupported(policy.grantControls), ...sessionUnsupported(policy.sessionControls)];
  if (unsupported.length === 0) return null;
  return {
    policy,
    state,
    unsupported,
    conditions,
    fixExclusionGroup: exclusionGroup(policy.conditions.users.excludeGroups, fact),
    portalUrl: policyPortalUrl(policy.id),
  };
}

/**
 * Every enabled or report-only policy that applies, or may apply, to the account and that Teams Rooms can't satisfy.
 * The result is shared between callers for the same fact: read it, don't change it.
 */
export function evaluateConditionalAccess(accountId: string, fact: OkFact): readonly PolicyVerdict[] {
  let byAccount = verdictsByFact.get(fact);
  if (!byAccount) verdictsByFact.set(fact, (byAccount = new Map()));
  const known = byAccount.get(accountId);
  if (known) return known;
  let prepared = preparedByFact.get(fact);
  if (!prepared) preparedByFact.set(fact, (prepared = fact.policies.flatMap((policy) => prepare(policy, fact) ?? [])));
  const verdicts = prepared.flatMap((candidate) => verdictFor(accountId, candidate, fact) ?? []);
  // Security defaults and CA policies exclude each other in Entra; if both show, report both rather than guess.
  const result = fact.securityDefaultsEnabled === true ? [securityDefaultsVerdict(), ...verdicts] : verdicts;
  byAccount.set(accountId, result);
  return result;
}

function verdictFor(
  accountId: string,
  { policy, state, unsupported, conditions, fixExclusionGroup, portalUrl }: Prepared,
  fact: OkFact,
): PolicyVerdict | null {
  const users = userScope(accountId, policy.conditions.users, fact);
  if (!users) return null;
  const dependsOn = [...users.dependsOn, ...conditions];
  return {
    policyId: policy.id,
    displayName: policy.displayName,
    state,
    verdict: state === 'reportOnly' ? 'reportOnly' : dependsOn.length > 0 ? 'depends' : 'blocks',
    includedBy: users.includedBy,
    unsupported: [...unsupported],
    dependsOn,
    fixExclusionGroup: fixExclusionGroup ? { ...fixExclusionGroup } : null,
    portalUrl,
  };
}

// ---------------------------------------------------------------- users, groups, roles

/** A named set a policy lists: each group or role the sync resolved, or couldn't. */
interface NamedSet {
  kind: 'group' | 'role';
  id: string;
  entry: CaGroup | CaRole | undefined;
}

/** Whether the set holds the account: true, false, or why we can't tell (no allocation on the common paths). */
function member({ entry }: NamedSet, accountId: string): boolean | string {
  if (!entry) return 'not read';
  if (entry.status !== 'ok') return entry.reason;
  return holds(entry.resourceAccountIds, accountId);
}

const named = ({ kind, id, entry }: NamedSet) => `${kind} ${entry?.displayName ?? id}`;

function sets(fact: OkFact, groups: string[], roles: string[]): NamedSet[] {
  return [
    ...groups.map((id) => ({ kind: 'group' as const, id, entry: fact.groups[id] })),
    ...roles.map((id) => ({ kind: 'role' as const, id, entry: fact.roles[id] })),
  ];
}

/**
 * Whether the policy's users condition takes in the account, and why. Exclusions beat inclusions (Graph
 * conditionalAccessUsers: included users, groups and roles are "in scope of policy unless explicitly excluded").
 * `GuestsOrExternalUsers` never matches: a resource account is a member of the tenant. A set we couldn't read makes
 * the result depend on it, in words. Why it applies, most specific first: the account, a group, a role, All users.
 */
function userScope(
  accountId: string,
  users: CaPolicy['conditions']['users'],
  fact: OkFact,
): { includedBy: string; dependsOn: string[] } | null {
  if (users.excludeUsers.includes(accountId)) return null;
  const dependsOn: string[] = [];
  for (const set of sets(fact, users.excludeGroups, users.excludeRoles)) {
    const held = member(set, accountId);
    if (held === true) return null;
    if (typeof held === 'string')
      dependsOn.push(`depends on membership of ${named(set)}, which the policy excludes (could not be read: ${held})`);
  }

  let includedBy: string | null = users.includeUsers.includes(accountId) ? 'the account itself' : null;
  const unsure: string[] = [];
  let firstUnsure: string | null = null;
  for (const set of includedBy ? [] : sets(fact, users.includeGroups, users.includeRoles)) {
    const held = member(set, accountId);
    if (held === true) {
      includedBy = named(set);
      break;
    }
    if (typeof held === 'string') {
      firstUnsure ??= named(set);
      unsure.push(`depends on membership of ${named(set)} (could not be read: ${held})`);
    }
  }
  if (!includedBy && users.includeUsers.includes('All')) includedBy = 'All users';
  if (includedBy) return { includedBy, dependsOn };
  return firstUnsure ? { includedBy: firstUnsure, dependsOn: [...unsure, ...dependsOn] } : null;
}

/**
 * A group the policy already excludes that holds resource accounts: the admin's established exclusion group, so
 * adding this account to it is the fix Microsoft's best practice describes. The fullest one wins. The account itself
 * is in none of them (it would be excluded, with no verdict), so every resource account it holds is another room.
 */
function exclusionGroup(excludeGroups: string[], fact: OkFact): { id: string; displayName: string } | null {
  let best: { id: string; displayName: string; size: number } | null = null;
  for (const id of excludeGroups) {
    const group = fact.groups[id];
    if (group?.status === 'ok' && group.resourceAccountIds.length > 0 && group.resourceAccountIds.length > (best?.size ?? 0))
      best = { id, displayName: group.displayName, size: group.resourceAccountIds.length };
  }
  return best ? { id: best.id, displayName: best.displayName } : null;
}

// ---------------------------------------------------------------- apps and conditions

/** Teams Rooms' cloud apps the policy covers: named, through `All` or `Office365`, and not excluded. */
function coveredApps(applications: CaPolicy['conditions']['applications']): string[] {
  const names = (list: string[], app: (typeof TEAMS_ROOMS_APPS)[number]) =>
    list.includes(app.id) || (app.inOffice365 && list.includes('Office365'));
  return TEAMS_ROOMS_APPS.filter(
    (app) =>
      (applications.includeApplications.includes('All') || names(applications.includeApplications, app)) &&
      !names(applications.excludeApplications, app),
  ).map((app) => app.name);
}

/**
 * Apps, client apps, platforms, authentication flows, locations, device filter and risk. Null when the policy
 * can't reach a Teams Rooms sign-in; otherwise what it depends on (empty: it applies).
 */
function otherConditions(policy: CaPolicy): string[] | null {
  const { applications, clientAppTypes, platforms, locations, deviceFilter, signInRiskLevels, userRiskLevels, transferMethods } =
    policy.conditions;
  const dependsOn: string[] = [];

  // User actions and authentication contexts target a step inside an app, not a device's sign-in: only apps count.
  const apps = coveredApps(applications);
  if (applications.hasApplicationFilter) dependsOn.push("an application filter (it may include or exclude Teams Rooms' apps)");
  else if (apps.length === 0) return null;

  if (clientAppTypes.length > 0 && !clientAppTypes.some((type) => CLIENT_APP_TYPES_REACHING_ROOMS.includes(type))) return null;

  if (platforms && platforms.includePlatforms.length > 0) {
    const reached = TEAMS_ROOMS_PLATFORMS.filter(
      (platform) =>
        (platforms.includePlatforms.includes('all') || platforms.includePlatforms.includes(platform.value)) &&
        !platforms.excludePlatforms.includes(platform.value),
    );
    if (reached.length === 0) return null;
    if (reached.length < TEAMS_ROOMS_PLATFORMS.length)
      dependsOn.push(`device platform: applies to ${reached.map((platform) => platform.name).join(' and ')} only`);
  }

  if (transferMethods && transferMethods.trim()) {
    const methods = transferMethods.split(',').map((method) => method.trim());
    // Teams Rooms signs in with device code flow on Android only; authentication transfer it never uses (unverified).
    if (!methods.includes(DEVICE_CODE_FLOW)) return null;
    dependsOn.push(
      "authentication flows: device code flow only, which Teams Rooms on Android and panels use to sign in (Teams Rooms on Windows doesn't)",
    );
  }

  if (
    locations &&
    !(locations.includeLocations.length === 1 && locations.includeLocations[0] === 'All' && locations.excludeLocations.length === 0)
  ) {
    const words = (ids: string[]) =>
      ids.map((id) => (id === 'All' ? 'any location' : id === 'AllTrusted' ? 'all trusted locations' : `named location ${id}`)).join(', ');
    dependsOn.push(
      `named locations (include: ${words(locations.includeLocations) || 'none'}${locations.excludeLocations.length > 0 ? `, exclude: ${words(locations.excludeLocations)}` : ''})`,
    );
  }
  if (deviceFilter) dependsOn.push(`a device filter (${deviceFilter.mode}: ${deviceFilter.rule})`);
  if (signInRiskLevels.length > 0) dependsOn.push(`sign-in risk (${signInRiskLevels.join(', ')})`);
  if (userRiskLevels.length > 0) dependsOn.push(`user risk (${userRiskLevels.join(', ')})`);
  return dependsOn;
}

// ---------------------------------------------------------------- controls

/**
 * What the grant controls demand that Teams Rooms can't give. With OR, one supported control is enough (e.g. MFA
 * or a compliant device: the room offers the compliant device); with AND, every control must be supported.
 * Block always blocks. No grant controls means access is granted (only session controls matter).
 */
function grantUnsupported(grant: CaPolicy['grantControls']): string[] {
  if (!grant) return [];
  if (grant.builtInControls.includes('block')) return [BUILT_IN_CONTROLS.block?.words ?? 'blocks access'];
  const controls = [
    ...grant.builtInControls.map((control) => BUILT_IN_CONTROLS[control] ?? { supported: false, words: UNKNOWN_CONTROL_WORDS(control) }),
    ...(grant.authenticationStrength
      ? [{ supported: false, words: `requires authentication strength "${grant.authenticationStrength.displayName}"` }]
      : []),
    ...(grant.termsOfUse.length > 0 ? [{ supported: false, words: 'requires accepting terms of use' }] : []),
    ...grant.customAuthenticationFactors.map((factor) => ({ supported: false, words: `requires the custom control "${factor}"` })),
  ];
  if (controls.length === 0) return [];
  // Graph's operator is AND or OR; anything else is read as AND, the reading that never hides a demand.
  const satisfiable =
    grant.operator.toUpperCase() === 'OR' ? controls.some((control) => control.supported) : controls.every((control) => control.supported);
  return satisfiable ? [] : controls.filter((control) => !control.supported).map((control) => control.words);
}

function sessionUnsupported(session: CaPolicy['sessionControls']): string[] {
  const frequency = session?.signInFrequency;
  return frequency?.isEnabled ? [signInFrequencyWords(frequency)] : [];
}
