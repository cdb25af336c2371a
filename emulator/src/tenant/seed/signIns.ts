// Evidence: docs/microsoft-365.md#graph-sign-in-activity, #graph-sign-ins
import { FIRST_PARTY_CLIENTS, RESOURCE } from '../catalog.ts';
import type { Tenant } from '../model.ts';
import type { SeededRandom } from '../random.ts';
import type { EmSignIn, EmSignInActivity } from '../signInModel.ts';
import { derivedId } from './conditionalAccess.ts';

/**
 * Each resource account's signInActivity and sign-in log, consistent with its other scenarios: a disabled account
 * fails with 50057, an account the MFA policy catches with 50076 or 53003 naming that policy, an expiring password
 * with 50055. Dates count back from `anchor` (the moment the tenant was seeded, unless the spec fixes it), so the
 * product, which measures from now, sees the same ages in every run.
 */

/** A resource account's sign-in scenario: `recent` for most; the others each name what went wrong. */
export const SIGN_IN_SCENARIOS = [
  'recent',
  'stale',
  'never',
  'mfa-required-50076',
  'ca-blocked-53003',
  'bad-password-50126',
  'disabled-50057',
  'password-expired-50055',
  'security-defaults-530032',
] as const;
export type SignInScenario = (typeof SIGN_IN_SCENARIOS)[number];

/** Microsoft's failureReason texts (Entra error code reference) for the codes seeded. */
export const FAILURE_REASONS: Record<number, string> = {
  50076:
    "Due to a configuration change made by your administrator, or because you moved to a new location, you must use multi-factor authentication to access '00000003-0000-0000-c000-000000000000'.",
  53003: 'Access has been blocked by Conditional Access policies. The access policy does not allow token issuance.',
  50126: 'Error validating credentials due to invalid username or password.',
  50057: 'User account is disabled. The account has been disabled by an administrator.',
  50055: 'The password is expired.',
  530032: 'The tenant admin has configured a security policy that blocks this request.',
};

const FAILURE_CODE: Partial<Record<SignInScenario, number>> = {
  'mfa-required-50076': 50076,
  'ca-blocked-53003': 53003,
  'bad-password-50126': 50126,
  'disabled-50057': 50057,
  'password-expired-50055': 50055,
  'security-defaults-530032': 530032,
};

export interface SignInSeedInput {
  anchor: number;
  /** Resource accounts the seed assigns a scenario to. */
  resourceAccounts: readonly string[];
  /** Their setup scenario (scenarios.ts), to stay consistent with it. */
  setupScenario: (userId: string) => string | undefined;
  /** Whether a room may get a sign-in fault of its own (half the compliant rooms: see seed.ts). */
  mayFault: (userId: string) => boolean;
  /** Accounts the enabled MFA policy catches, and that policy's id and name. */
  mfaCaught: ReadonlySet<string>;
  mfaPolicy: { id: string; displayName: string };
  /** People who sign in daily (employees, personas): activity only, no log entries. */
  people: readonly string[];
  /** Accounts some CA policy lists (they stay signing in recently unless the MFA policy blocks them). */
  caught: ReadonlySet<string>;
  /** Accounts on Android (the rest are Windows consoles). */
  android: ReadonlySet<string>;
}

