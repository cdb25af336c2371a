import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, it } from 'vitest';
import type { RunningEmulator } from '../../emulator/src/index.ts';
import { ConcurrencyLimiter } from '../../emulator/src/limits/concurrency.ts';
import type { TrafficKnobs } from '../../emulator/src/limits/knobs.ts';
import { identityResourceUnits, ProfileGate } from '../../emulator/src/limits/profileGate.ts';
import { trafficSettings, type ProfileName } from '../../emulator/src/limits/profiles.ts';
import { throttleHeaders } from '../../emulator/src/limits/throttleHeaders.ts';
import { TokenBucket } from '../../emulator/src/limits/tokenBucket.ts';
import type { Admission, CallInfo } from '../../emulator/src/limits/types.ts';
import { startTenant } from '../helpers/tenant.ts';
import { EXCHANGE_SCOPE, GRAPH_SCOPE, oboToken } from '../helpers/tokens.ts';

/** A gate on a hand-driven clock whose sleeps are recorded, not waited. */
function gateOn(profile: ProfileName, knobs: Partial<TrafficKnobs> = {}, tenantUsers = 30) {
  const clock = { now: 0 };
  const sleeps: number[] = [];
  const gate = new ProfileGate(trafficSettings(profile, knobs), {
    tenantUsers: () => tenantUsers,
    now: () => clock.now,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
  });
  return { gate, clock, sleeps };
}

const graphRead: CallInfo = {
  service: 'graph',
  api: 'GET /users',
  tenantId: 't1',
  appId: 'app1',
  userId: 'u1',
  isWrite: false,
  resourceUnits: 2,
};
const graphWrite: CallInfo = { ...graphRead, api: 'PATCH /users/{id}', isWrite: true, resourceUnits: 1 };
const cmdlet = (userId: string, isWrite = false): CallInfo => ({
  service: 'exchange',
  api: isWrite ? 'InvokeCommand Set-CalendarProcessing' : 'InvokeCommand Get-CalendarProcessing',
  tenantId: 't1',
  appId: 'app1',
  userId,
  isWrite,
  resourceUnits: 1,
});

function throttle(admission: Admission): Extract<Admission, { kind: 'throttle' }> & { retryAfterMs?: number } {
  assert.equal(admission.kind, 'throttle', `expected a throttle, got ${admission.kind}`);
  return admission as Extract<Admission, { kind: 'throttle' }>;
}

describe('emulator limits: token bucket and concurrency math', () => {
  it('refills evenly over its window and reports the wait for a cost', () => {
    const bucket = new TokenBucket(10, 1000, 0);
    assert.equal(bucket.waitMs(10, 0), 0);
    bucket.take(10, 0);
    assert.equal(bucket.waitMs(1, 0), 100);
    assert.equal(bucket.waitMs(3, 0), 300);
    assert.equal(bucket.waitMs(1, 50), 50);
    assert.equal(bucket.available(100), 1);
    assert.equal(bucket.available(5000), 10, 'never above capacity');
    bucket.take(10, 5000);
    assert.equal(bucket.waitMs(25, 5000), 1000, 'a cost above capacity waits for a full bucket, not forever');
  });

  it('takes concurrency slots under every claim or none, and releases once', () => {
    const limiter = new ConcurrencyLimiter();
    const first = limiter.tryAcquire([
      { key: 'user', limit: 2 },
      { key: 'tenant', limit: 1 },
    ]);
    assert.ok(first.ok);
    const refused = limiter.tryAcquire([
      { key: 'user', limit: 2 },
      { key: 'tenant', limit: 1 },
    ]);
    assert.ok(!refused.ok);
    assert.equal(refused.refused.key, 'tenant');
    assert.equal(limiter.current('user'), 1, 'the refused call left the user count untouched');
    first.release();
    first.release();
    assert.equal(limiter.current('user'), 0);
    assert.equal(limiter.current('tenant'), 0);
  });

  it('sizes the Graph identity quota by tenant users (S/M/L)', () => {
    assert.equal(identityResourceUnits(49), 3500);
    assert.equal(identityResourceUnits(50), 5000);
    assert.equal(identityResourceUnits(500), 5000);
    assert.equal(identityResourceUnits(501), 8000);
  });
});

