/**
 * ChangeService end to end below HTTP: the stored inventory on PGlite (in memory), the API's token source and
 * client factory against the emulator (the only fake). Each test stores one room as a sync would, changes it
 * through the service, then checks the answer, what Microsoft 365 (the emulator) holds, the stored snapshot
 * (write-through) and the audit.
 */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { MESSAGES } from '../../contract/index.ts';
import { DEMO_SIGNIN_CLIENT_ID, SKU, type RunningEmulator } from '../../emulator/src/index.ts';
import type { EmMailbox } from '../../emulator/src/tenant/model.ts';
import { DEFAULT_BASELINE } from '../../api/src/accounts/baseline.ts';
import { ChangeService } from '../../api/src/accounts/changeService.ts';
import { jobAuditKey, type RequestContext } from '../../api/src/accounts/changes/context.ts';
import { trustingAgent } from '../../api/src/auth/httpsJson.ts';
import { createTokenSource } from '../../api/src/auth/onBehalfOf.ts';
import type { Principal } from '../../api/src/auth/principal.ts';
import { createClientFactory, type ClientFactory } from '../../api/src/clients.ts';
import { loadConfig } from '../../api/src/config.ts';
import { AppError } from '../../api/src/errors.ts';
import { AccountsView } from '../../api/src/inventory/view/accountsView.ts';
import { inventoryStore } from '../../api/src/store/inventoryStore.ts';
import { readAccount } from '../../api/src/reads/readAccount.ts';
import type { RoomListsFact } from '../../api/src/domain/roomLists.ts';
import { queryAudit } from '../../api/src/store/audit.ts';
import { migrate } from '../../api/src/store/migrate.ts';
import { MEMORY_DATA_DIR } from '../../api/src/store/pglite.ts';
import { openPglite, type SqlClient } from '../../api/src/store/sql.ts';
import { personaPrincipal, startTenant } from '../helpers/tenant.ts';

const PRO = SKU.roomsPro.skuId;

