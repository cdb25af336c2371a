/** For each check of the catalog: a snapshot that fails it and one whose data it can't read (shared by the catalog suites). */
import type { TenantFacts } from '../../api/src/accounts/checks/types.ts';
import type { RoomListsFact } from '../../api/src/domain/roomLists.ts';
import type { ConditionalAccessFact } from '../../api/src/domain/signInFacts.ts';
import type { AccountSnapshot } from '../../api/src/domain/snapshot.ts';
import { MFA_FOR_ALL, NOW, withSignIn } from './signIn.ts';
import { withSource } from './snapshots.ts';

export const BASIC = '6af4b3d6-14bb-4a2a-960c-6c902aad34f3';
export const SHARED = '295a8eb0-f78d-45c7-8b5b-1eed5ed02dff';
/** The compliant snapshot's room is in its building's list (helpers/snapshots.ts: Building 1). */
export const ROOM_LISTS: RoomListsFact = {
  status: 'ok',
  readAt: '2026-11-24T10:00:00.000Z',
  lists: [
    {
      name: 'Rooms - Building 1',
      primarySmtpAddress: 'rooms-building-1@contoso.onmicrosoft.com',
      members: ['mtr-sea-b1-101@contoso.onmicrosoft.com'],
    },
    { name: 'Rooms - Building 2', primarySmtpAddress: 'rooms-building-2@contoso.onmicrosoft.com', members: [] },
  ],
};
/** A tenant whose Conditional Access was read and holds no policy: the CA checks pass. */
export const NO_POLICIES: ConditionalAccessFact = {
  status: 'ok',
  readAt: '2026-11-24T10:00:00.000Z',
  policies: [],
  groups: {},
  roles: {},
  securityDefaultsEnabled: false,
};
export const tenant: TenantFacts = {
  skus: [{ skuId: BASIC, skuPartNumber: 'Microsoft_Teams_Rooms_Basic', enabled: 25, consumed: 10 }],
  roomLists: ROOM_LISTS,
  conditionalAccess: NO_POLICIES,
};
export const overCap: TenantFacts = { skus: [{ skuId: BASIC, skuPartNumber: 'Microsoft_Teams_Rooms_Basic', enabled: 40, consumed: 30 }] };
export const basicOnly = withSource('licenses', [{ skuId: BASIC, skuPartNumber: 'Microsoft_Teams_Rooms_Basic' }] as never);

export const cp = (change: Record<string, unknown>) => withSource('calendarProcessing', change);

/**
 * For each check: a snapshot that fails it and one whose data it can't read; `pass` replaces the compliant snapshot
 * where a check reads what it doesn't hold (sign-in activity), `now` fixes the clock; `passTenant` and `unknownTenant`
 * replace `tenant` for those cases (a tenant fact that fails every account, or one not read yet).
 */
export const CASES: Record<
  string,
  {
    fail: AccountSnapshot;
    unknown: AccountSnapshot;
    tenant?: TenantFacts;
    pass?: AccountSnapshot;
    now?: Date;
    passTenant?: TenantFacts;
    unknownTenant?: TenantFacts;
  }
