import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { accountDetail, type AccountDetail } from '../../contract/index.ts';
import { MAX_FAILURE_READS, rankTrouble, troubleOf } from '../../api/src/inventory/failureReads.ts';
import { seedManifest } from '../../emulator/src/index.ts';
import { startDemoStack, type DemoStack } from '../helpers/api.ts';

const ACTIVITY = 'GET /users $select=signInActivity';
const LOG = 'GET /auditLogs/signIns';

/**
 * Issue 16 (`generous` full sync): the signInActivity listing is held to 10 pages a minute, and reading the
 * sign-in log only after it ended added the log reads' whole time to a large tenant's sync. The log is now read
 * beside the listing, for the most troubled accounts known so far. What must not change: the accounts with the
 * most recent trouble (MAX_FAILURE_READS of them) all have their failures read, and no account's log is read twice.
 */
describe('api: the sign-in log is read while the signInActivity listing is still paced', () => {
  let stack: DemoStack;
  beforeAll(async () => {
    stack = await startDemoStack({ emulator: { tenants: [{ seed: 21, rooms: 80 }], profile: 'realistic', timeScale: 2 } });
  });
  afterAll(() => stack.close());

  it('reads failures before the last activity page, and in the end every one of the most troubled accounts exactly once', async () => {
    const tenant = stack.emulator.tenant();
    const rooms = [...seedManifest(tenant).resourceAccountIds];
    // Every room in trouble (no success for 30 days), each with its own last attempt: more than MAX_FAILURE_READS,
    // ranked without ties.
    const now = Date.now();
    rooms.forEach((id, index) => {
      const attempt = new Date(now - (index + 1) * 60_000).toISOString();
      tenant.signInActivity.set(id, {
        lastSignInDateTime: attempt,
        lastSignInRequestId: null,
        lastNonInteractiveSignInDateTime: null,
        lastNonInteractiveSignInRequestId: null,
        lastSuccessfulSignInDateTime: new Date(now - 30 * 86_400_000).toISOString(),
        lastSuccessfulSignInRequestId: null,
      });
    });
    assert.ok(rooms.length > MAX_FAILURE_READS);
    // Two pages of signInActivity (120 users a page) against 1 a minute: the second waits out a 429 (30 s at k = 2).
    assert.ok(tenant.users.size > 120 && tenant.users.size <= 240, `${tenant.users.size} users: two pages`);
    const profile = await fetch(`${stack.emulator.baseUrl}/emulator/profile`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ graphSignInActivityPerMin: 1 }),
    });
    assert.equal(profile.status, 200);
    assert.equal((await fetch(`${stack.emulator.baseUrl}/emulator/stats/reset`, { method: 'POST' })).status, 200);
    const made = async () => {
      const stats = (await (await fetch(`${stack.emulator.baseUrl}/emulator/stats`)).json()) as {
        calls: Record<string, number>;
        throttled: Record<string, number>;
      };
      const count = (api: string) => (stats.calls[api] ?? 0) - (stats.throttled[api] ?? 0);
      return { activityPages: count(ACTIVITY), logReads: count(LOG) };
    };

    const started = await stack.call('global-admin', '/api/sync', { method: 'POST', body: { kind: 'full' } });
    assert.equal(started.status, 202);
    let readBeforeListingEnded = 0;
    for (let polls = 0; polls < 600; polls += 1) {
      const { sync } = (await stack.call('global-admin', '/api/sync/current')).body as { sync: { status: string } };
      if (sync.status !== 'running') break;
      const { activityPages, logReads } = await made();
      if (activityPages < 2) readBeforeListingEnded = Math.max(readBeforeListingEnded, logReads);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await stack.api.services.inventory.idle();
    const end = await made();
    assert.equal(end.activityPages, 2);
    assert.ok(readBeforeListingEnded > 0, 'no sign-in log was read while the listing waited for its second page');

    const details = new Map<string, AccountDetail>();
    for (const id of rooms) details.set(id, accountDetail.parse((await stack.call('global-admin', `/api/accounts/${id}`)).body));
    const window = { withinDays: 7, now: new Date() };
    const troubled = new Map(rooms.map((id) => [id, troubleOf(tenant.signInActivity.get(id)!, window)!]));
    const { reading, beyond } = rankTrouble(troubled);
    assert.equal(reading.length, MAX_FAILURE_READS);
    for (const id of reading)
      assert.equal(details.get(id)?.signInHealth?.failures.status, 'ok', `${id}: ${details.get(id)?.signInHealth?.failures.reason}`);
    const beyondStatuses = beyond.map((id) => details.get(id)?.signInHealth?.failures.status);
    assert.ok(
      beyondStatuses.every((status) => status === 'ok' || status === 'notRead'),
      JSON.stringify(beyondStatuses),
    );
    const readAccounts = [...details.values()].filter((detail) => detail.signInHealth?.failures.status === 'ok').length;
    assert.equal(end.logReads, readAccounts, 'each account whose failures show was read once, and no other was read');
    console.log(
      `# reads ahead: ${readBeforeListingEnded} of ${end.logReads} log reads before the listing's last page; ${readAccounts - MAX_FAILURE_READS} beyond the ${MAX_FAILURE_READS} most troubled`,
    );
  });
});
