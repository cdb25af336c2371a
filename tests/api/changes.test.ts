import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { seedManifest } from '../../emulator/src/index.ts';
import { recommendedCalendarProcessing } from '../../emulator/src/tenant/model.ts';
import { inventoryStore } from '../../api/src/store/inventoryStore.ts';
import { startDemoStack, type DemoStack } from '../helpers/api.ts';

const MAILBOX_SCENARIOS = [
  'automate-autoupdate',
  'automate-none',
  'add-organizer-to-subject',
  'delete-comments',
  'delete-subject',
  'remove-private-property',
  'external-meetings-blocked',
  'recurring-disallowed',
  'attachments-kept',
  'no-additional-response',
  'allow-conflicts',
  'booking-window-1080',
  'booking-window-0',
  'max-duration-unlimited',
  'max-duration-huge',
];
/** Misconfigurations in Entra (not Exchange): the Exchange Administrator may not fix them; these roles may. */
const ENTRA_SCENARIOS: Record<string, string> = {
  'password-expires': 'user-admin',
  'account-disabled': 'user-admin',
  'no-usage-location': 'license-admin',
  unlicensed: 'license-admin',
  'shared-devices-only': 'license-admin',
};
const CP_FIELDS = [
  'AutomateProcessing',
  'AddOrganizerToSubject',
  'DeleteComments',
  'DeleteSubject',
  'RemovePrivateProperty',
  'ProcessExternalMeetingMessages',
  'AllowRecurringMeetings',
  'DeleteAttachments',
  'AddAdditionalResponse',
  'AllowConflicts',
] as const;

