import assert from 'node:assert/strict';
import { describe, it } from 'vitest';
import { DEFAULT_BASELINE, type Baseline } from '../../api/src/accounts/baseline.ts';
import { CHECKS_BY_ID } from '../../api/src/accounts/checks/registry.ts';
import type { CheckContext, TenantFacts } from '../../api/src/accounts/checks/types.ts';
import type { AccountSnapshot } from '../../api/src/domain/snapshot.ts';
import { BASIC, cp, SHARED, tenant } from '../helpers/checkCases.ts';
import { compliantSnapshot, withSource } from '../helpers/snapshots.ts';

const context: CheckContext = { baseline: DEFAULT_BASELINE, tenant };
const check = (id: string) => {
  const found = CHECKS_BY_ID.get(id);
  assert.ok(found, id);
  return found;
};
const evaluate = (id: string, snapshot: AccountSnapshot, ctx: CheckContext = context) => check(id).evaluate(snapshot, ctx);
const fix = (id: string, snapshot: AccountSnapshot, ctx: CheckContext = context) => check(id).fix?.(snapshot, ctx);
const user = (change: Record<string, unknown>) => withSource('user', change);
const licenses = (held: { skuId: string; skuPartNumber: string }[]) => withSource('licenses', held as never);

describe('account checks', () => {
  it('password never expires: any spelling of the policy list, and the value shown', () => {
    assert.deepEqual(evaluate('passwordNeverExpires', user({ passwordPolicies: 'DisableStrongPassword, DisablePasswordExpiration' })), {
      result: 'pass',
      actual: 'DisableStrongPassword, DisablePasswordExpiration',
    });
    assert.deepEqual(evaluate('passwordNeverExpires', user({ passwordPolicies: null })), { result: 'fail', actual: 'None' });
    assert.deepEqual(evaluate('passwordNeverExpires', user({ passwordPolicies: 'DisableStrongPassword' })), {
      result: 'fail',
      actual: 'DisableStrongPassword',
    });
  });

  it('password never expires: the fix keeps other policies and drops None', () => {
    assert.deepEqual(fix('passwordNeverExpires', user({ passwordPolicies: 'None, DisableStrongPassword' })), {
      kind: 'userPatch',
      setting: 'passwordPolicies',
      patch: { passwordPolicies: 'DisablePasswordExpiration, DisableStrongPassword' },
      to: 'DisablePasswordExpiration, DisableStrongPassword',
    });
    assert.equal(fix('passwordNeverExpires', user({ passwordPolicies: null }))?.to, 'DisablePasswordExpiration');
    assert.equal(
      fix('passwordNeverExpires', user({ passwordPolicies: 'DisableStrongPassword, DisablePasswordExpiration' }))?.to,
      'DisablePasswordExpiration, DisableStrongPassword',
      'never twice',
    );
    assert.equal(fix('passwordNeverExpires', user({ status: 'unavailable' }))?.to, 'DisablePasswordExpiration');
  });

  it('sign-in allowed: only true passes; the fix enables', () => {
    assert.deepEqual(evaluate('accountEnabled', user({ accountEnabled: null })), { result: 'fail', actual: null });
    assert.deepEqual(fix('accountEnabled', compliantSnapshot()), {
      kind: 'userPatch',
      setting: 'accountEnabled',
      patch: { accountEnabled: true },
      to: true,
    });
  });

  it('forced password change: unread counts as not forced', () => {
    assert.deepEqual(evaluate('noForcedPasswordChange', user({ forceChangePasswordNextSignIn: null })), { result: 'pass', actual: false });
    assert.deepEqual(evaluate('noForcedPasswordChange', user({ forceChangePasswordNextSignIn: true })), { result: 'fail', actual: true });
  });

  it('usage location: set passes; the fix takes the baseline’s, else the place’s country as ISO code', () => {
    assert.deepEqual(evaluate('usageLocationSet', compliantSnapshot()), { result: 'pass', actual: 'US' });
    assert.deepEqual(evaluate('usageLocationSet', user({ usageLocation: '' })), { result: 'fail', actual: '' });
    const unset = user({ usageLocation: null });
    const withCountry = (country: string | null) => withSource('place', { countryOrRegion: country }, unset);
    const to = (snapshot: AccountSnapshot, baseline: Baseline = DEFAULT_BASELINE) =>
      fix('usageLocationSet', snapshot, { baseline, tenant })?.to ?? null;
    assert.equal(to(withCountry('gb')), 'GB');
    assert.equal(to(withCountry('  United Kingdom ')), 'GB');
    assert.deepEqual(
      [
        'United States',
        'USA',
        'Germany',
        'Japan',
        'Australia',
        'India',
        'France',
        'Canada',
        'Netherlands',
        'Ireland',
        'Singapore',
        'Brazil',
      ].map((name) => to(withCountry(name))),
      ['US', 'US', 'DE', 'JP', 'AU', 'IN', 'FR', 'CA', 'NL', 'IE', 'SG', 'BR'],
    );
    // "UK" is ICU's alias of GB: Graph refuses usageLocation "UK", so it must become GB.
    assert.deepEqual(
      ['UK', 'uk', ' England', 'Switzerland', 'Czechia', 'Czech Republic', 'South Korea', 'New Zealand', 'Hong Kong', 'ch'].map((name) =>
        to(withCountry(name)),
      ),
      ['GB', 'GB', 'GB', 'CH', 'CZ', 'CZ', 'KR', 'NZ', 'HK', 'CH'],
    );
    // Names people write that ICU doesn't use, each to its code.
    const aliases: Record<string, string> = {
      usa: 'US',
      'United States of America': 'US',
      'Great Britain': 'GB',
      Britain: 'GB',
      England: 'GB',
      Scotland: 'GB',
      Wales: 'GB',
      'Northern Ireland': 'GB',
      'Czech Republic': 'CZ',
      Holland: 'NL',
      Turkey: 'TR',
      'Ivory Coast': 'CI',
    };
    for (const [name, code] of Object.entries(aliases)) assert.equal(to(withCountry(name)), code, name);
    // ICU's long and short names, and a retired code ICU maps to its successor.
    assert.deepEqual(
      ['Hong Kong SAR China', 'Macao', 'Bosnia & Herzegovina', 'Zambia', 'DD'].map((name) => to(withCountry(name))),
      ['HK', 'MO', 'BA', 'ZM', 'DE'],
    );
    // Groupings and unassigned codes locate nobody.
    for (const code of ['EU', 'EZ', 'UN', 'QO', 'ZZ', 'QQ', 'AA', 'European Union', 'United Nations', 'Unknown Region'])
      assert.equal(to(withCountry(code)), null, code);
    assert.equal(to(withCountry('Atlantis')), null);
    assert.equal(to(withCountry('USA1')), null);
    assert.equal(to(withCountry('xUS')), null);
    assert.equal(to(withCountry(null)), null);
    assert.equal(to(withSource('place', { status: 'notFound' }, unset)), null);
    assert.equal(to(withCountry(null), { ...DEFAULT_BASELINE, usageLocation: 'CH' }), 'CH');
    assert.deepEqual(fix('usageLocationSet', withCountry('de')), {
      kind: 'userPatch',
      setting: 'usageLocation',
      patch: { usageLocation: 'DE' },
      to: 'DE',
    });
  });

  it('UPN matches SMTP: case-insensitive; the mail attribute when the mailbox is not read; unknown without an address', () => {
    assert.deepEqual(evaluate('upnMatchesSmtp', withSource('mailbox', { primarySmtpAddress: 'MTR-SEA-B1-101@CONTOSO.onmicrosoft.com' })), {
      result: 'pass',
      actual: 'MTR-SEA-B1-101@CONTOSO.onmicrosoft.com',
    });
    const noMailbox = withSource('mailbox', { status: 'unavailable' });
    assert.equal(evaluate('upnMatchesSmtp', noMailbox).result, 'pass');
    assert.deepEqual(evaluate('upnMatchesSmtp', withSource('user', { mail: 'other@contoso.com' }, noMailbox)), {
      result: 'fail',
      actual: 'other@contoso.com',
    });
    assert.deepEqual(evaluate('upnMatchesSmtp', withSource('user', { mail: null }, noMailbox)), {
      result: 'unknown',
      actual: null,
      note: 'No email address to compare',
    });
  });

  it('room mailbox: the type read is shown', () => {
    assert.deepEqual(evaluate('roomMailboxType', withSource('mailbox', { recipientTypeDetails: 'EquipmentMailbox' })), {
      result: 'fail',
      actual: 'EquipmentMailbox',
    });
    assert.deepEqual(evaluate('roomMailboxType', compliantSnapshot()), { result: 'pass', actual: 'RoomMailbox' });
  });
});

