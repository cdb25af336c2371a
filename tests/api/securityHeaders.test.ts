import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, it } from 'vitest';
import express from 'express';
import type { Principal } from '../../api/src/auth/principal.ts';
import { errorHandler } from '../../api/src/http/errorHandler.ts';
import { rateLimit } from '../../api/src/http/rateLimit.ts';
import { securityHeaders, TEAMS_FRAME_ANCESTORS } from '../../api/src/http/securityHeaders.ts';
import { startDemoStack, type DemoStack } from '../helpers/api.ts';

/** The CSP directives of a response, by name. */
function csp(headers: Headers): Map<string, string[]> {
  const value = headers.get('content-security-policy') ?? '';
  return new Map(
    value
      .split(';')
      .map((part) => part.trim().split(/\s+/))
      .map(([name, ...sources]) => [name ?? '', sources]),
  );
}

/** A tiny app around one middleware, listening on an ephemeral port. */
async function serve(app: express.Express): Promise<{ url: string; close: () => Promise<void> }> {
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

describe('api: security headers', () => {
  let stack: DemoStack;
  beforeAll(async () => {
    stack = await startDemoStack({ emulator: { tenants: [{ seed: 7, rooms: 10 }] } });
  });
  afterAll(() => stack.close());

  it('lets only Teams, Microsoft 365 and Outlook frame the app, with no X-Frame-Options', async () => {
    for (const path of ['/api/health', '/api/nowhere', '/']) {
      const res = await fetch(`${stack.baseUrl}${path}`);
      const directives = csp(res.headers);
      assert.deepEqual(directives.get('frame-ancestors'), [...TEAMS_FRAME_ANCESTORS], path);
      assert.deepEqual(directives.get('script-src'), ["'self'"], path);
      assert.deepEqual(directives.get('connect-src'), ["'self'", 'https://res.cdn.office.net'], path);
      assert.equal(res.headers.get('x-frame-options'), null, path);
      assert.equal(res.headers.get('x-content-type-options'), 'nosniff', path);
      assert.equal(res.headers.get('referrer-policy'), 'no-referrer', path);
      assert.equal(res.headers.get('strict-transport-security'), null, `${path}: no HSTS in demo mode (plain http://localhost)`);
      // The consent window Teams opens answers it through window.opener: same-origin COOP would cut that.
      assert.equal(res.headers.get('cross-origin-opener-policy'), null, path);
      assert.equal(res.headers.get('cross-origin-resource-policy'), 'same-origin', path);
      assert.equal(res.headers.get('x-powered-by'), null, path);
    }
  });

  it('the frame-ancestors list is the one Microsoft documents for Teams tabs', () => {
    for (const host of [
      'https://teams.microsoft.com',
      'https://*.teams.microsoft.com',
      'https://*.cloud.microsoft',
      'https://*.microsoft365.com',
      'https://*.office.com',
      'https://outlook.office.com',
      'https://outlook.office365.com',
    ]) {
      assert.ok((TEAMS_FRAME_ANCESTORS as readonly string[]).includes(host), host);
    }
  });

  it('sends HSTS in tenant mode only', async () => {
    const app = express();
    app.use(securityHeaders({ mode: 'tenant' }));
    app.get('/', (_req, res) => res.send('ok'));
    const server = await serve(app);
    try {
      const res = await fetch(server.url);
      assert.match(res.headers.get('strict-transport-security') ?? '', /^max-age=31536000; includeSubDomains$/);
    } finally {
      await server.close();
    }
  });
});

describe('api: write rate limit', () => {
  let stack: DemoStack;
  beforeAll(async () => {
    stack = await startDemoStack({ emulator: { tenants: [{ seed: 8, rooms: 10 }] } });
  });
  afterAll(() => stack.close());

  it('answers 429 rate_limited with Retry-After once a user spends the burst, per user', async () => {
    const write = (persona: string) => stack.call(persona, '/api/accounts/not-an-account', { method: 'PATCH', body: { bogus: true } });
    // The bucket refills at 1 a second while we spend it, so on a slow machine a few more than the burst of 40
    // pass: count until the first 429 and allow exactly what the elapsed time refilled.
    const started = Date.now();
    let allowed = 0;
    let limited = await write('exchange-admin');
    while (limited.status === 400 && allowed < 200) {
      allowed += 1;
      limited = await write('exchange-admin');
    }
    const refilled = Math.floor((Date.now() - started) / 1000) + 1;
    assert.ok(allowed >= 40 && allowed <= 40 + refilled, `${allowed} writes passed before the first 429 (burst 40, ${refilled} refilled)`);
    assert.equal(limited.status, 429);
    assert.equal(limited.body.error.code, 'rate_limited');
    assert.ok(limited.body.error.correlationId);
    assert.equal(limited.body.error.correlationId, limited.headers.get('x-correlation-id'));
    assert.ok(Number(limited.headers.get('retry-after')) >= 1);
    // Reads, other users and demo sign-in are not limited.
    assert.equal((await stack.call('exchange-admin', '/api/me')).status, 200);
    assert.equal((await write('global-reader')).status, 400);
    const demo = await fetch(`${stack.baseUrl}/api/demo/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ persona: 'global-reader' }),
    });
    assert.equal(demo.status, 200);
  });

  it('refills at the sustained rate', async () => {
    let clock = 0;
    const app = express();
    app.use((_req, res, next) => {
      const principal: Principal = {
        tenantId: 't',
        userId: 'u',
        userPrincipalName: 'u@t',
        displayName: 'U',
        roleTemplateIds: [],
        assertion: 'x',
      };
      res.locals.principal = principal;
      res.locals.correlationId = 'c';
      next();
    });
    app.use(rateLimit({ perMinute: 60, burst: 2, now: () => clock }));
    app.post('/write', (_req, res) => res.status(204).end());
    app.use(errorHandler);
    const server = await serve(app);
    try {
      const post = () => fetch(`${server.url}/write`, { method: 'POST' });
      assert.deepEqual([(await post()).status, (await post()).status], [204, 204]);
      const limited = await post();
      assert.equal(limited.status, 429);
      assert.equal(limited.headers.get('retry-after'), '1');
      clock += 1000;
      assert.equal((await post()).status, 204);
      assert.equal((await post()).status, 429);
      clock += 60_000;
      assert.deepEqual([(await post()).status, (await post()).status, (await post()).status], [204, 204, 429]);
    } finally {
      await server.close();
    }
  });
});
