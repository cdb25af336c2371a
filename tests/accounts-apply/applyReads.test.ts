/**
 * The reads around an apply (accounts/applyReads.ts) against the emulator through the API's clients: which
 * calls each makes, and what the resulting snapshot holds.
 */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { DEMO_SIGNIN_CLIENT_ID, PERSONAS, SKU, type RunningEmulator } from '../../emulator/src/index.ts';
import type { EmMailbox } from '../../emulator/src/tenant/model.ts';
import { readForApply, rereadGraph, snapshotAfterApply } from '../../api/src/accounts/applyReads.ts';
import { planChanges } from '../../api/src/accounts/plan.ts';
import { trustingAgent } from '../../api/src/auth/httpsJson.ts';
import { createTokenSource } from '../../api/src/auth/onBehalfOf.ts';
import type { Principal } from '../../api/src/auth/principal.ts';
import { createClientFactory, type ClientFactory, type M365Clients } from '../../api/src/clients.ts';
import { loadConfig } from '../../api/src/config.ts';
import type { SubscribedSku } from '../../api/src/domain/subscribedSku.ts';
import { readAccount } from '../../api/src/reads/readAccount.ts';
import type { AccountSnapshot } from '../../api/src/domain/snapshot.ts';
import { demoToken, startTenant } from '../helpers/tenant.ts';

const SKUS: SubscribedSku[] = [{ skuId: SKU.roomsPro.skuId, skuPartNumber: 'Microsoft_Teams_Rooms_Pro', enabled: 100, consumed: 1 }];

