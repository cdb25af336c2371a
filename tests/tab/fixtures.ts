import {
  accountDetail,
  accountListItem,
  accountListResponse,
  baselineResponse,
  checkOutcome,
  signInHealth,
  summaryResponse,
  type AccountDetail,
  type AccountListItem,
  type AccountListResponse,
  type BaselineResponse,
  type CheckOutcomeDto,
  type SignInHealth,
  type SummaryResponse,
} from '../../contract/index.ts';

/**
 * API bodies for the tab tests, each parsed by the contract's schema: a fixture the API could not send fails
 * here, not as a puzzling render.
 */
const DAY = 24 * 60 * 60 * 1000;

/** An ISO time `days` ago (and a little more, so "9 days ago" stays 9 whatever the test's own duration). */
export const daysAgo = (days: number) => new Date(Date.now() - days * DAY - 60_000).toISOString();

export function check(overrides: Partial<CheckOutcomeDto>): CheckOutcomeDto {
  return checkOutcome.parse({
    id: 'accountEnabled',
    group: 'account',
    label: 'Account enabled',
    description: 'A disabled account cannot sign in.',
    powershell: 'Update-MgUser -AccountEnabled $true',
    severity: 'required',
    result: 'pass',
    actual: true,
    expected: true,
    changeRole: 'User Administrator',
    ...overrides,
  });
}

export function listItem(overrides: Partial<AccountListItem> = {}): AccountListItem {
  return accountListItem.parse({
    id: 'room-1',
    displayName: 'SEA-B2-3.14 Rainier (8)',
    userPrincipalName: 'mtr-sea-b2-314@contoso.example',
    location: 'Seattle B2',
    building: 'B2',
    city: 'Seattle',
    status: 'needsAction',
    warnings: 0,
    licenses: [],
    recipientType: 'RoomMailbox',
    roomLists: null,
    lastReadAt: daysAgo(0),
    ...overrides,
  });
}

export function detail(overrides: Partial<AccountDetail> = {}): AccountDetail {
  return accountDetail.parse({
    ...listItem(),
    sources: {
      user: { status: 'ok', readAt: daysAgo(0), data: { accountEnabled: true } },
      licenses: { status: 'ok', readAt: daysAgo(0), data: [] },
      place: { status: 'notFound', readAt: daysAgo(0) },
      mailbox: { status: 'ok', readAt: daysAgo(0), data: {} },
      calendarProcessing: { status: 'ok', readAt: daysAgo(0), data: {} },
    },
    checks: [],
    mailboxMessage: null,
    ...overrides,
  });
}

export function listResponse(items: AccountListItem[]): AccountListResponse {
  return accountListResponse.parse({ items, total: items.length, page: 1, pageSize: 500 });
}

export function summary(overrides: Partial<SummaryResponse> = {}): SummaryResponse {
  return summaryResponse.parse({
    total: 3,
    byStatus: { noActionNeeded: 1, needsAction: 2, notAvailable: 0, ungraded: 0 },
    byBuilding: [],
    warnings: 0,
    byLicense: [],
    seats: [],
    buildings: ['B2'],
    roomLists: [],
    lastSyncAt: daysAgo(0),
    ...overrides,
  });
}

export function baseline(values: Partial<BaselineResponse['values']> = {}): BaselineResponse {
  return baselineResponse.parse({
    version: 3,
    values: {
      calendarProcessing: {
        AutomateProcessing: 'AutoAccept',
        AddOrganizerToSubject: false,
        DeleteComments: false,
        DeleteSubject: false,
        RemovePrivateProperty: false,
        ProcessExternalMeetingMessages: true,
        AllowRecurringMeetings: true,
        DeleteAttachments: true,
        AddAdditionalResponse: true,
        AdditionalResponse: 'This room is equipped with Teams Rooms.',
        AllowConflicts: false,
      },
      bookingWindowInDays: { min: 180, max: 1080, recommended: 365 },
      maximumDurationInMinutes: { min: 60, max: 1440, recommended: 1440 },
      licenseSkuId: '4fb214cb-a430-4a91-9c91-4976763aa78f',
      usageLocation: null,
      roomListName: 'Rooms - {building}',
      signInWithinDays: 7,
      severities: {},
      ...values,
    },
    updatedBy: null,
    updatedAt: null,
    checks: [],
  });
}

export const PORTAL_URL = 'https://entra.microsoft.com/#view/Microsoft_AAD_ConditionalAccess/PolicyBlade/policyId/pol-mfa';

/** A stale room caught by an MFA policy (with a fix group), a location-conditioned one and a report-only one. */
export const SIGN_IN_HEALTH: SignInHealth = signInHealth.parse({
  activity: { status: 'ok', lastSignIn: daysAgo(1), lastSuccessfulSignIn: daysAgo(9) },
  failures: {
    status: 'ok',
    items: [
      {
        createdDateTime: daysAgo(1),
        errorCode: 50076,
        reason: 'Multifactor authentication required: a Conditional Access policy demands MFA, which a Teams Rooms device cannot do.',
        failureReason:
          'Due to a configuration change made by your administrator, or because you moved to a new location, you must use multi-factor authentication.',
        clientAppUsed: 'Mobile Apps and Desktop clients',
        appDisplayName: 'Microsoft Teams',
        operatingSystem: 'Android',
        appliedPolicies: [
          { id: 'pol-mfa', displayName: 'Require MFA for all users', result: 'failure', enforcedGrantControls: ['Mfa'] },
          { id: 'pol-ro', displayName: 'Terms of use (pilot)', result: 'reportOnlyFailure', enforcedGrantControls: [] },
          { id: 'pol-other', displayName: 'Block legacy auth', result: 'notApplied', enforcedGrantControls: [] },
        ],
      },
      {
        createdDateTime: daysAgo(2),
        errorCode: 53003,
        reason: 'Blocked by Conditional Access.',
        failureReason: null,
        clientAppUsed: null,
        appDisplayName: null,
        operatingSystem: 'Windows 10',
        appliedPolicies: [],
      },
    ],
  },
  conditionalAccess: {
    status: 'ok',
    policies: [
      {
        policyId: 'pol-mfa',
        displayName: 'Require MFA for all users',
        state: 'enabled',
        verdict: 'blocks',
        includedBy: 'All users',
        unsupported: ['requires multifactor authentication'],
        dependsOn: [],
        fixExclusionGroup: { id: 'grp-rooms', displayName: 'Teams Rooms accounts' },
        portalUrl: PORTAL_URL,
      },
      {
        policyId: 'pol-loc',
        displayName: 'MFA outside the office',
        state: 'enabled',
        verdict: 'depends',
        includedBy: 'group Room devices',
        unsupported: ['requires multifactor authentication'],
        dependsOn: ['named locations (include: Any location, exclude: Office IPs)'],
        fixExclusionGroup: null,
        portalUrl: 'https://entra.microsoft.com/#view/policy/pol-loc',
      },
      {
        policyId: 'pol-ro',
        displayName: 'Terms of use (pilot)',
        state: 'reportOnly',
        verdict: 'reportOnly',
        includedBy: 'the account itself',
        unsupported: ['requires accepting terms of use'],
        dependsOn: [],
        fixExclusionGroup: null,
        // Stored data is not trusted to be a web link: a script URL is not rendered.
        portalUrl: 'javascript:alert(1)',
      },
    ],
  },
});
