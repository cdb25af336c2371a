/**
 * Work that outlives a sign-in (issue 12), at real proportions: the emulator's `realistic` profile with SSO
 * and access tokens living 60 s, on both stores. Time runs 20 times faster (rates × 20, latencies and token
 * lifetimes ÷ 20), so a sync of 3,000 rooms takes about as many token lifetimes as it would on a real tenant.
 */
import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { setTimeout as sleep } from 'node:timers/promises';
import { startDemoStack, type DemoStack } from '../helpers/api.ts';
import { storeKinds } from '../helpers/stores.ts';
import { demoToken } from '../helpers/tenant.ts';
import { childStore, type ChildStore } from '../reliability/support/childStore.ts';

const K = 20;
const TOKEN_SECONDS = 60;
const ROOMS = 3_000;
const BULK = 1_000;
const EXTRA_MISCONFIGURED = 1_600;

interface Stats {
  calls: Record<string, number>;
  throttled: Record<string, number>;
  writes: Record<string, number>;
  tokens: { grants: Record<string, number>; failures: Record<string, number> };
}

/** Our API as the tab calls it: a fresh SSO token each time, since each lives only 3 real seconds here. */
async function call(stack: DemoStack, persona: string, path: string, init: { method?: string; body?: unknown } = {}) {
  const res = await fetch(`${stack.baseUrl}${path}`, {
    method: init.method ?? 'GET',
    headers: {
      authorization: `Bearer ${await demoToken(stack.emulator, persona)}`,
      ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    body: init.body !== undefined ? JSON.stringify(init.body) : undefined,
  });
  return { status: res.status, body: (await res.json()) as any };
}

async function stats(stack: DemoStack): Promise<Stats> {
  return (await fetch(`${stack.emulator.baseUrl}/emulator/stats`)).json() as Promise<Stats>;
}

async function resetStats(stack: DemoStack): Promise<void> {
  await fetch(`${stack.emulator.baseUrl}/emulator/stats/reset`, { method: 'POST' });
}

async function revokeSessions(stack: DemoStack, persona: string): Promise<void> {
  const tenant = stack.emulator.tenant();
  const user = tenant.userByIdOrUpn(`${personaAlias(persona)}@${tenant.domain}`);
  assert.ok(user, persona);
  const res = await fetch(`${stack.emulator.baseUrl}/emulator/tenants/${tenant.id}/users/${user.id}/revoke-sessions`, { method: 'POST' });
  assert.equal(res.status, 200, await res.text());
}

function personaAlias(persona: string): string {
  return { 'global-admin': 'grace.global', 'exchange-admin': 'ethan.exchange' }[persona] as string;
}

/** Calls that reached the service (a throttled attempt is counted as a call too, and retried). */
function served(counters: Stats, api: string): number {
  return (counters.calls[api] ?? 0) - (counters.throttled[api] ?? 0);
}

async function until<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 240_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what}: still ${JSON.stringify(value).slice(0, 400)}`);
    await sleep(100);
  }
}

const currentSync = (stack: DemoStack) => call(stack, 'global-admin', '/api/sync/current').then((res) => res.body.sync);
const jobOf = (stack: DemoStack, id: string) => call(stack, 'global-admin', `/api/jobs/${id}`).then((res) => res.body);

function assertWrittenAtMostOnce(counters: Stats): void {
  assert.deepEqual(
    Object.entries(counters.writes).filter(([, count]) => count > 1),
    [],
    'a setting was written twice',
  );
}

for (const kind of storeKinds()) {
  describe(`work that outlives a sign-in [${kind}]`, () => {
    let stack: DemoStack;
    let store: ChildStore;

    beforeAll(async () => {
      store = await childStore(kind);
      stack = await startDemoStack({
        emulator: {
          tenants: [{ seed: 12, rooms: ROOMS }],
          profile: 'realistic',
          timeScale: K,
          traffic: { ssoTokenLifetimeSeconds: TOKEN_SECONDS, accessTokenLifetimeSeconds: TOKEN_SECONDS },
        },
        databaseUrl: store.env.DATABASE_URL,
        worker: { pollMs: 50 },
      });
      // The seed leaves about 30 % of rooms needing action; the jobs below need more: changes made outside our app.
      let changed = 0;
      for (const mailbox of stack.emulator.tenant().mailboxes.values()) {
        if (changed >= EXTRA_MISCONFIGURED) break;
        if (mailbox.recipientTypeDetails !== 'RoomMailbox' || mailbox.calendarProcessing.DeleteComments) continue;
        mailbox.calendarProcessing.DeleteComments = true;
        changed += 1;
      }
    });
    afterAll(async () => {
      await stack?.close();
      await store?.remove();
    });

    it(`a full sync of ${ROOMS} rooms outlives every token it started with and reads each mailbox once`, async () => {
      await resetStats(stack);
      const started = await call(stack, 'global-admin', '/api/sync', { method: 'POST', body: { kind: 'full' } });
      assert.equal(started.status, 202, JSON.stringify(started.body));
      const sync = await until(
        'sync',
        () => currentSync(stack),
        (run) => run.status !== 'running',
      );
      assert.equal(sync.status, 'succeeded', JSON.stringify(sync));
      const counters = await stats(stack);
      // Entra answered refresh-token grants all along: the run outlived its SSO token many times over.
      const runSeconds = (Date.parse(sync.finishedAt) - Date.parse(sync.startedAt)) / 1000;
      assert.ok(runSeconds * K > 3 * TOKEN_SECONDS, `the run should outlive several token lifetimes (${runSeconds} s × ${K})`);
      assert.ok((counters.tokens.grants.refresh_token ?? 0) >= 3, JSON.stringify(counters.tokens));
      assert.deepEqual(counters.tokens.failures, {}, 'no grant was refused');
      assert.equal(served(counters, 'InvokeCommand Get-CalendarProcessing'), await mailboxReads(stack), 'each mailbox read exactly once');
      const summary = (await call(stack, 'global-admin', '/api/summary')).body;
      assert.equal(summary.byStatus.ungraded, 0, JSON.stringify(summary.byStatus));
      assert.ok(summary.total >= ROOMS, `${summary.total} accounts`);
      console.log(
        `# long sync [${kind}]: ${summary.total} accounts in ${runSeconds.toFixed(1)} s (${Math.round(runSeconds * K)} s emulated, tokens live ${TOKEN_SECONDS} s); ` +
          `${counters.tokens.grants.refresh_token ?? 0} grant renewals, ${counters.tokens.grants.obo ?? 0} on-behalf-of exchanges, ${served(counters, 'InvokeCommand Get-CalendarProcessing')} mailbox reads`,
      );
    });

    it(`a bulk apply of ${BULK} rooms outlives its tokens and writes each setting at most once`, async () => {
      const ids = await needsActionIds(stack, BULK);
      await resetStats(stack);
      const started = await call(stack, 'global-admin', '/api/jobs/apply-recommended', { method: 'POST', body: { accountIds: ids } });
      assert.equal(started.status, 202, JSON.stringify(started.body));
      const job = await until(
        'job',
        () => jobOf(stack, started.body.jobId),
        (j) => j.finishedAt !== null,
      );
      const counters = await stats(stack);
      assert.equal(
        job.counts.applied + job.counts.skipped + job.counts.refused + job.counts.failed,
        ids.length,
        JSON.stringify(job.counts),
      );
      assert.ok(job.counts.applied > ids.length / 2, JSON.stringify(job.counts));
      // What may fail is only what no role can fix here (no free seat, a place to create), each with its reason.
      for (const result of job.results.filter((r: { status: string }) => r.status === 'failed'))
        assert.ok(result.reason, JSON.stringify(result));
      assert.ok((counters.tokens.grants.refresh_token ?? 0) >= 3, JSON.stringify(counters.tokens));
      assertWrittenAtMostOnce(counters);
      const seconds = (Date.parse(job.finishedAt) - Date.parse(job.createdAt)) / 1000;
      console.log(
        `# long bulk [${kind}]: ${JSON.stringify(job.counts)} in ${seconds.toFixed(1)} s (${Math.round(seconds * K)} s emulated); ${counters.tokens.grants.refresh_token ?? 0} grant renewals; ${Object.values(counters.writes).reduce((a, b) => a + b, 0)} writes, none twice`,
      );
    });

    it('a job whose refresh token is revoked half-way waits for a sign-in, then finishes with nothing applied twice', async () => {
      const ids = await needsActionIds(stack, 300);
      await resetStats(stack);
      const started = await call(stack, 'exchange-admin', '/api/jobs/apply-recommended', { method: 'POST', body: { accountIds: ids } });
      assert.equal(started.status, 202, JSON.stringify(started.body));
      const jobId = started.body.jobId as string;
      await until(
        'some progress',
        () => jobOf(stack, jobId),
        (j) => j.counts.applied + j.counts.skipped + j.counts.refused + j.counts.failed >= 30,
      );
      await revokeSessions(stack, 'exchange-admin');
      const waiting = await until(
        'pause',
        () => jobOf(stack, jobId),
        (j) => j.status === 'waiting_for_signin' || j.finishedAt !== null,
      );
      assert.equal(waiting.status, 'waiting_for_signin', JSON.stringify(waiting.counts));
      assert.equal(waiting.waitingFor.userPrincipalName.split('@')[0], 'ethan.exchange');
      assert.match(waiting.waitingFor.reason, /AADSTS50173/);
      const doneAtPause = waiting.counts.applied + waiting.counts.skipped + waiting.counts.refused + waiting.counts.failed;
      assert.ok(doneAtPause < ids.length, 'the revocation should land before the job ends');
      // It stays paused: no task fails for want of a sign-in.
      await sleep(500);
      const still = await jobOf(stack, jobId);
      assert.equal(still.status, 'waiting_for_signin');
      assert.equal(still.counts.failed, waiting.counts.failed);
      // The admin opens the tab again: a new sign-in renews the grant and the job goes on.
      const me = await call(stack, 'exchange-admin', '/api/me');
      assert.equal(me.status, 200);
      const job = await until(
        'job',
        () => jobOf(stack, jobId),
        (j) => j.finishedAt !== null,
      );
      assert.equal(
        job.counts.applied + job.counts.skipped + job.counts.refused + job.counts.failed,
        ids.length,
        JSON.stringify(job.counts),
      );
      assert.equal(
        job.results.filter((r: { reason: string | null }) => /AADSTS|sign in again/i.test(r.reason ?? '')).length,
        0,
        'no task failed for the sign-in',
      );
      const counters = await stats(stack);
      assertWrittenAtMostOnce(counters);
      assert.ok((counters.tokens.failures.AADSTS50173 ?? 0) >= 1, JSON.stringify(counters.tokens));
    });

    it('another admin takes over a job waiting for a sign-in; the audit log names them', async () => {
      // Enough rooms to outlast the access token the job starts with (60 emulated seconds, 3 real): with 40 tasks in
      // flight, 120 rooms once finished before the revocation could bite, and there was nothing to take over.
      const ids = await needsActionIds(stack, 400);
      assert.equal(ids.length, 400);
      const started = await call(stack, 'exchange-admin', '/api/jobs/apply-recommended', { method: 'POST', body: { accountIds: ids } });
      const jobId = started.body.jobId as string;
      await revokeSessions(stack, 'exchange-admin');
      const paused = await until(
        'pause',
        () => jobOf(stack, jobId),
        (j) => j.status === 'waiting_for_signin' || j.finishedAt !== null,
      );
      assert.equal(paused.status, 'waiting_for_signin', `the job ended before the revocation landed: ${JSON.stringify(paused.counts)}`);
      const taken = await call(stack, 'global-admin', `/api/jobs/${jobId}/take-over`, { method: 'POST' });
      assert.equal(taken.status, 200, JSON.stringify(taken.body));
      assert.match(taken.body.actingAs, /^grace\.global@/);
      const job = await until(
        'job',
        () => jobOf(stack, jobId),
        (j) => j.finishedAt !== null,
      );
      assert.equal(
        job.counts.applied + job.counts.skipped + job.counts.refused + job.counts.failed,
        ids.length,
        JSON.stringify(job.counts),
      );
      const audit = await auditOfJob(stack, job);
      const handOver = audit.find((e: { setting: string }) => e.setting === 'bulk job: acting admin');
      assert.ok(handOver, 'the hand-over is audited');
      assert.match(handOver.actorUpn, /^grace\.global@/);
      assert.match(String(handOver.before.actingAs), /^ethan\.exchange@/);
      // Changes after the hand-over are made, and audited, as the admin who took over.
      assert.ok(
        audit.some(
          (e: { actorUpn: string; setting: string }) => /^grace\.global@/.test(e.actorUpn) && e.setting !== 'bulk job: acting admin',
        ),
      );
      // Sign exchange-admin back in for the tests that follow.
      await call(stack, 'exchange-admin', '/api/me');
    });

    it('a sync whose refresh token is revoked half-way keeps what it read and continues after a sign-in', async () => {
      await resetStats(stack);
      const started = await call(stack, 'global-admin', '/api/sync', { method: 'POST', body: { kind: 'full' } });
      assert.equal(started.status, 202);
      await until(
        'calendar phase',
        () => currentSync(stack),
        (run) => run.phase === 'mailboxSettings' && run.done >= 300,
      );
      await revokeSessions(stack, 'global-admin');
      const paused = await until(
        'pause',
        () => currentSync(stack),
        (run) => run.status !== 'running',
      );
      assert.equal(paused.status, 'waiting_for_signin', JSON.stringify(paused));
      assert.match(paused.waitingFor, /^grace\.global@/);
      const readAtPause = served(await stats(stack), 'InvokeCommand Get-CalendarProcessing');
      assert.ok(readAtPause < (await mailboxReads(stack)), 'the revocation should land before the sync ends');
      // Opening the tab again continues the sync where it stopped.
      assert.equal((await call(stack, 'global-admin', '/api/me')).status, 200);
      const resumed = await until(
        'resumed sync',
        () => currentSync(stack),
        (run) => run.id !== paused.id && run.status !== 'running',
      );
      assert.equal(resumed.status, 'succeeded', JSON.stringify(resumed));
      assert.equal(resumed.resumeFrom, paused.startedAt, 'the new run continues the paused one');
      const counters = await stats(stack);
      assert.equal(
        served(counters, 'InvokeCommand Get-CalendarProcessing'),
        await mailboxReads(stack),
        'nothing read twice, nothing left unread',
      );
      assert.equal((await call(stack, 'global-admin', '/api/summary')).body.byStatus.ungraded, 0);
    });
  });
}

