import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { API_ROUTES, openApiDocument } from '../../api/src/http/routes/openapi.ts';
import type { Services } from '../../api/src/services.ts';
import { startDemoStack, type DemoStack } from '../helpers/api.ts';
import { apiRoutes, routeName } from '../helpers/apiRoutes.ts';

/** Every `METHOD /path` the Express app serves under /api, in OpenAPI's `{param}` form. */
function expressRoutes(): string[] {
  // Building the routers reads only the config; no route runs.
  const routes = apiRoutes({ config: { mode: 'demo' } } as unknown as Services);
  return routes.map((route) => routeName(route).replace(/:(\w+)/g, '{$1}')).sort();
}

/** Every `$ref` in a JSON value. */
function refsIn(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(refsIn);
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, item]) => (key === '$ref' && typeof item === 'string' ? [item] : refsIn(item)));
  }
  return [];
}

describe('api: OpenAPI document', () => {
  let stack: DemoStack;
  beforeAll(async () => {
    stack = await startDemoStack({ emulator: { tenants: [{ seed: 9, rooms: 10 }] } });
  });
  afterAll(() => stack.close());

  it('documents exactly the routes Express serves', () => {
    const documented = API_ROUTES.map((route) => `${route.method.toUpperCase()} ${route.path}`).sort();
    assert.deepEqual(documented, expressRoutes());
    const document = openApiDocument() as { paths: Record<string, Record<string, unknown>> };
    const inDocument = Object.entries(document.paths).flatMap(([path, operations]) =>
      Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`),
    );
    assert.deepEqual(inDocument.sort(), documented);
  });

  it('is served without sign-in as OpenAPI 3.1, every reference resolving', async () => {
    const res = await fetch(`${stack.baseUrl}/api/openapi.json`);
    assert.equal(res.status, 200);
    const document = (await res.json()) as {
      openapi: string;
      paths: Record<string, unknown>;
      components: { schemas: Record<string, unknown> };
    };
    assert.equal(document.openapi, '3.1.0');
    assert.deepEqual(document, JSON.parse(JSON.stringify(openApiDocument())));
    for (const ref of new Set(refsIn(document))) {
      const name = /^#\/components\/schemas\/(\w+)$/.exec(ref)?.[1];
      assert.ok(name && name in document.components.schemas, `${ref} does not resolve`);
    }
  });

  it('describes the contract: the /api/me body and the error envelope', async () => {
    const document = openApiDocument() as {
      components: { schemas: Record<string, { required?: string[]; properties?: Record<string, unknown> }> };
    };
    const me = document.components.schemas.MeResponse;
    assert.ok(me?.required?.includes('cloud'));
    const res = await stack.call('global-reader', '/api/me');
    assert.deepEqual(Object.keys(res.body).sort(), Object.keys(me?.properties ?? {}).sort());
    assert.ok(document.components.schemas.ErrorEnvelope?.required?.includes('error'));
  });
});
