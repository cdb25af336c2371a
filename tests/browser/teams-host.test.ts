import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { openTabContext, startBrowserStack, type BrowserStack, type TabContext } from '../helpers/browser.ts';
import { TeamsHost } from '../helpers/teamsHost.ts';

/** What Teams itself does around the tab: configuration, themes, consent. */
describe('tab in Teams: host integration', () => {
  let env: BrowserStack;
  const contexts: TabContext[] = [];

  beforeAll(async () => {
    // Fewer tasks in flight than the tenant's accounts, so a bulk apply still has accounts waiting when Cancel comes.
    env = await startBrowserStack({ seed: 4, rooms: 12 }, {}, { concurrency: 4 });
    await env.stack.sync('global-admin');
  });
  afterAll(async () => {
    for (const context of contexts) assert.deepEqual(context.errors, [], 'no page errors, console errors or CSP violations');
    await env?.close();
  });

  const freshTab = async () => {
    const context = await openTabContext(env.browser, env.origin);
    contexts.push(context);
    return context;
  };

  it('the configuration page saves a start view, and the tab opens with that filter', async () => {
    const { page } = await freshTab();
    const config = await TeamsHost.open(page, { tab: '/config.html', frameContext: 'settings' });
    await config.tab.getByTestId('config-page').waitFor();
    await config.tab.getByRole('radio', { name: 'Needs Action' }).check();
    await page.waitForFunction(
      () => (window as unknown as { __host: { calls(f: string): unknown[] } }).__host.calls('settings.setValidityState').length > 0,
    );
    assert.equal(await config.validity(), true);
    const saved = await config.save();
    assert.equal(saved.result, 'success');
    const instance = saved.config as { entityId: string; contentUrl: string; websiteUrl: string; suggestedDisplayName: string };
    assert.equal(instance.entityId, 'accounts');
    assert.equal(instance.contentUrl, `${env.origin}/index.html#/accounts?status=needsAction`);
    assert.equal(instance.websiteUrl, instance.contentUrl);
    assert.equal(instance.suggestedDisplayName, 'Room Accounts: Needs Action');

    // A building start view is only valid once a building is chosen.
    await config.tab.getByRole('radio', { name: 'One building' }).check();
    await page.waitForFunction(() => (window as unknown as { __host: { validity(): boolean } }).__host.validity() === false);

    const channel = await TeamsHost.open(page, { tab: instance.contentUrl, channelId: '19:admins@thread.tacv2' });
    const needsAction = (await env.stack.call('global-admin', '/api/summary')).body.byStatus.needsAction as number;
    await channel.tab
      .getByTestId('list-count')
      .filter({ hasText: `${needsAction} accounts` })
      .waitFor();
    assert.equal(await channel.tab.getByTestId('card-needsAction').getAttribute('aria-pressed'), 'true');
  });

  it('follows theme changes: default, dark and contrast restyle the page', async () => {
    const { page } = await freshTab();
    const host = await TeamsHost.open(page);
    const root = host.tab.getByTestId('app-root');
    await host.tab.getByTestId('account-row').first().waitFor();
    const look = () =>
      root.evaluate((element) => {
        const style = getComputedStyle(element.firstElementChild as Element);
        return { theme: element.getAttribute('data-theme'), background: style.backgroundColor, color: style.color };
      });
    const light = await look();
    assert.equal(light.theme, 'default');
    await host.setTheme('dark');
    await host.tab.locator('[data-testid=app-root][data-theme=dark]').waitFor();
    const dark = await look();
    await host.setTheme('contrast');
    await host.tab.locator('[data-testid=app-root][data-theme=contrast]').waitFor();
    const contrast = await look();
    assert.notEqual(dark.background, light.background);
    assert.notEqual(dark.color, light.color);
    assert.notEqual(contrast.background, dark.background);
    assert.equal(contrast.background, 'rgb(0, 0, 0)');
    assert.equal(contrast.color, 'rgb(255, 255, 255)');
  });

  it("opens in the user's Teams theme", async () => {
    const { page } = await freshTab();
    const host = await TeamsHost.open(page, { theme: 'dark' });
    await host.tab.locator('[data-testid=app-root][data-theme=dark]').waitFor();
  });

  it('a getAuthToken failure leads to the consent prompt; after consent the page works', async () => {
    const { page, context } = await freshTab();
    const host = await TeamsHost.open(page, { failGetAuthToken: 1 });
    const prompt = host.tab.getByTestId('consent-prompt');
    await prompt.waitFor();
    const popup = context.waitForEvent('page');
    await prompt.getByRole('button', { name: 'Grant permission' }).click();
    const authWindow = await popup;
    await authWindow.waitForEvent('close');
    await host.tab.getByTestId('account-row').first().waitFor();
    const calls = await host.calls();
    const authenticate = calls.filter((call) => call.func === 'authentication.authenticate');
    assert.equal(authenticate.length, 1);
    assert.equal(authenticate[0]?.args[0], `${env.origin}/auth-start.html`);
    assert.ok(
      calls.some((call) => call.func === 'authentication.authenticate.success' && call.from === 'auth'),
      'auth-end reported success to Teams',
    );
    assert.ok(
      calls.filter((call) => call.func === 'authentication.getAuthToken').length >= 2,
      'the tab asked for a token again after consent',
    );
  });

  it('a bulk apply can be cancelled: accounts not started yet are left alone', async () => {
    const profile = (knobs: object) =>
      fetch(`${env.stack.emulator.baseUrl}/emulator/profile`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(knobs),
      });
    // Slow Exchange down so the job is still running when Cancel is pressed.
    assert.equal((await profile({ exchangeLatencyMs: [800, 800] })).status, 200);
    try {
      const { page } = await freshTab();
      const host = await TeamsHost.open(page);
      // More accounts than the worker runs at once, so some are still waiting when Cancel comes.
      await host.tab.getByTestId('account-row').first().waitFor();
      await host.tab.getByRole('checkbox', { name: 'Select all loaded accounts' }).check();
      const total = (await env.stack.call('global-admin', '/api/summary')).body.total as number;
      await host.tab
        .getByTestId('list-count')
        .filter({ hasText: `${total} selected` })
        .waitFor();
      await host.tab.getByRole('button', { name: 'Apply recommended config' }).click();
      assert.equal(await host.tab.getByRole('radio', { name: `Selected accounts (${total})` }).isChecked(), true);
      await host.tab.getByTestId('apply-preview').waitFor();
      await host.tab.getByRole('button', { name: `Apply to ${total} accounts` }).click();
      const job = host.tab.getByTestId('job-page');
      await job.getByRole('button', { name: 'Cancel' }).click();
      await host.tab.locator('[data-testid=job-page][data-status=cancelled]').waitFor({ timeout: 30_000 });
      assert.ok(
        (await job.getByTestId('job-result').and(host.tab.locator('[data-status=cancelled]')).count()) > 0,
        'some accounts were cancelled',
      );
      assert.match((await job.locator('[data-count=cancelled]').textContent()) ?? '', /^Cancelled: [1-9]/);
    } finally {
      await profile({ exchangeLatencyMs: [0, 0] });
    }
  });
});
