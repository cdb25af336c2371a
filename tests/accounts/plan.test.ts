import assert from 'node:assert/strict';
import { describe, it } from 'vitest';
import { DEFAULT_BASELINE, type Baseline } from '../../api/src/accounts/baseline.ts';
import { planChanges, recommendedSettings, settingLabel } from '../../api/src/accounts/plan.ts';
import { ROLE } from '../../api/src/auth/roles.ts';
import type { RoomListsFact } from '../../api/src/domain/roomLists.ts';
import { BASIC, cp, ROOM_LISTS, SHARED, tenant } from '../helpers/checkCases.ts';
import { compliantSnapshot, withSource } from '../helpers/snapshots.ts';

const PRO = '4cde982a-ede4-4409-9ae6-b003453c8ea6';
const ADMIN = [ROLE.globalAdmin];
const user = (change: Record<string, unknown>) => withSource('user', change);

describe('planChanges: user settings (PATCH /users/{id})', () => {
  it('enables a disabled account: one change with its label, call, role and payload', () => {
    const changes = planChanges(user({ accountEnabled: false }), { accountEnabled: true }, [ROLE.userAdmin]);
    assert.deepEqual(changes, [
      {
        setting: 'accountEnabled',
        label: 'Sign-in allowed',
        group: 'account',
        from: false,
        to: true,
        api: 'PATCH /users/{id}',
        kind: 'userAccount',
        payload: { accountEnabled: true },
        requiredRole: 'User Administrator',
        allowed: true,
      },
    ]);
  });

  it('plans nothing for settings already as desired, so a second apply changes nothing', () => {
    const desired = { accountEnabled: true, passwordNeverExpires: true, forceChangePasswordNextSignIn: false, usageLocation: 'US' };
    assert.deepEqual(planChanges(compliantSnapshot(), desired, ADMIN), []);
  });

  it('disables an enabled account', () => {
    const [change] = planChanges(compliantSnapshot(), { accountEnabled: false }, ADMIN);
    assert.equal(change?.from, true);
    assert.deepEqual(change?.payload, { accountEnabled: false });
  });

  it('plans every user setting when the user could not be read, with from null', () => {
    const changes = planChanges(
      user({ status: 'unavailable' }),
      { accountEnabled: true, passwordNeverExpires: true, forceChangePasswordNextSignIn: false, usageLocation: 'US' },
      ADMIN,
    );
    assert.deepEqual(
      changes.map((change) => [change.setting, change.from, change.to]),
      [
        ['accountEnabled', null, true],
        ['passwordPolicies', null, 'DisablePasswordExpiration'],
        ['forceChangePasswordNextSignIn', null, false],
        ['usageLocation', null, 'US'],
      ],
    );
  });

  it('the token shows no role for a write: still planned, marked not allowed, naming the least-privileged role', () => {
    const [enable, location] = planChanges(
      user({ accountEnabled: false, usageLocation: null }),
      { accountEnabled: true, usageLocation: 'DE' },
      [ROLE.licenseAdmin],
    );
    assert.deepEqual([enable?.setting, enable?.allowed, enable?.requiredRole], ['accountEnabled', false, 'User Administrator']);
    assert.deepEqual(
      [location?.setting, location?.allowed, location?.requiredRole, location?.kind],
      ['usageLocation', true, 'License Administrator', 'usageLocation'],
    );
    assert.deepEqual([location?.from, location?.to, location?.payload], [null, 'DE', { usageLocation: 'DE' }]);
    assert.equal(planChanges(user({ accountEnabled: false }), { accountEnabled: true }, [])[0]?.allowed, false);
  });

  it('usage location: changed when different, nothing when equal', () => {
    const [change] = planChanges(compliantSnapshot(), { usageLocation: 'GB' }, ADMIN);
    assert.deepEqual(
      [change?.setting, change?.label, change?.group, change?.from, change?.to, change?.api],
      ['usageLocation', 'Usage location', 'account', 'US', 'GB', 'PATCH /users/{id}'],
    );
    assert.deepEqual(planChanges(compliantSnapshot(), { usageLocation: 'US' }, ADMIN), []);
  });

  it('forced password change: the flag travels inside passwordProfile; an unread flag counts as unknown', () => {
    const [change] = planChanges(compliantSnapshot(), { forceChangePasswordNextSignIn: true }, ADMIN);
    assert.deepEqual(change && { ...change, requiredRole: undefined }, {
      setting: 'forceChangePasswordNextSignIn',
      label: 'Password change forced at next sign-in',
      group: 'account',
      from: false,
      to: true,
      api: 'PATCH /users/{id}',
      kind: 'userAccount',
      payload: { passwordProfile: { forceChangePasswordNextSignIn: true } },
      requiredRole: undefined,
      allowed: true,
    });
    assert.deepEqual(planChanges(compliantSnapshot(), { forceChangePasswordNextSignIn: false }, ADMIN), []);
    assert.deepEqual(planChanges(user({ forceChangePasswordNextSignIn: true }), { forceChangePasswordNextSignIn: true }, ADMIN), []);
    const unread = planChanges(user({ forceChangePasswordNextSignIn: undefined }), { forceChangePasswordNextSignIn: false }, ADMIN);
    assert.deepEqual(
      unread.map((item) => [item.from, item.to]),
      [[null, false]],
    );
  });
});