describe('license checks', () => {
  const pro = { skuId: '4cde982a-ede4-4409-9ae6-b003453c8ea6', skuPartNumber: 'Microsoft_Teams_Rooms_Pro' };
  const shared = { skuId: SHARED, skuPartNumber: 'MCOCAP' };
  const basic = { skuId: BASIC, skuPartNumber: 'Microsoft_Teams_Rooms_Basic' };

  it('Teams Rooms license: any Teams Rooms family passes, named; the fix assigns the baseline’s', () => {
    assert.deepEqual(evaluate('teamsRoomsLicense', licenses([shared, basic])), {
      result: 'pass',
      actual: ['Microsoft Teams Shared Devices', 'Microsoft Teams Rooms Basic'],
    });
    assert.deepEqual(evaluate('teamsRoomsLicense', licenses([])), { result: 'fail', actual: [] });
    assert.deepEqual(fix('teamsRoomsLicense', licenses([])), {
      kind: 'assignLicense',
      setting: 'license',
      skuId: pro.skuId,
      to: 'Microsoft Teams Rooms Pro',
    });
  });

  it('not only Shared Devices: Shared Devices alongside a Teams Rooms license passes; neither passes too', () => {
    assert.deepEqual(evaluate('notOnlySharedDevices', licenses([shared, pro])), {
      result: 'pass',
      actual: ['Microsoft Teams Shared Devices', 'Microsoft Teams Rooms Pro'],
    });
    assert.equal(evaluate('notOnlySharedDevices', licenses([])).result, 'pass');
    assert.deepEqual(evaluate('notOnlySharedDevices', licenses([shared])), { result: 'fail', actual: ['Microsoft Teams Shared Devices'] });
    assert.equal(
      evaluate('notOnlySharedDevices', licenses([{ skuId: '05e9a617-0261-4cee-bb44-138d3ef5d965', skuPartNumber: 'ENTERPRISEPACK' }]))
        .result,
      'pass',
      'another license is not Shared Devices',
    );
  });

  it('Basic cap: up to 25 Basic licenses in use pass, counted over every Basic SKU; rooms without Basic pass', () => {
    const usage = (...consumed: number[]): TenantFacts => ({
      skus: consumed.map((count, index) => ({
        skuId: index === 0 ? BASIC : 'a4e376bd-c61e-4618-9901-3fc0cb1b88bb',
        skuPartNumber: 'x',
        enabled: 100,
        consumed: count,
      })),
    });
    const withBasic = licenses([basic]);
    assert.deepEqual(evaluate('basicLicenseCap', withBasic, { baseline: DEFAULT_BASELINE, tenant: usage(25) }), {
      result: 'pass',
      actual: 25,
      note: '25 Basic licenses in use',
    });
    assert.deepEqual(evaluate('basicLicenseCap', withBasic, { baseline: DEFAULT_BASELINE, tenant: usage(20, 6) }), {
      result: 'fail',
      actual: 26,
      note: '26 Basic licenses in use',
    });
    const otherSkus: TenantFacts = { skus: [{ skuId: pro.skuId, skuPartNumber: pro.skuPartNumber, enabled: 100, consumed: 90 }] };
    assert.equal(evaluate('basicLicenseCap', withBasic, { baseline: DEFAULT_BASELINE, tenant: otherSkus }).result, 'pass');
    assert.deepEqual(evaluate('basicLicenseCap', licenses([pro]), { baseline: DEFAULT_BASELINE, tenant: usage(40) }), {
      result: 'pass',
      actual: 'no Basic license',
    });
    assert.equal(
      evaluate('basicLicenseCap', licenses([pro, basic]), { baseline: DEFAULT_BASELINE, tenant: usage(40) }).result,
      'fail',
      'a Basic license beside another counts',
    );
  });
});

