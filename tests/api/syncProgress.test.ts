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
});
