import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { startDemoStack, type DemoStack } from '../helpers/api.ts';

/** At Exchange's pace, mailbox settings take minutes: the progress a tab shows must move between stored batches. */
describe('api: sync progress during the mailbox settings phase', () => {
  let stack: DemoStack;
  beforeAll(async () => {
    // The realistic profile paces Get-CalendarProcessing at about 5 a second; 80 rooms stay within one batch of 200.
    stack = await startDemoStack({ emulator: { tenants: [{ seed: 21, rooms: 80 }], profile: 'realistic', timeScale: 2 } });
  });
  afterAll(() => stack.close());

  it('reports a growing count before the first batch is stored', async () => {
    const started = await stack.call('global-admin', '/api/sync', { method: 'POST', body: { kind: 'full' } });
    assert.equal(started.status, 202);
    const seen: number[] = [];
    for (let polls = 0; polls < 400; polls += 1) {
      const { sync } = (await stack.call('global-admin', '/api/sync/current')).body as {
        sync: { status: string; phase: string; done: number; total: number };
      };
      if (sync.status !== 'running') break;
      if (sync.phase === 'mailboxSettings' && sync.done > 0 && sync.done < sync.total) seen.push(sync.done);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await stack.api.services.inventory.idle();
    assert.ok(seen.length > 0, 'the count stayed at 0 until the whole phase was stored');
  });

  it('says when only sign-in health is left: every mailbox read, the signInActivity listing still paced', async () => {
    // Two pages of signInActivity (126 users, 120 a page) against 1 a minute: the second waits out a 429 (30 s at
    // k = 2), well after the 80 mailboxes are read.
    const profile = await fetch(`${stack.emulator.baseUrl}/emulator/profile`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ graphSignInActivityPerMin: 1 }),
    });
    assert.equal(profile.status, 200);
    assert.ok(stack.emulator.tenant().users.size > 120, 'the listing takes two pages');
    const emulatorStats = async () => {
      const stats = (await (await fetch(`${stack.emulator.baseUrl}/emulator/stats`)).json()) as {
        calls: Record<string, number>;
        throttled: Record<string, number>;
      };
      const api = 'InvokeCommand Get-CalendarProcessing';
      return (stats.calls[api] ?? 0) - (stats.throttled[api] ?? 0);
    };
    assert.equal((await fetch(`${stack.emulator.baseUrl}/emulator/stats/reset`, { method: 'POST' })).status, 200);
    const started = await stack.call('global-admin', '/api/sync', { method: 'POST', body: { kind: 'full' } });
    assert.equal(started.status, 202);
    const phases: string[] = [];
    let mailboxes = 0;
    let readWhenSignIns: number | undefined;
    for (let polls = 0; polls < 600; polls += 1) {
      const { sync } = (await stack.call('global-admin', '/api/sync/current')).body as {
        sync: { status: string; phase: string; done: number; total: number };
      };
      if (sync.status !== 'running') break;
      if (phases.at(-1) !== sync.phase) phases.push(sync.phase);
      if (sync.phase === 'mailboxSettings') mailboxes = sync.total;
      if (sync.phase === 'signIns') readWhenSignIns ??= await emulatorStats();
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await stack.api.services.inventory.idle();
    assert.deepEqual(phases.slice(-2), ['mailboxSettings', 'signIns']);
    assert.ok(mailboxes > 0, 'the mailbox phase counted its reads');
    assert.equal(readWhenSignIns, mailboxes, 'every mailbox read once before the phase said sign-in health');
    const list = (await stack.call('global-admin', '/api/accounts?pageSize=500')).body as { items: { signIn?: { state: string } }[] };
    assert.ok(list.items.length > 0);
    assert.ok(
      list.items.every((item) => item.signIn !== undefined),
      'sign-in health read in the end',
    );
  });
});