describe('planChanges: password policies keep the account’s other policies', () => {
  const plan = (policies: string | null, neverExpires: boolean) =>
    planChanges(user({ passwordPolicies: policies }), { passwordNeverExpires: neverExpires }, ADMIN);
  const to = (policies: string | null, neverExpires: boolean) => plan(policies, neverExpires).map((change) => change.to);

  it('adds DisablePasswordExpiration first, before the others', () => {
    assert.deepEqual(to('DisableStrongPassword', true), ['DisablePasswordExpiration, DisableStrongPassword']);
    assert.deepEqual(to(null, true), ['DisablePasswordExpiration']);
    assert.deepEqual(to('None', true), ['DisablePasswordExpiration']);
    assert.deepEqual(to(' None , DisableStrongPassword ', true), ['DisablePasswordExpiration, DisableStrongPassword']);
  });

  it('removes it, leaving the others or None', () => {
    assert.deepEqual(to('DisablePasswordExpiration', false), ['None']);
    assert.deepEqual(to('DisablePasswordExpiration,DisableStrongPassword', false), ['DisableStrongPassword']);
    assert.deepEqual(to('DisableStrongPassword , DisablePasswordExpiration', false), ['DisableStrongPassword']);
  });

  it('plans nothing when the policy already holds (spacing aside)', () => {
    assert.deepEqual(plan('DisablePasswordExpiration', true), []);
    assert.deepEqual(plan(' DisableStrongPassword, DisablePasswordExpiration ', true), []);
    assert.deepEqual(plan(null, false), []);
    assert.deepEqual(plan('None', false), []);
    assert.deepEqual(plan('DisableStrongPassword', false), []);
  });

  it('reports the policies as read and sends the new value in the payload', () => {
    const [change] = plan('DisableStrongPassword', true);
    assert.deepEqual(
      [change?.setting, change?.label, change?.group, change?.from, change?.api, change?.kind],
      ['passwordPolicies', 'Password never expires', 'account', 'DisableStrongPassword', 'PATCH /users/{id}', 'userAccount'],
    );
    assert.deepEqual(change?.payload, { passwordPolicies: 'DisablePasswordExpiration, DisableStrongPassword' });
    assert.equal(plan(null, true)[0]?.from, null);
  });
});

describe('planChanges: calendar processing (Set-CalendarProcessing)', () => {
  it('one change per parameter that differs, none for those that match', () => {
    const snapshot = cp({ AllowConflicts: true, BookingWindowInDays: 0 });
    const changes = planChanges(
      snapshot,
      { calendarProcessing: { AllowConflicts: false, BookingWindowInDays: 180, AutomateProcessing: 'AutoAccept' } },
      [ROLE.exchangeRecipientAdmin],
    );
    assert.deepEqual(changes, [
      {
        setting: 'AllowConflicts',
        label: 'Allow conflicting meetings',
        group: 'mailbox',
        from: true,
        to: false,
        api: 'Set-CalendarProcessing',
        kind: 'calendarProcessing',
        payload: { AllowConflicts: false },
        requiredRole: 'Exchange Recipient Administrator',
        allowed: true,
      },
      {
        setting: 'BookingWindowInDays',
        label: 'Booking window',
        group: 'mailbox',
        from: 0,
        to: 180,
        api: 'Set-CalendarProcessing',
        kind: 'calendarProcessing',
        payload: { BookingWindowInDays: 180 },
        requiredRole: 'Exchange Recipient Administrator',
        allowed: true,
      },
    ]);
  });

  it('unread calendar processing: every desired parameter is planned, from null', () => {
    const changes = planChanges(
      withSource('calendarProcessing', { status: 'unavailable' }),
      { calendarProcessing: { AllowConflicts: false } },
      [ROLE.userAdmin],
    );
    assert.deepEqual(
      changes.map((change) => [change.setting, change.from, change.to, change.allowed]),
      [['AllowConflicts', null, false, false]],
    );
  });

  it('a parameter Exchange did not return is planned from null', () => {
    const changes = planChanges(cp({ AdditionalResponse: undefined }), { calendarProcessing: { AdditionalResponse: 'Hello' } }, ADMIN);
    assert.deepEqual(
      changes.map((change) => [change.setting, change.from]),
      [['AdditionalResponse', null]],
    );
  });
});

