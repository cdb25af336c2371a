import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { startDemoStack, type DemoStack } from '../helpers/api.ts';
import { signWithTenantKey, signWithUnknownKey, unsignedToken, validClaims } from '../helpers/forgedTokens.ts';

describe('api: SSO token validation', () => {
  let stack: DemoStack;
  beforeAll(async () => {
    stack = await startDemoStack({ emulator: { tenants: [{ seed: 3, rooms: 10 }] }, jwksCooldownMs: 0 });
  });
  afterAll(() => stack.close());

  const get = async (authorization?: string) => {
    const res = await fetch(`${stack.baseUrl}/api/me`, { headers: authorization ? { authorization } : {} });
    return { status: res.status, body: (await res.json()) as { error?: { code: string; message: string; correlationId: string } } };
  };

  it('accepts a valid demo SSO token and reports the principal and roles', async () => {
    const res = await stack.call('exchange-admin', '/api/me');
    assert.equal(res.status, 200);
    assert.equal(res.body.tenantId, stack.emulator.tenantId);
    assert.deepEqual(
      res.body.roles.map((role: { name: string }) => role.name),
      ['Exchange Administrator'],
    );
  });

  it('serves /api/health without a token', async () => {
    const res = await fetch(`${stack.baseUrl}/api/health`);
    assert.deepEqual(await res.json(), { status: 'ok', mode: 'demo' });
  });

  it('rejects every bad token with 401 invalid_token and no reason in the body', async () => {
    const claims = validClaims(stack.emulator);
    const now = Math.floor(Date.now() / 1000);
    const cases: Record<string, string | undefined> = {
      missing: undefined,
      garbage: 'Bearer not-a-token',
      'alg none': `Bearer ${unsignedToken(claims)}`,
      expired: `Bearer ${await signWithTenantKey(stack.emulator, { ...claims, iat: now - 7200, nbf: now - 7200, exp: now - 3600 })}`,
      'not yet valid': `Bearer ${await signWithTenantKey(stack.emulator, { ...claims, nbf: now + 3600, exp: now + 7200 })}`,
      'wrong audience': `Bearer ${await signWithTenantKey(stack.emulator, { ...claims, aud: 'https://graph.microsoft.com' })}`,
      'wrong issuer': `Bearer ${await signWithTenantKey(stack.emulator, { ...claims, iss: 'https://evil.example/v2.0' })}`,
      'unknown key': `Bearer ${await signWithUnknownKey(claims)}`,
      'missing scope': `Bearer ${await signWithTenantKey(stack.emulator, { ...claims, scp: 'User.Read' })}`,
      'foreign azp': `Bearer ${await signWithTenantKey(stack.emulator, { ...claims, azp: '11111111-2222-4333-8444-555555555555' })}`,
      'tenant not allowed': `Bearer ${await signWithTenantKey(stack.emulator, { ...claims, tid: '99999999-9999-4999-8999-999999999999', iss: `${stack.emulator.baseUrl}/99999999-9999-4999-8999-999999999999/v2.0` })}`,
    };
    for (const [name, authorization] of Object.entries(cases)) {
      const res = await get(authorization);
      assert.equal(res.status, 401, name);
      assert.equal(res.body.error?.code, 'invalid_token', name);
      assert.ok(res.body.error?.correlationId, name);
      assert.doesNotMatch(res.body.error?.message ?? '', /expired|audience|issuer|kid|scope|azp|tenant|alg/i, name);
    }
  });

  it('a token remembered as valid admits only its exact text: the same claims under another signature are refused', async () => {
    const token = await signWithTenantKey(stack.emulator, validClaims(stack.emulator));
    for (let i = 0; i < 3; i += 1) assert.equal((await get(`Bearer ${token}`)).status, 200);
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const flipped = `${signature.slice(0, -2)}${signature.endsWith('AA') ? 'BB' : 'AA'}`;
    assert.equal((await get(`Bearer ${header}.${payload}.${flipped}`)).status, 401);
    assert.equal((await get(`Bearer ${await signWithUnknownKey(validClaims(stack.emulator))}`)).status, 401);
  });

  it('refetches the JWKS when the signing key rotates', async () => {
    await fetch(`${stack.emulator.baseUrl}/emulator/keys/rotate?retire=true`, { method: 'POST' });
    const fresh = await signWithTenantKey(stack.emulator, validClaims(stack.emulator));
    const res = await get(`Bearer ${fresh}`);
    assert.equal(res.status, 200);
  });
});