> = {
  passwordNeverExpires: { fail: withSource('user', { passwordPolicies: null }), unknown: withSource('user', { status: 'unavailable' }) },
  accountEnabled: { fail: withSource('user', { accountEnabled: false }), unknown: withSource('user', { status: 'error' }) },
  noForcedPasswordChange: {
    fail: withSource('user', { forceChangePasswordNextSignIn: true }),
    unknown: withSource('user', { status: 'unavailable' }),
  },
  usageLocationSet: { fail: withSource('user', { usageLocation: null }), unknown: withSource('user', { status: 'unavailable' }) },
  upnMatchesSmtp: {
    fail: withSource('mailbox', { primarySmtpAddress: 'other@contoso.com' }),
    unknown: withSource('user', { status: 'unavailable' }),
  },
  roomMailboxType: {
    fail: withSource('mailbox', { recipientTypeDetails: 'UserMailbox' }),
    unknown: withSource('mailbox', { status: 'notFound' }),
  },
  teamsRoomsLicense: {
    fail: withSource('licenses', [{ skuId: SHARED, skuPartNumber: 'MCOCAP' }] as never),
    unknown: withSource('licenses', { status: 'unavailable' }),
  },
  notOnlySharedDevices: {
    fail: withSource('licenses', [{ skuId: SHARED, skuPartNumber: 'MCOCAP' }] as never),
    unknown: withSource('licenses', { status: 'unavailable' }),
  },
  basicLicenseCap: { fail: basicOnly, unknown: withSource('licenses', { status: 'unavailable' }), tenant: overCap },
  automateProcessing: {
    fail: cp({ AutomateProcessing: 'AutoUpdate' }),
    unknown: withSource('calendarProcessing', { status: 'unavailable' }),
  },
  addOrganizerToSubject: { fail: cp({ AddOrganizerToSubject: true }), unknown: withSource('calendarProcessing', { status: 'notFound' }) },
  deleteComments: { fail: cp({ DeleteComments: true }), unknown: withSource('calendarProcessing', { status: 'pending' }) },
  deleteSubject: { fail: cp({ DeleteSubject: true }), unknown: withSource('calendarProcessing', { status: 'unavailable' }) },
  removePrivateProperty: {
    fail: cp({ RemovePrivateProperty: true }),
    unknown: withSource('calendarProcessing', { status: 'unavailable' }),
  },
  processExternalMeetingMessages: {
    fail: cp({ ProcessExternalMeetingMessages: false }),
    unknown: withSource('calendarProcessing', { status: 'unavailable' }),
  },
  allowRecurringMeetings: {
    fail: cp({ AllowRecurringMeetings: false }),
    unknown: withSource('calendarProcessing', { status: 'unavailable' }),
  },
  deleteAttachments: { fail: cp({ DeleteAttachments: false }), unknown: withSource('calendarProcessing', { status: 'unavailable' }) },
  addAdditionalResponse: {
    fail: cp({ AddAdditionalResponse: false }),
    unknown: withSource('calendarProcessing', { status: 'unavailable' }),
  },
  additionalResponseText: { fail: cp({ AdditionalResponse: '  ' }), unknown: withSource('calendarProcessing', { status: 'unavailable' }) },
  allowConflicts: { fail: cp({ AllowConflicts: true }), unknown: withSource('calendarProcessing', { status: 'unavailable' }) },
  bookingWindow: { fail: cp({ BookingWindowInDays: 0 }), unknown: withSource('calendarProcessing', { status: 'unavailable' }) },
  maximumDuration: { fail: cp({ MaximumDurationInMinutes: 0 }), unknown: withSource('calendarProcessing', { status: 'unavailable' }) },
  placeDetails: { fail: withSource('place', { capacity: null }), unknown: withSource('place', { status: 'unavailable' }) },
  inRoomList: {
    fail: withSource(
      'place',
      { building: 'Building 2' },
      withSource('mailbox', { primarySmtpAddress: 'mtr-other@contoso.onmicrosoft.com' }),
    ),
    unknown: withSource('mailbox', { status: 'unavailable' }),
  },
  signedInRecently: {
    pass: withSignIn({ lastSuccessfulSignInDateTime: '2026-11-23T08:00:00Z' }),
    fail: withSignIn({ lastSuccessfulSignInDateTime: '2026-11-01T08:00:00Z' }),
    unknown: withSignIn({ status: 'unavailable' }),
    now: NOW,
  },
  conditionalAccessReady: {
    fail: withSource('user', {}),
    unknown: withSource('user', {}),
    tenant: { ...tenant, conditionalAccess: { ...NO_POLICIES, policies: [MFA_FOR_ALL] } },
    passTenant: tenant,
    unknownTenant: { ...tenant, conditionalAccess: undefined },
  },
  conditionalAccessConditional: {
    fail: withSource('user', {}),
    unknown: withSource('user', {}),
    tenant: {
      ...tenant,
      conditionalAccess: { ...NO_POLICIES, policies: [{ ...MFA_FOR_ALL, state: 'enabledForReportingButNotEnforced' }] },
    },
    passTenant: tenant,
    unknownTenant: {
      ...tenant,
      conditionalAccess: { status: 'unavailable', readAt: NOW.toISOString(), reason: 'Reading policies needs Security Reader at least' },
    },
  },
};
