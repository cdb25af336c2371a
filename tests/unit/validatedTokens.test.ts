import assert from 'node:assert/strict';
import { describe, it } from 'vitest';
import { rememberValidatedTokens, type Verified } from '../../api/src/auth/validatedTokens.ts';

/**
 * The cache in front of SSO token verification (issue 16: list and summary p95). What matters is what it must
 * never do: admit a token after its `exp`, remember a refusal, or grow without bound.
 */
function counting(verdicts: Record<string, Verified<{ user: string }> | Error>) {
  const calls: string[] = [];
  const verify = async (token: string) => {
    calls.push(token);
    await Promise.resolve();
    const verdict = verdicts[token];
    if (!verdict || verdict instanceof Error) throw verdict ?? new Error(`unknown token ${token}`);
    return verdict;
  };
  return { calls, verify };
}

describe('auth: validated tokens remembered until their exp', () => {
  it('verifies a token once, then answers from memory; another token is verified on its own', async () => {
    let now = 1_000_000;
    const { calls, verify } = counting({
      a: { value: { user: 'a' }, expiresAt: now + 60_000 },
      b: { value: { user: 'b' }, expiresAt: now + 60_000 },
    });
    const validate = rememberValidatedTokens(verify, { now: () => now });
    assert.deepEqual(await validate('a'), { user: 'a' });
    now += 30_000;
    assert.deepEqual(await validate('a'), { user: 'a' });
    assert.deepEqual(await validate('b'), { user: 'b' });
    assert.deepEqual(calls, ['a', 'b']);
  });

  it('requests that arrive together with a new token share one verification', async () => {
    const { calls, verify } = counting({ a: { value: { user: 'a' }, expiresAt: Date.now() + 60_000 } });
    const validate = rememberValidatedTokens(verify);
    const answers = await Promise.all([validate('a'), validate('a'), validate('a')]);
    assert.deepEqual(answers, [{ user: 'a' }, { user: 'a' }, { user: 'a' }]);
    assert.deepEqual(calls, ['a']);
  });

  it('never remembers a refusal: a bad token is checked in full every time', async () => {
    const { calls, verify } = counting({ bad: new Error('signature verification failed') });
    const validate = rememberValidatedTokens(verify);
    await assert.rejects(validate('bad'), /signature/);
    await assert.rejects(validate('bad'), /signature/);
    assert.deepEqual(calls, ['bad', 'bad']);
  });

  it("stops at the token's exp: the next request verifies again and meets the verifier's verdict", async () => {
    let now = 1_000_000;
    const verdicts: Record<string, Verified<{ user: string }> | Error> = { a: { value: { user: 'a' }, expiresAt: now + 10_000 } };
    const { calls, verify } = counting(verdicts);
    const validate = rememberValidatedTokens(verify, { now: () => now });
    await validate('a');
    now += 9_999;
    await validate('a');
    assert.equal(calls.length, 1);
    now += 2;
    verdicts.a = new Error('token expired');
    await assert.rejects(validate('a'), /expired/);
    assert.equal(calls.length, 2);
  });

  it('trusts a verification no longer than maxAgeMs, however far away exp is', async () => {
    let now = 1_000_000;
    const { calls, verify } = counting({ a: { value: { user: 'a' }, expiresAt: now + 3_600_000 } });
    const validate = rememberValidatedTokens(verify, { now: () => now, maxAgeMs: 5_000 });
    await validate('a');
    now += 4_000;
    await validate('a');
    now += 2_000;
    await validate('a');
    assert.deepEqual(calls, ['a', 'a']);
  });

  it('does not keep a token whose exp has already passed (the verifier tolerates clock skew; we do not)', async () => {
    const now = 1_000_000;
    const { calls, verify } = counting({ a: { value: { user: 'a' }, expiresAt: now - 1_000 } });
    const validate = rememberValidatedTokens(verify, { now: () => now });
    await validate('a');
    await validate('a');
    assert.deepEqual(calls, ['a', 'a']);
  });

  it('keeps at most `max` tokens, dropping the least recently used', async () => {
    const now = 1_000_000;
    const verdicts = Object.fromEntries(['a', 'b', 'c'].map((t) => [t, { value: { user: t }, expiresAt: now + 60_000 }]));
    const { calls, verify } = counting(verdicts);
    const validate = rememberValidatedTokens(verify, { now: () => now, max: 2 });
    await validate('a');
    await validate('b');
    await validate('a');
    await validate('c');
    assert.deepEqual(calls, ['a', 'b', 'c']);
    await validate('a');
    await validate('b');
    assert.deepEqual(calls, ['a', 'b', 'c', 'b']);
  });
});
