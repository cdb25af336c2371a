import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { seedManifest } from '../../emulator/src/index.ts';
import { startDemoStack, type DemoStack } from '../helpers/api.ts';
import { launchBrowser, openTabContext, type TabContext } from '../helpers/browser.ts';
import { TeamsHost } from '../helpers/teamsHost.ts';

/** The journeys of an admin inside Teams, in order: they share one tenant, as one admin's session would. */
describe('tab in Teams: accounts journeys', () => {
  let stack: DemoStack;
  let browser: Browser;
  let tab: TabContext;
  let host: TeamsHost;
  let fixable: string;

  before(async () => {
    [stack, browser] = await Promise.all([startDemoStack({ emulator: { tenants: [{ seed: 3, rooms: 24 }] } }), launchBrowser()]);
    const manifest = seedManifest(stack.emulator.tenant());
    const id = manifest.byScenario['delete-comments']?.[0];
    assert.ok(id, 'the seed has a room whose only fault is DeleteComments');
    fixable = id;
    tab = await openTabContext(browser, stack.baseUrl);
  });
  after(async () => {
    await browser?.close();
    await stack?.close();
  });

  it('first time: offers Get Data, shows its progress, then lists the accounts', async () => {
    host = await TeamsHost.open(tab.page);
    const getData = host.tab.getByTestId('get-data');
    await getData.getByRole('button', { name: 'Get Data' }).click();
    await host.tab.getByTestId('sync-progress').first().waitFor();
    await host.tab.getByTestId('account-row').first().waitFor({ timeout: 20_000 });
    await host.tab.getByTestId('sync-progress').waitFor({ state: 'detached', timeout: 20_000 });
    const summary = (await stack.call('global-admin', '/api/summary')).body;
    assert.equal(await host.tab.getByTestId('card-all').locator('span').first().textContent(), String(summary.total));
    assert.equal(await host.tab.getByTestId('list-count').textContent(), `${summary.total} accounts`);
    const calls = await host.calls();
    for (const func of ['initialize', 'getContext', 'authentication.getAuthToken', 'appInitialization.success']) {
      assert.ok(calls.some((call) => call.func === func), `the tab called ${func}`);
    }
  });

  it('filters Needs Action from its card and keeps the filter in the URL', async () => {
    await host.tab.getByTestId('card-needsAction').click();
    const summary = (await stack.call('global-admin', '/api/summary')).body;
    await host.tab.getByTestId('list-count').filter({ hasText: `${summary.byStatus.needsAction} accounts` }).waitFor();
    const frame = await host.frame();
    assert.match(frame.url(), /#\/accounts\?status=needsAction$/);
    const statuses = await host.tab.getByTestId('account-row').locator('[data-status]').evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-status')));
    assert.ok(statuses.length > 0);
    assert.deepEqual([...new Set(statuses)], ['needsAction']);
  });

  it('exports the current filter as CSV whose rows match the list', async () => {
    const download = tab.page.waitForEvent('download');
    await host.tab.getByRole('button', { name: 'Export' }).click();
    const file = await download;
    assert.match(file.suggestedFilename(), /^room-accounts-.*\.csv$/);
    const csv = readFileSync(await file.path(), 'utf8').trim().split(/\r?\n/);
    const upns = csv.slice(1).map((line) => line.split(',')[1]);
    const listed = await host.tab.getByTestId('account-row').locator('[data-col=upn]').allTextContents();
    assert.deepEqual([...upns].sort(), [...listed].sort());
  });

  it('opens an account, fixes one setting, saves after the preview, and shows No Action Needed', async () => {
    await host.tab.locator(`[data-account-id="${fixable}"] [data-testid=account-link]`).click();
    const page = host.tab.getByTestId('account-page');
    await page.waitFor();
    assert.equal(await page.getByTestId('account-status').locator('[data-status]').getAttribute('data-status'), 'needsAction');
    const row = page.locator('[data-check=deleteComments]');
    assert.equal(await row.getAttribute('data-mark'), 'fail');
    await row.getByRole('switch').click();
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    const dialog = host.tab.getByTestId('plan-dialog');
    await dialog.getByTestId('planned-change').first().waitFor();
    assert.equal(await dialog.getByTestId('planned-change').count(), 1);
    assert.match((await dialog.getByTestId('planned-change').textContent()) ?? '', /Keep the meeting body.*On.*Off/);
    await host.tab.getByRole('button', { name: 'Confirm' }).click();
    await page.getByTestId('save-result').filter({ hasText: 'Your changes have been saved successfully' }).waitFor();
    assert.equal(await page.getByTestId('account-status').locator('[data-status]').getAttribute('data-status'), 'noActionNeeded');
    assert.equal(await row.getAttribute('data-mark'), 'pass');
  });

  it('copies a deep link that opens the same account when Teams opens the tab with it', async () => {
    const page = host.tab.getByTestId('account-page');
    await page.getByRole('button', { name: 'Copy link' }).click();
    const link = await page.getByTestId('deep-link').inputValue();
    const url = new URL(link);
    assert.equal(url.origin, 'https://teams.microsoft.com');
    assert.match(url.pathname, new RegExp(`^/l/entity/${host.options.appId}/room-accounts$`));
    const context = JSON.parse(url.searchParams.get('context') ?? '{}') as { subEntityId?: string };
    assert.equal(context.subEntityId, fixable);
    assert.ok(url.searchParams.get('webUrl')?.endsWith(`#/accounts/${fixable}`));

    const other = await openTabContext(browser, stack.baseUrl);
    try {
      const opened = await TeamsHost.open(other.page, { subPageId: context.subEntityId });
      await opened.tab.locator(`[data-testid=account-page][data-account-id="${fixable}"]`).waitFor();
      assert.deepEqual(other.errors, []);
    } finally {
      await other.context.close();
    }
  });

  it('applies recommended config to all Needs Action accounts as a job that survives a reload', async () => {
    await host.tab.getByRole('link', { name: 'Resource accounts' }).click();
    await host.tab.getByRole('button', { name: 'Apply recommended config' }).click();
    const needsAction = (await stack.call('global-admin', '/api/summary')).body.byStatus.needsAction as number;
    assert.ok(needsAction > 1);
    await host.tab.getByTestId('apply-preview').waitFor();
    assert.equal(await host.tab.getByTestId('apply-count').textContent(), `${needsAction} accounts will get the tenant's recommended values. Each change is audited.`);
    assert.ok((await host.tab.getByTestId('apply-preview').locator('li').count()) > 0, 'the preview lists changes');
    await host.tab.getByRole('button', { name: `Apply to ${needsAction} accounts` }).click();
    await host.tab.getByTestId('job-page').waitFor();

    // Teams reloads the tab at its contentUrl: the list offers the running job again.
    await tab.page.reload();
    await host.tab.getByRole('link', { name: 'View its progress' }).click();
    const job = host.tab.getByTestId('job-page');
    await job.and(host.tab.locator('[data-status=succeeded], [data-status=failed]')).waitFor({ timeout: 45_000 });
    const counts = await job.getByTestId('job-counts').locator('[data-count]').allTextContents();
    const total = counts.map((text) => Number(text.split(': ')[1])).reduce((a, b) => a + b, 0);
    assert.equal(total, needsAction);
    assert.equal(await job.getByTestId('job-result').count(), needsAction);
    assert.equal(await job.getByTestId('job-result').and(host.tab.locator('[data-status=applied]')).count(), needsAction);
    await job.getByText('Your changes have been saved successfully').waitFor();

    await host.tab.getByRole('link', { name: 'Back to resource accounts' }).click();
    await host.tab.getByTestId('card-needsAction').locator('span').first().filter({ hasText: /^0$/ }).waitFor();
    assert.deepEqual(tab.errors, []);
  });
});
