import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { JobWorker } from '../../api/src/jobs/worker.ts';
import { openTabContext, signInAsPersona, startBrowserStack, type BrowserStack, type TabContext } from '../helpers/browser.ts';

/**
 * Issue 12 in the tab: a bulk apply whose admin's sign-in can no longer be renewed says so on the job page and
 * on the list's banner, and another admin takes it over from the job page.
 */
describe('tab: a bulk apply waiting for a sign-in', () => {
  let env: BrowserStack;
  let tab: TabContext;
  let worker: JobWorker | undefined;

  beforeAll(async () => {
    env = await startBrowserStack({ seed: 5, rooms: 40 });
    tab = await openTabContext(env.browser, env.origin);
  });
  afterAll(async () => {
    await worker?.stop();
    await env?.close();
  });

  it('shows who must sign in, on the job and on the list, and lets another admin take it over', async () => {
    const { stack } = env;
    assert.equal((await stack.sync('global-admin')).status, 'succeeded');
    const ids = (await stack.call('global-admin', '/api/accounts?status=needsAction&pageSize=500')).body.items.map(
      (item: { id: string }) => item.id,
    );
    assert.ok(ids.length >= 5, `${ids.length} accounts need action`);
    // Hold the job until Exchange admin's sessions are revoked, so its first task meets the refusal.
    await stack.api.worker?.stop();
    const started = await stack.call('exchange-admin', '/api/jobs/apply-recommended', { method: 'POST', body: { accountIds: ids } });
    assert.equal(started.status, 202, JSON.stringify(started.body));
    const tenant = stack.emulator.tenant();
    const ethan = tenant.userByIdOrUpn(`ethan.exchange@${tenant.domain}`);
    assert.ok(ethan);
    const revoked = await fetch(`${stack.emulator.baseUrl}/emulator/tenants/${tenant.id}/users/${ethan.id}/revoke-sessions`, {
      method: 'POST',
    });
    assert.equal(revoked.status, 200);
    worker = new JobWorker(stack.api.services.db, stack.api.services.changes, { pollMs: 50, workerId: 'browser-signin' });
    worker.start();

    const { page } = tab;
    await page.goto('/');
    await signInAsPersona(page, 'Global Administrator');

    await page.goto(`/#/jobs/${started.body.jobId}`);
    const waiting = page.getByTestId('job-waiting');
    await waiting.waitFor({ timeout: 20_000 });
    assert.match(await waiting.innerText(), /Waiting for ethan\.exchange@\S+ to sign in/);
    assert.match(await waiting.innerText(), /AADSTS50173/);
    assert.equal(await page.getByTestId('job-page').getAttribute('data-status'), 'waiting_for_signin');

    // The list remembers the job this tab followed, and says what it waits for.
    await page.getByRole('link', { name: 'Back to resource accounts' }).click();
    const banner = page.getByTestId('job-waiting-banner');
    await banner.waitFor({ timeout: 10_000 });
    assert.match(await banner.innerText(), /waiting for ethan\.exchange@\S+ to sign in/);

    await banner.getByRole('link', { name: 'Open the job' }).click();
    await page.getByTestId('job-take-over').filter({ hasText: 'Take over' }).click();
    await page
      .locator('[data-testid=job-page][data-status=succeeded], [data-testid=job-page][data-status=failed]')
      .waitFor({ timeout: 30_000 });
    assert.match(await page.getByTestId('job-page').innerText(), /now acting as grace\.global@/);
    const job = (await stack.call('global-admin', `/api/jobs/${started.body.jobId}`)).body;
    assert.equal(job.counts.pending + job.counts.running, 0, JSON.stringify(job.counts));
    assert.deepEqual(tab.errors, []);
  });
});