describe('emulator limits: the profile gate', () => {
  it('a read is worked out during its latency and answered after it; a write is admitted only after it', async () => {
    const clock = { now: 0 };
    const pending: { ms: number; end: () => void }[] = [];
    const gate = new ProfileGate(trafficSettings('realistic'), {
      tenantUsers: () => 30,
      now: () => clock.now,
      sleep: (ms) => new Promise<void>((end) => pending.push({ ms, end })),
    });
    const read = await gate.admit({ ...graphRead, read: true });
    assert.equal(read.kind, 'admit', 'a read is admitted before its latency has passed');
    const answerAt = (read as Extract<Admission, { kind: 'admit' }>).answerAt;
    assert.ok(answerAt, 'with the latency still to wait for');
    let answered = false;
    void answerAt.then(() => (answered = true));
    await Promise.resolve();
    assert.equal(answered, false);
    assert.equal(pending.length, 1);
    assert.ok(pending[0]!.ms >= 60 && pending[0]!.ms <= 120, `a realistic Graph latency: ${pending[0]!.ms} ms`);
    pending[0]!.end();
    await answerAt;

    let written = false;
    const write = gate.admit(graphWrite).then((admission) => ((written = true), admission));
    await Promise.resolve();
    assert.equal(written, false, 'a write waits for its latency before it is admitted');
    assert.equal(pending.length, 2);
    pending[1]!.end();
    const admitted = await write;
    assert.equal(admitted.kind, 'admit');
    assert.equal((admitted as Extract<Admission, { kind: 'admit' }>).answerAt, undefined);
  });

  it('none admits everything at once, with no delay', async () => {
    const { gate, sleeps } = gateOn('none');
    for (let index = 0; index < 5000; index += 1) assert.equal((await gate.admit(index % 2 ? graphWrite : cmdlet('u1'))).kind, 'admit');
    assert.deepEqual(sleeps, []);
  });

  it('realistic: Graph identity resource units per app+tenant, with Retry-After from the refill time', async () => {
    const { gate, clock } = gateOn('realistic', { graphLatencyMs: [0, 0] }, 30);
    for (let index = 0; index < 1750; index += 1) assert.equal((await gate.admit(graphRead)).kind, 'admit', `call ${index}`);
    const verdict = throttle(await gate.admit(graphRead));
    assert.equal(verdict.reason, 'ResourceUnitLimitExceeded');
    assert.equal(verdict.scope, 'Tenant_Application/ReadWrite/app1/t1');
    assert.equal(verdict.retryAfterSeconds, 1);
    assert.equal(verdict.retryAfterMs, undefined, 'no millisecond hint when time is not scaled');
    assert.equal((await gate.admit({ ...graphRead, appId: 'app2' })).kind, 'admit', 'another app has its own bucket');
    assert.equal((await gate.admit({ ...graphRead, tenantId: 't2' })).kind, 'admit', 'another tenant has its own bucket');
    clock.now += 10_000;
    assert.equal((await gate.admit(graphRead)).kind, 'admit');
  });

  it('realistic: Graph writes per app+tenant (3,000 / 150 s) and per tenant across apps', async () => {
    const { gate } = gateOn('realistic', { graphLatencyMs: [0, 0] }, 5000);
    for (let index = 0; index < 3000; index += 1) assert.equal((await gate.admit(graphWrite)).kind, 'admit', `write ${index}`);
    const verdict = throttle(await gate.admit(graphWrite));
    assert.equal(verdict.reason, 'WriteLimitExceeded');
    assert.equal(verdict.scope, 'Tenant_Application/Write/app1/t1');

    const small = gateOn('realistic', { graphLatencyMs: [0, 0], graphAppWritesPer150s: 3, graphTenantWritesPer5min: 5 }).gate;
    for (let index = 0; index < 3; index += 1) assert.equal((await small.admit(graphWrite)).kind, 'admit');
    assert.equal(throttle(await small.admit(graphWrite)).scope, 'Tenant_Application/Write/app1/t1');
    for (let index = 0; index < 2; index += 1) assert.equal((await small.admit({ ...graphWrite, appId: 'app2' })).kind, 'admit');
    const tenantWide = throttle(await small.admit({ ...graphWrite, appId: 'app2' }));
    assert.equal(tenantWide.scope, 'Tenant/Write/app2/t1');
    assert.equal(tenantWide.retryAfterSeconds, 60, '5 writes per 300 s: one refills in 60 s');
    assert.equal((await small.admit(graphRead)).kind, 'admit', 'reads still pass while writes are throttled');
  });

  it('realistic: Exchange allows 3 concurrent calls per user and 9 per tenant, then answers 429', async () => {
    const { gate } = gateOn('realistic', { exchangeLatencyMs: [0, 0] });
    const held: Admission[] = [];
    for (let index = 0; index < 3; index += 1) held.push(await gate.admit(cmdlet('u1')));
    assert.deepEqual(
      held.map((admission) => admission.kind),
      ['admit', 'admit', 'admit'],
    );
    const perUser = throttle(await gate.admit(cmdlet('u1')));
    assert.equal(perUser.reason, 'ConcurrencyLimitExceeded');
    assert.equal(perUser.scope, 'User/Concurrency/u1/t1');
    for (const user of ['u2', 'u3']) for (let index = 0; index < 3; index += 1) held.push(await gate.admit(cmdlet(user)));
    const perTenant = throttle(await gate.admit(cmdlet('u4')));
    assert.equal(perTenant.scope, 'Tenant/Concurrency/t1');
    const first = held[0];
    if (first?.kind === 'admit') first.release();
    assert.equal((await gate.admit(cmdlet('u4'))).kind, 'admit', 'a released slot is free again');
  });

  it('realistic: Exchange budgets 25 cmdlets per 5 s per user', async () => {
    const { gate, clock } = gateOn('realistic', { exchangeLatencyMs: [0, 0] });
    for (let index = 0; index < 25; index += 1) {
      const admission = await gate.admit(cmdlet('u1'));
      assert.equal(admission.kind, 'admit');
      if (admission.kind === 'admit') admission.release();
    }
    const verdict = throttle(await gate.admit(cmdlet('u1')));
    assert.equal(verdict.reason, 'CmdletRateLimitExceeded');
    assert.equal(verdict.retryAfterSeconds, 1);
    assert.equal((await gate.admit(cmdlet('u2'))).kind, 'admit', 'another user has their own budget');
    clock.now += 200;
    assert.equal((await gate.admit(cmdlet('u1'))).kind, 'admit');
  });

  it('realistic: Graph places calls get 4 concurrent slots per app+mailbox', async () => {
    const { gate } = gateOn('realistic', { graphLatencyMs: [0, 0] });
    const place: CallInfo = { ...graphRead, api: 'GET /places/{id}', mailbox: 'Room1@contoso.com', resourceUnits: 1 };
    for (let index = 0; index < 4; index += 1) assert.equal((await gate.admit(place)).kind, 'admit');
    const verdict = throttle(await gate.admit(place));
    assert.equal(verdict.reason, 'ConcurrencyLimitExceeded');
    assert.equal((await gate.admit({ ...place, mailbox: 'room2@contoso.com' })).kind, 'admit');
  });

  it('realistic latency: Graph 60–120 ms and Exchange 250–400 ms, drawn from the seed', async () => {
    const { gate, sleeps } = gateOn('realistic');
    for (let index = 0; index < 200; index += 1) await gate.admit({ ...graphRead, tenantId: `t${index}` });
    assert.ok(sleeps.every((ms) => ms >= 60 && ms <= 120));
    assert.ok(Math.max(...sleeps) - Math.min(...sleeps) > 40, 'jittered');
    sleeps.length = 0;
    for (let index = 0; index < 20; index += 1) {
      const admission = await gate.admit(cmdlet(`u${index}`));
      if (admission.kind === 'admit') admission.release();
    }
    assert.ok(sleeps.every((ms) => ms >= 250 && ms <= 400));
  });

  it('timeScale k: windows, latencies and Retry-After shrink by k, with an exact x-ms-retry-after-ms', async () => {
    const plain = gateOn('realistic', { graphResourceUnitsPer10s: 10 });
    const scaled = gateOn('realistic', { graphResourceUnitsPer10s: 10, timeScale: 10 });
    for (const { gate } of [plain, scaled]) for (let index = 0; index < 5; index += 1) await gate.admit(graphRead);
    const slow = throttle(await plain.gate.admit(graphRead));
    const fast = throttle(await scaled.gate.admit(graphRead));
    assert.equal(slow.retryAfterSeconds, 2);
    assert.equal(fast.retryAfterSeconds, 1, 'Retry-After stays a whole number of seconds');
    assert.equal(fast.retryAfterMs, 200);
    assert.ok(scaled.sleeps.every((ms) => ms >= 6 && ms <= 12));
    assert.deepEqual(throttleHeaders(fast, 'graph'), {
      'Retry-After': '1',
      'x-ms-throttle-scope': 'Tenant_Application/ReadWrite/app1/t1',
      'x-ms-throttle-information': 'ResourceUnitLimitExceeded',
      'x-ms-retry-after-ms': '200',
    });
    assert.deepEqual(throttleHeaders(slow, 'exchange'), { 'Retry-After': '2' });
  });

  it('chaos: each fault kind appears at about its configured rate, identically for the same seed', async () => {
    const run = async (seed: number) => {
      const { gate, clock } = gateOn('chaos', { seed });
      const kinds: string[] = [];
      for (let index = 0; index < 20_000; index += 1) {
        clock.now += 10;
        const admission = await gate.admit(index % 4 === 0 ? cmdlet(`u${index % 7}`) : graphRead);
        if (admission.kind === 'admit') admission.release();
        kinds.push(admission.kind === 'fault' ? `fault${admission.status}` : admission.kind);
      }
      return { kinds, counters: gate.counters() };
    };
    const { kinds, counters } = await run(42);
    const share = (count: number) => count / 20_000;
    assert.ok(Math.abs(share(counters.injected429) - 0.1) < 0.01, `429 share ${share(counters.injected429)}`);
    assert.ok(Math.abs(share(counters.injected503) - 0.02) < 0.005, `503 share ${share(counters.injected503)}`);
    assert.ok(Math.abs(share(counters.injected504) - 0.01) < 0.004, `504 share ${share(counters.injected504)}`);
    assert.ok(Math.abs(share(counters.dropped) - 0.01) < 0.004, `drop share ${share(counters.dropped)}`);
    assert.ok(Math.abs(counters.slowed / counters.admitted - 0.05) < 0.01, `slow share ${counters.slowed / counters.admitted}`);
    assert.deepEqual(counters.throttled, {}, 'no quota was reached at this pace');
    assert.equal(kinds.filter((kind) => kind === 'fault503').length, counters.injected503);
    assert.deepEqual((await run(42)).kinds, kinds, 'same seed, same verdicts');
    assert.notDeepEqual((await run(43)).kinds, kinds, 'another seed, other verdicts');
  });

  it('switches profile at run time and starts its buckets afresh', async () => {
    const { gate } = gateOn('realistic', { graphResourceUnitsPer10s: 2, graphLatencyMs: [0, 0] });
    await gate.admit(graphRead);
    assert.equal((await gate.admit(graphRead)).kind, 'throttle');
    gate.configure(trafficSettings('none'));
    assert.equal((await gate.admit(graphRead)).kind, 'admit');
    assert.equal(gate.current().profile, 'none');
  });

  it('announces each Exchange budget through Rate-Limit-* so that (Limit − Remaining) / (Reset − now) is its refill rate at any k', async () => {
    for (const [profile, perWindow] of [
      ['realistic', 25],
      ['generous', 500],
    ] as const) {
      for (const k of [1, 10, 20]) {
        const { gate } = gateOn(profile, { timeScale: k, exchangeLatencyMs: [0, 0] });
        const spend = Math.floor(perWindow / 2);
        let quota;
        for (let n = 0; n < spend; n += 1) {
          const admission = await gate.admit(cmdlet('u1'));
          assert.equal(admission.kind, 'admit', `${profile} k=${k}: call ${n} is within the burst`);
          if (admission.kind === 'admit') {
            admission.release();
            quota = admission.quota;
          }
        }
        const measuredAt = Date.now();
        assert.equal(quota?.limit, perWindow);
        assert.equal(quota?.remaining, perWindow - spend);
        const rate = (spend / ((quota?.resetAt ?? 0) - measuredAt)) * 1000;
        const expected = (perWindow / 5) * k;
        assert.ok(Math.abs(rate / expected - 1) < 0.05, `${profile} at k=${k}: announced ${rate.toFixed(1)}/s, budget ${expected}/s`);
      }
    }
  });

  it('offers a generous Exchange budget, 20× the legacy cmdlets and 10× its Set-*, with realistic concurrency', async () => {
    const { gate } = gateOn('generous', { exchangeLatencyMs: [0, 0] });
    const kinds: string[] = [];
    for (let n = 0; n < 500; n += 1) {
      const admission = await gate.admit(cmdlet('u1', n < 200));
      if (admission.kind === 'admit') admission.release();
      kinds.push(admission.kind);
    }
    assert.deepEqual(new Set(kinds), new Set(['admit']), '500 cmdlets, 200 of them Set-*, pass in one burst');
    assert.equal((await gate.admit(cmdlet('u1'))).kind, 'throttle', 'the 501st does not');
    const held = await Promise.all(['u2', 'u2', 'u2'].map((user) => gate.admit(cmdlet(user))));
    assert.equal((await gate.admit(cmdlet('u2'))).kind, 'throttle', '3 in flight per user, as in realistic');
    for (const admission of held) if (admission.kind === 'admit') admission.release();
  });
});

