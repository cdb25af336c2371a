import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, it } from 'vitest';
import type { RunningEmulator } from '../../emulator/src/index.ts';
import type { Admission, CallInfo, TrafficGate } from '../../emulator/src/limits/types.ts';
import { startTenant } from '../helpers/tenant.ts';
import { EXCHANGE_SCOPE, GRAPH_SCOPE, oboToken } from '../helpers/tokens.ts';
import { addUser, graph } from './graphFixtures.ts';

/** A gate the test steers: a verdict per API name, everything else admitted; it records what it saw. */
class ScriptedGate implements TrafficGate {
  readonly verdicts = new Map<string, Admission>();
  readonly seen: CallInfo[] = [];
  released = 0;

  async admit(call: CallInfo): Promise<Admission> {
    this.seen.push(call);
    return this.verdicts.get(call.api) ?? { kind: 'admit', release: () => (this.released += 1) };
  }
}

describe('emulator: Graph $batch and traffic', () => {
  let emulator: RunningEmulator;
  const gate = new ScriptedGate();
  let admin: string;

  beforeAll(async () => {
    emulator = await startTenant({ tenants: [{ seed: 24, rooms: 3 }], gate });
    admin = await oboToken(emulator, 'global-admin', GRAPH_SCOPE);
  });
  afterAll(() => emulator.close());

  const batch = (requests: unknown[], token = admin) => graph(emulator, token, '/$batch', { method: 'POST', body: { requests } });

  it('answers 200 with each inner status, correlated by id', async () => {
    const user = addUser(emulator.tenant(), 'gt-batch-one');
    const reply = await batch([
      { id: '1', method: 'GET', url: `/users/${user.id}?$select=displayName` },
      { id: '2', method: 'GET', url: 'users/no-such-user/licenseDetails' },
      { id: '3', method: 'GET', url: '/subscribedSkus' },
      {
        id: '4',
        method: 'GET',
        url: `/users?$count=true&$top=1&$filter=${encodeURIComponent("displayName eq 'gt-batch-one'")}`,
        headers: { ConsistencyLevel: 'eventual' },
      },
    ]);
    assert.equal(reply.status, 200);
    const byId = new Map(reply.body.responses?.map((response) => [response.id, response]));
    assert.equal(byId.get('1')?.status, 200);
    assert.equal(byId.get('1')?.body?.displayName, 'gt-batch-one');
    assert.equal(byId.get('2')?.status, 404);
    assert.equal(byId.get('2')?.body?.error?.code, 'Request_ResourceNotFound');
    assert.equal(byId.get('3')?.status, 200);
    assert.equal(byId.get('4')?.status, 200);
    assert.equal(byId.get('4')?.body?.['@odata.count'], 1);
    assert.match(byId.get('1')?.headers['Content-Type'] ?? '', /^application\/json/);
  });

  it('refuses malformed envelopes as a whole with 400', async () => {
    const many = Array.from({ length: 21 }, (_, index) => ({ id: String(index + 1), method: 'GET', url: '/organization' }));
    const tooMany = await batch(many);
    assert.equal(tooMany.status, 400);
    assert.equal(tooMany.body.error?.code, 'BadRequest');
    assert.match(tooMany.body.error?.message ?? '', /limit of 20/);
    assert.equal((await batch(many.slice(0, 20))).status, 200);

    const duplicate = await batch([
      { id: '1', method: 'GET', url: '/organization' },
      { id: '1', method: 'GET', url: '/me' },
    ]);
    assert.equal(duplicate.status, 400);
    const noContentType = await batch([{ id: '1', method: 'PATCH', url: '/users/x', body: { accountEnabled: true } }]);
    assert.equal(noContentType.status, 400);
    assert.equal(noContentType.body.error?.message, 'Write request id : 1 does not contain a Content-Type header or body.');
    const unknownDependency = await batch([{ id: '1', method: 'GET', url: '/me', dependsOn: ['9'] }]);
    assert.equal(unknownDependency.status, 400);
    const cycle = await batch([
      { id: '1', method: 'GET', url: '/me', dependsOn: ['2'] },
      { id: '2', method: 'GET', url: '/me', dependsOn: ['1'] },
    ]);
    assert.equal(cycle.status, 400);
    const exchangeToken = await batch([{ id: '1', method: 'GET', url: '/me' }], await oboToken(emulator, 'global-admin', EXCHANGE_SCOPE));
    assert.equal(exchangeToken.status, 401);
  });

  it('runs dependsOn in order and answers 424 after a failed dependency', async () => {
    const user = addUser(emulator.tenant(), 'gt-batch-chain');
    const json = { 'Content-Type': 'application/json' };
    const chained = await batch([
      { id: 'patch', method: 'PATCH', url: `/users/${user.id}`, headers: json, body: { accountEnabled: false } },
      { id: 'read', method: 'GET', url: `/users/${user.id}?$select=accountEnabled`, dependsOn: ['patch'] },
    ]);
    const byId = new Map(chained.body.responses?.map((response) => [response.id, response]));
    assert.equal(byId.get('patch')?.status, 204);
    assert.equal(byId.get('patch')?.body, undefined);
    assert.equal(byId.get('read')?.status, 200);
    assert.equal(byId.get('read')?.body?.accountEnabled, false);

    const failed = await batch([
      { id: '1', method: 'PATCH', url: '/users/no-such-user', headers: json, body: { accountEnabled: true } },
      { id: '2', method: 'GET', url: '/organization', dependsOn: ['1'] },
      { id: '3', method: 'GET', url: '/organization', dependsOn: ['2'] },
      { id: '4', method: 'GET', url: '/organization' },
    ]);
    const statuses = Object.fromEntries(failed.body.responses?.map((response) => [response.id, response.status]) ?? []);
    assert.deepEqual(statuses, { '1': 404, '2': 424, '3': 424, '4': 200 });
  });

  it('admits every inner request through the gate on its own, so one can be throttled inside a 200', async () => {
    const user = addUser(emulator.tenant(), 'gt-batch-throttle');
    gate.verdicts.set('GET /users/{id}/licenseDetails', {
      kind: 'throttle',
      retryAfterSeconds: 7,
      scope: 'Tenant_Application/ReadWrite/test',
      reason: 'ResourceUnitLimitExceeded',
    });
    const before = gate.seen.length;
    const throttledBefore = emulator.context.stats.snapshot().throttled['GET /users/{id}/licenseDetails'] ?? 0;
    try {
      const reply = await batch([
        { id: 'a', method: 'GET', url: `/users/${user.id}/licenseDetails` },
        { id: 'b', method: 'GET', url: `/users/${user.id}?$select=id` },
      ]);
      assert.equal(reply.status, 200);
      const byId = new Map(reply.body.responses?.map((response) => [response.id, response]));
      const throttled = byId.get('a');
      assert.equal(throttled?.status, 429);
      assert.equal(throttled?.headers['Retry-After'], '7');
      assert.equal(throttled?.headers['x-ms-throttle-scope'], 'Tenant_Application/ReadWrite/test');
      assert.equal(throttled?.headers['x-ms-throttle-information'], 'ResourceUnitLimitExceeded');
      assert.equal(throttled?.body?.error?.code, 'TooManyRequests');
      assert.equal(byId.get('b')?.status, 200);
      const calls = gate.seen.slice(before);
      assert.deepEqual(calls.map((call) => call.api).sort(), ['GET /users/{id}', 'GET /users/{id}/licenseDetails']);
      assert.deepEqual(calls.map((call) => [call.service, call.isWrite, call.resourceUnits]).sort(), [
        ['graph', false, 1],
        ['graph', false, 2],
      ]);

      const direct = await graph(emulator, admin, `/users/${user.id}/licenseDetails`);
      assert.equal(direct.status, 429);
      assert.equal(direct.headers.get('retry-after'), '7');
      assert.equal(emulator.context.stats.snapshot().throttled['GET /users/{id}/licenseDetails'], throttledBefore + 2);
    } finally {
      gate.verdicts.clear();
    }
  });

  it('passes writes and the room mailbox to the gate, and releases every admitted call', async () => {
    const user = addUser(emulator.tenant(), 'gt-batch-write');
    const releasedBefore = gate.released;
    const before = gate.seen.length;
    const reply = await graph(emulator, admin, `/users/${user.id}`, { method: 'PATCH', body: { accountEnabled: false } });
    assert.equal(reply.status, 204);
    const [call] = gate.seen.slice(before);
    assert.equal(call?.api, 'PATCH /users/{id}');
    assert.equal(call?.isWrite, true);
    assert.equal(call?.tenantId, emulator.tenantId);
    assert.equal(call?.appId, emulator.clientId);
    assert.ok(call?.userId);
    assert.equal(gate.released, releasedBefore + 1);
    await graph(emulator, admin, `/places/${encodeURIComponent(user.userPrincipalName)}`);
    assert.equal(gate.seen.at(-1)?.mailbox, user.userPrincipalName);
  });

  it('answers injected faults with 503/504 and drops the connection when told to', async () => {
    gate.verdicts.set('GET /organization', { kind: 'fault', status: 503 });
    gate.verdicts.set('GET /subscribedSkus', { kind: 'fault', status: 504 });
    gate.verdicts.set('GET /me', { kind: 'drop' });
    try {
      const unavailable = await graph(emulator, admin, '/organization');
      assert.equal(unavailable.status, 503);
      assert.equal(unavailable.body.error?.code, 'serviceNotAvailable');
      assert.ok(unavailable.headers.get('retry-after'));
      const timeout = await graph(emulator, admin, '/subscribedSkus');
      assert.equal(timeout.status, 504);
      assert.equal(timeout.body.error?.code, 'gatewayTimeout');
      await assert.rejects(graph(emulator, admin, '/me'));
      const inner = await batch([{ id: 'x', method: 'GET', url: '/me' }]);
      assert.equal(inner.status, 200);
      assert.equal(inner.body.responses?.[0]?.status, 504);
      const faults = emulator.context.stats.snapshot().faults;
      assert.equal(faults['GET /organization'], 1);
      assert.equal(faults['GET /me'], 2);
    } finally {
      gate.verdicts.clear();
    }
  });
});