describe('planChanges: location (PATCH /places/{id})', () => {
  it('one change per place field that differs, labelled in words', () => {
    const changes = planChanges(compliantSnapshot(), { location: { capacity: 10, city: 'Seattle', floorLabel: null } }, [
      ROLE.exchangeAdmin,
    ]);
    assert.deepEqual(changes, [
      {
        setting: 'location.capacity',
        label: 'Capacity',
        group: 'location',
        from: 8,
        to: 10,
        api: 'PATCH /places/{id}',
        kind: 'place',
        payload: { capacity: 10 },
        requiredRole: 'Exchange Administrator',
        allowed: true,
      },
      {
        setting: 'location.floorLabel',
        label: 'Floor label',
        group: 'location',
        from: '1',
        to: null,
        api: 'PATCH /places/{id}',
        kind: 'place',
        payload: { floorLabel: null },
        requiredRole: 'Exchange Administrator',
        allowed: true,
      },
    ]);
  });

  it('no place read: every field is planned, from null', () => {
    const changes = planChanges(withSource('place', { status: 'notFound' }), { location: { building: 'Building 1' } }, [
      ROLE.exchangeRecipientAdmin,
    ]);
    assert.deepEqual(
      changes.map((change) => [change.setting, change.from, change.to, change.allowed]),
      [['location.building', null, 'Building 1', false]],
    );
  });
});

describe('planChanges: room list', () => {
  const lists = (members: string[][]): RoomListsFact => ({
    status: 'ok',
    readAt: '2026-11-24T10:00:00.000Z',
    lists: members.map((held, index) => ({
      name: `List ${index + 1}`,
      primarySmtpAddress: `list-${index + 1}@contoso.onmicrosoft.com`,
      members: held,
    })),
  });
  const upn = compliantSnapshot().userPrincipalName;

  it('a list that does not exist is created with the room as member; from names the lists holding it', () => {
    const [change] = planChanges(compliantSnapshot(), { roomList: 'Rooms - Building 9' }, ADMIN, undefined, lists([[upn], [], [upn]]));
    assert.deepEqual(change, {
      setting: 'roomList',
      label: 'In a room list',
      group: 'location',
      from: ['List 1', 'List 3'],
      to: 'Rooms - Building 9',
      api: 'New-DistributionGroup -RoomList',
      kind: 'roomList',
      payload: { list: 'Rooms - Building 9', member: upn, create: true },
      requiredRole: 'Exchange Recipient Administrator',
      allowed: true,
    });
  });

  it('an existing list (any case) is joined; a room in no list comes from null', () => {
    const [change] = planChanges(
      withSource('mailbox', { primarySmtpAddress: 'room@contoso.com' }),
      { roomList: 'list 2' },
      ADMIN,
      undefined,
      lists([[upn], []]),
    );
    assert.deepEqual(
      [change?.from, change?.api, change?.payload],
      [null, 'Add-DistributionGroupMember', { list: 'list 2', member: 'room@contoso.com', create: false }],
    );
  });

  it('unread room lists: joining is tried, never creating a list that may exist', () => {
    const unread: RoomListsFact = { status: 'unavailable', readAt: '', reason: 'AccessDenied' };
    for (const fact of [unread, undefined]) {
      const [change] = planChanges(compliantSnapshot(), { roomList: 'Rooms - Building 1' }, ADMIN, undefined, fact);
      assert.deepEqual(
        [change?.from, change?.api, change?.payload],
        [null, 'Add-DistributionGroupMember', { list: 'Rooms - Building 1', member: upn, create: false }],
      );
    }
  });

  it('without a mailbox read, the member is the sign-in name', () => {
    const [change] = planChanges(
      withSource('mailbox', { status: 'unavailable' }),
      { roomList: 'Rooms - Building 2' },
      ADMIN,
      undefined,
      ROOM_LISTS,
    );
    assert.deepEqual(change?.payload, { list: 'Rooms - Building 2', member: upn, create: false });
  });

  it('already in the list: nothing', () => {
    assert.deepEqual(planChanges(compliantSnapshot(), { roomList: 'ROOMS - BUILDING 1' }, ADMIN, undefined, ROOM_LISTS), []);
  });
});

