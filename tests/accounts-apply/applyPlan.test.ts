/**
 * applyPlan end to end below HTTP: the API's own token source and client factory (on-behalf-of through msal-node,
 * GraphClient, ExchangeClient) against the emulator, the only fake. Each test bends one room of the emulated
 * tenant, reads it as an apply does, applies, then checks what Microsoft 365 (the emulator) now holds.
 */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { DEMO_SIGNIN_CLIENT_ID, SKU, type RunningEmulator } from '../../emulator/src/index.ts';
import type { EmMailbox } from '../../emulator/src/tenant/model.ts';
import type { DesiredSettings } from '../../contract/index.ts';
import { applyPlan } from '../../api/src/accounts/apply.ts';
import { planChanges, recommendedSettings } from '../../api/src/accounts/plan.ts';
import { DEFAULT_BASELINE, type Baseline } from '../../api/src/accounts/baseline.ts';
import type { TenantFacts } from '../../api/src/accounts/checks/types.ts';
import { trustingAgent } from '../../api/src/auth/httpsJson.ts';
import { createTokenSource } from '../../api/src/auth/onBehalfOf.ts';
import type { Principal } from '../../api/src/auth/principal.ts';
import { createClientFactory, type ClientFactory } from '../../api/src/clients.ts';
import { loadConfig } from '../../api/src/config.ts';
import { SignInRequiredError } from '../../api/src/errors.ts';
import { readAccount } from '../../api/src/reads/readAccount.ts';
import type { RoomListsFact } from '../../api/src/domain/roomLists.ts';
import type { AccountSnapshot } from '../../api/src/domain/snapshot.ts';
import { personaPrincipal, startTenant } from '../helpers/tenant.ts';

const PRO = SKU.roomsPro.skuId;

