// Evidence: docs/microsoft-365.md#graph-ca-policies, #graph-groups-transitive
import { createHash } from 'node:crypto';
import { ROLE } from '../catalog.ts';
import type { Tenant } from '../model.ts';
import type { SeededRandom } from '../random.ts';
import { transitiveUserIds, type EmConditionalAccessPolicy, type EmGroup } from '../signInModel.ts';

/**
 * The demo tenant's Conditional Access (issue 14): security groups (one nested) and policies, shaped as Graph's
 * conditionalAccessPolicy, with the resource accounts each policy catches recorded as ground truth for tests.
 * Ids derive from the tenant id and draws come from their own stream, so adding this moved no seeded room.
 */

export const CA_GROUPS = {
  roomsDevices: 'Teams Rooms devices',
  roomsAndroid: 'Teams Rooms devices - Android',
  corporateNetwork: 'Rooms on the corporate network only',
  contractorRooms: 'Contractor-managed rooms',
  sessionPilot: 'Session lifetime pilot',
  deviceCodeBlocked: 'Shared Android devices',
} as const;
export type CaGroupKey = keyof typeof CA_GROUPS;

export const CA_POLICIES = {
  mfaAllUsers: 'Require MFA for all users',
  signInFrequencyReportOnly: 'Sign-in frequency every 8 hours (report-only)',
  blockUntrustedLocations: 'Block access from outside trusted locations',
  blockLegacyAuthDisabled: 'Block legacy authentication',
  adminsPhishingResistant: 'Require phishing-resistant MFA for administrators',
  contractorsTermsOfUse: 'Contractors accept the terms of use',
  blockDeviceCodeFlow: 'Block device code flow',
  browserCompliantDevice: 'Require a compliant device for browser access',
} as const;
export type CaPolicyKey = keyof typeof CA_POLICIES;

/** Ground truth: ids of the seeded groups and policies, and which resource accounts each policy catches. */
export interface ConditionalAccessSeed {
  groupIds: Record<CaGroupKey, string>;
  policyIds: Record<CaPolicyKey, string>;
  /**
   * Per policy, the resource accounts it includes and does not exclude, whatever its conditions: an enabled MFA
   * policy blocks them, the location one "depends", the report-only one reports; the disabled one, the role-based
   * one and the browser-only one catch none (no room holds a role; Teams Rooms is no browser client).
   */
  caughtBy: Record<CaPolicyKey, string[]>;
  /** The built-in authentication strength and the terms of use the policies name. */
  authenticationStrengthId: string;
  termsOfUseId: string;
}

/** Shares of resource accounts, each at least one account (the MFA-caught share is kept small: other scenarios count statuses). */
const SHARE = { mfaCaught: 0.025, android: 0.2, corporateNetwork: 0.01, contractor: 0.005, pilot: 0.015, deviceCode: 0.05 } as const;

const CREATED = '2025-03-03T10:00:00Z';
const MODIFIED = '2026-09-14T08:30:00Z';
/** Microsoft's built-in "Phishing-resistant MFA" authentication strength. */
const PHISHING_RESISTANT = '00000000-0000-0000-0000-000000000004';

/**
 * `troubleCandidates`: the rooms a policy may catch or put in a special group (the compliant ones), so a room
 * seeded for another scenario keeps exactly the faults its scenario names and tests that pick it are unaffected.
 */
