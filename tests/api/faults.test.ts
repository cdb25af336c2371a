import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { startDemoStack, type DemoStack } from '../helpers/api.ts';

/** Throttling, 5xx and dropped connections must not change what a sync finds. */
describe('api: sync under the chaos profile', () => {
  let stack: DemoStack;
  beforeAll(async () => {
    stack = await startDemoStack({ emulator: { tenants: [{ seed: 21, rooms: 80 }], timeScale: 20 } });
  });
  afterAll(() => stack.close());

  const inventory = async () => {
    const res = await stack.call('global-admin', '/api/accounts?pageSize=500&sort=userPrincipalName');
    assert.equal(res.status, 200);
    const details = await Promise.all(
      (res.body.items as { id: string }[]).map(async (item) => {
        const detail = (await stack.call('global-admin', `/api/accounts/${item.id}`)).body;
        const sources = Object.fromEntries(
          Object.entries(detail.sources as Record<string, { status: string; data?: unknown }>).map(([key, value]) => [
            key,
            { status: value.status, data: value.data },
          ]),
        );
        return { id: detail.id, status: detail.status, warnings: detail.warnings, sources };
      }),
    );
    return details;
  };

  it('a full sync under chaos ends with the same data as under none', async () => {
    assert.equal((await stack.sync('global-admin', 'full')).status, 'succeeded');
    const calm = await inventory();
    const profile = await fetch(`${stack.emulator.baseUrl}/emulator/profile`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ profile: 'chaos', timeScale: 20 }),
    });
    assert.equal(profile.status, 200, await profile.text());
    await fetch(`${stack.emulator.baseUrl}/emulator/stats/reset`, { method: 'POST' });
    const progress = await stack.sync('global-admin', 'full');
    assert.equal(progress.status, 'succeeded', JSON.stringify(progress));
    const stats = (await (await fetch(`${stack.emulator.baseUrl}/emulator/stats`)).json()) as {
      totals: { throttled: number; faults: number };
    };
    assert.ok(stats.totals.throttled + stats.totals.faults > 0, 'chaos injected no fault: the test proves nothing');
    await fetch(`${stack.emulator.baseUrl}/emulator/profile`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ profile: 'none' }),
    });
    assert.deepEqual(await inventory(), calm);
  });
});
