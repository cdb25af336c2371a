import assert from 'node:assert/strict';
import { Agent } from 'node:https';
import { describe, it } from 'vitest';
import { cloudFor, createCloudResolver, instanceFrom } from '../../api/src/auth/cloud.ts';
import type { JsonResponse } from '../../api/src/auth/httpsJson.ts';
import { startDemoStack } from '../helpers/api.ts';

const WORLDWIDE_CONFIG = {
  endpoints: {
    authorityHost: 'https://login.microsoftonline.com',
    graph: 'https://graph.microsoft.com',
    exchange: 'https://outlook.office365.com',
  },
  resources: { graph: 'https://graph.microsoft.com', exchange: 'https://outlook.office365.com' },
};

describe('api: national clouds', () => {
  it('tells the clouds apart from the OpenID configuration', () => {
    assert.equal(instanceFrom({ tenant_region_scope: 'EU', cloud_instance_name: 'microsoftonline.com' }), 'worldwide');
    assert.equal(
      instanceFrom({ tenant_region_scope: 'NA', tenant_region_sub_scope: 'GCC', cloud_instance_name: 'microsoftonline.com' }),
      'gcc',
    );
    assert.equal(
      instanceFrom({ tenant_region_scope: 'USG', tenant_region_sub_scope: 'DODCON', cloud_instance_name: 'microsoftonline.us' }),
      'gccHigh',
    );
    assert.equal(
      instanceFrom({ tenant_region_scope: 'USG', tenant_region_sub_scope: 'DOD', cloud_instance_name: 'microsoftonline.us' }),
      'dod',
    );
    assert.equal(instanceFrom({ tenant_region_scope: 'USG' }), 'gccHigh');
  });

  it('moves default endpoints and token resources to the US Government hosts, and keeps explicit ones', () => {
    const high = cloudFor('gccHigh', WORLDWIDE_CONFIG);
    assert.deepEqual([high.graph, high.exchange], ['https://graph.microsoft.us', 'https://outlook.office365.us']);
    assert.deepEqual(high.resources, { graph: 'https://graph.microsoft.us', exchange: 'https://outlook.office365.us' });
    assert.equal(cloudFor('dod', WORLDWIDE_CONFIG).graph, 'https://dod-graph.microsoft.us');
    const gcc = cloudFor('gcc', WORLDWIDE_CONFIG);
    assert.deepEqual([gcc.graph, gcc.exchange], ['https://graph.microsoft.com', 'https://outlook.office365.com']);
    assert.match(gcc.note ?? '', /GCC/);
    assert.equal(cloudFor('worldwide', WORLDWIDE_CONFIG).note, null);

    const proxied = { ...WORLDWIDE_CONFIG, endpoints: { ...WORLDWIDE_CONFIG.endpoints, graph: 'https://graph-proxy.contoso.com' } };
    const mixed = cloudFor('gccHigh', proxied);
    assert.equal(mixed.graph, 'https://graph-proxy.contoso.com');
    assert.equal(mixed.resources.graph, 'https://graph.microsoft.com');
    assert.equal(mixed.exchange, 'https://outlook.office365.us');
  });

  it('discovers once per tenant, and retries a failed discovery after a minute', async () => {
    let calls = 0;
    let clock = 0;
    let failing = true;
    const fetchJson = async (url: string): Promise<JsonResponse> => {
      calls++;
      assert.equal(url, 'https://login.microsoftonline.com/tid-1/v2.0/.well-known/openid-configuration');
      if (failing) throw new Error('network down');
      return { status: 200, headers: {}, body: { tenant_region_scope: 'USG', tenant_region_sub_scope: 'DODCON' } };
    };
    const resolver = createCloudResolver(WORLDWIDE_CONFIG, new Agent(), { fetchJson, now: () => clock });
    const fallback = await resolver.resolve('tid-1');
    assert.equal(fallback.instance, 'worldwide');
    assert.match(fallback.note ?? '', /could not read/);
    failing = false;
    await resolver.resolve('tid-1');
    assert.equal(calls, 1, 'the fallback is kept for a minute');
    clock += 61_000;
    const [a, b] = await Promise.all([resolver.resolve('tid-1'), resolver.resolve('tid-1')]);
    assert.equal(a.instance, 'gccHigh');
    assert.equal(b, a);
    await resolver.resolve('tid-1');
    assert.equal(calls, 2);
  });

  for (const [region, instance] of [
    ['WW', 'worldwide'],
    ['GCC', 'gcc'],
    ['GCCH', 'gccHigh'],
  ] as const) {
    it(`a ${region} tenant is reported as ${instance} in /api/me, and the app keeps working`, async () => {
      const stack = await startDemoStack({ emulator: { tenants: [{ seed: 11, rooms: 8, region }] } });
      try {
        const me = await stack.call('global-admin', '/api/me');
        assert.equal(me.status, 200);
        assert.equal(me.body.cloud.instance, instance);
        if (instance === 'worldwide') assert.equal(me.body.cloud.note, null);
        else assert.match(me.body.cloud.note, /Unverified there/);
        if (instance === 'gcc') assert.match(me.body.cloud.note, /Pro Management Portal/);
        // The emulator's endpoints were configured explicitly, so they are kept: the calls still reach it.
        assert.equal((await stack.sync('global-admin')).status, 'succeeded');
        assert.ok((await stack.call('global-admin', '/api/accounts')).body.total > 0);
      } finally {
        await stack.close();
      }
    });
  }
});