export function seedConditionalAccess(
  tenant: Tenant,
  resourceAccounts: readonly string[],
  people: readonly string[],
  random: SeededRandom,
  troubleCandidates: ReadonlySet<string> = new Set(resourceAccounts),
): ConditionalAccessSeed {
  const id = (kind: string, name: string) => derivedId(`${tenant.id}/${kind}/${name}`);
  const groupIds = Object.fromEntries(Object.entries(CA_GROUPS).map(([key, name]) => [key, id('group', name)])) as Record<
    CaGroupKey,
    string
  >;
  const policyIds = Object.fromEntries(Object.entries(CA_POLICIES).map(([key, name]) => [key, id('caPolicy', name)])) as Record<
    CaPolicyKey,
    string
  >;

  const count = (share: number, of: number) => Math.min(of, Math.max(1, Math.round(of * share)));
  // Compliant rooms first (in a random order), then the rest: the draws below that catch a room take from the front.
  const shuffled = shuffle(random, [...resourceAccounts].sort());
  const accounts = [...shuffled.filter((id) => troubleCandidates.has(id)), ...shuffled.filter((id) => !troubleCandidates.has(id))];
  const total = accounts.length;
  // The first few stay out of every exclusion group: the MFA policy catches them.
  accounts.splice(0, count(SHARE.mfaCaught, total));
  // Android consoles are drawn from the back (any room; being in the nested group alone changes nothing).
  const android = accounts.splice(accounts.length - count(SHARE.android, total), count(SHARE.android, total));
  const direct = accounts;
  // Disjoint draws from the front of the excluded rooms: each special group holds rooms the MFA policy spares.
  const corporate = direct.slice(0, count(SHARE.corporateNetwork, direct.length));
  const contractor = direct.slice(corporate.length, corporate.length + count(SHARE.contractor, direct.length));
  const pilot = direct.slice(
    corporate.length + contractor.length,
    corporate.length + contractor.length + count(SHARE.pilot, direct.length),
  );
  const androidCandidates = android.filter((id) => troubleCandidates.has(id));
  const deviceCode = (androidCandidates.length > 0 ? androidCandidates : android).slice(0, count(SHARE.deviceCode, android.length));

  const group = (key: CaGroupKey, users: readonly string[], description: string, nested: CaGroupKey[] = []): void => {
    const entry: EmGroup = {
      id: groupIds[key],
      displayName: CA_GROUPS[key],
      description,
      memberUserIds: new Set(users),
      memberGroupIds: new Set(nested.map((name) => groupIds[name])),
    };
    tenant.groups.set(entry.id, entry);
  };
  const someone = (index: number) => (people.length > 0 ? [people[index % people.length] as string] : []);
  group(
    'roomsDevices',
    direct,
    'Teams Rooms resource accounts, excluded from user MFA (Microsoft: exclude them and give them a policy of their own).',
    ['roomsAndroid'],
  );
  group('roomsAndroid', android, 'Teams Rooms on Android, nested in Teams Rooms devices.');
  group('corporateNetwork', corporate, 'Rooms that may sign in only from trusted named locations.');
  group('contractorRooms', [...contractor, ...someone(0)], 'Rooms and people managed by a contractor.');
  group('sessionPilot', [...pilot, ...someone(1)], 'Pilot of a shorter session lifetime.');
  group('deviceCodeBlocked', deviceCode, 'Shared Android devices whose device code sign-in is blocked.');

  const breakGlass = tenant.userByIdOrUpn(`grace.global@${tenant.domain}`)?.id;
  const termsOfUseId = id('agreement', 'Contractor terms of use');
  const add = (key: CaPolicyKey, state: EmConditionalAccessPolicy['state'], parts: PolicyParts) => {
    const policy = caPolicy(policyIds[key], CA_POLICIES[key], state, parts);
    tenant.conditionalAccessPolicies.set(policy.id, policy);
  };
  add('mfaAllUsers', 'enabled', {
    users: { includeUsers: ['All'], excludeUsers: breakGlass ? [breakGlass] : [], excludeGroups: [groupIds.roomsDevices] },
    grant: { builtInControls: ['mfa'] },
  });
  add('signInFrequencyReportOnly', 'enabledForReportingButNotEnforced', {
    users: { includeGroups: [groupIds.sessionPilot] },
    session: {
      signInFrequency: {
        value: 8,
        type: 'hours',
        isEnabled: true,
        frequencyInterval: 'timeBased',
        authenticationType: 'primaryAndSecondaryAuthentication',
      },
    },
  });
  add('blockUntrustedLocations', 'enabled', {
    users: { includeGroups: [groupIds.corporateNetwork] },
    locations: { includeLocations: ['All'], excludeLocations: ['AllTrusted'] },
    grant: { builtInControls: ['block'] },
  });
  add('blockLegacyAuthDisabled', 'disabled', {
    users: { includeUsers: ['All'] },
    clientAppTypes: ['exchangeActiveSync', 'other'],
    grant: { builtInControls: ['block'] },
  });
  add('adminsPhishingResistant', 'enabled', {
    users: { includeRoles: [ROLE.globalAdmin, ROLE.exchangeAdmin, ROLE.userAdmin, ROLE.conditionalAccessAdmin, ROLE.securityAdmin] },
    grant: {
      builtInControls: [],
      authenticationStrength: {
        id: PHISHING_RESISTANT,
        displayName: 'Phishing-resistant MFA',
        policyType: 'builtIn',
        requirementsSatisfied: 'mfa',
        allowedCombinations: ['windowsHelloForBusiness', 'fido2', 'x509CertificateMultiFactor'],
      },
    },
  });
  add('contractorsTermsOfUse', 'enabled', {
    users: { includeGroups: [groupIds.contractorRooms] },
    applications: ['Office365'],
    grant: { builtInControls: [], termsOfUse: [termsOfUseId] },
  });
  add('blockDeviceCodeFlow', 'enabled', {
    users: { includeGroups: [groupIds.deviceCodeBlocked] },
    authenticationFlows: { transferMethods: 'deviceCodeFlow' },
    grant: { builtInControls: ['block'] },
  });
  add('browserCompliantDevice', 'enabled', {
    users: { includeUsers: ['All'] },
    clientAppTypes: ['browser'],
    grant: { builtInControls: ['compliantDevice'] },
  });

  const spared = transitiveUserIds(tenant.groups, groupIds.roomsDevices);
  const caughtBy: Record<CaPolicyKey, string[]> = {
    mfaAllUsers: resourceAccounts.filter((account) => !spared.has(account) && account !== breakGlass).sort(),
    signInFrequencyReportOnly: [...pilot].sort(),
    blockUntrustedLocations: [...corporate].sort(),
    blockLegacyAuthDisabled: [],
    adminsPhishingResistant: [],
    contractorsTermsOfUse: [...contractor].sort(),
    blockDeviceCodeFlow: [...deviceCode].sort(),
    browserCompliantDevice: [],
  };
  return { groupIds, policyIds, caughtBy, authenticationStrengthId: PHISHING_RESISTANT, termsOfUseId };
}

