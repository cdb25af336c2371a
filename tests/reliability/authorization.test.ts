import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { COMPLIANT, PERSONAS, seedManifest, SKU } from '../../emulator/src/index.ts';
import { startDemoStack, type DemoStack } from '../helpers/api.ts';
import { apiRoutes, PUBLIC_ROUTES, routeName, WRITE_METHODS } from '../helpers/apiRoutes.ts';
import { diffStore, dumpStore } from '../helpers/storeDump.ts';

/** Each demo persona holds one role (README, "Demo app and personas"), named as in domain.md §5. */
const PERSONA_ROLE: Record<string, string | null> = {
  'global-admin': 'Global Administrator',
  'global-reader': 'Global Reader',
  'exchange-admin': 'Exchange Administrator',
  'exchange-recipient-admin': 'Exchange Recipient Administrator',
  'user-admin': 'User Administrator',
  'license-admin': 'License Administrator',
  'teams-devices-admin': 'Teams Devices Administrator',
  'no-role': null,
};
const PERSONA_IDS = Object.keys(PERSONA_ROLE);

type Group = 'account' | 'usageLocation' | 'licenses' | 'mailbox' | 'location';

/**
 * Who may change what, written from domain.md §5 ("Least privilege per group", Change column; the roles
 * table for what each role covers), NOT from our permissions module. Global Administrator can do
 * "Everything"; Global Reader "can read everything … but not update anything"; Teams Devices Administrator
 * and a user with no role are named for no change.
 */
const MAY_CHANGE: Record<Group, string[]> = {
  // "Account settings (Graph user) | … | User Administrator"
  account: ['Global Administrator', 'User Administrator'],
  // User Administrator: "passwordPolicies, accountEnabled, usageLocation, licenses"; License Administrator: "… manage the usage location on users"
  usageLocation: ['Global Administrator', 'User Administrator', 'License Administrator'],
  // "Licenses | … | License Administrator (or User Admin)"
  licenses: ['Global Administrator', 'License Administrator', 'User Administrator'],
  // "Mailbox settings (CalendarProcessing) | … | Exchange Recipient Administrator (Mail Recipients) or Exchange Administrator"
  mailbox: ['Global Administrator', 'Exchange Recipient Administrator', 'Exchange Administrator'],
  // "Location (Graph places) | … | Exchange Administrator (Graph)"
  location: ['Global Administrator', 'Exchange Administrator'],
};
/** The one Microsoft 365 write each group makes, as the emulator counts it. */
const OPERATION: Record<Group, string> = {
  account: 'PATCH /users',
  usageLocation: 'PATCH /users',
  licenses: 'assignLicense',
  mailbox: 'Set-CalendarProcessing',
  location: 'PATCH /places',
};
/** What "apply recommended config" fixes on the broken accounts below: account settings, calendar processing, the license. */
const RECOMMENDED_GROUPS: Group[] = ['account', 'mailbox', 'licenses'];
/** The baseline is not in §5: the product rule (README, "Baseline") is Global and Exchange Administrators. */
const MAY_EDIT_BASELINE = ['Global Administrator', 'Exchange Administrator'];
/** Starting or stopping a bulk apply of recommended config: any role that may make one of its changes. */
const MAY_BULK_APPLY = [...new Set(RECOMMENDED_GROUPS.flatMap((group) => MAY_CHANGE[group]))];

const may = (persona: string, roles: readonly string[]) => roles.includes(PERSONA_ROLE[persona] ?? '');
const groupsFor = (persona: string, groups: readonly Group[]) => groups.filter((group) => may(persona, MAY_CHANGE[group]));
const opsFor = (groups: readonly Group[]) => [...new Set(groups.map((group) => OPERATION[group]))].sort();

interface Outcome {
  status: number;
  body: any;
}