describe('mailbox checks', () => {
  it('a calendar setting equals the baseline’s value; a missing one reads as null', () => {
    assert.deepEqual(evaluate('automateProcessing', cp({ AutomateProcessing: 'AutoUpdate' })), { result: 'fail', actual: 'AutoUpdate' });
    assert.deepEqual(evaluate('automateProcessing', cp({ AutomateProcessing: undefined })), { result: 'fail', actual: null });
    assert.deepEqual(fix('deleteSubject', compliantSnapshot()), { kind: 'calendarProcessing', setting: 'DeleteSubject', to: false });
    const relaxed: Baseline = { ...DEFAULT_BASELINE, calendarProcessing: { ...DEFAULT_BASELINE.calendarProcessing, DeleteSubject: true } };
    assert.equal(evaluate('deleteSubject', cp({ DeleteSubject: true }), { baseline: relaxed, tenant }).result, 'pass');
    assert.deepEqual(fix('deleteSubject', compliantSnapshot(), { baseline: relaxed, tenant })?.to, true);
  });

  it('a range passes within its bounds, both included; a non-number fails', () => {
    const window = (days: unknown) => evaluate('bookingWindow', cp({ BookingWindowInDays: days }));
    assert.deepEqual([window(1).result, window(365).result, window(0).result, window(366).result], ['pass', 'pass', 'fail', 'fail']);
    assert.deepEqual(window('180'), { result: 'fail', actual: '180' });
    assert.deepEqual(window(undefined), { result: 'fail', actual: null });
    const length = (minutes: number) => evaluate('maximumDuration', cp({ MaximumDurationInMinutes: minutes })).result;
    assert.deepEqual([length(30), length(1440), length(29), length(1441)], ['pass', 'pass', 'fail', 'fail']);
    assert.deepEqual(fix('maximumDuration', compliantSnapshot()), {
      kind: 'calendarProcessing',
      setting: 'MaximumDurationInMinutes',
      to: 1440,
    });
    assert.deepEqual(fix('bookingWindow', compliantSnapshot()), { kind: 'calendarProcessing', setting: 'BookingWindowInDays', to: 180 });
  });

  it('additional response text: any non-blank text; none needed when the baseline sends no additional response', () => {
    assert.deepEqual(evaluate('additionalResponseText', cp({ AdditionalResponse: '  Call 555  ' })), {
      result: 'pass',
      actual: 'Call 555',
    });
    assert.deepEqual(evaluate('additionalResponseText', cp({ AdditionalResponse: null })), { result: 'fail', actual: null });
    const silent: Baseline = {
      ...DEFAULT_BASELINE,
      calendarProcessing: { ...DEFAULT_BASELINE.calendarProcessing, AddAdditionalResponse: false },
    };
    assert.deepEqual(evaluate('additionalResponseText', cp({ AdditionalResponse: ' ' }), { baseline: silent, tenant }), {
      result: 'pass',
      actual: null,
    });
    assert.deepEqual(evaluate('additionalResponseText', cp({ AdditionalResponse: ' x' }), { baseline: silent, tenant }), {
      result: 'pass',
      actual: 'x',
    });
    assert.deepEqual(fix('additionalResponseText', compliantSnapshot()), {
      kind: 'calendarProcessing',
      setting: 'AdditionalResponse',
      to: 'This is a Microsoft Teams Meeting room!',
    });
  });
});

