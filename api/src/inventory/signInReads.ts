// Evidence: docs/microsoft-365.md#graph-ca-policies, #graph-sign-in-activity, #graph-sign-ins
import { M365Error, type GraphConditionalAccessPolicy, type GraphSignIns, type PerAccount, type SignInLogEntry } from '../m365/index.ts';
import type { CaGroup, CaPolicy, CaRole, ConditionalAccessFact, SignInActivityData } from '../domain/signInFacts.ts';
import { failedSource, okSource, type AccountSignIn, type Source } from '../domain/snapshot.ts';
import { MAX_FAILURE_READS, rankTrouble, readFailures, troubleOf, type FailureReadsAhead, type TroubleWindow } from './failureReads.ts';

/** Groups and roles read at once: one or a few Graph calls each. */
const MEMBER_READS_IN_FLIGHT = 4;

/** The 403 Graph sends for premium-only data in a tenant without Entra ID P1 (docs/microsoft-365.md#graph-sign-in-activity). */
function isNoPremium(error: M365Error): boolean {
  return error.status === 403 && /NonPremium|premium license/i.test(`${error.code} ${error.message}`);
}

const CA_ROLE =
  'Security Reader or Global Reader (Conditional Access Administrator and Security Administrator may too), with the app consented for Policy.Read.All';
const SIGN_IN_ROLE = 'Reports Reader (or Security Reader, Global Reader), with the app consented for AuditLog.Read.All';

function reasonOf(error: M365Error, what: string, role: string): string {
  if (isNoPremium(error)) return `${what} needs Microsoft Entra ID P1 or P2, which this tenant doesn't have.`;
  if (error.kind === 'forbidden' || error.kind === 'unauthorized')
    return `Reading ${what.toLowerCase()} needs ${role}. Microsoft said: ${error.code}: ${error.message}`;
  return `${what} could not be read: ${error.code}: ${error.message}`;
}

/**
 * The tenant's Conditional Access: the policies, then each group and role that an enabled or report-only policy
 * names, read once (not once per account) and reduced to the resource accounts among its members.
 */
export async function readConditionalAccess(read: GraphSignIns, resourceAccountIds: ReadonlySet<string>): Promise<ConditionalAccessFact> {
  const readAt = new Date().toISOString();
  const securityDefaults = read.securityDefaultsEnabled().then(
    (enabled): boolean | null => enabled,
    () => null,
  );
  let policies: GraphConditionalAccessPolicy[];
  try {
    policies = await read.conditionalAccessPolicies();
  } catch (error) {
    if (!(error instanceof M365Error)) throw error;
    if (isNoPremium(error))
      return {
        status: 'noPremium',
        readAt,
        reason: reasonOf(error, 'Conditional Access', CA_ROLE),
        securityDefaultsEnabled: await securityDefaults,
      };
    return { status: 'unavailable', readAt, reason: reasonOf(error, 'Conditional Access policies', CA_ROLE) };
  }
  const active = policies.map(toCaPolicy).filter((policy) => policy.state !== 'disabled');
  const groupIds = new Set(
    active.flatMap((policy) => [...policy.conditions.users.includeGroups, ...policy.conditions.users.excludeGroups]),
  );
  const roleIds = new Set(active.flatMap((policy) => [...policy.conditions.users.includeRoles, ...policy.conditions.users.excludeRoles]));
  const groups: Record<string, CaGroup> = {};
  const roles: Record<string, CaRole> = {};
  const among = (ids: string[]) => ids.filter((id) => resourceAccountIds.has(id));
  await eachLimited([...groupIds], async (id) => {
    try {
      const [displayName, members] = await Promise.all([read.groupName(id), read.groupUserIds(id)]);
      groups[id] = { displayName: displayName ?? id, status: 'ok', resourceAccountIds: among(members) };
    } catch (error) {
      if (!(error instanceof M365Error)) throw error;
      groups[id] = { displayName: null, status: 'unavailable', reason: `${error.code}: ${error.message}` };
    }
  });
  await eachLimited([...roleIds], async (id) => {
    try {
      const [displayName, principals] = await Promise.all([read.roleName(id).catch(() => null), read.rolePrincipalIds(id)]);
      // A role assigned to a role-assignable group reaches its members too; resource accounts practically never
      // hold a role, so only direct assignments are matched (the README says so).
      roles[id] = { displayName: displayName ?? id, status: 'ok', resourceAccountIds: among(principals) };
    } catch (error) {
      if (!(error instanceof M365Error)) throw error;
      roles[id] = { displayName: null, status: 'unavailable', reason: `${error.code}: ${error.message}` };
    }
  });
  return { status: 'ok', readAt, policies: active, groups, roles, securityDefaultsEnabled: await securityDefaults };
}