describe('emulator limits over HTTP', () => {
  let emulator: RunningEmulator;
  beforeAll(async () => {
    emulator = await startTenant({ tenants: [{ seed: 3, rooms: 20 }], profile: 'realistic' });
  });
  afterAll(() => emulator.close());

  it('answers a burst of concurrent Exchange calls by one user with 429 and Retry-After', async () => {
    const token = await oboToken(emulator, 'exchange-admin', EXCHANGE_SCOPE);
    const call = () =>
      fetch(`${emulator.baseUrl}/adminapi/beta/${emulator.tenantId}/InvokeCommand`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ CmdletInput: { CmdletName: 'Get-Mailbox', Parameters: { RecipientTypeDetails: 'RoomMailbox' } } }),
      });
    const replies = await Promise.all(Array.from({ length: 8 }, call));
    const statuses = replies.map((reply) => reply.status);
    assert.equal(statuses.filter((status) => status === 200).length, 3, `statuses ${statuses.join(',')}`);
    const refused = replies.filter((reply) => reply.status === 429);
    assert.equal(refused.length, 5);
    for (const reply of refused) assert.match(reply.headers.get('retry-after') ?? '', /^\d+$/);
    await Promise.all(replies.map((reply) => reply.arrayBuffer()));
    assert.ok((emulator.traffic?.counters().throttled.ConcurrencyLimitExceeded ?? 0) >= 5);
  });

  it('answers a burst of Graph calls over the identity quota with 429, Retry-After and the throttle scope', async () => {
    const token = await oboToken(emulator, 'global-reader', GRAPH_SCOPE);
    await fetch(`${emulator.baseUrl}/emulator/profile`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ profile: 'realistic', graphResourceUnitsPer10s: 20 }),
    });
    const replies = await Promise.all(
      Array.from({ length: 30 }, () => fetch(`${emulator.baseUrl}/v1.0/users?$top=5`, { headers: { authorization: `Bearer ${token}` } })),
    );
    const refused = replies.filter((reply) => reply.status === 429);
    assert.ok(refused.length > 0, `statuses ${replies.map((reply) => reply.status).join(',')}`);
    const first = refused[0];
    assert.ok(first);
    assert.match(first.headers.get('retry-after') ?? '', /^\d+$/);
    assert.match(first.headers.get('x-ms-throttle-scope') ?? '', /^Tenant_Application\/ReadWrite\/[^/]+\/[^/]+$/);
    assert.equal(first.headers.get('x-ms-throttle-information'), 'ResourceUnitLimitExceeded');
    await Promise.all(replies.map((reply) => reply.arrayBuffer()));
  });
});

