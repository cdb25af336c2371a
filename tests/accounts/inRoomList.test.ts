import assert from 'node:assert/strict';
import { describe, it } from 'vitest';
import { DEFAULT_BASELINE, type Baseline } from '../../api/src/accounts/baseline.ts';
import { inRoomList } from '../../api/src/accounts/checks/location/inRoomList.ts';
import { planChanges, recommendedSettings } from '../../api/src/accounts/plan.ts';
import { ROLE } from '../../api/src/auth/roles.ts';
import { withMember } from '../../api/src/domain/roomLists.ts';
import { ROOM_LISTS, tenant } from '../helpers/checkCases.ts';
import { compliantSnapshot, withSource } from '../helpers/snapshots.ts';

/** A baseline that marks the check: only then does Apply recommended include the room-list fix. */
const marked: Baseline = { ...DEFAULT_BASELINE, version: 1, severities: { inRoomList: 'recommended' } };
const context = { baseline: marked, tenant };
const outside = (building: string) =>
  withSource('place', { building }, withSource('mailbox', { primarySmtpAddress: 'mtr-new@contoso.onmicrosoft.com' }));

describe('check: in a room list (Room Finder)', () => {
  it('passes for a room in any list and names the lists; the hover text says why and names the cmdlets', () => {
    const evaluation = inRoomList.evaluate(compliantSnapshot(), context);
    assert.equal(evaluation.result, 'pass');
    assert.deepEqual(evaluation.actual, ['Rooms - Building 1']);
    assert.match(inRoomList.description, /Room Finder/);
    assert.match(inRoomList.description, /Get-DistributionGroup -RecipientTypeDetails RoomList/);
    assert.equal(inRoomList.severity, 'recommended');
  });

  it('fails for a room in no list, matching addresses case-insensitively', () => {
    assert.equal(inRoomList.evaluate(outside('Building 1'), context).result, 'fail');
    const upper = withSource('mailbox', { primarySmtpAddress: 'MTR-SEA-B1-101@Contoso.onmicrosoft.com' });
    assert.equal(inRoomList.evaluate(upper, context).result, 'pass');
  });

  it('is unknown, never failed, when room lists were not read or could not be', () => {
    assert.equal(inRoomList.evaluate(outside('Building 1'), { ...context, tenant: { skus: [] } }).result, 'unknown');
    const refused = inRoomList.evaluate(outside('Building 1'), {
      ...context,
      tenant: { skus: [], roomLists: { status: 'unavailable', readAt: '', reason: 'AccessDenied: no role' } },
    });
    assert.equal(refused.result, 'unknown');
    assert.match(refused.note ?? '', /AccessDenied/);
    assert.equal(inRoomList.evaluate(withSource('mailbox', { recipientTypeDetails: 'UserMailbox' }), context).result, 'unknown');
  });

  it('fixes into the building list named by the baseline template: Add-DistributionGroupMember when it exists', () => {
    const snapshot = outside('Building 2');
    const fix = inRoomList.fix?.(snapshot, context);
    assert.deepEqual(fix, { kind: 'roomList', setting: 'roomList', list: 'Rooms - Building 2', create: false, to: 'Rooms - Building 2' });
    const { settings } = recommendedSettings(snapshot, marked, tenant);
    assert.equal(
      recommendedSettings(snapshot, DEFAULT_BASELINE, tenant).settings.roomList,
      undefined,
      'not without the baseline marking the check',
    );
    const [change] = planChanges(snapshot, settings, [ROLE.exchangeRecipientAdmin], undefined, ROOM_LISTS).filter(
      (item) => item.kind === 'roomList',
    );
    assert.equal(change?.api, 'Add-DistributionGroupMember');
    assert.equal(change?.allowed, true);
    assert.equal(change?.requiredRole, 'Exchange Recipient Administrator');
    assert.deepEqual(change?.payload, { list: 'Rooms - Building 2', member: 'mtr-new@contoso.onmicrosoft.com', create: false });
  });

  it('creates the list (New-DistributionGroup -RoomList) when the building has none, with a tenant template', () => {
    const baseline: Baseline = { ...marked, roomListName: 'RL {building} rooms' };
    const snapshot = outside('Annex');
    const { settings } = recommendedSettings(snapshot, baseline, tenant);
    assert.equal(settings.roomList, 'RL Annex rooms');
    const [change] = planChanges(snapshot, settings, [ROLE.userAdmin], undefined, ROOM_LISTS);
    assert.equal(change?.api, 'New-DistributionGroup -RoomList');
    assert.equal(change?.allowed, false, 'User Administrator is not shown a role for it');
  });

  it('offers no fix without a building, and plans nothing for a room already in the list', () => {
    assert.equal(inRoomList.fix?.(withSource('place', { building: null }), context), null);
    assert.deepEqual(planChanges(compliantSnapshot(), { roomList: 'rooms - building 1' }, [ROLE.globalAdmin], undefined, ROOM_LISTS), []);
    const joined = withMember(ROOM_LISTS, 'Rooms - Annex', 'mtr-new@contoso.onmicrosoft.com');
    assert.equal(inRoomList.evaluate(outside('Annex'), { ...context, tenant: { skus: [], roomLists: joined } }).result, 'pass');
  });
});