/** Graph's policy reduced to what the evaluator reads; a missing block means "no such condition". */
export function toCaPolicy(policy: GraphConditionalAccessPolicy): CaPolicy {
  const conditions = policy.conditions;
  const users = conditions?.users;
  const apps = conditions?.applications;
  const grant = policy.grantControls;
  const frequency = policy.sessionControls?.signInFrequency;
  const filter = conditions?.devices?.deviceFilter;
  return {
    id: policy.id,
    displayName: policy.displayName ?? policy.id,
    state: policy.state,
    conditions: {
      users: {
        includeUsers: users?.includeUsers ?? [],
        excludeUsers: users?.excludeUsers ?? [],
        includeGroups: users?.includeGroups ?? [],
        excludeGroups: users?.excludeGroups ?? [],
        includeRoles: users?.includeRoles ?? [],
        excludeRoles: users?.excludeRoles ?? [],
      },
      applications: {
        includeApplications: apps?.includeApplications ?? [],
        excludeApplications: apps?.excludeApplications ?? [],
        includeUserActions: apps?.includeUserActions ?? [],
        includeAuthenticationContextClassReferences: apps?.includeAuthenticationContextClassReferences ?? [],
        hasApplicationFilter: apps?.applicationFilter !== undefined && apps.applicationFilter !== null,
      },
      clientAppTypes: conditions?.clientAppTypes ?? [],
      platforms: conditions?.platforms
        ? { includePlatforms: conditions.platforms.includePlatforms, excludePlatforms: conditions.platforms.excludePlatforms }
        : null,
      locations: conditions?.locations
        ? { includeLocations: conditions.locations.includeLocations, excludeLocations: conditions.locations.excludeLocations }
        : null,
      deviceFilter: filter ? { mode: filter.mode ?? 'include', rule: filter.rule ?? '' } : null,
      signInRiskLevels: conditions?.signInRiskLevels ?? [],
      userRiskLevels: conditions?.userRiskLevels ?? [],
      transferMethods: conditions?.authenticationFlows?.transferMethods ?? null,
    },
    grantControls: grant
      ? {
          operator: grant.operator ?? 'OR',
          builtInControls: grant.builtInControls,
          customAuthenticationFactors: grant.customAuthenticationFactors,
          termsOfUse: grant.termsOfUse,
          authenticationStrength: grant.authenticationStrength
            ? {
                id: grant.authenticationStrength.id,
                displayName: grant.authenticationStrength.displayName ?? grant.authenticationStrength.id,
              }
            : null,
        }
      : null,
    sessionControls: policy.sessionControls
      ? {
          signInFrequency: frequency
            ? {
                isEnabled: frequency.isEnabled ?? false,
                value: frequency.value ?? null,
                type: frequency.type ?? null,
                frequencyInterval: frequency.frequencyInterval ?? null,
              }
            : null,
        }
      : null,
  };
}

/**
 * Each account's sign-in activity, then the recent failures of those whose activity shows trouble (no successful
 * sign-in within `withinDays`, or a last attempt newer than the last success), at most MAX_FAILURE_READS of them.
 * A refusal or a tenant without P1 makes the source unavailable with the reason; the sync goes on.
 * `activities` is the signInActivity listing when the caller started it already (a full sync starts it first),
 * and `ahead` the log reads it started beside that listing: what they read is used, not read again.
 */