describe('status and configuration engine against the emulator', () => {
  let stack: DemoStack;
  let manifest: ReturnType<typeof seedManifest>;
  beforeAll(async () => {
    stack = await startDemoStack({ emulator: { tenants: [{ seed: 5, rooms: 110 }] } });
    manifest = seedManifest(stack.emulator.tenant());
    assert.equal((await stack.sync('global-admin', 'full')).status, 'succeeded');
  });
  afterAll(() => stack.close());

  const one = (scenario: string) => {
    const id = manifest.byScenario[scenario]?.[0];
    assert.ok(id, `the seed has no ${scenario} account`);
    return id;
  };
  const stats = async () =>
    (await (await fetch(`${stack.emulator.baseUrl}/emulator/stats`)).json()) as {
      writes: Record<string, number>;
      totals: { writes: number };
    };

  it('mailbox misconfigurations: apply-recommended as Exchange Administrator gives No Action Needed, and Exchange holds the values', async () => {
    const tenant = stack.emulator.tenant();
    for (const scenario of MAILBOX_SCENARIOS) {
      const id = one(scenario);
      const before = (await stack.call('exchange-admin', `/api/accounts/${id}`)).body;
      assert.ok(before.status === 'needsAction' || before.warnings > 0, `${scenario} should start graded as a problem`);
      const res = await stack.call('exchange-admin', `/api/accounts/${id}/apply-recommended`, { method: 'POST' });
      assert.equal(res.status, 200, `${scenario}: ${JSON.stringify(res.body)}`);
      assert.equal(res.body.message, 'Your changes have been saved successfully', scenario);
      assert.equal(res.body.account.status, 'noActionNeeded', scenario);
      // Room lists are an opt-in fix (the baseline must mark the check), so a room in none still warns for that alone.
      const others = res.body.account.checks.filter((c: { id: string; result: string }) => c.result !== 'pass' && c.id !== 'inRoomList');
      assert.equal(
        res.body.account.warnings -
          (res.body.account.checks.some((c: { id: string; result: string }) => c.id === 'inRoomList' && c.result === 'fail') ? 1 : 0),
        0,
        `${scenario}: ${JSON.stringify(others)}`,
      );
      const cp = tenant.mailboxes.get(id)?.calendarProcessing;
      const recommended = recommendedCalendarProcessing();
      for (const field of CP_FIELDS) assert.equal(cp?.[field], recommended[field], `${scenario}: ${field}`);
    }
  });

  it('an apply reads Exchange once (Get-CalendarProcessing) and writes it once, and stores the new values at once', async () => {
    const [, exchangeFixed, graphFixed] = manifest.byScenario['exchange-defaults'] ?? [];
    assert.ok(exchangeFixed && graphFixed, 'the seed needs three exchange-defaults accounts');
    const tenant = stack.emulator.tenant();
    const exchangeCalls = async () => {
      const counters = (await (await fetch(`${stack.emulator.baseUrl}/emulator/stats`)).json()) as { calls: Record<string, number> };
      return Object.fromEntries(Object.entries(counters.calls).filter(([api]) => api.startsWith('InvokeCommand ')));
    };
    const stored = async (id: string) => {
      const snapshot = await inventoryStore(stack.api.services.db).loadSnapshot(stack.emulator.tenantId, id);
      assert.ok(snapshot);
      return snapshot;
    };

    // Exchange part only (the password policy needs another role): one fresh read, one write, no Get-Mailbox.
    await fetch(`${stack.emulator.baseUrl}/emulator/stats/reset`, { method: 'POST' });
    const mailboxBefore = (await stored(exchangeFixed)).sources.mailbox;
    const res = await stack.call('exchange-admin', `/api/accounts/${exchangeFixed}/apply-recommended`, { method: 'POST' });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.ok(
      res.body.results.some((r: { outcome: string }) => r.outcome === 'succeeded'),
      JSON.stringify(res.body.results),
    );
    assert.deepEqual(await exchangeCalls(), { 'InvokeCommand Get-CalendarProcessing': 1, 'InvokeCommand Set-CalendarProcessing': 1 });
    // What is stored is what Exchange now holds, without a read-back; the mailbox stays as the sync read it.
    const after = await stored(exchangeFixed);
    const cp = tenant.mailboxes.get(exchangeFixed)?.calendarProcessing;
    assert.ok(cp && after.sources.calendarProcessing.status === 'ok');
    for (const [field, value] of Object.entries(cp)) assert.deepEqual(after.sources.calendarProcessing.data?.[field], value, field);
    assert.deepEqual(after.sources.mailbox, mailboxBefore);
    const checks = (await stack.call('global-reader', `/api/accounts/${exchangeFixed}`)).body.checks as {
      id: string;
      group: string;
      result: string;
    }[];
    assert.deepEqual(
      checks.filter((check) => check.group === 'mailbox' && check.result !== 'pass'),
      [],
      'the list shows the mailbox fixes at once',
    );

    // A User Administrator: Graph is re-read for the write-through; Set-CalendarProcessing is attempted
    // (the token's roles are only a hint) and Exchange refuses it, so Exchange is not written.
    await fetch(`${stack.emulator.baseUrl}/emulator/stats/reset`, { method: 'POST' });
    const graphRes = await stack.call('user-admin', `/api/accounts/${graphFixed}/apply-recommended`, { method: 'POST' });
    assert.equal(graphRes.status, 200, JSON.stringify(graphRes.body));
    assert.deepEqual(await exchangeCalls(), { 'InvokeCommand Get-CalendarProcessing': 1, 'InvokeCommand Set-CalendarProcessing': 1 });
    const exchangeWrites = Object.keys(
      ((await (await fetch(`${stack.emulator.baseUrl}/emulator/stats`)).json()) as { writes: Record<string, number> }).writes,
    ).filter((key) => key.startsWith('Set-'));
    assert.deepEqual(exchangeWrites, [], 'Exchange refused the write');
    assert.ok(
      graphRes.body.results.some(
        (r: { outcome: string; requiredRole?: string }) => r.outcome === 'refused' && r.requiredRole === 'Exchange Recipient Administrator',
      ),
      JSON.stringify(graphRes.body.results),
    );
    const user = (await stored(graphFixed)).sources.user;
    assert.match(user.status === 'ok' ? (user.data?.passwordPolicies ?? '') : '', /DisablePasswordExpiration/);
  });

  it('Entra misconfigurations: the Exchange Administrator is refused naming the role; that role then fixes them', async () => {
    const tenant = stack.emulator.tenant();
    for (const [scenario, persona] of Object.entries(ENTRA_SCENARIOS)) {
      const id = one(scenario);
      const writesBefore = (await stats()).totals.writes;
      const refused = await stack.call('exchange-admin', `/api/accounts/${id}/apply-recommended`, { method: 'POST' });
      assert.equal(refused.status, 403, `${scenario}: ${JSON.stringify(refused.body)}`);
      assert.equal(refused.body.error.code, 'insufficient_role');
      assert.ok(refused.body.error.requiredRole, scenario);
      assert.equal((await stats()).totals.writes, writesBefore, `${scenario}: a refusal must change nothing`);
      const fixed = await stack.call(persona, `/api/accounts/${id}/apply-recommended`, { method: 'POST' });
      assert.equal(fixed.status, 200, `${scenario}: ${JSON.stringify(fixed.body)}`);
      assert.equal(fixed.body.account.status, 'noActionNeeded', `${scenario}: ${JSON.stringify(fixed.body)}`);
    }
    const user = tenant.users.get(one('password-expires'));
    assert.match(user?.passwordPolicies ?? '', /DisablePasswordExpiration/);
    assert.equal(tenant.users.get(one('account-disabled'))?.accountEnabled, true);
  });

  it('a forced password change is required, never planned, and a PATCH Graph accepts but does not hold is reported as not applied', async () => {
    const id = one('force-password-change');
    const detail = (await stack.call('user-admin', `/api/accounts/${id}`)).body;
    assert.equal(detail.status, 'needsAction');
    const check = detail.checks.find((c: { id: string }) => c.id === 'noForcedPasswordChange');
    assert.equal(check.severity, 'required');
    assert.match(check.manualFix, /Reset the password in the Microsoft 365 admin center/);
    assert.match(check.description, /learn\.microsoft\.com\/microsoftteams\/rooms\/create-resource-account/);
    const plan = await stack.call('user-admin', `/api/accounts/${id}/plan`, { method: 'POST', body: { recommended: true } });
    assert.deepEqual(plan.body.changes, []);
    const writes = (await stats()).writes[`PATCH /users ${id}`] ?? 0;
    const applied = await stack.call('user-admin', `/api/accounts/${id}/apply-recommended`, { method: 'POST' });
    assert.equal(applied.status, 200, JSON.stringify(applied.body));
    assert.deepEqual(
      applied.body.results.map((r: { setting: string; outcome: string }) => [r.setting, r.outcome]),
      [['noForcedPasswordChange', 'skipped']],
    );
    assert.equal((await stats()).writes[`PATCH /users ${id}`] ?? 0, writes, 'no Graph write for a fix that cannot be verified');

    // Asked explicitly, Graph answers 204 to a passwordProfile without a password and keeps the flag (microsoft-graph-docs#4267).
    const patched = await stack.call('user-admin', `/api/accounts/${id}`, {
      method: 'PATCH',
      body: { forceChangePasswordNextSignIn: false },
    });
    assert.equal(patched.status, 200, JSON.stringify(patched.body));
    assert.equal((await stats()).writes[`PATCH /users ${id}`], writes + 1, 'Graph was written');
    const [result] = patched.body.results;
    assert.equal(result.outcome, 'failed');
    assert.equal(result.message, 'Microsoft accepted the change but still reports true.');
    assert.equal(stack.emulator.tenant().users.get(id)?.passwordProfile.forceChangePasswordNextSignIn, true);
    const audit = (await stack.call('global-reader', `/api/audit?accountId=${id}`)).body.items;
    const entry = audit.find((item: { setting: string }) => item.setting === 'forceChangePasswordNextSignIn');
    assert.deepEqual([entry.outcome, entry.before, entry.after], ['failed', true, true]);
  });

  it('a synced account: AD-mastered settings show the AD command, are never planned or written, and an explicit change is refused with 409', async () => {
    const id = one('synced-disabled');
    const detail = (await stack.call('user-admin', `/api/accounts/${id}`)).body;
    assert.equal(detail.sources.user.data.onPremisesSyncEnabled, true);
    const sam = stack.emulator.tenant().users.get(id)?.onPremises?.samAccountName;
    const check = detail.checks.find((c: { id: string }) => c.id === 'accountEnabled');
    assert.equal(check.result, 'fail');
    assert.equal(check.managedOnPremises, `Enable-ADAccount -Identity ${sam}`);
    const plan = await stack.call('user-admin', `/api/accounts/${id}/plan`, { method: 'POST', body: { recommended: true } });
    assert.ok(!plan.body.changes.some((c: { setting: string }) => c.setting === 'accountEnabled'), JSON.stringify(plan.body));

    await fetch(`${stack.emulator.baseUrl}/emulator/stats/reset`, { method: 'POST' });
    const refused = await stack.call('user-admin', `/api/accounts/${id}`, { method: 'PATCH', body: { accountEnabled: true } });
    assert.equal(refused.status, 409, JSON.stringify(refused.body));
    assert.equal(refused.body.error.code, 'managed_on_premises');
    assert.match(refused.body.error.message, /Managed in on-premises Active Directory.*Enable-ADAccount/);
    const applied = await stack.call('user-admin', `/api/accounts/${id}/apply-recommended`, { method: 'POST' });
    assert.equal(applied.status, 200, JSON.stringify(applied.body));
    const skipped = applied.body.results.find((r: { setting: string }) => r.setting === 'accountEnabled');
    assert.equal(skipped.outcome, 'skipped');
    assert.match(skipped.message, /^Managed in on-premises Active Directory: Enable-ADAccount/);
    assert.equal((await stats()).writes[`PATCH /users ${id}`], undefined, 'no Graph write to the synced account');
    assert.equal(stack.emulator.tenant().users.get(id)?.accountEnabled, false);

    // passwordPolicies stays a cloud setting for synced accounts (Learn, password hash synchronization): still fixed through Graph.
    const cloudFixed = one('directory-synced');
    const tenant = stack.emulator.tenant();
    const broken = await fetch(`${stack.emulator.baseUrl}/emulator/tenants/${tenant.id}/users/${cloudFixed}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ passwordPolicies: null }),
    });
    assert.equal(broken.status, 200);
    const fixed = await stack.call('user-admin', `/api/accounts/${cloudFixed}/apply-recommended`, { method: 'POST' });
    assert.equal(fixed.status, 200, JSON.stringify(fixed.body));
    assert.match(tenant.users.get(cloudFixed)?.passwordPolicies ?? '', /DisablePasswordExpiration/);
  });

  it('Global Reader gets 403 insufficient_role with nothing changed', async () => {
    const id = one('exchange-defaults');
    const before = await stats();
    const res = await stack.call('global-reader', `/api/accounts/${id}/apply-recommended`, { method: 'POST' });
    assert.equal(res.status, 403);
    assert.equal(res.body.error.code, 'insufficient_role');
    assert.deepEqual((await stats()).writes, before.writes);
  });

  it('User Administrator: the Graph part succeeds and the Exchange part is refused, and the response says so', async () => {
    const id = one('exchange-defaults');
    const res = await stack.call('user-admin', `/api/accounts/${id}/apply-recommended`, { method: 'POST' });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const outcomes = Object.fromEntries(res.body.results.map((r: { setting: string; outcome: string }) => [r.setting, r.outcome]));
    assert.equal(outcomes.passwordPolicies, 'succeeded');
    assert.equal(outcomes.DeleteComments, 'refused');
    assert.match(res.body.message, /Exchange Recipient Administrator/);
    assert.equal(res.body.account.status, 'needsAction');
    assert.match(stack.emulator.tenant().users.get(id)?.passwordPolicies ?? '', /DisablePasswordExpiration/);
  });

  it('plan previews the exact diff and nothing for settings already right', async () => {
    const id = one('exchange-defaults');
    const plan = await stack.call('exchange-admin', `/api/accounts/${id}/plan`, { method: 'POST', body: { recommended: true } });
    assert.equal(plan.status, 200);
    const settings = plan.body.changes.map((c: { setting: string }) => c.setting).sort();
    assert.ok(settings.includes('DeleteComments'));
    assert.ok(!settings.includes('passwordPolicies'), 'already fixed by the User Administrator');
    const noop = await stack.call('exchange-admin', `/api/accounts/${one('automate-none')}/plan`, {
      method: 'POST',
      body: { settings: { calendarProcessing: { AutomateProcessing: 'AutoAccept' } } },
    });
    assert.deepEqual(noop.body.changes, []);
    const bad = await stack.call('exchange-admin', `/api/accounts/${id}/plan`, {
      method: 'POST',
      body: { settings: { calendarProcessing: { AutomateProcessing: 'Sometimes' } } },
    });
    assert.equal(bad.status, 400);
  });

  it('PATCH one setting and the audit log records it with before and after', async () => {
    const id = one('exchange-defaults');
    const res = await stack.call('exchange-admin', `/api/accounts/${id}`, {
      method: 'PATCH',
      body: { calendarProcessing: { DeleteComments: false } },
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.message, 'Your changes have been saved successfully');
    const audit = await stack.call('global-reader', `/api/audit?accountId=${id}`);
    assert.equal(audit.status, 200);
    const entry = audit.body.items.find(
      (item: { setting: string; outcome: string }) => item.setting === 'DeleteComments' && item.outcome === 'succeeded',
    );
    assert.ok(entry, JSON.stringify(audit.body.items));
    assert.equal(entry.before, true);
    assert.equal(entry.after, false);
    assert.ok(
      audit.body.items.some((item: { outcome: string }) => item.outcome === 'refused'),
      'refusals are audited too',
    );
  });

  it('a baseline change re-grades every account at once, without a re-sync', async () => {
    const summary = async () => (await stack.call('global-reader', '/api/summary')).body.byStatus;
    const before = await summary();
    const baseline = (await stack.call('global-reader', '/api/baseline')).body;
    const refused = await stack.call('global-reader', '/api/baseline', { method: 'PUT', body: baseline.values });
    assert.equal(refused.status, 403);
    // UPN = SMTP is required by default (Microsoft: "must match"); a tenant that ignores it sees those rooms leave Needs Action.
    const strict = { ...baseline.values, severities: { allowConflicts: 'required', upnMatchesSmtp: 'ignored' } };
    const saved = await stack.call('exchange-admin', '/api/baseline', { method: 'PUT', body: strict });
    assert.equal(saved.status, 200, JSON.stringify(saved.body));
    assert.equal(saved.body.version, baseline.version + 1);
    const after = await summary();
    assert.ok(after.needsAction < before.needsAction, `${JSON.stringify(before)} → ${JSON.stringify(after)}`);
    const invalid = await stack.call('exchange-admin', '/api/baseline', {
      method: 'PUT',
      body: { ...strict, bookingWindowInDays: { min: 10, max: 5, recommended: 7 } },
    });
    assert.equal(invalid.status, 400);
    await stack.call('exchange-admin', '/api/baseline', { method: 'PUT', body: baseline.values });
    assert.deepEqual(await summary(), before);
  });
});