export interface SignInSeed {
  anchor: string;
  scenarios: Map<string, SignInScenario>;
  /** Whole days between the last successful sign-in and the anchor; null when never. */
  daysSinceSuccess: Map<string, number | null>;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const SHARE = { stale: 0.015, never: 0.01, badPassword: 0.01 } as const;

export function seedSignIns(tenant: Tenant, input: SignInSeedInput, random: SeededRandom): SignInSeed {
  const scenarios = new Map<string, SignInScenario>();
  const free: string[] = [];
  let caught = 0;
  for (const account of [...input.resourceAccounts].sort()) {
    const user = tenant.users.get(account);
    if (!user) continue;
    if (!user.accountEnabled) scenarios.set(account, 'disabled-50057');
    // Alternate: the first caught account is asked for MFA (50076), the next is blocked outright (53003), …
    else if (input.mfaCaught.has(account)) scenarios.set(account, caught++ % 2 === 0 ? 'mfa-required-50076' : 'ca-blocked-53003');
    else if (input.setupScenario(account) === 'password-expires') scenarios.set(account, 'password-expired-50055');
    // Only compliant rooms get a sign-in fault of their own: another scenario's room keeps exactly its faults.
    else if (input.mayFault(account) && !input.caught.has(account)) free.push(account);
    else scenarios.set(account, 'recent');
  }
  const draws = shuffle(random, free);
  const take = (share: number, scenario: SignInScenario) => {
    for (const account of draws.splice(0, Math.min(draws.length, Math.max(1, Math.round(free.length * share)))))
      scenarios.set(account, scenario);
  };
  take(SHARE.stale, 'stale');
  take(SHARE.never, 'never');
  take(SHARE.badPassword, 'bad-password-50126');
  const [blocked] = draws.splice(0, 1);
  if (blocked) scenarios.set(blocked, 'security-defaults-530032');
  for (const account of draws) scenarios.set(account, 'recent');

  const iso = (at: number) => new Date(at).toISOString().replace('.000Z', 'Z');
  const daysSinceSuccess = new Map<string, number | null>();
  for (const [account, scenario] of scenarios) {
    const user = tenant.users.get(account);
    if (!user) continue;
    if (scenario === 'never') {
      daysSinceSuccess.set(account, null);
      continue;
    }
    const successAt =
      scenario === 'recent'
        ? input.anchor - random.int(1, 20 * 60) * 60_000
        : input.anchor - random.int(9, 40) * DAY - random.int(0, 600) * 60_000;
    daysSinceSuccess.set(account, Math.floor((input.anchor - successAt) / DAY));
    const entry = (at: number, errorCode: number, seq: number): EmSignIn =>
      signInEntry(tenant, account, at, errorCode, seq, input, scenario);
    const success = entry(successAt, 0, 0);
    tenant.signIns.push(success);
    const activity: EmSignInActivity = {
      lastSignInDateTime: iso(successAt),
      lastSignInRequestId: success.id,
      lastNonInteractiveSignInDateTime: iso(successAt),
      lastNonInteractiveSignInRequestId: success.id,
      lastSuccessfulSignInDateTime: iso(successAt),
      lastSuccessfulSignInRequestId: success.id,
    };
    const code = FAILURE_CODE[scenario];
    if (code !== undefined) {
      // A device keeps retrying: three failures over the last three days, the newest a few hours ago.
      const failures = [0, 1, 2].map((seq) => entry(input.anchor - (seq * DAY + random.int(2, 20) * HOUR), code, seq + 1));
      tenant.signIns.push(...failures);
      const [newest] = failures;
      if (newest) {
        activity.lastSignInDateTime = newest.createdDateTime;
        activity.lastSignInRequestId = newest.id;
        activity.lastNonInteractiveSignInDateTime = newest.createdDateTime;
        activity.lastNonInteractiveSignInRequestId = newest.id;
      }
    }
    tenant.signInActivity.set(account, activity);
  }
  for (const person of input.people) {
    const at = iso(input.anchor - random.int(1, 48 * 60) * 60_000);
    const requestId = derivedId(`${tenant.id}/signIn/${person}/person`);
    tenant.signInActivity.set(person, {
      lastSignInDateTime: at,
      lastSignInRequestId: requestId,
      lastNonInteractiveSignInDateTime: at,
      lastNonInteractiveSignInRequestId: requestId,
      lastSuccessfulSignInDateTime: at,
      lastSuccessfulSignInRequestId: requestId,
    });
  }
  return { anchor: iso(input.anchor), scenarios, daysSinceSuccess };
}

function signInEntry(
  tenant: Tenant,
  userId: string,
  at: number,
  errorCode: number,
  seq: number,
  input: SignInSeedInput,
  scenario: SignInScenario,
): EmSignIn {
  const user = tenant.users.get(userId);
  const id = derivedId(`${tenant.id}/signIn/${userId}/${seq}`);
  const android = input.android.has(userId);
  const caFailure = errorCode === 50076 || errorCode === 53003;
  return {
    id,
    createdDateTime: new Date(at).toISOString(),
    userDisplayName: user?.displayName ?? '',
    userPrincipalName: user?.userPrincipalName ?? '',
    userId,
    appId: FIRST_PARTY_CLIENTS.teamsDesktop,
    appDisplayName: 'Microsoft Teams',
    ipAddress: '203.0.113.10',
    clientAppUsed: 'Mobile Apps and Desktop clients',
    correlationId: derivedId(`${id}/correlation`),
    conditionalAccessStatus: caFailure ? 'failure' : 'notApplied',
    // v1.0 lists interactive sign-ins (signin-list): a console signing in with its own credentials is one.
    isInteractive: true,
    resourceDisplayName: 'Microsoft Graph',
    resourceId: RESOURCE.graph.appId,
    status: {
      errorCode,
      failureReason: errorCode === 0 ? null : (FAILURE_REASONS[errorCode] ?? null),
      additionalDetails: errorCode === 0 ? null : `Seeded scenario ${scenario}.`,
    },
    deviceDetail: {
      deviceId: derivedId(`${tenant.id}/device/${userId}`),
      displayName: `MTR-${(user?.mailNickname ?? userId).slice(0, 11).toUpperCase()}`,
      operatingSystem: android ? 'Android' : 'Windows 10',
      browser: '',
      isCompliant: null,
      isManaged: null,
      trustType: null,
    },
    location: { city: user?.city ?? null, state: null, countryOrRegion: null },
    appliedConditionalAccessPolicies: caFailure
      ? [
          {
            id: input.mfaPolicy.id,
            displayName: input.mfaPolicy.displayName,
            enforcedGrantControls: ['Mfa'],
            enforcedSessionControls: [],
            result: 'failure',
          },
        ]
      : [],
  };
}

function shuffle<T>(random: SeededRandom, items: T[]): T[] {
  for (let index = items.length - 1; index > 0; index -= 1) {
    const other = random.int(0, index);
    [items[index], items[other]] = [items[other] as T, items[index] as T];
  }
  return items;
}