describe('emulator chaos over HTTP', () => {
  let emulator: RunningEmulator;
  beforeAll(async () => {
    emulator = await startTenant({
      tenants: [{ seed: 4, rooms: 10 }],
      profile: 'chaos',
      timeScale: 1000,
      traffic: { seed: 7, rate429: 0.1, rate503: 0.05, rate504: 0.05, rateDrop: 0.05 },
    });
  });
  afterAll(() => emulator.close());

  it('answers Graph calls with each injected fault kind, and drops some connections', async () => {
    const token = await oboToken(emulator, 'global-reader', GRAPH_SCOPE);
    const outcomes: string[] = [];
    for (let index = 0; index < 300; index += 1) {
      try {
        const reply = await fetch(`${emulator.baseUrl}/v1.0/users?$top=1`, { headers: { authorization: `Bearer ${token}` } });
        if (reply.status === 429) assert.ok(reply.headers.get('x-ms-retry-after-ms'), 'time-scaled 429s carry the exact wait');
        await reply.arrayBuffer();
        outcomes.push(String(reply.status));
      } catch {
        outcomes.push('dropped');
      }
    }
    const count = (outcome: string) => outcomes.filter((candidate) => candidate === outcome).length;
    for (const outcome of ['200', '429', '503', '504', 'dropped']) assert.ok(count(outcome) > 0, `${outcome} seen (${outcomes.join(',')})`);
    assert.ok(count('200') > 180, `mostly successes: ${count('200')}`);
    const counters = emulator.traffic?.counters();
    assert.equal(counters?.dropped, count('dropped'));
    assert.equal(counters?.injected503, count('503'));
  });
});
