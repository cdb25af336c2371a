import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { resourceAccountIds } from '../../emulator/src/index.ts';
import { startDemoStack, type DemoStack } from '../helpers/api.ts';
import { holdAfterFirstUsersPage } from '../helpers/holdUsersPages.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface ListBody {
  items: { id: string; status: string | null; userPrincipalName: string }[];
  total: number;
}

/** Issue 16: a full sync lists, grades and serves each page of Graph users as it arrives. */
describe('api: the list fills in as Graph users pages arrive', () => {
  let stack: DemoStack;
  const hold = holdAfterFirstUsersPage();
  beforeAll(async () => {
    // 1,200 rooms: more resource accounts than one users page of 999 holds (the users span two pages).
    stack = await startDemoStack({ emulator: { tenants: [{ seed: 16, rooms: 1_200 }], gate: hold.gate } });
  });
  afterAll(async () => {
    hold.release();
    await stack.close();
  });

  it('serves graded rows of the first page before the sync finishes, then every account exactly once', async () => {
    const expected = [...resourceAccountIds(stack.emulator.tenant())].sort();
    assert.ok(expected.length > 999, `the seed must span several users pages (${expected.length} resource accounts)`);
    const started = await stack.call('global-admin', '/api/sync', { method: 'POST', body: { kind: 'full' } });
    assert.equal(started.status, 202, JSON.stringify(started.body));

    let early: ListBody | undefined;
    for (let polls = 0; polls < 600 && !early; polls += 1) {
      const list = await stack.call('global-admin', '/api/accounts?pageSize=100&sort=displayName');
      assert.equal(list.status, 200, JSON.stringify(list.body));
      if ((list.body as ListBody).total > 0) early = list.body as ListBody;
      else await sleep(50);
    }
    assert.ok(early, 'no row was served while the second users page was held');
    // Caught between pages: the sync still runs, and what is served came from the first page alone.
    for (let waits = 0; waits < 200 && hold.held() === 0; waits += 1) await sleep(50);
    assert.ok(hold.held() > 0, 'the second users page was never asked for');
    const { sync } = (await stack.call('global-admin', '/api/sync/current')).body as {
      sync: { status: string; phase: string; done: number };
    };
    assert.equal(sync.status, 'running');
    assert.equal(sync.phase, 'users');
    assert.ok(early.total < expected.length && early.total <= 999, `${early.total} rows served from one page of 999 users`);
    assert.ok(
      early.items.every((item) => expected.includes(item.id)),
      'a row that is not a resource account was served',
    );
    // A page is listed in parts: once the whole first page is listed (its count reported), the list and the
    // summary stand still until the held page comes, and count the same rows.
    let listed = 0;
    for (let polls = 0; polls < 200 && listed === 0; polls += 1) {
      listed = ((await stack.call('global-admin', '/api/sync/current')).body as { sync: { done: number } }).sync.done;
      if (listed === 0) await sleep(50);
    }
    assert.ok(listed > 0, 'the first page was never reported listed');
    const whole = (await stack.call('global-admin', '/api/accounts?pageSize=1')).body as ListBody;
    const summary = (await stack.call('global-admin', '/api/summary')).body as { total: number };
    assert.ok(whole.total >= early.total && whole.total <= 999, `${whole.total} rows from the first page, ${early.total} at first`);
    assert.equal(whole.total, listed, 'the list serves every account the sync reports listed');
    assert.equal(summary.total, whole.total, 'the summary counts the same rows');
    // Graded with what is known so far: account and license checks have a verdict, mailbox settings are pending.
    const detail = await stack.call('global-admin', `/api/accounts/${early.items[0]?.id}`);
    assert.equal(detail.status, 200);
    const checks = detail.body.checks as { group: string; result: string }[];
    assert.ok(
      checks.some((check) => check.group === 'account' && (check.result === 'pass' || check.result === 'fail')),
      JSON.stringify(checks.map((c) => [c.group, c.result])),
    );
    assert.equal(detail.body.sources.calendarProcessing.status, 'pending');

    hold.release();
    // The listing is complete (and removals done) once the sync reads mailbox settings; the list is checked then.
    for (let polls = 0; polls < 2_400; polls += 1) {
      const { sync: now } = (await stack.call('global-admin', '/api/sync/current')).body as { sync: { status: string; phase: string } };
      if (now.status !== 'running' || now.phase === 'mailboxSettings') break;
      await sleep(100);
    }
    const ids: string[] = [];
    for (let page = 1; ; page += 1) {
      const list = (await stack.call('global-admin', `/api/accounts?pageSize=500&page=${page}`)).body as ListBody;
      ids.push(...list.items.map((item) => item.id));
      if (list.items.length < 500) break;
    }
    assert.equal(ids.length, new Set(ids).size, 'an account was listed twice');
    assert.deepEqual(ids.sort(), expected);
    assert.equal(hold.usersPages(), 2, 'one request per users page of 999');
    await stack.api.services.inventory.idle();
    const done = (await stack.call('global-admin', '/api/sync/current')).body as { sync: { status: string } };
    assert.equal(done.sync.status, 'succeeded', JSON.stringify(done.sync));
    const final = (await stack.call('global-admin', '/api/accounts?pageSize=1')).body as ListBody;
    assert.equal(final.total, expected.length);
  });
});
