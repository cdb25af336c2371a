import assert from 'node:assert/strict';
import { describe, it } from 'vitest';
import { M365Error } from '../../api/src/m365/errors.ts';
import { backoffDelay, parseRetryAfter, withRetries, type RetryPolicy } from '../../api/src/m365/retry.ts';

const policy: RetryPolicy = { deadlineMs: 60_000, maxAttempts: 5, baseDelayMs: 500, maxDelayMs: 30_000 };

function throttled(retryAfterMs?: number): M365Error {
  return new M365Error({
    service: 'graph',
    kind: 'throttled',
    status: 429,
    code: 'TooManyRequests',
    message: 'slow down',
    retryAfterMs,
    transient: true,
  });
}

/** A fake clock: sleeping advances time, so retry schedules are checked without waiting. */
function fakeClock(start = 1_000_000) {
  let now = start;
  const sleeps: number[] = [];
  return {
    now: () => now,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      now += ms;
    },
    sleeps,
  };
}

describe('m365 retry: Retry-After parsing', () => {
  it('reads delta-seconds, HTTP dates and prefers x-ms-retry-after-ms', () => {
    const now = Date.parse('2026-11-24T10:00:00Z');
    assert.equal(parseRetryAfter({ 'retry-after': '7' }, now), 7000);
    assert.equal(parseRetryAfter({ 'retry-after': '0' }, now), 0);
    assert.equal(parseRetryAfter({ 'retry-after': 'Tue, 24 Nov 2026 10:00:30 GMT' }, now), 30_000);
    assert.equal(parseRetryAfter({ 'retry-after': 'Tue, 24 Nov 2026 09:59:00 GMT' }, now), 0, 'a past date means now');
    assert.equal(parseRetryAfter({ 'retry-after': '3', 'x-ms-retry-after-ms': '120' }, now), 120);
    assert.equal(parseRetryAfter({ 'retry-after': 'soon' }, now), undefined);
    assert.equal(parseRetryAfter({}, now), undefined);
  });

  it('backs off exponentially with jitter inside [step/2, step], capped', () => {
    assert.equal(
      backoffDelay(1, policy, () => 0),
      250,
    );
    assert.equal(
      backoffDelay(1, policy, () => 1),
      500,
    );
    assert.equal(
      backoffDelay(3, policy, () => 0),
      1000,
    );
    assert.equal(
      backoffDelay(3, policy, () => 1),
      2000,
    );
    assert.equal(
      backoffDelay(20, policy, () => 1),
      30_000,
    );
  });
});

describe('m365 retry: withRetries', () => {
  it('waits exactly the Retry-After the service asked for, then succeeds', async () => {
    const clock = fakeClock();
    let calls = 0;
    const result = await withRetries(
      async () => {
        calls += 1;
        if (calls < 3) throw throttled(2000);
        return 'ok';
      },
      { policy, idempotent: true, ...clock },
    );
    assert.equal(result, 'ok');
    assert.deepEqual(clock.sleeps, [2000, 2000]);
  });

  it('stops at the deadline with the typed error, marked gaveUp=deadline', async () => {
    const clock = fakeClock();
    const error = await withRetries(
      async () => {
        throw throttled(4000);
      },
      { policy: { ...policy, deadlineMs: 10_000, maxAttempts: 100 }, idempotent: true, ...clock },
    ).catch((failure: unknown) => failure);
    assert.ok(error instanceof M365Error);
    assert.equal(error.kind, 'throttled');
    assert.equal(error.gaveUp, 'deadline');
    assert.equal(error.attempts, 3, 'waits of 4 s fit twice into 10 s');
  });

  it('stops after maxAttempts', async () => {
    const clock = fakeClock();
    let calls = 0;
    const error = await withRetries(
      async () => {
        calls += 1;
        throw throttled(10);
      },
      { policy: { ...policy, maxAttempts: 4 }, idempotent: true, ...clock },
    ).catch((failure: unknown) => failure);
    assert.equal(calls, 4);
    assert.ok(error instanceof M365Error && error.gaveUp === 'attempts' && error.attempts === 4);
  });

  it('never retries permanent failures or non-idempotent calls', async () => {
    const clock = fakeClock();
    let calls = 0;
    const forbidden = new M365Error({
      service: 'graph',
      kind: 'forbidden',
      status: 403,
      code: 'Authorization_RequestDenied',
      message: 'no',
    });
    await assert.rejects(
      withRetries(
        async () => {
          calls += 1;
          throw forbidden;
        },
        { policy, idempotent: true, ...clock },
      ),
      forbidden,
    );
    await assert.rejects(
      withRetries(
        async () => {
          calls += 1;
          throw throttled(10);
        },
        { policy, idempotent: false, ...clock },
      ),
    );
    assert.equal(calls, 2);
    assert.deepEqual(clock.sleeps, []);
  });

  it('uses jittered backoff when no Retry-After came', async () => {
    const clock = fakeClock();
    let calls = 0;
    await withRetries(
      async () => {
        calls += 1;
        if (calls < 4)
          throw new M365Error({
            service: 'exchange',
            kind: 'unavailable',
            status: 503,
            code: 'ServiceUnavailable',
            message: 'later',
            transient: true,
          });
      },
      { policy, idempotent: true, random: () => 1, ...clock },
    );
    assert.deepEqual(clock.sleeps, [500, 1000, 2000]);
  });
});