interface PolicyParts {
  users: Partial<Record<'includeUsers' | 'excludeUsers' | 'includeGroups' | 'excludeGroups' | 'includeRoles' | 'excludeRoles', string[]>>;
  applications?: string[];
  clientAppTypes?: string[];
  locations?: { includeLocations: string[]; excludeLocations: string[] };
  authenticationFlows?: { transferMethods: string };
  grant?: { builtInControls: string[]; termsOfUse?: string[]; authenticationStrength?: Record<string, unknown> };
  session?: { signInFrequency: Record<string, unknown> };
}

/**
 * A policy with the properties the v1.0 resources document (conditionalAccessConditionSet, conditionalAccessAuthenticationFlows,
 * conditionalAccessSessionControls, signInFrequencySessionControl), null or empty where the policy does not use them.
 */
function caPolicy(
  id: string,
  displayName: string,
  state: EmConditionalAccessPolicy['state'],
  parts: PolicyParts,
): EmConditionalAccessPolicy {
  const list = (name: keyof PolicyParts['users']) => parts.users[name] ?? [];
  return {
    id,
    templateId: null,
    displayName,
    createdDateTime: CREATED,
    modifiedDateTime: MODIFIED,
    state,
    conditions: {
      userRiskLevels: [],
      signInRiskLevels: [],
      servicePrincipalRiskLevels: [],
      clientAppTypes: parts.clientAppTypes ?? ['all'],
      platforms: null,
      locations: parts.locations ?? null,
      devices: null,
      clientApplications: null,
      authenticationFlows: parts.authenticationFlows ?? null,
      applications: {
        includeApplications: parts.applications ?? ['All'],
        excludeApplications: [],
        includeUserActions: [],
        includeAuthenticationContextClassReferences: [],
        applicationFilter: null,
      },
      users: {
        includeUsers: list('includeUsers'),
        excludeUsers: list('excludeUsers'),
        includeGroups: list('includeGroups'),
        excludeGroups: list('excludeGroups'),
        includeRoles: list('includeRoles'),
        excludeRoles: list('excludeRoles'),
        includeGuestsOrExternalUsers: null,
        excludeGuestsOrExternalUsers: null,
      },
    },
    grantControls: parts.grant
      ? {
          operator: 'OR',
          builtInControls: parts.grant.builtInControls,
          customAuthenticationFactors: [],
          termsOfUse: parts.grant.termsOfUse ?? [],
          authenticationStrength: parts.grant.authenticationStrength ?? null,
        }
      : null,
    sessionControls: parts.session
      ? {
          disableResilienceDefaults: null,
          applicationEnforcedRestrictions: null,
          cloudAppSecurity: null,
          persistentBrowser: null,
          signInFrequency: parts.session.signInFrequency,
        }
      : null,
  };
}

export function derivedId(seed: string): string {
  const hex = createHash('sha1').update(seed).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function shuffle<T>(random: SeededRandom, items: T[]): T[] {
  for (let index = items.length - 1; index > 0; index -= 1) {
    const other = random.int(0, index);
    [items[index], items[other]] = [items[other] as T, items[index] as T];
  }
  return items;
}