export async function readAccountSignIns(
  read: GraphSignIns,
  accountIds: readonly string[],
  options: TroubleWindow,
  activities?: Promise<Map<string, SignInActivityData>>,
  ahead?: FailureReadsAhead,
): Promise<Map<string, AccountSignIn>> {
  const readAt = options.now.toISOString();
  const result = new Map<string, AccountSignIn>();
  if (accountIds.length === 0) return result;
  let activityOf: Map<string, SignInActivityData>;
  try {
    activityOf = await (activities ?? read.signInActivities(new Set(accountIds)));
  } catch (error) {
    await ahead?.finish();
    if (!(error instanceof M365Error)) throw error;
    const failed = unavailable(error, 'Sign-in activity', readAt);
    for (const id of accountIds) result.set(id, { activity: failed, failures: notRead(readAt, 'Sign-in activity could not be read.') });
    return result;
  }
  const troubled = new Map<string, number>();
  for (const id of accountIds) {
    const value = activityOf.get(id);
    if (!value) {
      // Not in the listing (created since, or its item was malformed and skipped): not known this sync.
      result.set(id, {
        activity: notRead(readAt, "Not in Microsoft's sign-in activity listing this sync."),
        failures: notRead(readAt, 'Sign-in activity was not read.'),
      });
      continue;
    }
    result.set(id, {
      activity: okSource(value, readAt),
      failures: notRead(readAt, 'Not read: the account signed in successfully since its last attempt.'),
    });
    const trouble = troubleOf(value, options);
    if (trouble !== undefined) troubled.set(id, trouble);
  }
  const { reading, beyond } = rankTrouble(troubled);
  const readAhead = (await ahead?.finish()) ?? new Map<string, SignInLogEntry[]>();
  for (const id of beyond) {
    const early = readAhead.get(id);
    (result.get(id) as AccountSignIn).failures = early
      ? okSource(early.map(toFailure), readAt)
      : notRead(readAt, `Not read this sync: the sign-in log is read for the ${MAX_FAILURE_READS} accounts with the most recent trouble.`);
  }
  const unread = reading.filter((id) => !readAhead.has(id));
  let failures = new Map<string, PerAccount<SignInLogEntry[]>>();
  let refused: M365Error | undefined;
  if (unread.length > 0) {
    try {
      failures = await readFailures(read, unread, options);
    } catch (error) {
      if (!(error instanceof M365Error)) throw error;
      refused = error;
    }
  }
  for (const id of reading) {
    const early = readAhead.get(id);
    const read = failures.get(id);
    const signIn = result.get(id) as AccountSignIn;
    if (early) signIn.failures = okSource(early.map(toFailure), readAt);
    else if (refused) signIn.failures = unavailable(refused, 'The sign-in log', readAt);
    else if (!read)
      signIn.failures = failedSource('error', readAt, {
        code: 'invalid_response',
        message: 'Microsoft returned a malformed sign-in log page.',
      });
    else if (!read.ok) signIn.failures = unavailable(read.error, 'The sign-in log', readAt);
    else signIn.failures = okSource(read.value.map(toFailure), readAt);
  }
  return result;
}

/** A log entry as the snapshot keeps it; the plain-language reason is added when the account is shown. */
function toFailure(entry: SignInLogEntry) {
  return {
    createdDateTime: entry.createdDateTime,
    errorCode: entry.status.errorCode,
    reason: entry.status.failureReason ?? `Error ${entry.status.errorCode}`,
    failureReason: entry.status.failureReason ?? null,
    clientAppUsed: entry.clientAppUsed ?? null,
    appDisplayName: entry.appDisplayName ?? null,
    operatingSystem: entry.deviceDetail?.operatingSystem ?? null,
    appliedPolicies: (entry.appliedConditionalAccessPolicies ?? []).map((policy) => ({
      id: policy.id,
      displayName: policy.displayName ?? policy.id,
      result: policy.result ?? 'unknown',
      enforcedGrantControls: policy.enforcedGrantControls,
    })),
  };
}

function unavailable(error: M365Error, what: string, readAt: string): Source<never> {
  const refused = error.kind === 'forbidden' || error.kind === 'unauthorized';
  // A refusal is worded with the role that may read it; any other failure keeps Microsoft's code and message.
  return refused
    ? failedSource('unavailable', readAt, {
        code: isNoPremium(error) ? 'noPremium' : error.code,
        message: reasonOf(error, what, SIGN_IN_ROLE),
      })
    : failedSource('error', readAt, { code: error.code, message: `${error.code}: ${error.message}` });
}

function notRead(readAt: string, message: string): Source<never> {
  return failedSource('pending', readAt, { code: 'notRead', message });
}

async function eachLimited<T>(items: readonly T[], work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(MEMBER_READS_IN_FLIGHT, items.length) }, worker));
}