describe('ChangeService against the emulator, on PGlite', () => {
  let emulator: RunningEmulator;
  let factory: ClientFactory;
  let db: SqlClient;
  let service: ChangeService;
  let rooms: EmMailbox[];
  let next = 0;
  let correlation = 0;
  const principals = new Map<string, Principal>();

  beforeAll(async () => {
    emulator = await startTenant({ tenants: [{ seed: 4, rooms: 60 }] });
    const config = loadConfig(
      { PORT: '0', DATA_DIR: mkdtempSync(join(tmpdir(), 'room-accounts-changes-')) },
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
    db = await openPglite({ dataDir: MEMORY_DATA_DIR });
    await migrate(db);
    service = new ChangeService(db, factory, new AccountsView(db));
    const tenant = emulator.tenant();
    const consumed = (skuId: string) =>
      [...tenant.users.values()].filter((user) => user.assignedLicenses.some((license) => license.skuId === skuId)).length;
    await inventoryStore(db).saveSkus(
      emulator.tenantId,
      [...tenant.subscriptions.values()].map((sku) => ({
        skuId: sku.skuId,
        skuPartNumber: sku.skuPartNumber,
        enabled: sku.prepaidEnabled,
        consumed: consumed(sku.skuId),
      })),
    );
    await inventoryStore(db).saveRoomLists(emulator.tenantId, roomLists());
    // As a sync leaves it: the tenant's Conditional Access read (none applies), so a compliant room grades as such.
    await inventoryStore(db).saveConditionalAccess(emulator.tenantId, {
      status: 'ok',
      readAt: new Date().toISOString(),
      policies: [],
      groups: {},
      roles: {},
      securityDefaultsEnabled: false,
    });
    rooms = [...tenant.mailboxes.values()].filter(
      (mailbox) =>
        mailbox.recipientTypeDetails === 'RoomMailbox' &&
        tenant.placeByIdOrEmail(mailbox.primarySmtpAddress) &&
        !tenant.users.get(mailbox.userId)?.onPremises,
    );
  });
  afterAll(async () => {
    factory.close();
    await db.close();
    await emulator.close();
  });

  function roomLists(): RoomListsFact {
    const tenant = emulator.tenant();
    const lists = [...tenant.distributionGroups.values()]
      .filter((group) => group.recipientTypeDetails === 'RoomList')
      .map((group) => ({
        name: group.name,
        primarySmtpAddress: group.primarySmtpAddress,
        members: [...group.memberIds].map((id) => tenant.mailboxes.get(id)?.primarySmtpAddress ?? id),
      }));
    return { status: 'ok', readAt: new Date().toISOString(), lists };
  }

  /** A room made compliant in the emulator, bent by `bend`, then read and stored as a sync would. */
  async function storedRoom(
    bend: (room: {
      user: NonNullable<ReturnType<typeof emulator.tenant>['users'] extends Map<string, infer U> ? U : never>;
      mailbox: EmMailbox;
    }) => void = () => {},
  ) {
    const mailbox = rooms[next++];
    assert.ok(mailbox, 'the seed has too few rooms');
    const user = emulator.tenant().users.get(mailbox.userId);
    assert.ok(user);
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
    bend({ user, mailbox });
    const snapshot = await readAccount(factory.forPrincipal(await principal('global-admin')), user.id, []);
    assert.ok(snapshot);
    await inventoryStore(db).saveSnapshots(emulator.tenantId, [snapshot]);
    return {
      id: user.id,
      user,
      get cp() {
        return mailbox.calendarProcessing;
      },
    };
  }

  async function principal(persona: string): Promise<Principal> {
    const made = principals.get(persona) ?? (await personaPrincipal(emulator, persona));
    principals.set(persona, made);
    return made;
  }
  async function context(persona: string): Promise<RequestContext> {
    return { principal: await principal(persona), correlationId: `corr-${++correlation}` };
  }
  async function audit(accountId: string) {
    return (await queryAudit(db, emulator.tenantId, { accountId, limit: 100 })).entries.sort((a, b) => a.id - b.id);
  }
  async function rejection(work: Promise<unknown>): Promise<AppError> {
    const error = await work.then(
      () => undefined,
      (caught: unknown) => caught,
    );
    assert.ok(error instanceof AppError, `expected an AppError, got ${String(error)}`);
    return error;
  }

  describe('plan', () => {
    it('the diff from the stored snapshot, without kind or payload', async () => {
      const room = await storedRoom(({ mailbox }) => Object.assign(mailbox.calendarProcessing, { AllowConflicts: true }));
      const plan = await service.plan(await context('exchange-admin'), room.id, { calendarProcessing: { AllowConflicts: false } });
      assert.deepEqual(plan, {
        accountId: room.id,
        changes: [
          {
            setting: 'AllowConflicts',
            label: 'Allow conflicting meetings',
            group: 'mailbox',
            from: true,
            to: false,
            api: 'Set-CalendarProcessing',
            requiredRole: 'Exchange Recipient Administrator',
            allowed: true,
          },
        ],
      });
    });

    it('recommended: every fix the baseline asks for, the license included', async () => {
      const room = await storedRoom(({ user, mailbox }) => {
        user.assignedLicenses = [];
        mailbox.calendarProcessing.DeleteSubject = true;
      });
      const plan = await service.plan(await context('global-admin'), room.id, 'recommended');
      assert.deepEqual(
        plan.changes.map((change) => [change.setting, change.to]),
        [
          ['DeleteSubject', false],
          ['license', 'Microsoft Teams Rooms Pro'],
        ],
      );
    });

    it('an account not in the inventory: 404', async () => {
      const error = await rejection(service.plan(await context('global-admin'), '00000000-0000-4000-8000-00000000dead', 'recommended'));
      assert.deepEqual(
        [error.status, error.code, error.message],
        [404, 'not_found', 'This resource account is not in the inventory. Refresh the list to pick up new accounts.'],
      );
    });
  });

  describe('apply', () => {
    it('saves, stores what Microsoft holds, audits each change, and answers the graded account', async () => {
      const room = await storedRoom(({ user, mailbox }) => {
        user.accountEnabled = false;
        mailbox.calendarProcessing.AllowConflicts = true;
      });
      const ctx = await context('global-admin');
      const answer = await service.apply(ctx, room.id, { accountEnabled: true, calendarProcessing: { AllowConflicts: false } });
      assert.equal(answer.message, MESSAGES.success);
      assert.equal(answer.accountId, room.id);
      assert.deepEqual(answer.results, [
        { setting: 'accountEnabled', from: false, to: true, outcome: 'succeeded' },
        { setting: 'AllowConflicts', from: true, to: false, outcome: 'succeeded' },
      ]);
      assert.equal(answer.account.status, 'noActionNeeded');
      assert.deepEqual([room.user.accountEnabled, room.cp.AllowConflicts], [true, false]);
      const stored = await inventoryStore(db).loadSnapshot(emulator.tenantId, room.id);
      assert.equal(stored?.sources.user.status === 'ok' && stored.sources.user.data?.accountEnabled, true);
      assert.equal(stored?.sources.calendarProcessing.data?.AllowConflicts, false);
      const entries = await audit(room.id);
      assert.deepEqual(
        entries.map((entry) => [
          entry.setting,
          entry.before,
          entry.after,
          entry.outcome,
          entry.message,
          entry.actorUpn,
          entry.actorId,
          entry.correlationId,
          entry.jobId,
          entry.idempotencyKey,
        ]),
        [
          [
            'accountEnabled',
            false,
            true,
            'succeeded',
            null,
            ctx.principal.userPrincipalName,
            ctx.principal.userId,
            ctx.correlationId,
            null,
            null,
          ],
          [
            'AllowConflicts',
            true,
            false,
            'succeeded',
            null,
            ctx.principal.userPrincipalName,
            ctx.principal.userId,
            ctx.correlationId,
            null,
            null,
          ],
        ],
      );
    });

    it('nothing to change: said so, nothing audited', async () => {
      const room = await storedRoom();
      const answer = await service.apply(await context('global-admin'), room.id, { accountEnabled: true });
      assert.deepEqual([answer.message, answer.results], ['Nothing to change: the account already has these settings.', []]);
      assert.deepEqual(await audit(room.id), []);
    });

    it('the plan is made against a fresh read: a value changed since the sync is not written again, and the fresh read is stored', async () => {
      const room = await storedRoom(({ mailbox }) => (mailbox.calendarProcessing.AllowConflicts = true));
      room.cp.AllowConflicts = false;
      const answer = await service.apply(await context('global-admin'), room.id, { calendarProcessing: { AllowConflicts: false } });
      assert.deepEqual(answer.results, []);
      const stored = await inventoryStore(db).loadSnapshot(emulator.tenantId, room.id);
      assert.equal(stored?.sources.calendarProcessing.data?.AllowConflicts, false);
      assert.deepEqual(await audit(room.id), []);
    });

    it('Microsoft refuses every change: 403 insufficient_role naming the role, and the refusals are audited', async () => {
      const room = await storedRoom(({ user }) => (user.accountEnabled = false));
      const error = await rejection(service.apply(await context('exchange-admin'), room.id, { accountEnabled: true }));
      assert.deepEqual([error.status, error.code, error.extra.requiredRole], [403, 'insufficient_role', 'User Administrator']);
      assert.equal(
        error.message,
        "You can't make these changes with your current role: Microsoft 365 refused. You need: User Administrator. Contact your administrator to get access.",
      );
      assert.deepEqual(
        (await audit(room.id)).map((entry) => [entry.setting, entry.outcome, entry.message]),
        [
          [
            'accountEnabled',
            'refused',
            'Microsoft 365 refused the change: it needs the User Administrator role (or User Administrator over an administrative unit holding the account).',
          ],
        ],
      );
      assert.equal(room.user.accountEnabled, false);
    });

    it('part refused, part saved: the message names what was not changed and why', async () => {
      const room = await storedRoom(({ user, mailbox }) => {
        user.accountEnabled = false;
        mailbox.calendarProcessing.DeleteComments = true;
        mailbox.calendarProcessing.DeleteSubject = true;
      });
      const answer = await service.apply(await context('exchange-admin'), room.id, {
        accountEnabled: true,
        calendarProcessing: { DeleteComments: false, DeleteSubject: false },
      });
      assert.equal(
        answer.message,
        `${MESSAGES.save} 2 change(s) were saved. Not changed for lack of a role (User Administrator): accountEnabled.`,
      );
      assert.deepEqual(
        answer.results.map((result) => result.outcome),
        ['refused', 'succeeded', 'succeeded'],
      );
      assert.deepEqual(
        (await audit(room.id)).map((entry) => entry.outcome),
        ['refused', 'succeeded', 'succeeded'],
      );
    });

    it('a failed write is named with its reason; recommended uses the apply wording and lists what it leaves alone', async () => {
      const room = await storedRoom(({ user, mailbox }) => {
        user.passwordProfile.forceChangePasswordNextSignIn = true;
        mailbox.calendarProcessing.AllowConflicts = true;
        mailbox.calendarProcessing.DeleteComments = true;
      });
      const res = await fetch(`${emulator.baseUrl}/emulator/tenants/${emulator.tenantId}/exchange/replies`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ cmdlet: 'Set-CalendarProcessing', identity: room.user.userPrincipalName, reply: 'missing', times: 1 }),
      });
      assert.equal(res.status, 200);
      const answer = await service.apply(await context('global-admin'), room.id, 'recommended');
      assert.deepEqual(
        answer.results.map((result) => [result.setting, result.outcome]),
        [
          ['DeleteComments', 'failed'],
          ['AllowConflicts', 'failed'],
          ['noForcedPasswordChange', 'skipped'],
        ],
      );
      const reason = answer.results[0]?.message;
      assert.match(reason ?? '', /^Microsoft 365 answered: /);
      assert.equal(
        answer.message,
        `${MESSAGES.apply} Failed: DeleteComments (${reason}); AllowConflicts (${reason}). Not changed by Room Accounts: noForcedPasswordChange.`,
      );
      assert.deepEqual(
        (await audit(room.id)).map((entry) => [entry.setting, entry.outcome]),
        [
          ['DeleteComments', 'failed'],
          ['AllowConflicts', 'failed'],
        ],
        'a skipped setting is not audited',
      );
    });

    it('recommended with only settings left to the admin: nothing Room Accounts can change', async () => {
      const room = await storedRoom(({ user }) => (user.passwordProfile.forceChangePasswordNextSignIn = true));
      const answer = await service.apply(await context('global-admin'), room.id, 'recommended');
      assert.equal(answer.message, 'Nothing Room Accounts can change. Not changed by Room Accounts: noForcedPasswordChange.');
      assert.deepEqual(await audit(room.id), []);
    });

    it('recommended that saves everything still says what it left alone', async () => {
      const room = await storedRoom(({ user, mailbox }) => {
        user.passwordProfile.forceChangePasswordNextSignIn = true;
        mailbox.calendarProcessing.DeleteSubject = true;
      });
      const answer = await service.apply(await context('global-admin'), room.id, 'recommended');
      assert.equal(answer.message, `${MESSAGES.success} Not changed by Room Accounts: noForcedPasswordChange.`);
    });

    it('Graph accepts a write but keeps the old value: reported as failed with what Microsoft holds', async () => {
      const room = await storedRoom(({ user }) => {
        user.passwordProfile.forceChangePasswordNextSignIn = true;
      });
      const answer = await service.apply(await context('global-admin'), room.id, { forceChangePasswordNextSignIn: false });
      assert.deepEqual(answer.results, [
        {
          setting: 'forceChangePasswordNextSignIn',
          from: true,
          to: true,
          outcome: 'failed',
          message: 'Microsoft accepted the change but still reports true.',
        },
      ]);
      assert.match(
        answer.message,
        /^An error occurred while saving the settings\. .*Failed: forceChangePasswordNextSignIn \(Microsoft accepted the change but still reports true\.\)\.$/,
      );
      assert.deepEqual(
        (await audit(room.id)).map((entry) => [entry.outcome, entry.after]),
        [['failed', true]],
      );
    });

    it('joining a room list records the membership for the next grading', async () => {
      const room = await storedRoom(({ user }) => {
        for (const group of emulator.tenant().distributionGroups.values()) group.memberIds.delete(user.id);
      });
      await inventoryStore(db).saveRoomLists(emulator.tenantId, roomLists());
      const answer = await service.apply(await context('exchange-admin'), room.id, { roomList: 'Rooms - Changes 1' });
      assert.deepEqual(
        answer.results.map((result) => result.outcome),
        ['succeeded'],
      );
      const state = await inventoryStore(db).tenantInventoryState(emulator.tenantId);
      const list =
        state.roomLists?.status === 'ok' ? state.roomLists.lists.find((candidate) => candidate.name === 'Rooms - Changes 1') : undefined;
      assert.deepEqual(
        list?.members.map((member) => member.toLowerCase()),
        [room.user.userPrincipalName.toLowerCase()],
      );
      assert.ok(answer.account.checks.some((check) => check.id === 'inRoomList' && check.result === 'pass'));
    });

    it('a synced account: an explicit change of a setting AD masters is refused before any call (409)', async () => {
      const synced = [...emulator.tenant().users.values()].find(
        (user) => user.onPremises && emulator.tenant().mailboxes.get(user.id)?.recipientTypeDetails === 'RoomMailbox',
      );
      assert.ok(synced, 'the seed has a synced room');
      const snapshot = await readAccount(factory.forPrincipal(await principal('global-admin')), synced.id, []);
      assert.ok(snapshot);
      await inventoryStore(db).saveSnapshots(emulator.tenantId, [snapshot]);
      const enabled = synced.accountEnabled;
      const error = await rejection(service.apply(await context('global-admin'), synced.id, { accountEnabled: !enabled }));
      assert.deepEqual([error.status, error.code], [409, 'managed_on_premises']);
      assert.match(
        error.message,
        /^This account is synchronized from on-premises Active Directory\. Managed in on-premises Active Directory: change "Sign-in allowed" there \((Enable|Disable)-ADAccount -Identity \S+\)\.$/,
      );
      assert.equal(synced.accountEnabled, enabled);
      assert.deepEqual(await audit(synced.id), []);
    });

    it('an account deleted from Microsoft 365 since the sync: 404, nothing written', async () => {
      const room = await storedRoom();
      const res = await fetch(`${emulator.baseUrl}/emulator/tenants/${emulator.tenantId}/users/${room.id}`, { method: 'DELETE' });
      assert.equal(res.status < 300, true);
      const error = await rejection(service.apply(await context('global-admin'), room.id, { accountEnabled: false }));
      assert.deepEqual(
        [error.status, error.code, error.message],
        [404, 'not_found', 'This resource account no longer exists in Microsoft 365. Refresh the list.'],
      );
    });

    it('a caller who may not read mailboxes keeps the stored mailbox settings others read', async () => {
      const room = await storedRoom(({ user }) => (user.usageLocation = null));
      const answer = await service.apply(await context('license-admin'), room.id, { usageLocation: 'DE' });
      assert.deepEqual(
        answer.results.map((result) => [result.setting, result.outcome]),
        [['usageLocation', 'succeeded']],
      );
      const stored = await inventoryStore(db).loadSnapshot(emulator.tenantId, room.id);
      assert.equal(stored?.sources.calendarProcessing.status, 'ok');
      assert.equal(stored?.sources.calendarProcessing.data?.AutomateProcessing, 'AutoAccept');
      assert.equal(stored?.sources.user.data?.usageLocation, 'DE');
    });
  });

  // License changes go through plan/apply since issue 13's one-path work: tests/api/licenses.test.ts (the contract
  // answer, the no-op repeat, one 409 from both routes) and tests/accounts/{licensePlan,seats}.test.ts cover them.

  it('jobAuditKey: one key per job, account and setting', () => {
    assert.equal(jobAuditKey('job-1', 'acc-2', 'AllowConflicts'), 'job-1:acc-2:AllowConflicts');
  });
});
