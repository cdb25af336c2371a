import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { startDemoStack, type DemoStack } from '../helpers/api.ts';
import { launchBrowser, openTabContext, type TabContext } from '../helpers/browser.ts';
import { TeamsHost } from '../helpers/teamsHost.ts';

/** What Teams itself does around the tab: configuration, themes, consent. */
describe('tab in Teams: host integration', () => {
  let stack: DemoStack;
  let browser: Browser;
  const contexts: TabContext[] = [];

  before(async () => {
    [stack, browser] = await Promise.all([startDemoStack({ emulator: { tenants: [{ seed: 4, rooms: 12 }] } }), launchBrowser()]);
    await stack.sync('global-admin');
  });
  after(async () => {
    for (const context of contexts) assert.deepEqual(context.errors, [], 'no page errors, console errors or CSP violations');
    await browser?.close();
    await stack?.close();
  });

  const freshTab = async () => {
    const context = await openTabContext(browser, stack.baseUrl);
    contexts.push(context);
    return context;
  };

  it('the configuration page saves a start view, and the tab opens with that filter', async () => {
    const { page } = await freshTab();
    const config = await TeamsHost.open(page, { tab: '/index.html#/config', frameContext: 'settings' });
    await config.tab.getByTestId('config-page').waitFor();
    await config.tab.getByRole('radio', { name: 'Needs Action' }).check();
    await page.waitForFunction(() => (window as unknown as { __host: { calls(f: string): unknown[] } }).__host.calls('settings.setValidityState').length > 0);
    assert.equal(await config.validity(), true);
    const saved = await config.save();
    assert.equal(saved.result, 'success');
    const instance = saved.config as { entityId: string; contentUrl: string; websiteUrl: string; suggestedDisplayName: string };
    assert.equal(instance.entityId, 'room-accounts');
    assert.equal(instance.contentUrl, `${stack.baseUrl}/index.html#/accounts?status=needsAction`);
    assert.equal(instance.websiteUrl, instance.contentUrl);
    assert.equal(instance.suggestedDisplayName, 'Room Accounts: Needs Action');

    // A building start view is only valid once a building is chosen.
    await config.tab.getByRole('radio', { name: 'One building' }).check();
    await page.waitForFunction(() => (window as unknown as { __host: { validity(): boolean } }).__host.validity() === false);

    const channel = await TeamsHost.open(page, { tab: instance.contentUrl, channelId: '19:admins@thread.tacv2' });
    const needsAction = (await stack.call('global-admin', '/api/summary')).body.byStatus.needsAction as number;
    await channel.tab.getByTestId('list-count').filter({ hasText: `${needsAction} accounts` }).waitFor();
    assert.equal(await channel.tab.getByTestId('card-needsAction').getAttribute('aria-pressed'), 'true');
  });

  it('follows theme changes: default, dark and contrast restyle the page', async () => {
    const { page } = await freshTab();
    const host = await TeamsHost.open(page);
    const root = host.tab.getByTestId('app-root');
    await host.tab.getByTestId('account-row').first().waitFor();
    const look = () => root.evaluate((element) => {
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

  it('opens in the user\'s Teams theme', async () => {
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
    assert.equal(authenticate[0]?.args[0], `${stack.baseUrl}/auth-start.html`);
    assert.ok(calls.some((call) => call.func === 'authentication.authenticate.success' && call.from === 'auth'), 'auth-end reported success to Teams');
    assert.ok(calls.filter((call) => call.func === 'authentication.getAuthToken').length >= 2, 'the tab asked for a token again after consent');
  });
});
