import type { AccountSnapshot } from '../../api/src/domain/snapshot.ts';

const READ_AT = '2026-11-24T10:00:00.000Z';

/** A resource account that passes every check under the default baseline; tests bend one part at a time. */
export function compliantSnapshot(): AccountSnapshot {
  const upn = 'mtr-sea-b1-101@contoso.onmicrosoft.com';
  return {
    accountId: '6b2c1d4e-0000-4000-8000-000000000001',
    userPrincipalName: upn,
    displayName: 'SEA-B1-1.01 Rainier (8)',
    readAt: READ_AT,
    sources: {
      user: {
        status: 'ok',
        readAt: READ_AT,
        data: {
          id: '6b2c1d4e-0000-4000-8000-000000000001',
          displayName: 'SEA-B1-1.01 Rainier (8)',
          userPrincipalName: upn,
          mail: upn,
          accountEnabled: true,
          passwordPolicies: 'DisablePasswordExpiration',
          forceChangePasswordNextSignIn: false,
          usageLocation: 'US',
          city: 'Seattle',
          country: 'United States',
          officeLocation: 'Building 1',
          assignedSkuIds: ['4cde982a-ede4-4409-9ae6-b003453c8ea6'],
        },
      },
      licenses: {
        status: 'ok',
        readAt: READ_AT,
        data: [{ skuId: '4cde982a-ede4-4409-9ae6-b003453c8ea6', skuPartNumber: 'Microsoft_Teams_Rooms_Pro' }],
      },
      place: {
        status: 'ok',
        readAt: READ_AT,
        data: {
          id: 'place-1',
          emailAddress: upn,
          building: 'Building 1',
          floorNumber: 1,
          floorLabel: '1',
          capacity: 8,
          city: 'Seattle',
          countryOrRegion: 'US',
          street: '1 Main St',
          state: 'WA',
          postalCode: '98101',
          isWheelChairAccessible: true,
          label: null,
          tags: [],
        },
      },
      mailbox: {
        status: 'ok',
        readAt: READ_AT,
        data: {
          recipientTypeDetails: 'RoomMailbox',
          primarySmtpAddress: upn,
          alias: 'mtr-sea-b1-101',
          hiddenFromAddressListsEnabled: false,
          mailTip: null,
        },
      },
      calendarProcessing: {
        status: 'ok',
        readAt: READ_AT,
        data: {
          AutomateProcessing: 'AutoAccept',
          AddOrganizerToSubject: false,
          DeleteComments: false,
          DeleteSubject: false,
          RemovePrivateProperty: false,
          ProcessExternalMeetingMessages: true,
          AllowRecurringMeetings: true,
          DeleteAttachments: true,
          AddAdditionalResponse: true,
          AdditionalResponse: 'This is a Microsoft Teams Meeting room!',
          AllowConflicts: false,
          BookingWindowInDays: 180,
          MaximumDurationInMinutes: 1440,
        },
      },
    },
  };
}

/** A copy of the compliant snapshot with one source's data merged or its status replaced. */
export function withSource<K extends keyof AccountSnapshot['sources']>(
  key: K,
  change: Partial<NonNullable<AccountSnapshot['sources'][K]['data']>> | { status: 'unavailable' | 'notFound' | 'pending' | 'error' },
  base = compliantSnapshot(),
): AccountSnapshot {
  const snapshot = structuredClone(base);
  const source = snapshot.sources[key];
  if (
    'status' in change &&
    typeof change.status === 'string' &&
    ['unavailable', 'notFound', 'pending', 'error'].includes(change.status) &&
    Object.keys(change).length === 1
  ) {
    snapshot.sources[key] = { status: change.status as 'unavailable', readAt: source.readAt };
  } else {
    snapshot.sources[key] = {
      ...source,
      data: Array.isArray(source.data) ? (change as never) : { ...(source.data as object), ...change },
    } as never;
  }
  return snapshot;
}
