import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { COMPLIANT, PERSONAS, seedManifest, SKU } from '../../emulator/src/index.ts';
import { startDemoStack, type DemoStack } from '../helpers/api.ts';
import { apiRoutes, PUBLIC_ROUTES, routeName, WRITE_METHODS } from '../helpers/apiRoutes.ts';
import { diffStore, dumpStore } from '../helpers/storeDump.ts';

/**
 * What each demo persona holds (README, "Demo app and personas"): a directory role assigned directly (in
 * the token's `wids`), or a delegation the token does not show (issue 11, docs/microsoft-365.md#who-may-write).
 */
const PERSONA_GRANT: Record<string, string | null> = {
  'global-admin': 'Global Administrator',
  'global-reader': 'Global Reader',
  'exchange-admin': 'Exchange Administrator',
  'exchange-recipient-admin': 'Exchange Recipient Administrator',
  'user-admin': 'User Administrator',
  'license-admin': 'License Administrator',
  'teams-devices-admin': 'Teams Devices Administrator',
  'no-role': null,
  'exchange-org-management': 'Organization Management (Exchange role group)',
  'exchange-recipient-management': 'Recipient Management (Exchange role group)',
  'au-user-admin': 'User Administrator (scoped to an administrative unit)',
  'group-user-admin': 'User Administrator (through a role-assignable group)',
};
const PERSONA_IDS = Object.keys(PERSONA_GRANT);
/** Grants that are directory roles assigned directly: the only ones the token's `wids` shows. */
const IN_TOKEN = new Set(Object.values(PERSONA_GRANT).filter((grant): grant is string => grant !== null && !grant.includes('(')));
/** Grants that cover only the members of an administrative unit. */
const UNIT_SCOPED = new Set(['User Administrator (scoped to an administrative unit)']);

type Group = 'account' | 'usageLocation' | 'licenses' | 'mailbox' | 'location';

/**
 * Who may change what, written from domain.md §5 ("Least privilege per group", Change column; the roles
 * table for what each role covers) and docs/microsoft-365.md#who-may-write for delegations, NOT from our permissions module.
 * Global Administrator can do "Everything"; Global Reader "can read everything … but not update anything";
 * Teams Devices Administrator and a user with no role are named for no change.
 */
