import assert from 'node:assert/strict';
import { createPublicKey, type JsonWebKey } from 'node:crypto';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { decodeJwt, SignJWT, type JWK } from 'jose';
import { setLogSink } from '../../api/src/log.ts';
import { ROLE } from '../../emulator/src/index.ts';
import { startDemoStack, type DemoStack } from '../helpers/api.ts';
import { apiRoutes, fillPath, PUBLIC_ROUTES, routeName, WRITE_METHODS, type ApiRoute } from '../helpers/apiRoutes.ts';
import { signWithTenantKey, signWithUnknownKey, unsignedToken, validClaims } from '../helpers/forgedTokens.ts';
import { demoToken } from '../helpers/tenant.ts';

interface AttackCase {
  name: string;
  authorization: string;
  /** What the log line must say about why the token was refused. */
  reason: RegExp;
}

const FOREIGN_CLIENT = '11111111-2222-4333-8444-555555555555';

/**
 * Issue 7 §1: each forged or broken token is sent to every authenticated `/api` route (read from the
 * Express router, so new routes are covered), and each answer is a bare 401 `invalid_token`. The reason
 * is in the log line with the same correlation id, never in the body.
 */
describe('reliability: token attack table against every /api route', () => {
  let stack: DemoStack;
  let routes: ApiRoute[];
  let cases: AttackCase[];
  const logLines: string[] = [];
  let params: Record<string, string>;

  beforeAll(async () => {
    stack = await startDemoStack({
      emulator: {
        tenants: [
          { seed: 7, rooms: 12 },
          { seed: 8, rooms: 4 },
        ],
      },
      worker: false,
    });
    setLogSink((line) => logLines.push(line));
    routes = apiRoutes(stack.api.services);
    const tenants = [...stack.emulator.context.tenants.keys()];
    const foreignTenant = tenants.find((id) => id !== stack.emulator.tenantId) as string;
    params = { id: '00000000-0000-4000-8000-000000000001' };
    cases = await attackCases(stack, foreignTenant);
  });
  afterAll(async () => {
    setLogSink((line) => process.stdout.write(`${line}\n`));
    await stack.close();
  });

  const send = async (route: ApiRoute, authorization: string | undefined) => {
    const res = await fetch(`${stack.baseUrl}${fillPath(route, params)}`, {
      method: route.method,
      headers: {
        ...(authorization ? { authorization } : {}),
        ...(WRITE_METHODS.has(route.method) ? { 'content-type': 'application/json' } : {}),
      },
      body: WRITE_METHODS.has(route.method) ? '{}' : undefined,
    });
    const text = await res.text();
    return { status: res.status, text, headers: res.headers };
  };

  it('finds the routes from the app itself, and only the documented ones are public', async () => {
    const names = routes.map(routeName);
    for (const expected of [
      'GET /api/me',
      'GET /api/accounts/:id',
      'PATCH /api/accounts/:id',
      'PUT /api/baseline',
      'POST /api/jobs/:id/cancel',
      'GET /api/audit',
    ]) {
      assert.ok(names.includes(expected), `${expected} is missing from ${names.join(', ')}`);
    }
    for (const route of routes) {
      const anonymous = await send(route, undefined);
      if (PUBLIC_ROUTES.includes(routeName(route))) assert.notEqual(anonymous.status, 401, `${routeName(route)} is documented as public`);
      else assert.equal(anonymous.status, 401, `${routeName(route)} answered ${anonymous.status} without a token: ${anonymous.text}`);
    }
  });

  it('a valid token passes authentication on every route (the control for the table below)', async () => {
    const valid = `Bearer ${await stack.token('global-reader')}`;
    for (const route of routes.filter((candidate) => !PUBLIC_ROUTES.includes(routeName(candidate)))) {
      const res = await send(route, valid);
      assert.notEqual(res.status, 401, `${routeName(route)}: ${res.text}`);
    }
  });

  it('every attack on every authenticated route is a bare 401 invalid_token, and the log records why', async () => {
    const protectedRoutes = routes.filter((route) => !PUBLIC_ROUTES.includes(routeName(route)));
    let genericMessage: string | undefined;
    let attempts = 0;
    for (const attack of cases) {
      for (const route of protectedRoutes) {
        const label = `${attack.name} → ${routeName(route)}`;
        const res = await send(route, attack.authorization);
        attempts += 1;
        assert.equal(res.status, 401, `${label}: ${res.text}`);
        assert.equal(res.headers.get('www-authenticate'), 'Bearer error="invalid_token"', label);
        const body = JSON.parse(res.text) as { error: Record<string, unknown> };
        assert.deepEqual(Object.keys(body), ['error'], label);
        assert.deepEqual(Object.keys(body.error).sort(), ['code', 'correlationId', 'message'], label);
        assert.equal(body.error.code, 'invalid_token', label);
        genericMessage ??= String(body.error.message);
        assert.equal(body.error.message, genericMessage, `${label}: the message must not vary with the reason`);
        const token = attack.authorization.replace(/^Bearer /, '');
        if (token) assert.ok(!res.text.includes(token), `${label}: the body echoes the token`);
        const correlationId = String(body.error.correlationId);
        assert.equal(res.headers.get('x-correlation-id'), correlationId, label);
        const failure = logLines
          .map((line) => JSON.parse(line) as Record<string, unknown>)
          .find((entry) => entry.event === 'request_failed' && entry.correlationId === correlationId);
        assert.ok(failure, `${label}: no request_failed log line for ${correlationId}`);
        assert.equal(failure.code, 'invalid_token', label);
        assert.match(String(failure.reason), attack.reason, label);
      }
      logLines.length = 0;
    }
    assert.doesNotMatch(genericMessage ?? '', /expired|audience|issuer|kid|key|scope|azp|client|tenant|alg|signature|nbf|exp/i);
    assert.equal(attempts, cases.length * protectedRoutes.length);
    assert.ok(cases.length >= 12 && protectedRoutes.length >= 15, `${cases.length} cases × ${protectedRoutes.length} routes`);
  });
});