describe('planChanges: license (assignLicense)', () => {
  it('a license not held is assigned, from the held ones by name', () => {
    const [change] = planChanges(
      withSource('licenses', [{ skuId: SHARED, skuPartNumber: 'MCOCAP' }] as never),
      {},
      [ROLE.licenseAdmin],
      PRO,
    );
    assert.deepEqual(change, {
      setting: 'license',
      label: 'Teams Rooms license',
      group: 'license',
      from: ['Microsoft Teams Shared Devices'],
      to: 'Microsoft Teams Rooms Pro',
      api: 'POST /users/{id}/assignLicense',
      kind: 'license',
      payload: { add: [PRO], remove: [] },
      requiredRole: 'License Administrator',
      allowed: true,
    });
  });

  it('a license already held: nothing; unread licenses: assigned from none', () => {
    assert.deepEqual(planChanges(compliantSnapshot(), {}, ADMIN, PRO), []);
    const [change] = planChanges(withSource('licenses', { status: 'unavailable' }), {}, ADMIN, BASIC);
    assert.deepEqual([change?.from, change?.to], [[], 'Microsoft Teams Rooms Basic']);
    const readEmpty = compliantSnapshot();
    readEmpty.sources.licenses = { status: 'ok', readAt: readEmpty.readAt };
    assert.deepEqual(
      planChanges(readEmpty, {}, ADMIN, PRO).map((item) => item.from),
      [[]],
    );
  });

  it('changes come in a fixed order: account, mailbox, location, room list, license', () => {
    const snapshot = withSource('user', { accountEnabled: false }, withSource('licenses', [] as never, cp({ AllowConflicts: true })));
    const changes = planChanges(
      snapshot,
      { roomList: 'New list', location: { capacity: 9 }, calendarProcessing: { AllowConflicts: false }, accountEnabled: true },
      ADMIN,
      PRO,
      ROOM_LISTS,
    );
    assert.deepEqual(
      changes.map((change) => change.setting),
      ['accountEnabled', 'AllowConflicts', 'location.capacity', 'roomList', 'license'],
    );
  });
});

describe('planChanges: data of a source not read ok is never used', () => {
  /** A source that failed to read but still carries (stale) data: its status decides, not the data. */
  const failedWithData = <K extends 'user' | 'calendarProcessing' | 'place' | 'licenses' | 'mailbox'>(key: K) => {
    const snapshot = compliantSnapshot();
    snapshot.sources[key] = { ...snapshot.sources[key], status: 'error' } as never;
    return snapshot;
  };

  it('user, calendar processing, place and licenses are planned from null', () => {
    assert.deepEqual(
      planChanges(failedWithData('user'), { accountEnabled: true }, ADMIN).map((change) => change.from),
      [null],
    );
    assert.deepEqual(
      planChanges(failedWithData('calendarProcessing'), { calendarProcessing: { AllowConflicts: false } }, ADMIN).map(
        (change) => change.from,
      ),
      [null],
    );
    assert.deepEqual(
      planChanges(failedWithData('place'), { location: { capacity: 8 } }, ADMIN).map((change) => change.from),
      [null],
    );
    assert.deepEqual(
      planChanges(failedWithData('licenses'), {}, ADMIN, PRO).map((change) => change.from),
      [[]],
    );
  });

  it('the room-list member falls back to the sign-in name', () => {
    const snapshot = withSource('mailbox', { primarySmtpAddress: 'other@contoso.com' });
    snapshot.sources.mailbox.status = 'error';
    const [change] = planChanges(snapshot, { roomList: 'Rooms - Building 2' }, ADMIN, undefined, ROOM_LISTS);
    assert.equal(change?.payload.member, snapshot.userPrincipalName);
  });
});

describe('settingLabel', () => {
  it('a check’s label, a place field in words, else the name itself', () => {
    assert.equal(settingLabel('BookingWindowInDays'), 'Booking window');
    assert.equal(settingLabel('location.isWheelChairAccessible'), 'Wheelchair accessible');
    assert.equal(settingLabel('countryOrRegion'), 'Country or region');
    assert.equal(settingLabel('postalCode'), 'Postal code');
    assert.equal(settingLabel('unknownThing'), 'unknownThing');
    assert.equal(settingLabel('location.unknownThing'), 'location.unknownThing');
    assert.deepEqual(
      ['building', 'floorNumber', 'floorLabel', 'capacity', 'street', 'city', 'state'].map((field) => settingLabel(`location.${field}`)),
      ['Building', 'Floor number', 'Floor label', 'Capacity', 'Street', 'City', 'State or province'],
    );
    assert.equal(settingLabel('clocation.ity'), 'clocation.ity', 'only a leading location. names a place field');
  });
});