/** Mailboxes a full sync reads calendar processing of: the resource accounts found with a mailbox. */
async function mailboxReads(stack: DemoStack): Promise<number> {
  const { rows } = await stack.api.services.db.query<{ n: number }>(
    `select count(*)::int as n from account_snapshots where tenant_id = $1 and sources -> 'mailbox' ->> 'status' = 'ok'`,
    [stack.emulator.tenantId],
  );
  return rows[0]?.n ?? 0;
}

/** Every audit entry of one job: all pages since it was created (400 rooms make more entries than one page holds). */
async function auditOfJob(stack: DemoStack, job: { id: string; createdAt: string }) {
  const entries: { jobId: string | null; setting: string; actorUpn: string; before: Record<string, unknown> }[] = [];
  let cursor: string | null = null;
  do {
    const query = new URLSearchParams({ limit: '500', from: job.createdAt });
    if (cursor) query.set('cursor', cursor);
    const body = (await call(stack, 'global-admin', `/api/audit?${query}`)).body as { items: typeof entries; nextCursor: string | null };
    entries.push(...body.items);
    cursor = body.nextCursor;
  } while (cursor);
  return entries.filter((entry) => entry.jobId === job.id);
}

async function needsActionIds(stack: DemoStack, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let page = 1; ids.length < count; page += 1) {
    const body = (await call(stack, 'global-admin', `/api/accounts?status=needsAction&pageSize=500&page=${page}`)).body;
    ids.push(...body.items.map((item: { id: string }) => item.id));
    if (body.items.length < 500) break;
  }
  return ids.slice(0, count);
}
