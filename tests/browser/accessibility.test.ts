import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, it } from 'vitest';
import {
  openTabContext,
  screenshot,
  seriousAxeViolations,
  startBrowserStack,
  type BrowserStack,
  type TabContext,
} from '../helpers/browser.ts';
import { TeamsHost, type TeamsTheme } from '../helpers/teamsHost.ts';

const THEMES: TeamsTheme[] = ['default', 'dark', 'contrast'];
const themeLabel = (theme: TeamsTheme) => (theme === 'default' ? 'light' : theme);

/**
 * Every page in every Teams theme: axe-core finds no serious or critical violation, and a screenshot of each
 * is written to tests/artifacts/screenshots/ for review.
 */
describe('accessibility and screenshots of every page in every theme', () => {
  let env: BrowserStack;
  let tab: TabContext;
  let accountId: string;
  let jobId: string;

  beforeAll(async () => {
    env = await startBrowserStack({ seed: 5, rooms: 12 });
    await env.stack.sync('global-admin');
    // A Needs Action account Room Accounts can fix (UPN and forced password change ones are left to the admin).
    const candidates: string[] = (await env.stack.call('global-admin', '/api/accounts?status=needsAction&pageSize=100')).body.items.map(
      (item: { id: string }) => item.id,
    );
    for (const id of candidates) {
      if (
        (await env.stack.call('global-admin', `/api/accounts/${id}/plan`, { method: 'POST', body: { recommended: true } })).body.changes
          .length > 0
      ) {
        accountId = id;
        break;
      }
    }
    assert.ok(accountId, 'a fixable Needs Action account');
    // One finished bulk job (and audit entries) to show.
    jobId = (await env.stack.call('global-admin', '/api/jobs/apply-recommended', { method: 'POST', body: { accountIds: [accountId] } }))
      .body.jobId;
    let status = 'queued';
    while (status === 'queued' || status === 'running') {
      await new Promise((resolve) => setTimeout(resolve, 250));
      status = (await env.stack.call('global-admin', `/api/jobs/${jobId}`)).body.status;
    }
    tab = await openTabContext(env.browser, env.origin);
  });
  afterAll(() => env?.close());

  it('every page in the Teams host, in each theme', async () => {
    const problems: string[] = [];
    /** Check the page as it is now in each theme: switch the theme as Teams would, run axe, take a screenshot. */
    const checkInEachTheme = async (host: TeamsHost, name: string) => {
      for (const theme of THEMES) {
        await host.setTheme(theme);
        await host.tab.locator(`[data-testid=app-root][data-theme=${theme}]`).waitFor();
        for (const violation of await seriousAxeViolations(await host.frame()))
          problems.push(`${name} (${themeLabel(theme)}): ${violation}`);
        await screenshot(tab.page, `${name}-${themeLabel(theme)}`);
      }
    };

    const host = await TeamsHost.open(tab.page);
    await host.tab.getByTestId('account-row').first().waitFor();
    await checkInEachTheme(host, 'accounts');
    const frame = await host.frame();
    const visit = async (hash: string, marker: string, name: string) => {
      await frame.evaluate((target) => (window.location.hash = target), hash);
      await host.tab.getByTestId(marker).first().waitFor();
      await checkInEachTheme(host, name);
    };
    await visit(`#/accounts/${accountId}`, 'setting-row', 'account-configuration');
    await visit(`#/accounts/${accountId}?tab=licenses`, 'seats-left', 'account-licenses');
    await visit(`#/accounts/${accountId}?tab=location`, 'account-page', 'account-location');
    await visit(`#/accounts/${accountId}?tab=activity`, 'audit-row', 'account-activity');
    await visit(`#/jobs/${jobId}`, 'job-result', 'job');
    await visit('#/audit', 'audit-row', 'audit');
    await visit('#/baseline', 'baseline-check', 'baseline');

    await host.tab.getByRole('tab', { name: 'Accounts' }).click();
    await host.tab.getByRole('button', { name: 'Apply recommended config' }).click();
    await host.tab.getByTestId('apply-preview').waitFor();
    await checkInEachTheme(host, 'apply-dialog');

    const config = await TeamsHost.open(tab.page, { tab: '/config.html', frameContext: 'settings' });
    await config.tab.getByTestId('config-page').waitFor();
    await checkInEachTheme(config, 'config');

    const consent = await TeamsHost.open(tab.page, { failGetAuthToken: 1 });
    await consent.tab.getByTestId('consent-prompt').waitFor();
    await checkInEachTheme(consent, 'consent');

    assert.deepEqual(problems, []);
  });

  it('the standalone persona picker, in each theme (?theme=)', async () => {
    const problems: string[] = [];
    for (const theme of THEMES) {
      await tab.page.goto(`/?theme=${theme}`);
      await tab.page.getByTestId('persona-picker').waitFor();
      for (const violation of await seriousAxeViolations(tab.page.mainFrame())) problems.push(`${theme}: ${violation}`);
      await screenshot(tab.page, `persona-picker-${themeLabel(theme)}`);
    }
    assert.deepEqual(problems, []);
    assert.deepEqual(tab.errors, []);
  });
});

/**
 * Issue 15: during the first Get Data most rows are not graded yet, and their badge was white on white in the
 * light theme. The pages above are all checked after the sync, so this checks the list while it runs: the
 * realistic traffic profile paces mailbox settings at Exchange's speed, which keeps rows ungraded long enough.
 */
describe('accessibility of the account list during the first sync, in every theme', () => {
  let env: BrowserStack;
  let tab: TabContext;
  beforeAll(async () => {
    env = await startBrowserStack({ seed: 7, rooms: 60 }, { profile: 'realistic' });
    tab = await openTabContext(env.browser, env.origin);
  });
  afterAll(() => env?.close());

  it('ungraded rows pass axe in light, dark and high contrast', async () => {
    const host = await TeamsHost.open(tab.page);
    await host.tab.getByTestId('get-data').getByRole('button', { name: 'Get Data' }).click();
    await host.tab.locator('[data-testid=account-row] [data-status=ungraded]').first().waitFor({ timeout: 30_000 });
    const problems: string[] = [];
    for (const theme of THEMES) {
      await host.setTheme(theme);
      await host.tab.locator(`[data-testid=app-root][data-theme=${theme}]`).waitFor();
      assert.ok((await host.tab.locator('[data-status=ungraded]').count()) > 0, `still syncing in the ${themeLabel(theme)} theme`);
      for (const violation of await seriousAxeViolations(await host.frame()))
        problems.push(`accounts during sync (${themeLabel(theme)}): ${violation}`);
      await screenshot(tab.page, `accounts-syncing-${themeLabel(theme)}`);
    }
    assert.deepEqual(problems, []);
  });
});