describe('location checks', () => {
  it('place details: building, a capacity above 0 and a city; the missing ones named', () => {
    assert.deepEqual(evaluate('placeDetails', compliantSnapshot()), {
      result: 'pass',
      actual: { building: 'Building 1', capacity: 8, city: 'Seattle' },
    });
    assert.deepEqual(evaluate('placeDetails', withSource('place', { building: '', capacity: 0, city: null })), {
      result: 'fail',
      actual: { building: '', capacity: 0, city: null },
      note: 'Missing: building, capacity, city',
    });
    assert.equal(evaluate('placeDetails', withSource('place', { capacity: 1 })).result, 'pass');
    assert.equal(evaluate('placeDetails', withSource('place', { capacity: null })).note, 'Missing: capacity');
    assert.deepEqual(evaluate('placeDetails', withSource('place', { status: 'notFound' })), {
      result: 'fail',
      actual: null,
      note: 'No place record for this room',
    });
    assert.equal(evaluate('placeDetails', withSource('place', { status: 'unavailable' })).result, 'unknown');
  });

  it('room list: the fix names the building’s list and whether it exists; nothing without a building or read lists', () => {
    const marked: CheckContext = { baseline: { ...DEFAULT_BASELINE, roomListName: 'Rooms - {building} ({building})' }, tenant };
    assert.deepEqual(fix('inRoomList', withSource('place', { building: ' Building 2 ' }), marked), {
      kind: 'roomList',
      setting: 'roomList',
      list: 'Rooms - Building 2 (Building 2)',
      create: true,
      to: 'Rooms - Building 2 (Building 2)',
    });
    assert.deepEqual(fix('inRoomList', withSource('place', { building: 'Building 2' })), {
      kind: 'roomList',
      setting: 'roomList',
      list: 'Rooms - Building 2',
      create: false,
      to: 'Rooms - Building 2',
    });
    assert.equal(fix('inRoomList', withSource('place', { building: '  ' })), null);
    assert.equal(fix('inRoomList', withSource('place', { status: 'notFound' })), null);
    const stalePlace = withSource('place', { building: 'Building 2' });
    stalePlace.sources.place.status = 'error';
    assert.equal(fix('inRoomList', stalePlace), null, 'a place not read ok names no building');
    assert.equal(fix('inRoomList', compliantSnapshot(), { baseline: DEFAULT_BASELINE, tenant: { skus: [] } }), null);
    assert.equal(
      fix('inRoomList', compliantSnapshot(), {
        baseline: DEFAULT_BASELINE,
        tenant: { skus: [], roomLists: { status: 'unavailable', readAt: '', reason: 'x' } },
      }),
      null,
    );
  });

  it('room list: the notes say why a room cannot be graded', () => {
    assert.equal(
      evaluate('inRoomList', compliantSnapshot(), { baseline: DEFAULT_BASELINE, tenant: { skus: [] } }).note,
      'Room lists not read yet: run Get Data',
    );
    assert.equal(
      evaluate('inRoomList', compliantSnapshot(), {
        baseline: DEFAULT_BASELINE,
        tenant: { skus: [], roomLists: { status: 'unavailable', readAt: '', reason: 'AccessDenied' } },
      }).note,
      'No permission to read room lists: AccessDenied',
    );
    assert.deepEqual(evaluate('inRoomList', withSource('mailbox', { recipientTypeDetails: 'UserMailbox' })), {
      result: 'unknown',
      actual: null,
      note: 'Only room mailboxes can be in a room list',
    });
    assert.deepEqual(evaluate('inRoomList', withSource('mailbox', { primarySmtpAddress: 'nobody@contoso.com' })), {
      result: 'fail',
      actual: null,
      note: 'In no room list: Room Finder does not offer it',
    });
    assert.deepEqual(evaluate('inRoomList', compliantSnapshot()), { result: 'pass', actual: ['Rooms - Building 1'] });
  });
});