describe('applyPlan against the emulator', () => {
  let emulator: RunningEmulator;
  let factory: ClientFactory;
  let rooms: EmMailbox[];
  let next = 0;
  const principals = new Map<string, Principal>();

  beforeAll(async () => {
    emulator = await startTenant({ tenants: [{ seed: 3, rooms: 60 }] });
    const config = loadConfig(
      { PORT: '0', DATA_DIR: mkdtempSync(join(tmpdir(), 'room-accounts-apply-')) },
      {
        baseUrl: emulator.baseUrl,
        tenantId: emulator.tenantId,
        clientId: emulator.clientId,
        clientSecret: emulator.clientSecret,
        caCert: emulator.caCert,
        demoClientIds: [DEMO_SIGNIN_CLIENT_ID],
      },
    );
    factory = createClientFactory(config, createTokenSource(config, trustingAgent(config.extraCaCerts)));
    rooms = [...emulator.tenant().mailboxes.values()].filter(
      (mailbox) => mailbox.recipientTypeDetails === 'RoomMailbox' && emulator.tenant().places.has(placeIdOf(mailbox)),
    );
  });
  afterAll(async () => {
    factory.close();
    await emulator.close();
  });

  function placeIdOf(mailbox: EmMailbox): string {
    return emulator.tenant().placeByIdOrEmail(mailbox.primarySmtpAddress)?.id ?? '';
  }

  /** A room no other test has touched, made compliant in the emulator before the test bends it. */
  function freshRoom() {
    const mailbox = rooms[next++];
    assert.ok(mailbox, 'the seed has too few rooms with a place');
    const user = emulator.tenant().users.get(mailbox.userId);
    const place = emulator.tenant().placeByIdOrEmail(mailbox.primarySmtpAddress);
    assert.ok(user && place);
    Object.assign(user, {
      accountEnabled: true,
      passwordPolicies: 'DisablePasswordExpiration',
      usageLocation: 'US',
      passwordProfile: { forceChangePasswordNextSignIn: false },
    });
    user.assignedLicenses = [{ skuId: PRO, disabledPlans: [] }];
    Object.assign(mailbox.calendarProcessing, {
      ...DEFAULT_BASELINE.calendarProcessing,
      BookingWindowInDays: 180,
      MaximumDurationInMinutes: 1440,
    });
    // Set-CalendarProcessing replaces the mailbox's settings object: always read the current one.
    return {
      mailbox,
      user,
      place,
      get cp() {
        return mailbox.calendarProcessing;
      },
    };
  }

  async function principal(persona: string, delegated = false): Promise<Principal> {
    const key = `${persona} ${delegated}`;
    const made = principals.get(key) ?? (await personaPrincipal(emulator, persona, delegated));
    principals.set(key, made);
    return made;
  }

  async function read(accountId: string, persona = 'global-admin'): Promise<AccountSnapshot> {
    const snapshot = await readAccount(factory.forPrincipal(await principal(persona)), accountId, []);
    assert.ok(snapshot);
    return snapshot;
  }

  /** Plan against the read (as the change handlers do), then apply that plan; the planned changes come back too. */
  async function apply(
    persona: string,
    snapshot: AccountSnapshot,
    desired: DesiredSettings | 'recommended',
    options: { baseline?: Baseline; tenant?: TenantFacts; delegated?: boolean } = {},
  ) {
    const who = await principal(persona, options.delegated);
    const baseline = options.baseline ?? DEFAULT_BASELINE;
    const tenant = options.tenant ?? { skus: [] };
    const recommended = desired === 'recommended' ? recommendedSettings(snapshot, baseline, tenant) : undefined;
    const changes = planChanges(
      snapshot,
      recommended?.settings ?? (desired as DesiredSettings),
      who.roleTemplateIds,
      recommended?.licenseSkuId,
      tenant.roomLists,
    );
    const outcome = await applyPlan({
      clients: factory.forPrincipal(who),
      snapshot,
      plan: { changes, leftAlone: recommended?.leftAlone ?? [] },
    });
    return { ...outcome, changes };
  }

  async function calls(): Promise<Record<string, number>> {
    return ((await (await fetch(`${emulator.baseUrl}/emulator/stats`)).json()) as { calls: Record<string, number> }).calls;
  }
  async function callsDuring<T>(work: () => Promise<T>): Promise<{ value: T; made: Record<string, number> }> {
    const before = await calls();
    const value = await work();
    const after = await calls();
    const made = Object.fromEntries(
      Object.entries(after)
        .map(([api, count]) => [api, count - (before[api] ?? 0)])
        .filter(([, count]) => (count as number) > 0),
    );
    return { value, made };
  }

  function roomLists(): RoomListsFact {
    const tenant = emulator.tenant();
    const address = (id: string) => tenant.mailboxes.get(id)?.primarySmtpAddress ?? id;
    const lists = [...tenant.distributionGroups.values()]
      .filter((group) => group.recipientTypeDetails === 'RoomList')
      .map((group) => ({ name: group.name, primarySmtpAddress: group.primarySmtpAddress, members: [...group.memberIds].map(address) }));
    return { status: 'ok', readAt: new Date().toISOString(), lists };
  }
  const listNamed = (name: string) => [...emulator.tenant().distributionGroups.values()].find((group) => group.name === name);

  it('writes every user setting in one PATCH and every calendar parameter in one Set-CalendarProcessing', async () => {
    const room = freshRoom();
    Object.assign(room.user, { accountEnabled: false, passwordPolicies: 'DisableStrongPassword', usageLocation: null });
    Object.assign(room.cp, { AllowConflicts: true, DeleteSubject: true });
    const snapshot = await read(room.user.id);
    const desired = {
      accountEnabled: true,
      passwordNeverExpires: true,
      usageLocation: 'US',
      calendarProcessing: { AllowConflicts: false, DeleteSubject: false },
    };
    const { value: outcome, made } = await callsDuring(() => apply('global-admin', snapshot, desired));

    assert.deepEqual(outcome.results, [
      { setting: 'accountEnabled', from: false, to: true, outcome: 'succeeded' },
      {
        setting: 'passwordPolicies',
        from: 'DisableStrongPassword',
        to: 'DisablePasswordExpiration, DisableStrongPassword',
        outcome: 'succeeded',
      },
      { setting: 'usageLocation', from: null, to: 'US', outcome: 'succeeded' },
      { setting: 'AllowConflicts', from: true, to: false, outcome: 'succeeded' },
      { setting: 'DeleteSubject', from: true, to: false, outcome: 'succeeded' },
    ]);
    assert.deepEqual(
      outcome.applied.map((change) => change.setting),
      outcome.changes.map((change) => change.setting),
    );
    assert.deepEqual(
      [room.user.accountEnabled, room.user.passwordPolicies, room.user.usageLocation],
      [true, 'DisablePasswordExpiration, DisableStrongPassword', 'US'],
    );
    assert.deepEqual([room.cp.AllowConflicts, room.cp.DeleteSubject], [false, false]);
    assert.equal(made['PATCH /users/{id}'], 1, JSON.stringify(made));
    assert.equal(made['InvokeCommand Set-CalendarProcessing'], 1, JSON.stringify(made));
  });

  it('an account already as desired: no change, no write', async () => {
    const room = freshRoom();
    const snapshot = await read(room.user.id);
    const { value: outcome, made } = await callsDuring(() =>
      apply('global-admin', snapshot, { accountEnabled: true, calendarProcessing: { AllowConflicts: false } }),
    );
    assert.deepEqual(outcome, { changes: [], results: [], applied: [], stopped: new Map() });
    assert.deepEqual(made, {});
  });

  it('roles the token shows go apart from the rest: Microsoft accepts one PATCH and refuses the other', async () => {
    const room = freshRoom();
    Object.assign(room.user, { accountEnabled: false, usageLocation: null });
    const snapshot = await read(room.user.id);
    const { value: outcome, made } = await callsDuring(() =>
      apply('license-admin', snapshot, { accountEnabled: true, usageLocation: 'DE' }),
    );

    assert.deepEqual(outcome.results, [
      { setting: 'usageLocation', from: null, to: 'DE', outcome: 'succeeded' },
      {
        setting: 'accountEnabled',
        from: false,
        to: true,
        outcome: 'refused',
        message:
          'Microsoft 365 refused the change: it needs the User Administrator role (or User Administrator over an administrative unit holding the account).',
        requiredRole: 'User Administrator',
      },
    ]);
    assert.deepEqual(
      outcome.applied.map((change) => change.setting),
      ['usageLocation'],
    );
    assert.deepEqual([room.user.usageLocation, room.user.accountEnabled], ['DE', false]);
    assert.equal(
      Object.entries(made)
        .filter(([api]) => api.startsWith('PATCH /users'))
        .reduce((sum, [, count]) => sum + count, 0),
      2,
      JSON.stringify(made),
    );
  });

  it('a change the token shows no role for is still attempted: an Exchange role group may make it', async () => {
    const room = freshRoom();
    room.cp.DeleteComments = true;
    const snapshot = await read(room.user.id);
    const outcome = await apply('exchange-recipient-management', snapshot, { calendarProcessing: { DeleteComments: false } });
    assert.equal(outcome.changes[0]?.allowed, false);
    assert.deepEqual(outcome.results, [{ setting: 'DeleteComments', from: true, to: false, outcome: 'succeeded' }]);
    assert.equal(room.cp.DeleteComments, false);
  });

  it('a write Microsoft fails for another reason is reported as failed, in Microsoft’s words, and not applied', async () => {
    const room = freshRoom();
    room.cp.AllowConflicts = true;
    const snapshot = await read(room.user.id);
    const res = await fetch(`${emulator.baseUrl}/emulator/tenants/${emulator.tenantId}/exchange/replies`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ cmdlet: 'Set-CalendarProcessing', identity: room.user.userPrincipalName, reply: 'missing', times: 1 }),
    });
    assert.equal(res.status, 200);
    const outcome = await apply('global-admin', snapshot, { calendarProcessing: { AllowConflicts: false }, usageLocation: 'FR' });
    const [user, calendar] = outcome.results;
    assert.deepEqual(user, { setting: 'usageLocation', from: 'US', to: 'FR', outcome: 'succeeded' });
    assert.deepEqual([calendar?.setting, calendar?.outcome, 'requiredRole' in (calendar ?? {})], ['AllowConflicts', 'failed', false]);
    assert.match(calendar?.message ?? '', /^Microsoft 365 answered: .+/);
    assert.deepEqual(
      outcome.applied.map((change) => change.setting),
      ['usageLocation'],
    );
    assert.equal(room.cp.AllowConflicts, true);
  });

  it('location: the fields go in one PATCH /places, address parts merged with the address as read', async () => {
    const room = freshRoom();
    const street = room.place.address.street;
    const snapshot = await read(room.user.id);
    const capacity = (room.place.capacity ?? 0) + 5;
    const { value: outcome, made } = await callsDuring(() =>
      apply('exchange-admin', snapshot, { location: { capacity, city: 'Tacoma', building: 'Building 77' } }),
    );
    assert.deepEqual(
      outcome.results.map((result) => [result.setting, result.outcome]),
      [
        ['location.capacity', 'succeeded'],
        ['location.city', 'succeeded'],
        ['location.building', 'succeeded'],
      ],
    );
    assert.deepEqual(
      [room.place.capacity, room.place.building, room.place.address.city, room.place.address.street],
      [capacity, 'Building 77', 'Tacoma', street],
    );
    assert.equal(
      Object.entries(made)
        .filter(([api]) => api.startsWith('PATCH /places'))
        .reduce((sum, [, count]) => sum + count, 0),
      1,
      JSON.stringify(made),
    );
  });

  it('location without an address part sends no address: one changed since the read is not put back', async () => {
    const room = freshRoom();
    const snapshot = await read(room.user.id);
    const from = room.place.floorLabel;
    room.place.address = { ...room.place.address, city: 'Changed meanwhile' };
    const outcome = await apply('exchange-admin', snapshot, { location: { floorLabel: 'Ground' } });
    assert.deepEqual(outcome.results, [{ setting: 'location.floorLabel', from, to: 'Ground', outcome: 'succeeded' }]);
    assert.equal(room.place.floorLabel, 'Ground');
    assert.equal(room.place.address.city, 'Changed meanwhile');
  });

  it('each address part given replaces that part only', async () => {
    const room = freshRoom();
    const before = structuredClone(room.place.address);
    const snapshot = await read(room.user.id);
    await apply('exchange-admin', snapshot, { location: { street: '2 Side St', state: 'OR', postalCode: '97201', countryOrRegion: 'CA' } });
    assert.deepEqual(room.place.address, {
      street: '2 Side St',
      city: before.city,
      state: 'OR',
      countryOrRegion: 'CA',
      postalCode: '97201',
    });
  });

  it('every address part given: the whole address is written', async () => {
    const room = freshRoom();
    const snapshot = await read(room.user.id);
    const address = { street: '3 Long Rd', city: 'Perth', state: 'WA', countryOrRegion: 'AU', postalCode: '6000' };
    await apply('exchange-admin', snapshot, { location: address });
    assert.deepEqual(room.place.address, address);
  });

  it('a place source not read ok is not trusted, even with data left in it: nothing is called', async () => {
    const room = freshRoom();
    const snapshot = await read(room.user.id);
    const failed: AccountSnapshot = {
      ...snapshot,
      sources: { ...snapshot.sources, place: { ...snapshot.sources.place, status: 'error' } },
    };
    const { value: outcome, made } = await callsDuring(() => apply('exchange-admin', failed, { location: { capacity: 99 } }));
    assert.deepEqual(
      outcome.results.map((result) => [result.outcome, result.message?.startsWith('This room has no place record')]),
      [['failed', true]],
    );
    assert.deepEqual(made, {});
    assert.notEqual(room.place.capacity, 99);
  });

  it('a room with no place record: the location change fails with what to do, and nothing is called', async () => {
    const room = freshRoom();
    const snapshot = await read(room.user.id);
    const noPlace: AccountSnapshot = {
      ...snapshot,
      sources: { ...snapshot.sources, place: { status: 'notFound', readAt: snapshot.readAt } },
    };
    const { value: outcome, made } = await callsDuring(() => apply('exchange-admin', noPlace, { location: { capacity: 3 } }));
    assert.deepEqual(outcome.results, [
      {
        setting: 'location.capacity',
        from: null,
        to: 3,
        outcome: 'failed',
        message:
          'This room has no place record in Microsoft 365 yet, so its location cannot be saved. Create it with New-Place or in the Microsoft 365 admin center.',
      },
    ]);
    assert.deepEqual(outcome.applied, []);
    assert.deepEqual(made, {});
  });

  describe('apply recommended', () => {
    it('fixes every fixable setting, assigns the baseline license last, and reports what it leaves alone', async () => {
      const room = freshRoom();
      Object.assign(room.user, { passwordPolicies: null, passwordProfile: { forceChangePasswordNextSignIn: true } });
      room.user.assignedLicenses = [{ skuId: SKU.sharedDevices.skuId, disabledPlans: [] }];
      Object.assign(room.cp, { AutomateProcessing: 'AutoUpdate', DeleteAttachments: false });
      const consumedBefore = [...emulator.tenant().users.values()].filter((user) =>
        user.assignedLicenses.some((license) => license.skuId === PRO),
      ).length;
      const snapshot = await read(room.user.id);
      const outcome = await apply('global-admin', snapshot, 'recommended');

      assert.deepEqual(
        outcome.results.map((result) => [result.setting, result.outcome]),
        [
          ['passwordPolicies', 'succeeded'],
          ['AutomateProcessing', 'succeeded'],
          ['DeleteAttachments', 'succeeded'],
          ['license', 'succeeded'],
          ['noForcedPasswordChange', 'skipped'],
        ],
      );
      const skipped = outcome.results.at(-1);
      assert.deepEqual([skipped?.from, skipped?.to], [true, false]);
      assert.match(skipped?.message ?? '', /^Not fixed automatically/);
      assert.deepEqual(outcome.results[3], {
        setting: 'license',
        from: ['Microsoft Teams Shared Devices'],
        to: 'Microsoft Teams Rooms Pro',
        outcome: 'succeeded',
      });
      assert.deepEqual(room.user.assignedLicenses.map((license) => license.skuId).sort(), [SKU.sharedDevices.skuId, PRO].sort());
      assert.equal(
        [...emulator.tenant().users.values()].filter((user) => user.assignedLicenses.some((license) => license.skuId === PRO)).length,
        consumedBefore + 1,
      );
      assert.deepEqual(
        [
          room.user.passwordPolicies,
          room.cp.AutomateProcessing,
          room.cp.DeleteAttachments,
          room.user.passwordProfile.forceChangePasswordNextSignIn,
        ],
        ['DisablePasswordExpiration', 'AutoAccept', true, true],
      );
    });

    it('no free seat: the license fails with the seat count and nothing is assigned', async () => {
      const room = freshRoom();
      room.user.assignedLicenses = [];
      const subscription = emulator.tenant().subscriptions.get(PRO);
      assert.ok(subscription);
      const prepaid = subscription.prepaidEnabled;
      const consumed = [...emulator.tenant().users.values()].filter((user) =>
        user.assignedLicenses.some((license) => license.skuId === PRO),
      ).length;
      subscription.prepaidEnabled = consumed;
      try {
        const snapshot = await read(room.user.id);
        const outcome = await apply('license-admin', snapshot, 'recommended');
        assert.deepEqual(outcome.results, [
          {
            setting: 'license',
            from: [],
            to: 'Microsoft Teams Rooms Pro',
            outcome: 'failed',
            message: `No Microsoft Teams Rooms Pro licenses are left to assign: 0 seats left (${consumed} of ${consumed} assigned). Buy more or free one up, then try again.`,
          },
        ]);
        // Our seat check stopped it before any call: the 409 the change handlers answer with.
        assert.equal(outcome.stopped.get('license')?.status, 409);
        assert.deepEqual(room.user.assignedLicenses, []);
      } finally {
        subscription.prepaidEnabled = prepaid;
      }
    });

    it('one seat left is enough', async () => {
      const room = freshRoom();
      room.user.assignedLicenses = [];
      const subscription = emulator.tenant().subscriptions.get(PRO);
      assert.ok(subscription);
      const prepaid = subscription.prepaidEnabled;
      subscription.prepaidEnabled =
        [...emulator.tenant().users.values()].filter((user) => user.assignedLicenses.some((license) => license.skuId === PRO)).length + 1;
      try {
        const outcome = await apply('license-admin', await read(room.user.id), 'recommended');
        assert.deepEqual(
          outcome.results.map((result) => [result.setting, result.outcome]),
          [['license', 'succeeded']],
        );
        assert.deepEqual(room.user.assignedLicenses, [{ skuId: PRO, disabledPlans: [] }]);
      } finally {
        subscription.prepaidEnabled = prepaid;
      }
    });

    it('a license the tenant has no subscription for fails, naming it, before any assignment', async () => {
      const room = freshRoom();
      room.user.assignedLicenses = [];
      const missing = SKU.roomsProGcc.skuId;
      assert.equal(emulator.tenant().subscriptions.has(missing), false, 'the seed must not subscribe to it');
      const outcome = await apply('license-admin', await read(room.user.id), 'recommended', {
        baseline: { ...DEFAULT_BASELINE, licenseSkuId: missing },
      });
      assert.deepEqual(outcome.results, [
        {
          setting: 'license',
          from: [],
          to: 'Microsoft Teams Rooms Pro for GCC',
          outcome: 'failed',
          message:
            'Your organization has no Microsoft Teams Rooms Pro for GCC subscription, so no seat is left to assign. Buy one in the Microsoft 365 admin center, or choose another license.',
        },
      ]);
      assert.deepEqual(room.user.assignedLicenses, []);
    });
  });

  describe('room lists', () => {
    const marked: Baseline = { ...DEFAULT_BASELINE, severities: { inRoomList: 'recommended' } };
    const outOfLists = (room: ReturnType<typeof freshRoom>) => {
      for (const group of emulator.tenant().distributionGroups.values()) group.memberIds.delete(room.user.id);
    };

    it('creates the building’s list with the room in it when the tenant has none', async () => {
      const room = freshRoom();
      outOfLists(room);
      room.place.building = 'Annex 41';
      const outcome = await apply('exchange-admin', await read(room.user.id), 'recommended', {
        baseline: marked,
        tenant: { skus: [], roomLists: roomLists() },
      });
      assert.deepEqual(outcome.results, [{ setting: 'roomList', from: null, to: 'Rooms - Annex 41', outcome: 'succeeded' }]);
      assert.deepEqual([...(listNamed('Rooms - Annex 41')?.memberIds ?? [])], [room.user.id]);
    });

    it('joins the list when it exists', async () => {
      const room = freshRoom();
      const other = freshRoom();
      outOfLists(room);
      outOfLists(other);
      room.place.building = 'Annex 42';
      other.place.building = 'Annex 42';
      await apply('exchange-admin', await read(other.user.id), 'recommended', {
        baseline: marked,
        tenant: { skus: [], roomLists: roomLists() },
      });
      assert.ok(listNamed('Rooms - Annex 42'));
      const second = await callsDuring(async () =>
        apply(
          'exchange-admin',
          await read(room.user.id),
          { roomList: 'Rooms - Annex 42' },
          { tenant: { skus: [], roomLists: roomLists() } },
        ),
      );
      assert.deepEqual(second.value.results, [{ setting: 'roomList', from: null, to: 'Rooms - Annex 42', outcome: 'succeeded' }]);
      assert.equal(second.made['InvokeCommand Add-DistributionGroupMember'], 1, JSON.stringify(second.made));
      assert.equal(second.made['InvokeCommand New-DistributionGroup'], undefined);
      assert.deepEqual(new Set(listNamed('Rooms - Annex 42')?.memberIds), new Set([room.user.id, other.user.id]));
    });

    it('a list created meanwhile by another room (stale room lists): the room joins it', async () => {
      const room = freshRoom();
      const other = freshRoom();
      outOfLists(room);
      outOfLists(other);
      const stale = roomLists();
      await apply(
        'exchange-admin',
        await read(other.user.id),
        { roomList: 'Rooms - Annex 43' },
        { tenant: { skus: [], roomLists: stale } },
      );
      assert.ok(listNamed('Rooms - Annex 43'));
      const outcome = await apply(
        'exchange-admin',
        await read(room.user.id),
        { roomList: 'Rooms - Annex 43' },
        { tenant: { skus: [], roomLists: stale } },
      );
      assert.equal(outcome.changes[0]?.api, 'New-DistributionGroup -RoomList');
      assert.deepEqual(outcome.results, [{ setting: 'roomList', from: null, to: 'Rooms - Annex 43', outcome: 'succeeded' }]);
      assert.deepEqual(new Set(listNamed('Rooms - Annex 43')?.memberIds), new Set([room.user.id, other.user.id]));
    });

    it('already a member (room lists read before it joined): the wanted state holds, so it succeeded', async () => {
      const room = freshRoom();
      outOfLists(room);
      const stale = roomLists();
      await apply('exchange-admin', await read(room.user.id), { roomList: 'Rooms - Annex 44' }, { tenant: { skus: [], roomLists: stale } });
      const withList = roomLists();
      const staleMembers: RoomListsFact =
        withList.status === 'ok'
          ? { ...withList, lists: withList.lists.map((list) => (list.name === 'Rooms - Annex 44' ? { ...list, members: [] } : list)) }
          : withList;
      const outcome = await apply(
        'exchange-admin',
        await read(room.user.id),
        { roomList: 'Rooms - Annex 44' },
        { tenant: { skus: [], roomLists: staleMembers } },
      );
      assert.equal(outcome.changes[0]?.api, 'Add-DistributionGroupMember');
      assert.deepEqual(outcome.results, [{ setting: 'roomList', from: null, to: 'Rooms - Annex 44', outcome: 'succeeded' }]);
      assert.deepEqual([...(listNamed('Rooms - Annex 44')?.memberIds ?? [])], [room.user.id]);
    });

    it('refused without an Exchange role: reported with the role, and no list is made', async () => {
      const room = freshRoom();
      outOfLists(room);
      const snapshot = await read(room.user.id);
      const { value: outcome, made } = await callsDuring(() =>
        apply('user-admin', snapshot, { roomList: 'Rooms - Annex 45' }, { tenant: { skus: [], roomLists: roomLists() } }),
      );
      assert.deepEqual(
        outcome.results.map((result) => [result.outcome, result.requiredRole]),
        [['refused', 'Exchange Recipient Administrator']],
      );
      assert.deepEqual(
        Object.keys(made).filter((api) => api.startsWith('InvokeCommand')),
        ['InvokeCommand New-DistributionGroup'],
        'a refused creation is not followed by a join',
      );
      assert.equal(listNamed('Rooms - Annex 45'), undefined);
    });
  });

  it('an admin who must sign in again: the apply stops with SignInRequiredError, no outcome recorded', async () => {
    const room = freshRoom();
    room.cp.AllowConflicts = true;
    const snapshot = await read(room.user.id);
    await assert.rejects(
      apply('global-admin', snapshot, { calendarProcessing: { AllowConflicts: false } }, { delegated: true }),
      SignInRequiredError,
    );
    assert.equal(room.cp.AllowConflicts, true);
  });
});