/** The twelve attacks (plus a missing header), each bending one thing of an otherwise valid token. */
async function attackCases(stack: DemoStack, foreignTenant: string): Promise<AttackCase[]> {
  const { emulator } = stack;
  const claims = validClaims(emulator);
  const now = Math.floor(Date.now() / 1000);
  const signed = (overrides: Record<string, unknown>) => signWithTenantKey(emulator, { ...claims, ...overrides });
  const bearer = (token: string) => `Bearer ${token}`;

  // Tampered: a real no-role token whose payload is edited to claim Global Administrator, signature kept.
  const real = await demoToken(emulator, 'no-role');
  const [header, , signature] = real.split('.');
  const elevated = Buffer.from(JSON.stringify({ ...decodeJwt(real), wids: [ROLE.globalAdmin] })).toString('base64url');

  // Key confusion: HS256 with the tenant's published RSA public key (from the public JWKS) as the HMAC secret.
  const jwks = (await (await fetch(`${emulator.baseUrl}/${emulator.tenantId}/discovery/v2.0/keys`)).json()) as { keys: JWK[] };
  const published = jwks.keys[0] as JWK;
  const pem = createPublicKey({ key: published as JsonWebKey, format: 'jwk' }).export({ type: 'spki', format: 'pem' });
  const hmacWithPublicKey = await new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT', kid: published.kid })
    .sign(new TextEncoder().encode(String(pem)));

  return [
    { name: 'no Authorization header', authorization: '', reason: /missing or malformed/ },
    { name: 'alg none', authorization: bearer(unsignedToken(claims)), reason: /algorithm not allowed/ },
    {
      name: 'expired',
      authorization: bearer(await signed({ iat: now - 7200, nbf: now - 7200, exp: now - 3600 })),
      reason: /token expired/,
    },
    { name: 'not yet valid', authorization: bearer(await signed({ nbf: now + 3600, exp: now + 7200 })), reason: /claim nbf failed/ },
    { name: 'wrong aud', authorization: bearer(await signed({ aud: 'https://graph.microsoft.com' })), reason: /claim aud failed/ },
    {
      name: 'wrong iss',
      authorization: bearer(await signed({ iss: 'https://login.evil.example/contoso/v2.0' })),
      reason: /unexpected issuer/,
    },
    {
      name: 'a tenant not allowed (a real token of another tenant)',
      authorization: bearer(await demoToken(emulator, 'global-admin', foreignTenant)),
      reason: /tenant .* not allowed/,
    },
    { name: 'signed by an unknown key', authorization: bearer(await signWithUnknownKey(claims)), reason: /no signing key matches/ },
    { name: 'tampered payload', authorization: bearer(`${header}.${elevated}.${signature}`), reason: /signature verification failed/ },
    {
      name: 'missing access_as_user',
      authorization: bearer(await signed({ scp: 'User.Read openid profile' })),
      reason: /scope access_as_user missing/,
    },
    { name: 'foreign azp', authorization: bearer(await signed({ azp: FOREIGN_CLIENT })), reason: /not pre-authorized/ },
    { name: 'HS256 keyed with the RSA public key', authorization: bearer(hmacWithPublicKey), reason: /algorithm not allowed/ },
    { name: 'garbage', authorization: 'Bearer not.a.jwt', reason: /JWS Protected Header is invalid/ },
    { name: 'garbage in another scheme', authorization: 'Basic dXNlcjpwYXNz', reason: /missing or malformed/ },
  ];
}
