import assert from 'node:assert/strict';
import type { Route } from 'playwright-core';
import { afterAll, beforeAll, describe, it } from 'vitest';
import type { AccountDetail, AccountListResponse, SignInState, SummaryResponse } from '../../contract/index.ts';
import {
  openTabContext,
  screenshot,
  seriousAxeViolations,
  startBrowserStack,
  type BrowserStack,
  type TabContext,
} from '../helpers/browser.ts';
import { TeamsHost, type TeamsTheme } from '../helpers/teamsHost.ts';
import { check, daysAgo, SIGN_IN_HEALTH } from '../tab/fixtures.ts';
import { seedManifest } from '../../emulator/src/index.ts';

const THEMES: TeamsTheme[] = ['default', 'dark', 'contrast'];
const themeLabel = (theme: TeamsTheme) => (theme === 'default' ? 'light' : theme);
const STATES: SignInState[] = ['recent', 'stale', 'never', 'unknown'];

/**
 * The Sign-in tab and the list's Sign-in column in the built tab, in every Teams theme (issue 14): axe finds no
 * serious or critical violation (contrast of the stale warning colour and of the verdict badges included).
 * The API's answers are the real ones with the sign-in fields laid over them, so the tab is checked with every
 * verdict and state whatever the demo tenant's sync reads.
 */
describe('the Sign-in tab and column in the browser, in every theme', () => {
  let env: BrowserStack;
  let tab: TabContext;

  const overlay = async (route: Route) => {
    const url = new URL(route.request().url());
    if (route.request().method() !== 'GET') return route.fallback();
    const response = await route.fetch();
    if (!response.ok()) return route.fulfill({ response });
    if (url.pathname === '/api/summary') {
      const body = (await response.json()) as SummaryResponse;
      return route.fulfill({ response, json: { ...body, notSignedInRecently: 2, signInWithinDays: 7 } });
    }
    if (url.pathname === '/api/accounts') {
      const body = (await response.json()) as AccountListResponse;
      const items = body.items.map((item, index) => {
        const state = STATES[index % STATES.length] ?? 'unknown';
        const lastSuccessfulSignIn = state === 'recent' ? daysAgo(2) : state === 'stale' ? daysAgo(9) : null;
        return { ...item, signIn: { state, lastSuccessfulSignIn, blockingPolicies: index === 1 ? 1 : 0 } };
      });
      return route.fulfill({ response, json: { ...body, items } });
    }
    if (/^\/api\/accounts\/[^/]+$/.test(url.pathname) && !url.pathname.endsWith('.csv')) {
      const body = (await response.json()) as AccountDetail;
      const signInCheck = check({
        id: 'signedInRecently',
        group: 'signIn',
        label: 'Signed in successfully within 7 days',
        severity: 'recommended',
        result: 'fail',
        actual: daysAgo(9),
        expected: 'within 7 days',
      });
      return route.fulfill({
        response,
        json: {
          ...body,
          signIn: { state: 'stale', lastSuccessfulSignIn: daysAgo(9), blockingPolicies: 1 },
          signInHealth: SIGN_IN_HEALTH,
          checks: [...body.checks, signInCheck],
        },
      });
    }
    return route.fulfill({ response });
  };

  beforeAll(async () => {
    env = await startBrowserStack({ seed: 5, rooms: 12 });
    await env.stack.sync('global-admin');
    tab = await openTabContext(env.browser, env.origin);
    await tab.page.route('**/api/**', overlay);
  });
  afterAll(() => env?.close());

  it('the list with the Sign-in column and figure, and the account Sign-in tab, pass axe in light, dark and high contrast', async () => {
    const host = await TeamsHost.open(tab.page);
    await host.tab.locator('[data-col="sign-in"] [data-sign-in-state=stale]').first().waitFor();
    await host.tab.getByTestId('blocked-by-ca').first().waitFor();
    await host.tab.getByTestId('card-not-signed-in').waitFor();
    const problems: string[] = [];
    const checkInEachTheme = async (name: string) => {
      for (const theme of THEMES) {
        await host.setTheme(theme);
        await host.tab.locator(`[data-testid=app-root][data-theme=${theme}]`).waitFor();
        for (const violation of await seriousAxeViolations(await host.frame()))
          problems.push(`${name} (${themeLabel(theme)}): ${violation}`);
        await screenshot(tab.page, `${name}-${themeLabel(theme)}`);
      }
    };
    await checkInEachTheme('accounts-sign-in');

    const id = await host.tab.getByTestId('account-row').first().getAttribute('data-account-id');
    assert.ok(id);
    const frame = await host.frame();
    await frame.evaluate((target) => (window.location.hash = target), `#/accounts/${encodeURIComponent(id)}?tab=signIn`);
    await host.tab.getByTestId('policy-verdict').first().waitFor();
    assert.equal(await host.tab.getByTestId('policy-verdict').count(), 3);
    assert.equal(await host.tab.getByTestId('sign-in-failure').count(), 2);
    await checkInEachTheme('account-sign-in');
    // axe leaves the contrast of what is scrolled out of view undecided: the policies are checked in view too.
    await host.tab.getByTestId('conditional-access').scrollIntoViewIfNeeded();
    await checkInEachTheme('account-sign-in-policies');
    assert.deepEqual(problems, []);
    assert.deepEqual(tab.errors, []);
  });

  it('with what the sync read: the Blocked filter lists the rooms the MFA policy catches, and one shows the policy, its fix and its failures', async () => {
    // A page of its own, without the overlay: the demo tenant's own Conditional Access and sign-in log.
    const real = await openTabContext(env.browser, env.origin);
    try {
      const { conditionalAccess } = seedManifest(env.stack.emulator.tenant()).signIn;
      const blocked = [...new Set([...conditionalAccess.caughtBy.mfaAllUsers, ...conditionalAccess.caughtBy.contractorsTermsOfUse])].sort();
      const host = await TeamsHost.open(real.page);
      await host.tab.getByTestId('account-row').first().waitFor();
      const frame = await host.frame();
      await frame.evaluate(() => (window.location.hash = '#/accounts?signIn=blocked'));
      await host.tab
        .getByTestId('list-count')
        .filter({ hasText: `${blocked.length} account` })
        .waitFor();
      const ids = await host.tab.getByTestId('account-row').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-account-id')));
      assert.deepEqual([...ids].sort(), blocked);

      const caught = conditionalAccess.caughtBy.mfaAllUsers[0] as string;
      await frame.evaluate((target) => (window.location.hash = target), `#/accounts/${encodeURIComponent(caught)}?tab=signIn`);
      const verdict = host.tab.locator(`[data-testid=policy-verdict][data-policy-id="${conditionalAccess.policyIds.mfaAllUsers}"]`);
      await verdict.waitFor();
      assert.equal(await verdict.getAttribute('data-verdict'), 'blocks');
      assert.match((await verdict.textContent()) ?? '', /Require MFA for all users/);
      assert.match((await verdict.getByTestId('policy-fix').textContent()) ?? '', /Teams Rooms devices/);
      assert.match((await verdict.getByTestId('policy-portal-link').getAttribute('href')) ?? '', /^https:\/\/entra\.microsoft\.com\//);
      const failure = host.tab.getByTestId('sign-in-failure').first();
      await failure.waitFor();
      assert.ok(['50076', '53003'].includes((await failure.getAttribute('data-error-code')) ?? ''));
      assert.deepEqual(real.errors, []);
    } finally {
      await real.context.close();
    }
  });
});