/**
 * Issue 7 §2: every write route is tried by every demo persona. The allowed/refused matrix must equal the
 * one derived from domain.md §5 above; an allowed write makes exactly the expected Microsoft 365 calls,
 * and a refusal makes none and leaves the store as it was (except the audit entry recording the refusal).
 */
describe('reliability: authorization matrix of every write route × every persona', () => {
  let stack: DemoStack;
  let tenantId: string;
  let target: string;
  /** Accounts broken identically (disabled, password expiring, AutoUpdate, no license), one per persona and use. */
  const broken: Record<'apply' | 'job', Record<string, string>> = { apply: {}, job: {} };
  const expected: Record<string, Record<string, 'allowed' | 'refused'>> = {};
  const observed: Record<string, Record<string, 'allowed' | 'refused'>> = {};
  const problems: string[] = [];
  let counter = 0;

  before(async () => {
    // Time scale 20: our budget is scaled with the emulator's clock, so the Exchange pacing does not dominate.
    stack = await startDemoStack({ emulator: { tenants: [{ seed: 11, rooms: 60 }], timeScale: 20 } });
    tenantId = stack.emulator.tenantId;
    const compliant = [...(seedManifest(stack.emulator.tenant()).byScenario[COMPLIANT] ?? [])];
    assert.ok(compliant.length >= 18, `the seed has only ${compliant.length} compliant rooms`);
    target = compliant.shift() as string;
    for (const use of ['apply', 'job'] as const) {
      for (const persona of PERSONA_IDS) {
        const id = compliant.shift() as string;
        await breakAccount(id);
        broken[use][persona] = id;
      }
    }
    assert.equal((await stack.sync('global-admin', 'full')).status, 'succeeded');
  });
  after(() => stack.close());

  const control = async (method: string, path: string, body: unknown) => {
    const res = await fetch(`${stack.emulator.baseUrl}/emulator/tenants/${tenantId}${path}`, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    assert.ok(res.ok, `${method} ${path}: ${res.status} ${await res.text()}`);
  };
  const breakAccount = async (id: string) => {
    const user = stack.emulator.tenant().users.get(id);
    assert.ok(user);
    await control('PATCH', `/users/${id}`, { accountEnabled: false, passwordPolicies: null });
    await control('PATCH', `/mailboxes/${user.userPrincipalName}/calendar-processing`, { AutomateProcessing: 'AutoUpdate' });
    await control('POST', `/users/${id}/licenses/remove`, { skuId: SKU.roomsPro.skuId });
  };
  const writes = async () => ((await (await fetch(`${stack.emulator.baseUrl}/emulator/stats`)).json()) as { writes: Record<string, number> }).writes;
  const targetsOf = (id: string) => {
    const tenant = stack.emulator.tenant();
    const user = tenant.users.get(id);
    const mailbox = tenant.mailboxes.get(id);
    return new Set([id, user?.userPrincipalName, mailbox?.primarySmtpAddress, ...[...tenant.places.values()].filter((place) => place.emailAddress === mailbox?.primarySmtpAddress).map((place) => place.emailAddress)].filter(Boolean).map((value) => String(value).toLowerCase()));
  };

  /**
   * One persona's attempt at one row of the matrix: record allowed/refused, and check its side effects.
   * `ops` is what an allowed attempt must write (on `accountId`); `settle` waits for work it started.
   */
  const attempt = async (row: string, persona: string, allowed: boolean, run: () => Promise<Outcome>, check: { ops?: string[]; accountId?: string; settle?: (outcome: Outcome) => Promise<void> } = {}) => {
    (expected[row] ??= {})[persona] = allowed ? 'allowed' : 'refused';
    const writesBefore = await writes();
    // Only a refusal must leave the store as it was; an unexpected refusal already fails the matrix.
    const storeBefore = allowed ? undefined : await dumpStore(stack.api.services.db);
    const outcome = await run();
    const label = `${row} as ${persona} (${outcome.status})`;
    const wasAllowed = outcome.status >= 200 && outcome.status < 300;
    (observed[row] ??= {})[persona] = wasAllowed ? 'allowed' : 'refused';
    if (wasAllowed) await check.settle?.(outcome);
    const writesAfter = await writes();
    const made = Object.entries(writesAfter).flatMap(([key, count]) => Array<string>(count - (writesBefore[key] ?? 0)).fill(key));
    if (!wasAllowed) {
      if (outcome.status !== 403 || outcome.body?.error?.code !== 'insufficient_role') problems.push(`${label}: a refusal must be 403 insufficient_role, got ${JSON.stringify(outcome.body)}`);
      else if (!outcome.body.error.requiredRole) problems.push(`${label}: the refusal does not name the role needed`);
      if (made.length > 0) problems.push(`${label}: refused, yet Microsoft 365 was written: ${made.join(', ')}`);
      for (const diff of storeBefore ? diffStore(storeBefore, await dumpStore(stack.api.services.db)) : []) {
        const onlyRefusals = diff.table === 'audit_log' && diff.removed.length === 0 && diff.added.every((row) => row.outcome === 'refused' && row.actor_upn === stack.emulator.tenant().userByIdOrUpn(row.actor_id as string)?.userPrincipalName);
        if (!onlyRefusals) problems.push(`${label}: refused, yet the store changed in ${diff.table}: ${JSON.stringify(diff).slice(0, 400)}`);
      }
      return outcome;
    }
    if (check.ops) {
      const ops = made.map((key) => key.slice(0, key.lastIndexOf(' '))).sort();
      if (JSON.stringify(ops) !== JSON.stringify(check.ops)) problems.push(`${label}: expected exactly the writes ${check.ops.join(', ') || '(none)'}, made ${made.join(', ') || '(none)'}`);
      const targets = check.accountId ? targetsOf(check.accountId) : new Set<string>();
      for (const key of made) {
        if (!targets.has(key.slice(key.lastIndexOf(' ') + 1))) problems.push(`${label}: wrote to another object: ${key}`);
      }
    }
    return outcome;
  };

  const call = (persona: string, method: string, path: string, body?: unknown) => stack.call(persona, path, { method, body });
  const user = (id: string) => stack.emulator.tenant().users.get(id) ?? assert.fail(`no user ${id}`);
  const calendar = (id: string) => stack.emulator.tenant().mailboxes.get(id)?.calendarProcessing ?? assert.fail(`no mailbox ${id}`);
  const waitForJob = async (jobId: string) => {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const progress = (await call('global-admin', 'GET', `/api/jobs/${jobId}`)).body;
      if (['succeeded', 'failed', 'cancelled'].includes(progress.status)) return progress;
      assert.ok(Date.now() < deadline, `job ${jobId} did not finish: ${JSON.stringify(progress.counts)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };

  it('the matrix covers every write route and every persona', () => {
    const writeRoutes = apiRoutes(stack.api.services)
      .filter((route) => WRITE_METHODS.has(route.method) && !PUBLIC_ROUTES.includes(routeName(route)))
      .map(routeName)
      .sort();
    assert.deepEqual(writeRoutes, [
      'PATCH /api/accounts/:id',
      'PATCH /api/accounts/:id/location',
      'POST /api/accounts/:id/apply-recommended',
      'POST /api/accounts/:id/plan',
      'POST /api/jobs/:id/cancel',
      'POST /api/jobs/apply-recommended',
      'POST /api/sync',
      'PUT /api/accounts/:id/licenses',
      'PUT /api/baseline',
    ]);
    assert.deepEqual(PERSONAS.map((persona) => persona.id).sort(), [...PERSONA_IDS].sort());
  });

  it('POST /api/accounts/:id/plan: everyone may preview; each change says whether the caller may make it, per §5', async () => {
    for (const persona of PERSONA_IDS) {
      const current = user(target);
      const settings = {
        accountEnabled: !current.accountEnabled,
        usageLocation: current.usageLocation === 'GB' ? 'US' : 'GB',
        calendarProcessing: { AllowConflicts: !calendar(target).AllowConflicts },
        location: { capacity: 200 + (counter += 1) },
      };
      const planned = await attempt('POST /api/accounts/:id/plan', persona, true, () => call(persona, 'POST', `/api/accounts/${target}/plan`, { settings }), { ops: [] });
      const recommended = await attempt('POST /api/accounts/:id/plan', persona, true, () => call(persona, 'POST', `/api/accounts/${broken.job['no-role']}/plan`, { recommended: true }), { ops: [] });
      for (const change of [...planned.body.changes, ...recommended.body.changes] as { setting: string; group: string; allowed: boolean }[]) {
        const group: Group = change.setting === 'usageLocation' ? 'usageLocation' : change.group === 'license' ? 'licenses' : (change.group as Group);
        if (change.allowed !== may(persona, MAY_CHANGE[group])) problems.push(`plan as ${persona}: ${change.setting} says allowed=${change.allowed}, §5 says ${!change.allowed}`);
      }
      const groups = new Set([...planned.body.changes, ...recommended.body.changes].map((change: { group: string }) => change.group));
      assert.deepEqual([...groups].sort(), ['account', 'license', 'location', 'mailbox'], persona);
    }
  });

  it('PATCH /api/accounts/:id: each setting group, by every persona', async () => {
    const variants: { name: string; group: Group; body: () => Record<string, unknown> }[] = [
      { name: 'accountEnabled', group: 'account', body: () => ({ accountEnabled: !user(target).accountEnabled }) },
      { name: 'passwordNeverExpires', group: 'account', body: () => ({ passwordNeverExpires: !(user(target).passwordPolicies ?? '').includes('DisablePasswordExpiration') }) },
      { name: 'forceChangePasswordNextSignIn', group: 'account', body: () => ({ forceChangePasswordNextSignIn: !user(target).passwordProfile?.forceChangePasswordNextSignIn }) },
      { name: 'usageLocation', group: 'usageLocation', body: () => ({ usageLocation: user(target).usageLocation === 'GB' ? 'US' : 'GB' }) },
      { name: 'calendarProcessing', group: 'mailbox', body: () => ({ calendarProcessing: { AllowConflicts: !calendar(target).AllowConflicts } }) },
      { name: 'location', group: 'location', body: () => ({ location: { capacity: 300 + (counter += 1) } }) },
    ];
    for (const variant of variants) {
      for (const persona of PERSONA_IDS) {
        await attempt(`PATCH /api/accounts/:id {${variant.name}}`, persona, may(persona, MAY_CHANGE[variant.group]), () => call(persona, 'PATCH', `/api/accounts/${target}`, variant.body()), {
          ops: [OPERATION[variant.group]],
          accountId: target,
        });
      }
    }
  });

  it('PATCH /api/accounts/:id/location and PUT /api/accounts/:id/licenses, by every persona', async () => {
    for (const persona of PERSONA_IDS) {
      await attempt('PATCH /api/accounts/:id/location', persona, may(persona, MAY_CHANGE.location), () => call(persona, 'PATCH', `/api/accounts/${target}/location`, { capacity: 400 + (counter += 1) }), {
        ops: [OPERATION.location],
        accountId: target,
      });
    }
    for (const persona of PERSONA_IDS) {
      const holds = user(target).assignedLicenses.some((license) => license.skuId === SKU.roomsPro.skuId);
      const body = holds ? { remove: [SKU.roomsPro.skuId] } : { add: [SKU.roomsPro.skuId] };
      await attempt('PUT /api/accounts/:id/licenses', persona, may(persona, MAY_CHANGE.licenses), () => call(persona, 'PUT', `/api/accounts/${target}/licenses`, body), {
        ops: [OPERATION.licenses],
        accountId: target,
      });
    }
  });

  it('POST /api/accounts/:id/apply-recommended: each persona fixes exactly the parts its role allows', async () => {
    for (const persona of PERSONA_IDS) {
      const id = broken.apply[persona] as string;
      const groups = groupsFor(persona, RECOMMENDED_GROUPS);
      await attempt('POST /api/accounts/:id/apply-recommended', persona, groups.length > 0, () => call(persona, 'POST', `/api/accounts/${id}/apply-recommended`), { ops: opsFor(groups), accountId: id });
    }
  });

  it('PUT /api/baseline, by every persona', async () => {
    for (const persona of PERSONA_IDS) {
      const { values } = (await call('global-reader', 'GET', '/api/baseline')).body;
      const next = { ...values, calendarProcessing: { ...values.calendarProcessing, AdditionalResponse: `Booked by Room Accounts (${(counter += 1)}).` } };
      await attempt('PUT /api/baseline', persona, may(persona, MAY_EDIT_BASELINE), () => call(persona, 'PUT', '/api/baseline', next), { ops: [] });
    }
  });

  it('POST /api/jobs/apply-recommended: a job makes exactly the changes its creator\'s role allows', async () => {
    for (const persona of PERSONA_IDS) {
      const id = broken.job[persona] as string;
      await attempt('POST /api/jobs/apply-recommended', persona, may(persona, MAY_BULK_APPLY), () => call(persona, 'POST', '/api/jobs/apply-recommended', { accountIds: [id] }), {
        ops: opsFor(groupsFor(persona, RECOMMENDED_GROUPS)),
        accountId: id,
        settle: async (outcome) => void (await waitForJob(outcome.body.jobId)),
      });
    }
  });

  it('POST /api/jobs/:id/cancel, by every persona, on a job another admin started', async () => {
    const worker = stack.api.worker;
    assert.ok(worker);
    await worker.stop();
    const start = async () => (await call('global-admin', 'POST', '/api/jobs/apply-recommended', { accountIds: [target] })).body.jobId as string;
    const untouchable = await start();
    for (const persona of PERSONA_IDS) {
      const allowed = may(persona, MAY_BULK_APPLY);
      const jobId = allowed ? await start() : untouchable;
      const outcome = await attempt('POST /api/jobs/:id/cancel', persona, allowed, () => call(persona, 'POST', `/api/jobs/${jobId}/cancel`), { ops: [] });
      if (allowed && outcome.body.status !== 'cancelled') problems.push(`cancel as ${persona}: the job is ${outcome.body.status}`);
    }
    assert.equal((await call('global-reader', 'GET', `/api/jobs/${untouchable}`)).body.status, 'queued', 'refused cancels left the job queued');
    assert.equal((await call('global-admin', 'POST', `/api/jobs/${untouchable}/cancel`)).status, 200);
    worker.start();
  });

  it('POST /api/sync: every signed-in persona may read (with its own rights); a sync writes nothing to Microsoft 365', async () => {
    for (const persona of PERSONA_IDS) {
      await attempt('POST /api/sync', persona, true, () => call(persona, 'POST', '/api/sync', { kind: 'refresh' }), {
        ops: [],
        settle: () => stack.api.services.inventory.idle(),
      });
    }
  });

  it('the observed matrix equals the one derived from domain.md §5, and no attempt had a side effect it should not', (t) => {
    const table = Object.entries(observed).map(([row, byPersona]) => `${row.padEnd(56)} ${PERSONA_IDS.map((persona) => (byPersona[persona] === 'allowed' ? 'Y' : '.')).join(' ')}`);
    t.diagnostic(`allowed (Y) per persona: ${PERSONA_IDS.join(', ')}`);
    for (const line of table) t.diagnostic(line);
    assert.deepEqual(observed, expected);
    assert.deepEqual(problems, []);
  });
});