describe('reads around an apply, against the emulator', () => {
  let emulator: RunningEmulator;
  let factory: ClientFactory;
  let clients: M365Clients;
  let rooms: EmMailbox[];
  let next = 0;

  beforeAll(async () => {
    emulator = await startTenant({ tenants: [{ seed: 6, rooms: 40 }] });
    const config = loadConfig(
      { PORT: '0', DATA_DIR: mkdtempSync(join(tmpdir(), 'room-accounts-reads-')) },
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
    const persona = PERSONAS.find((candidate) => candidate.id === 'global-admin');
    const admin = emulator.tenant().userByIdOrUpn(`${persona?.alias}@${emulator.tenant().domain}`);
    assert.ok(persona && admin);
    const principal: Principal = {
      tenantId: emulator.tenantId,
      userId: admin.id,
      userPrincipalName: admin.userPrincipalName,
      displayName: admin.displayName,
      roleTemplateIds: persona.roleTemplateIds,
      assertion: await demoToken(emulator, 'global-admin'),
    };
    clients = factory.forPrincipal(principal);
    const tenant = emulator.tenant();
    rooms = [...tenant.mailboxes.values()].filter(
      (mailbox) => mailbox.recipientTypeDetails === 'RoomMailbox' && tenant.placeByIdOrEmail(mailbox.primarySmtpAddress),
    );
  });
  afterAll(async () => {
    factory.close();
    await emulator.close();
  });

  function room() {
    const mailbox = rooms[next++];
    const user = mailbox && emulator.tenant().users.get(mailbox.userId);
    const place = mailbox && emulator.tenant().placeByIdOrEmail(mailbox.primarySmtpAddress);
    assert.ok(mailbox && user && place);
    return { mailbox, user, place };
  }
  async function stored(id: string): Promise<AccountSnapshot> {
    const snapshot = await readAccount(clients, id, SKUS);
    assert.ok(snapshot);
    return snapshot;
  }
  async function callsDuring<T>(work: () => Promise<T>): Promise<{ value: T; made: Record<string, number> }> {
    const stats = async () =>
      ((await (await fetch(`${emulator.baseUrl}/emulator/stats`)).json()) as { calls: Record<string, number> }).calls;
    const before = await stats();
    const value = await work();
    const after = await stats();
    return {
      value,
      made: Object.fromEntries(
        Object.entries(after)
          .filter(([api, count]) => count > (before[api] ?? 0))
          .map(([api, count]) => [api, count - (before[api] ?? 0)]),
      ),
    };
  }
  const exchangeCalls = (made: Record<string, number>) =>
    Object.fromEntries(Object.entries(made).filter(([api]) => api.startsWith('InvokeCommand')));

  describe('readForApply', () => {
    it('reads the user, place and calendar processing fresh; keeps the stored mailbox (one Exchange cmdlet)', async () => {
      const { user, mailbox } = room();
      const known = await stored(user.id);
      mailbox.calendarProcessing = { ...mailbox.calendarProcessing, AllowConflicts: !mailbox.calendarProcessing.AllowConflicts };
      user.usageLocation = 'NZ';
      const { value: fresh, made } = await callsDuring(() => readForApply(clients, known, SKUS));
      assert.deepEqual(exchangeCalls(made), { 'InvokeCommand Get-CalendarProcessing': 1 });
      assert.ok(fresh);
      assert.deepEqual([fresh.accountId, fresh.userPrincipalName, fresh.displayName], [user.id, user.userPrincipalName, user.displayName]);
      assert.equal(fresh.sources.user.data?.usageLocation, 'NZ');
      assert.equal(fresh.sources.calendarProcessing.data?.AllowConflicts, mailbox.calendarProcessing.AllowConflicts);
      assert.equal(fresh.sources.mailbox, known.sources.mailbox);
      assert.deepEqual(
        fresh.sources.licenses.data?.map((license) => license.skuPartNumber),
        user.assignedLicenses.map((license) => (license.skuId === SKU.roomsPro.skuId ? 'Microsoft_Teams_Rooms_Pro' : license.skuId)),
      );
      assert.ok(Date.parse(fresh.readAt) >= Date.parse(known.readAt));
    });

    it('without a stored mailbox: the full read, Get-Mailbox included', async () => {
      const { user } = room();
      const known = await stored(user.id);
      const unknownMailbox: AccountSnapshot = {
        ...known,
        sources: { ...known.sources, mailbox: { status: 'pending', readAt: known.readAt } },
      };
      const { value: fresh, made } = await callsDuring(() => readForApply(clients, unknownMailbox, SKUS));
      assert.equal(exchangeCalls(made)['InvokeCommand Get-Mailbox'], 1);
      assert.equal(fresh?.sources.mailbox.status, 'ok');
    });

    it('calendar processing not found: the mailbox is gone too', async () => {
      const { user } = room();
      const known = await stored(user.id);
      const res = await fetch(`${emulator.baseUrl}/emulator/tenants/${emulator.tenantId}/exchange/replies`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ cmdlet: 'Get-CalendarProcessing', identity: user.userPrincipalName, reply: 'missing', times: 1 }),
      });
      assert.equal(res.status, 200);
      const fresh = await readForApply(clients, known, SKUS);
      assert.deepEqual([fresh?.sources.calendarProcessing.status, fresh?.sources.mailbox.status], ['notFound', 'notFound']);
    });

    it('renamed since it was stored: the read by the old UPN is dropped and the mailbox read again by the new one', async () => {
      const { user, mailbox } = room();
      const known = await stored(user.id);
      const tenantPath = `${emulator.baseUrl}/emulator/tenants/${emulator.tenantId}`;
      // The old name no longer finds the mailbox: a result read by it would say the mailbox is gone.
      const missing = await fetch(`${tenantPath}/exchange/replies`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ cmdlet: 'Get-CalendarProcessing', identity: known.userPrincipalName, reply: 'missing', times: 1 }),
      });
      assert.equal(missing.status, 200);
      const newName = `renamed.${user.id.slice(0, 8)}@${emulator.tenant().domain}`;
      const renamed = await fetch(`${tenantPath}/users/${user.id}`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ userPrincipalName: newName }),
      });
      assert.equal(renamed.status, 200);
      const { value: fresh, made } = await callsDuring(() => readForApply(clients, known, SKUS));
      assert.deepEqual(
        exchangeCalls(made),
        { 'InvokeCommand Get-CalendarProcessing': 2 },
        'the early read by the old name, then by the new',
      );
      assert.equal(fresh?.userPrincipalName, newName);
      assert.equal(fresh?.sources.calendarProcessing.status, 'ok', JSON.stringify(fresh?.sources.calendarProcessing));
      assert.equal(fresh?.sources.calendarProcessing.data?.AllowConflicts, mailbox.calendarProcessing.AllowConflicts);
      assert.equal(fresh?.sources.mailbox.status, 'ok');
    });

    it('a user deleted since: null', async () => {
      const { user } = room();
      const known = await stored(user.id);
      await fetch(`${emulator.baseUrl}/emulator/tenants/${emulator.tenantId}/users/${user.id}`, { method: 'DELETE' });
      assert.equal(await readForApply(clients, known, SKUS), null);
    });
  });

  describe('snapshotAfterApply', () => {
    it('calendar changes are merged into the fresh read, not read back; nothing else is read', async () => {
      const { user, mailbox } = room();
      mailbox.calendarProcessing = { ...mailbox.calendarProcessing, AllowConflicts: true, DeleteSubject: true };
      const fresh = await stored(user.id);
      const applied = planChanges(fresh, { calendarProcessing: { AllowConflicts: false, DeleteSubject: false } }, []);
      const { value: after, made } = await callsDuring(() => snapshotAfterApply(clients, fresh, applied, SKUS));
      assert.deepEqual(made, {});
      assert.deepEqual(
        [after?.sources.calendarProcessing.data?.AllowConflicts, after?.sources.calendarProcessing.data?.DeleteSubject],
        [false, false],
      );
      assert.equal(after?.sources.calendarProcessing.data?.AutomateProcessing, fresh.sources.calendarProcessing.data?.AutomateProcessing);
      assert.equal(after?.sources.user, fresh.sources.user);
    });

    it('when the fresh calendar read had failed, it is read back once', async () => {
      const { user, mailbox } = room();
      const fresh = await stored(user.id);
      // Data left in a source not read ok is not merged into.
      const failed: AccountSnapshot = {
        ...fresh,
        sources: { ...fresh.sources, calendarProcessing: { ...fresh.sources.calendarProcessing, status: 'error' } },
      };
      const applied = planChanges(failed, { calendarProcessing: { AllowConflicts: false } }, []);
      mailbox.calendarProcessing = { ...mailbox.calendarProcessing, AllowConflicts: false, DeleteComments: true };
      const { value: after, made } = await callsDuring(() => snapshotAfterApply(clients, failed, applied, SKUS));
      assert.deepEqual(exchangeCalls(made), { 'InvokeCommand Get-CalendarProcessing': 1 });
      assert.deepEqual([after?.sources.calendarProcessing.status, after?.sources.calendarProcessing.data?.DeleteComments], ['ok', true]);
    });

    it('user, license and place writes are read back from Graph', async () => {
      const { user, place } = room();
      const fresh = await stored(user.id);
      const applied = planChanges(fresh, { usageLocation: 'IE', location: { capacity: 41 } }, []);
      user.usageLocation = 'IE';
      place.capacity = 41;
      const after = await snapshotAfterApply(clients, fresh, applied, SKUS);
      assert.equal(after?.sources.user.data?.usageLocation, 'IE');
      assert.equal(after?.sources.place.data?.capacity, 41);
      assert.equal(after?.sources.calendarProcessing, fresh.sources.calendarProcessing, 'Exchange sources are kept');
    });

    it('nothing applied: the fresh read as it is; the user gone after a Graph write: null', async () => {
      const { user } = room();
      const fresh = await stored(user.id);
      assert.equal(await snapshotAfterApply(clients, fresh, [], SKUS), fresh);
      const applied = planChanges(fresh, { usageLocation: 'PT' }, []);
      await fetch(`${emulator.baseUrl}/emulator/tenants/${emulator.tenantId}/users/${user.id}`, { method: 'DELETE' });
      assert.equal(await snapshotAfterApply(clients, fresh, applied, SKUS), null);
    });
  });

  describe('rereadGraph', () => {
    it('only the parts asked: the place alone keeps the stored user without a users call', async () => {
      const { user, place } = room();
      const known = await stored(user.id);
      place.building = 'Reread 1';
      user.usageLocation = 'AT';
      const { value: after, made } = await callsDuring(() => rereadGraph(clients, known, { user: false, place: true, skus: SKUS }));
      assert.equal(after?.sources.place.data?.building, 'Reread 1');
      assert.equal(after?.sources.user, known.sources.user);
      assert.equal(
        Object.keys(made).some((api) => api.includes('users') || api.includes('$batch (graph)')),
        false,
        JSON.stringify(made),
      );
    });

    it('the user asked: user and licenses read again, the place kept', async () => {
      const { user, place } = room();
      const known = await stored(user.id);
      user.usageLocation = 'BE';
      user.assignedLicenses = [];
      place.building = 'Not read';
      const after = await rereadGraph(clients, known, { user: true, place: false, skus: SKUS });
      assert.equal(after?.sources.user.data?.usageLocation, 'BE');
      assert.deepEqual(after?.sources.licenses.data, []);
      assert.equal(after?.sources.place, known.sources.place);
    });

    it('nothing asked: the snapshot itself; the place asked with no stored user: the user is read', async () => {
      const { user } = room();
      const known = await stored(user.id);
      assert.equal(await rereadGraph(clients, known, { user: false, place: false, skus: SKUS }), known);
      const noUser: AccountSnapshot = { ...known, sources: { ...known.sources, user: { ...known.sources.user, status: 'unavailable' } } };
      user.displayName = 'Renamed since';
      const after = await rereadGraph(clients, noUser, { user: false, place: true, skus: SKUS });
      assert.equal(after?.sources.user.status, 'unavailable', 'the user source is not replaced when not asked');
      assert.equal(after?.sources.place.status, 'ok');
      assert.equal(after?.displayName, 'Renamed since', 'read, not taken from data left in the unavailable source');
    });

    it('a license write re-reads the user and its licenses', async () => {
      const { user } = room();
      user.assignedLicenses = [];
      const fresh = await stored(user.id);
      const applied = planChanges(fresh, {}, [], SKU.roomsPro.skuId);
      user.assignedLicenses = [{ skuId: SKU.roomsPro.skuId, disabledPlans: [] }];
      const after = await snapshotAfterApply(clients, fresh, applied, SKUS);
      assert.deepEqual(
        after?.sources.licenses.data?.map((license) => license.skuId),
        [SKU.roomsPro.skuId],
      );
    });
  });
});
