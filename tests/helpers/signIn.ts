/** Sign-in sources and Conditional Access policies for the sign-in suites (issue 14), bent one part at a time. */
import type { CaPolicy, ConditionalAccessFact, SignInActivityData } from '../../api/src/domain/signInFacts.ts';
import type { AccountSnapshot } from '../../api/src/domain/snapshot.ts';
import type { SignInFailure } from '../../contract/index.ts';
import { compliantSnapshot } from './snapshots.ts';

/** The fixed clock of the sign-in suites. */
export const NOW = new Date('2026-11-24T12:00:00.000Z');
const READ_AT = '2026-11-24T10:00:00.000Z';

/** The compliant snapshot's account id (helpers/snapshots.ts). */
export const ACCOUNT = '6b2c1d4e-0000-4000-8000-000000000001';
export const OTHER_ROOM = '6b2c1d4e-0000-4000-8000-000000000002';

/**
 * The compliant snapshot with sign-in sources: activity merged into a recent successful one, or a source status;
 * `failures` (newest first) read, or `pending` when not given.
 */
export function withSignIn(
  activity: Partial<SignInActivityData> | { status: 'unavailable' | 'pending' | 'error'; message?: string },
  failures?: SignInFailure[] | { status: 'unavailable' | 'pending' },
  base: AccountSnapshot = compliantSnapshot(),
): AccountSnapshot {
  const snapshot = structuredClone(base);
  const activitySource =
    'status' in activity
      ? {
          status: activity.status,
          readAt: READ_AT,
          ...(activity.message ? { error: { code: 'Authorization_RequestDenied', message: activity.message } } : {}),
        }
      : {
          status: 'ok' as const,
          readAt: READ_AT,
          data: {
            lastSignInDateTime: '2026-11-24T07:00:00Z',
            lastNonInteractiveSignInDateTime: '2026-11-24T09:00:00Z',
            lastSuccessfulSignInDateTime: '2026-11-24T09:00:00Z',
            ...activity,
          },
        };
  const failureSource = Array.isArray(failures)
    ? { status: 'ok' as const, readAt: READ_AT, data: failures }
    : { status: failures?.status ?? ('pending' as const), readAt: READ_AT };
  snapshot.signIn = { activity: activitySource, failures: failureSource };
  return snapshot;
}

/** One failed sign-in as the sync stores it (the reason is re-worded by signInHealthOf). */
export function failure(errorCode: number, createdDateTime: string, failureReason: string | null = 'Microsoft says no'): SignInFailure {
  return {
    createdDateTime,
    errorCode,
    reason: '',
    failureReason,
    clientAppUsed: 'Mobile Apps and Desktop clients',
    appDisplayName: 'Microsoft Teams',
    operatingSystem: 'Windows 10',
    appliedPolicies: [],
  };
}

/** A policy in the shape the sync reads: enabled, all users, all apps, MFA. Tests override one part. */
export function policy(change: Partial<Omit<CaPolicy, 'conditions'>> & { conditions?: Partial<CaPolicy['conditions']> } = {}): CaPolicy {
  const base: CaPolicy = {
    id: 'p-mfa',
    displayName: 'MFA for all users',
    state: 'enabled',
    conditions: {
      users: { includeUsers: ['All'], excludeUsers: [], includeGroups: [], excludeGroups: [], includeRoles: [], excludeRoles: [] },
      applications: {
        includeApplications: ['All'],
        excludeApplications: [],
        includeUserActions: [],
        includeAuthenticationContextClassReferences: [],
        hasApplicationFilter: false,
      },
      clientAppTypes: ['all'],
      platforms: null,
      locations: null,
      deviceFilter: null,
      signInRiskLevels: [],
      userRiskLevels: [],
      transferMethods: null,
    },
    grantControls: {
      operator: 'OR',
      builtInControls: ['mfa'],
      customAuthenticationFactors: [],
      termsOfUse: [],
      authenticationStrength: null,
    },
    sessionControls: null,
  };
  const { conditions, ...rest } = change;
  return { ...base, ...rest, conditions: { ...base.conditions, ...conditions } };
}

export const MFA_FOR_ALL = policy();

/** A read Conditional Access fact holding `policies`, with groups and roles resolved to resource account ids. */
export function caFact(
  policies: CaPolicy[],
  extra: {
    groups?: Extract<ConditionalAccessFact, { status: 'ok' }>['groups'];
    roles?: Extract<ConditionalAccessFact, { status: 'ok' }>['roles'];
    securityDefaultsEnabled?: boolean | null;
  } = {},
) {
  return {
    status: 'ok' as const,
    readAt: READ_AT,
    policies,
    groups: extra.groups ?? {},
    roles: extra.roles ?? {},
    securityDefaultsEnabled: extra.securityDefaultsEnabled ?? false,
  };
}