const USER_ADMINS = [
  'User Administrator',
  'User Administrator (scoped to an administrative unit)',
  'User Administrator (through a role-assignable group)',
];
const MAY_CHANGE: Record<Group, string[]> = {
  // "Account settings (Graph user) | … | User Administrator"
  account: ['Global Administrator', ...USER_ADMINS],
  // User Administrator: "passwordPolicies, accountEnabled, usageLocation, licenses"; License Administrator: "… manage the usage location on users"
  usageLocation: ['Global Administrator', ...USER_ADMINS, 'License Administrator'],
  // "Licenses | … | License Administrator (or User Admin)"
  licenses: ['Global Administrator', 'License Administrator', ...USER_ADMINS],
  // "Mailbox settings (CalendarProcessing) | … | Exchange Recipient Administrator (Mail Recipients) or Exchange Administrator"; the role groups hold Mail Recipients
  mailbox: [
    'Global Administrator',
    'Exchange Recipient Administrator',
    'Exchange Administrator',
    'Organization Management (Exchange role group)',
    'Recipient Management (Exchange role group)',
  ],
  // "Location (Graph places) | … | Exchange Administrator (Graph)": an Entra role; Exchange role groups are not Entra roles
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
/** The baseline is not in §5: the product rule (README, "Baseline") is Global and Exchange Administrators, as the token shows them. */
const MAY_EDIT_BASELINE = ['Global Administrator', 'Exchange Administrator'];
/** Stopping a bulk apply another admin started (our policy): a role the token shows that may make one of its changes. */
const MAY_CANCEL_OTHERS = [...new Set(RECOMMENDED_GROUPS.flatMap((group) => MAY_CHANGE[group]))].filter((grant) => IN_TOKEN.has(grant));

interface Outcome {
  status: number;
  body: any;
}

/**
 * Issue 7 §2 and issue 11: every write route is tried by every demo persona, each attempt its own test. The
 * allowed/refused answer must be the one derived from domain.md §5 above; an allowed write makes exactly the
 * expected Microsoft 365 calls, and a refusal is `403 insufficient_role` naming the role, makes none and leaves
 * the store as it was (except the audit entry recording the refusal).
 */
describe('reliability: authorization matrix of every write route × every persona', () => {
  let stack: DemoStack;
  let tenantId: string;
  /** A compliant account outside the administrative unit, and one inside it. */
  let target: string;
  let unitTarget: string;
  let unitMembers: ReadonlySet<string>;
  /** Accounts broken identically (disabled, password expiring, AutoUpdate, no license), one per persona and use. */
  const broken: Record<'apply' | 'job', Record<string, string>> = { apply: {}, job: {} };
  let counter = 0;

  const may = (persona: string, grants: readonly string[], accountId: string) => {
    const grant = PERSONA_GRANT[persona] ?? '';
    return grants.includes(grant) && (!UNIT_SCOPED.has(grant) || unitMembers.has(accountId));
  };
  const shown = (persona: string, grants: readonly string[]) =>
    IN_TOKEN.has(PERSONA_GRANT[persona] ?? '') && grants.includes(PERSONA_GRANT[persona] ?? '');
  const groupsFor = (persona: string, groups: readonly Group[], accountId: string) =>
    groups.filter((group) => may(persona, MAY_CHANGE[group], accountId));
  const opsFor = (groups: readonly Group[]) => [...new Set(groups.map((group) => OPERATION[group]))].sort();

  beforeAll(async () => {
    // Time scale 20: our budget is scaled with the emulator's clock, so the Exchange pacing does not dominate.
    stack = await startDemoStack({ emulator: { tenants: [{ seed: 11, rooms: 80 }], timeScale: 20 } });
    tenantId = stack.emulator.tenantId;
    const unit = [...stack.emulator.tenant().administrativeUnits.values()][0];
    assert.ok(unit, 'the seed has an administrative unit');
    unitMembers = unit.memberIds;
    const compliant = [...(seedManifest(stack.emulator.tenant()).byScenario[COMPLIANT] ?? [])];
    const inside = compliant.filter((id) => unitMembers.has(id));
    const outside = compliant.filter((id) => !unitMembers.has(id));
    assert.ok(
      inside.length >= 3 && outside.length >= 1 + 2 * (PERSONA_IDS.length - 1),
      `the seed has ${inside.length} compliant rooms in the unit, ${outside.length} outside`,
    );
    target = outside.shift() as string;
    unitTarget = inside.shift() as string;
    for (const use of ['apply', 'job'] as const) {
      for (const persona of PERSONA_IDS) {
        // The unit's administrator fixes accounts of its unit; everyone else accounts outside it.
        const id = (persona === 'au-user-admin' ? inside : outside).shift() as string;
        await breakAccount(id);
        broken[use][persona] = id;
      }
    }
    assert.equal((await stack.sync('global-admin', 'full')).status, 'succeeded');
  });
  afterAll(() => stack.close());

  const control = async (method: string, path: string, body: unknown) => {
    const res = await fetch(`${stack.emulator.baseUrl}/emulator/tenants/${tenantId}${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    assert.ok(res.ok, `${method} ${path}: ${res.status} ${await res.text()}`);
  };
  const breakAccount = async (id: string) => {
    const user = stack.emulator.tenant().users.get(id);
    assert.ok(user);
    await control('PATCH', `/users/${id}`, { accountEnabled: false, passwordPolicies: null });
    await control('PATCH', `/mailboxes/${user.userPrincipalName}/calendar-processing`, { AutomateProcessing: 'AutoUpdate' });
    await control('POST', `/users/${id}/licenses/remove`, { skuId: SKU.roomsPro.skuId });
  };
  const writes = async () =>
    ((await (await fetch(`${stack.emulator.baseUrl}/emulator/stats`)).json()) as { writes: Record<string, number> }).writes;
  const targetsOf = (id: string) => {
    const tenant = stack.emulator.tenant();
    const user = tenant.users.get(id);
    const mailbox = tenant.mailboxes.get(id);
    return new Set(
      [
        id,
        user?.userPrincipalName,
        mailbox?.primarySmtpAddress,
        ...[...tenant.places.values()]
          .filter((place) => place.emailAddress === mailbox?.primarySmtpAddress)
          .map((place) => place.emailAddress),
      ]
        .filter(Boolean)
        .map((value) => String(value).toLowerCase()),
    );
  };

  /**
   * One persona's attempt at one row of the matrix, asserted on the spot: allowed or refused as expected,
   * and its side effects. `ops` is what an allowed attempt must write (on `accountId`); `settle` waits for work it started.
   */
  const assertAttempt = async (
    persona: string,
    allowed: boolean,
    run: () => Promise<Outcome>,
    check: { ops?: string[]; accountId?: string; settle?: (outcome: Outcome) => Promise<void> } = {},
  ) => {
    const writesBefore = await writes();
    // Only a refusal must leave the store as it was.
    const storeBefore = allowed ? undefined : await dumpStore(stack.api.services.db);
    const outcome = await run();
    const wasAllowed = outcome.status >= 200 && outcome.status < 300;
    assert.equal(
      wasAllowed,
      allowed,
      `expected ${allowed ? 'allowed' : 'refused'}, got ${outcome.status} ${JSON.stringify(outcome.body).slice(0, 400)}`,
    );
    if (wasAllowed) await check.settle?.(outcome);
    const writesAfter = await writes();
    const made = Object.entries(writesAfter).flatMap(([key, count]) => Array<string>(count - (writesBefore[key] ?? 0)).fill(key));
    if (!wasAllowed) {
      assert.equal(outcome.status, 403);
      assert.equal(outcome.body?.error?.code, 'insufficient_role', JSON.stringify(outcome.body));
      assert.ok(outcome.body.error.requiredRole, 'the refusal names the role needed');
      assert.deepEqual(made, [], 'refused, yet Microsoft 365 was written');
      for (const diff of storeBefore ? diffStore(storeBefore, await dumpStore(stack.api.services.db)) : []) {
        const onlyRefusals =
          diff.table === 'audit_log' &&
          diff.removed.length === 0 &&
          diff.added.every(
            (row) =>
              row.outcome === 'refused' &&
              row.actor_upn === stack.emulator.tenant().userByIdOrUpn(row.actor_id as string)?.userPrincipalName,
          );
        assert.ok(onlyRefusals, `refused, yet the store changed in ${diff.table}: ${JSON.stringify(diff).slice(0, 400)}`);
      }
      return outcome;
    }
    if (check.ops) {
      const ops = made.map((key) => key.slice(0, key.lastIndexOf(' '))).sort();
      assert.deepEqual(
        ops,
        check.ops,
        `expected exactly the writes ${check.ops.join(', ') || '(none)'}, made ${made.join(', ') || '(none)'}`,
      );
      const targets = check.accountId ? targetsOf(check.accountId) : new Set<string>();
      for (const key of made) assert.ok(targets.has(key.slice(key.lastIndexOf(' ') + 1)), `wrote to another object: ${key}`);
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
      'POST /api/jobs/:id/take-over',
      'POST /api/jobs/apply-recommended',
      'POST /api/sync',
      'PUT /api/accounts/:id/licenses',
      'PUT /api/baseline',
    ]);
    assert.deepEqual(PERSONAS.map((persona) => persona.id).sort(), [...PERSONA_IDS].sort());
  });

  for (const persona of PERSONA_IDS) {
    it(`POST /api/accounts/:id/plan as ${persona}: allowed; each change says whether the token shows a role for it`, async () => {
      const current = user(target);
      const settings = {
        accountEnabled: !current.accountEnabled,
        usageLocation: current.usageLocation === 'GB' ? 'US' : 'GB',
        calendarProcessing: { AllowConflicts: !calendar(target).AllowConflicts },
        location: { capacity: 200 + (counter += 1) },
      };
      const planned = await assertAttempt(persona, true, () => call(persona, 'POST', `/api/accounts/${target}/plan`, { settings }), {
        ops: [],
      });
      const recommended = await assertAttempt(
        persona,
        true,
        () => call(persona, 'POST', `/api/accounts/${broken.job['no-role']}/plan`, { recommended: true }),
        { ops: [] },
      );
      const changes = [...planned.body.changes, ...recommended.body.changes] as { setting: string; group: string; allowed: boolean }[];
      const hints = changes.map((change) => {
        const group: Group =
          change.setting === 'usageLocation' ? 'usageLocation' : change.group === 'license' ? 'licenses' : (change.group as Group);
        return [change.setting, change.allowed, shown(persona, MAY_CHANGE[group])];
      });
      assert.deepEqual(
        hints.filter(([, allowed, expected]) => allowed !== expected),
        [],
      );
      assert.deepEqual([...new Set(changes.map((change) => change.group))].sort(), ['account', 'license', 'location', 'mailbox']);
    });
  }

  const variants: { name: string; group: Group; account: () => string; body: (id: string) => Record<string, unknown> }[] = [
    { name: 'accountEnabled', group: 'account', account: () => target, body: (id) => ({ accountEnabled: !user(id).accountEnabled }) },
    {
      name: 'accountEnabled, account in the administrative unit',
      group: 'account',
      account: () => unitTarget,
      body: (id) => ({ accountEnabled: !user(id).accountEnabled }),
    },
    {
      name: 'passwordNeverExpires',
      group: 'account',
      account: () => target,
      body: (id) => ({ passwordNeverExpires: !(user(id).passwordPolicies ?? '').includes('DisablePasswordExpiration') }),
    },
    {
      name: 'forceChangePasswordNextSignIn',
      group: 'account',
      account: () => target,
      body: (id) => ({ forceChangePasswordNextSignIn: !user(id).passwordProfile?.forceChangePasswordNextSignIn }),
    },
    {
      name: 'usageLocation',
      group: 'usageLocation',
      account: () => target,
      body: (id) => ({ usageLocation: user(id).usageLocation === 'GB' ? 'US' : 'GB' }),
    },
    {
      name: 'calendarProcessing',
      group: 'mailbox',
      account: () => target,
      body: (id) => ({ calendarProcessing: { AllowConflicts: !calendar(id).AllowConflicts } }),
    },
    { name: 'location', group: 'location', account: () => target, body: () => ({ location: { capacity: 300 + (counter += 1) } }) },
  ];
  for (const variant of variants) {
    for (const persona of PERSONA_IDS) {
      it(`PATCH /api/accounts/:id {${variant.name}} as ${persona}`, async () => {
        const id = variant.account();
        await assertAttempt(
          persona,
          may(persona, MAY_CHANGE[variant.group], id),
          () => call(persona, 'PATCH', `/api/accounts/${id}`, variant.body(id)),
          { ops: [OPERATION[variant.group]], accountId: id },
        );
      });
    }
  }

  for (const persona of PERSONA_IDS) {
    it(`PATCH /api/accounts/:id/location as ${persona}`, async () => {
      await assertAttempt(
        persona,
        may(persona, MAY_CHANGE.location, target),
        () => call(persona, 'PATCH', `/api/accounts/${target}/location`, { capacity: 400 + (counter += 1) }),
        {
          ops: [OPERATION.location],
          accountId: target,
        },
      );
    });
  }

  for (const persona of PERSONA_IDS) {
    it(`PUT /api/accounts/:id/licenses as ${persona}`, async () => {
      const holds = user(target).assignedLicenses.some((license) => license.skuId === SKU.roomsPro.skuId);
      const body = holds ? { remove: [SKU.roomsPro.skuId] } : { add: [SKU.roomsPro.skuId] };
      await assertAttempt(
        persona,
        may(persona, MAY_CHANGE.licenses, target),
        () => call(persona, 'PUT', `/api/accounts/${target}/licenses`, body),
        { ops: [OPERATION.licenses], accountId: target },
      );
    });
  }

  for (const persona of PERSONA_IDS) {
    it(`POST /api/accounts/:id/apply-recommended as ${persona}: fixes exactly the parts Microsoft 365 accepts`, async () => {
      const id = broken.apply[persona] as string;
      const groups = groupsFor(persona, RECOMMENDED_GROUPS, id);
      const outcome = await assertAttempt(
        persona,
        groups.length > 0,
        () => call(persona, 'POST', `/api/accounts/${id}/apply-recommended`),
        { ops: opsFor(groups), accountId: id },
      );
      if (groups.length > 0 && groups.length < RECOMMENDED_GROUPS.length)
        assert.match(outcome.body.message, /Not changed for lack of a role/, 'a partial apply says which part was refused');
    });
  }

  for (const persona of PERSONA_IDS) {
    it(`PUT /api/baseline as ${persona}`, async () => {
      const { values } = (await call('global-reader', 'GET', '/api/baseline')).body;
      const next = {
        ...values,
        calendarProcessing: { ...values.calendarProcessing, AdditionalResponse: `Booked by Room Accounts (${(counter += 1)}).` },
      };
      await assertAttempt(persona, shown(persona, MAY_EDIT_BASELINE), () => call(persona, 'PUT', '/api/baseline', next), { ops: [] });
    });
  }

  for (const persona of PERSONA_IDS) {
    it(`POST /api/jobs/apply-recommended as ${persona}: the job runs, and makes exactly the changes Microsoft 365 accepts`, async () => {
      const id = broken.job[persona] as string;
      const groups = groupsFor(persona, RECOMMENDED_GROUPS, id);
      let progress: any;
      await assertAttempt(persona, true, () => call(persona, 'POST', '/api/jobs/apply-recommended', { accountIds: [id] }), {
        ops: opsFor(groups),
        accountId: id,
        settle: async (outcome) => void (progress = await waitForJob(outcome.body.jobId)),
      });
      const [task] = progress.results;
      if (groups.length === 0) {
        assert.equal(task.status, 'refused', JSON.stringify(task));
        assert.match(task.reason, /You need: /, 'a refused task names the role');
      } else assert.equal(task.status, 'applied', JSON.stringify(task));
    });
  }

  describe('POST /api/jobs/:id/cancel, on a job another admin started', () => {
    let untouchable: string;
    const start = async () =>
      (await call('global-admin', 'POST', '/api/jobs/apply-recommended', { accountIds: [target] })).body.jobId as string;
    beforeAll(async () => {
      await stack.api.worker?.stop();
      untouchable = await start();
    });
    afterAll(async () => {
      assert.equal((await call('global-admin', 'POST', `/api/jobs/${untouchable}/cancel`)).status, 200);
      stack.api.worker?.start();
    });
    for (const persona of PERSONA_IDS) {
      it(`as ${persona}`, async () => {
        const allowed = shown(persona, MAY_CANCEL_OTHERS);
        const jobId = allowed ? await start() : untouchable;
        const outcome = await assertAttempt(persona, allowed, () => call(persona, 'POST', `/api/jobs/${jobId}/cancel`), { ops: [] });
        if (allowed) assert.equal(outcome.body.status, 'cancelled');
        else
          assert.equal(
            (await call('global-reader', 'GET', `/api/jobs/${untouchable}`)).body.status,
            'queued',
            'a refused cancel leaves the job queued',
          );
      });
    }
  });

  describe('POST /api/jobs/:id/take-over, on a job another admin started', () => {
    let jobId: string;
    beforeAll(async () => {
      await stack.api.worker?.stop();
      jobId = (await call('global-admin', 'POST', '/api/jobs/apply-recommended', { accountIds: [target] })).body.jobId as string;
    });
    afterAll(async () => {
      assert.equal((await call('global-admin', 'POST', `/api/jobs/${jobId}/cancel`)).status, 200);
      stack.api.worker?.start();
    });
    for (const persona of PERSONA_IDS) {
      it(`as ${persona}`, async () => {
        const allowed = shown(persona, MAY_CANCEL_OTHERS);
        const before = (await call('global-reader', 'GET', `/api/jobs/${jobId}`)).body.actingAs as string;
        const outcome = await assertAttempt(persona, allowed, () => call(persona, 'POST', `/api/jobs/${jobId}/take-over`), { ops: [] });
        const after = (await call('global-reader', 'GET', `/api/jobs/${jobId}`)).body.actingAs as string;
        if (allowed)
          assert.equal(after.split('@')[0], outcome.body.actingAs.split('@')[0], 'the job now acts as the admin who took it over');
        else assert.equal(after, before, 'a refused take-over leaves the job acting as before');
      });
    }
  });

  for (const persona of PERSONA_IDS) {
    it(`POST /api/sync as ${persona}: allowed (with its own read rights); a sync writes nothing to Microsoft 365`, async () => {
      await assertAttempt(persona, true, () => call(persona, 'POST', '/api/sync', { kind: 'refresh' }), {
        ops: [],
        settle: () => stack.api.services.inventory.idle(),
      });
    });
  }

  it('a creator without a role in the token may stop their own job', async () => {
    await stack.api.worker?.stop();
    try {
      const started = await call('exchange-org-management', 'POST', '/api/jobs/apply-recommended', { accountIds: [target] });
      assert.equal(started.status, 202);
      const cancelled = await call('exchange-org-management', 'POST', `/api/jobs/${started.body.jobId}/cancel`);
      assert.equal(cancelled.status, 200, JSON.stringify(cancelled.body));
      assert.equal(cancelled.body.status, 'cancelled');
    } finally {
      stack.api.worker?.start();
    }
  });
});