describe('recommendedSettings', () => {
  it('a compliant account needs nothing', () => {
    assert.deepEqual(recommendedSettings(compliantSnapshot(), DEFAULT_BASELINE, tenant), {
      settings: {},
      licenseSkuId: undefined,
      leftAlone: [],
    });
  });

  it('collects every fix: user settings, all calendar parameters in one object, the baseline license', () => {
    const snapshot = withSource(
      'user',
      { accountEnabled: false, passwordPolicies: 'DisableStrongPassword', usageLocation: null },
      withSource(
        'licenses',
        [{ skuId: SHARED, skuPartNumber: 'MCOCAP' }] as never,
        cp({ AllowConflicts: true, DeleteSubject: true, BookingWindowInDays: 2000 }),
      ),
    );
    const { settings, licenseSkuId, leftAlone } = recommendedSettings(snapshot, DEFAULT_BASELINE, tenant);
    assert.deepEqual(settings, {
      passwordNeverExpires: true,
      accountEnabled: true,
      usageLocation: 'US',
      calendarProcessing: { DeleteSubject: false, AllowConflicts: false, BookingWindowInDays: 180 },
    });
    assert.equal(licenseSkuId, PRO);
    assert.deepEqual(leftAlone, []);
  });

  it('follows the baseline: its usage location, its license, its values; ignored checks are left out', () => {
    const baseline: Baseline = {
      ...DEFAULT_BASELINE,
      version: 2,
      usageLocation: 'DE',
      licenseSkuId: BASIC,
      bookingWindowInDays: { min: 1, max: 100, recommended: 90 },
      severities: { allowConflicts: 'ignored' },
    };
    const snapshot = withSource(
      'user',
      { usageLocation: null },
      withSource('licenses', [] as never, cp({ AllowConflicts: true, BookingWindowInDays: 180 })),
    );
    const { settings, licenseSkuId } = recommendedSettings(snapshot, baseline, tenant);
    assert.deepEqual(settings, { usageLocation: 'DE', calendarProcessing: { BookingWindowInDays: 90 } });
    assert.equal(licenseSkuId, BASIC);
  });

  it('unreadable data still gets the recommended value; a check without a fix is not guessed at', () => {
    const { settings, leftAlone } = recommendedSettings(withSource('user', { status: 'unavailable' }), DEFAULT_BASELINE, tenant);
    assert.deepEqual(settings, { passwordNeverExpires: true, accountEnabled: true, usageLocation: 'US' });
    assert.deepEqual(leftAlone, [], 'the forced password change (no fix) is unknown, not reported');
  });

  it('a failing check with no automatic fix is left alone with its guidance', () => {
    const { settings, leftAlone } = recommendedSettings(user({ forceChangePasswordNextSignIn: true }), DEFAULT_BASELINE, tenant);
    assert.deepEqual(settings, {});
    assert.equal(leftAlone.length, 1);
    assert.deepEqual([leftAlone[0]?.setting, leftAlone[0]?.from, leftAlone[0]?.to], ['noForcedPasswordChange', true, false]);
    assert.match(leftAlone[0]?.message ?? '', /^Not fixed automatically/);
  });

  it('a fix that has nothing to offer (no country known) is skipped', () => {
    const snapshot = withSource('user', { usageLocation: null }, withSource('place', { countryOrRegion: null }));
    assert.deepEqual(recommendedSettings(snapshot, DEFAULT_BASELINE, tenant).settings, {});
  });

  it('a check raised to required by the baseline is still fixed; an opt-in check only when marked', () => {
    const raised: Baseline = { ...DEFAULT_BASELINE, severities: { bookingWindow: 'required' } };
    assert.deepEqual(recommendedSettings(cp({ BookingWindowInDays: 0 }), raised, tenant).settings, {
      calendarProcessing: { BookingWindowInDays: 180 },
    });
    const outside = withSource(
      'place',
      { building: 'Building 2' },
      withSource('mailbox', { primarySmtpAddress: 'mtr-other@contoso.onmicrosoft.com' }),
    );
    assert.deepEqual(recommendedSettings(outside, DEFAULT_BASELINE, tenant).settings, {});
    const marked: Baseline = { ...DEFAULT_BASELINE, severities: { inRoomList: 'recommended' } };
    assert.deepEqual(recommendedSettings(outside, marked, tenant).settings, { roomList: 'Rooms - Building 2' });
  });
});
