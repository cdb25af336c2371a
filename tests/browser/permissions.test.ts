import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { MESSAGES } from '../../contract/messages.ts';
import { openTabContext, startBrowserStack, type BrowserStack, type TabContext } from '../helpers/browser.ts';
import { TeamsHost } from '../helpers/teamsHost.ts';

/** What each role sees: unreadable data explained; controls the token shows no role for stay enabled, with a hint naming the role. */
describe('tab permissions by role', () => {
  let env: BrowserStack;
  let tab: TabContext;
  let accountId: string;

  beforeAll(async () => {
    env = await startBrowserStack({ seed: 8, rooms: 8 });
    tab = await openTabContext(env.browser, env.origin);
  });
  afterAll(() => env?.close());

  it('a User Administrator gets data without Exchange access: mailbox settings explain why they are missing', async () => {
    const host = await TeamsHost.open(tab.page, { persona: 'user-admin' });
    await host.tab.getByTestId('get-data').getByRole('button', { name: 'Get Data' }).click();
    await host.tab.getByTestId('account-row').first().waitFor({ timeout: 20_000 });
    accountId = (await host.tab.getByTestId('account-row').first().getAttribute('data-account-id')) ?? '';
    await host.tab.getByTestId('account-link').first().click();
    const mailbox = host.tab.getByTestId('pane-Mailbox settings');
    await mailbox.getByTestId('pane-unavailable').waitFor();
    assert.equal(await mailbox.getByTestId('pane-unavailable').textContent(), MESSAGES.permission);
    const account = host.tab.getByTestId('pane-Account settings');
    assert.equal(
      await account.locator('[data-check=passwordNeverExpires]').getByRole('switch').isEnabled(),
      true,
      'a User Administrator may change account settings',
    );
  });

  it("a Global Reader sees everything; edit controls stay enabled with a hint naming the role, and Microsoft 365's refusal names it", async () => {
    await env.stack.sync('global-admin');
    accountId = (await env.stack.call('global-admin', '/api/accounts?status=noActionNeeded&pageSize=1')).body.items[0].id;
    const host = await TeamsHost.open(tab.page, { persona: 'global-reader', tab: `/index.html#/accounts/${accountId}` });
    const page = host.tab.getByTestId('account-page');
    await page.waitFor();
    await host.tab.getByTestId('signed-in-as').filter({ hasText: 'Global Reader' }).waitFor();

    const rows = page.getByTestId('setting-row');
    assert.ok((await rows.count()) > 15, 'account and mailbox settings are all shown');
    const controls = page.locator('[data-testid=setting-row] [data-field]');
    assert.ok((await controls.count()) > 10);
    // The token's roles are a hint: Exchange role groups and scoped roles never show there (issue 11).
    for (const control of await controls.all()) assert.equal(await control.isDisabled(), false);
    assert.ok(
      (await page.getByTestId('setting-current').allTextContents()).every((text) => text.length > 0),
      'every current value is shown',
    );

    const mailboxGate = page.locator('[data-check=deleteComments] [data-role-needed]');
    assert.equal(await mailboxGate.getAttribute('data-role-needed'), 'Exchange Recipient Administrator');
    await mailboxGate.hover();
    await host.tab
      .getByRole('tooltip', {
        name: /^Your sign-in shows no role for this change; Microsoft 365 decides when you save \(you need Exchange Recipient Administrator or an Exchange role group such as Recipient Management/,
      })
      .waitFor();
    assert.equal(
      await page.locator('[data-check=passwordNeverExpires] [data-role-needed]').getAttribute('data-role-needed'),
      'User Administrator',
    );
    assert.equal(await page.getByRole('button', { name: 'Apply recommended config' }).isDisabled(), false);

    // Saving is attempted; Exchange refuses, and the API's message naming the role is shown.
    await page.locator('[data-check=deleteComments]').getByRole('switch').click();
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await host.tab.getByTestId('planned-change').filter({ hasText: 'Microsoft 365 decides when you save' }).first().waitFor();
    await host.tab.getByRole('button', { name: 'Confirm' }).click();
    const refused = host.tab.getByTestId('plan-dialog').getByTestId('error-bar').filter({ hasText: MESSAGES.save });
    await refused.waitFor();
    assert.match((await refused.textContent()) ?? '', /Microsoft 365 refused\. You need the Exchange Recipient Administrator role/);
    await host.tab.getByRole('button', { name: 'Cancel' }).click();

    await page.getByRole('tab', { name: 'Licenses' }).click();
    assert.equal(await page.getByRole('combobox', { name: 'License to assign' }).isDisabled(), false);
    for (const remove of await page.getByRole('button', { name: 'Remove' }).all()) assert.equal(await remove.isDisabled(), false);
    await page.getByRole('tab', { name: 'Location' }).click();
    assert.equal(await page.getByRole('textbox', { name: 'Building' }).isDisabled(), false);

    // The baseline is our own product's policy, decided on the roles the token shows.
    await host.tab.getByRole('tab', { name: 'Baseline' }).click();
    await host.tab.getByTestId('baseline-page').waitFor();
    assert.equal(await host.tab.getByRole('button', { name: 'Save baseline' }).isDisabled(), true);
    await host.tab.getByRole('tab', { name: 'Accounts' }).click();
    assert.equal(await host.tab.getByRole('button', { name: 'Apply recommended config' }).isDisabled(), false);
    assert.deepEqual(
      tab.errors.filter((error) => !/403/.test(error)),
      [],
    );
  });

  it("shows every failure with its situation's message, the API's explanation, a correlation id, and Retry where it helps", async () => {
    const { page } = tab;
    const failWith = (status: number, code: string, message: string) => ({
      status,
      contentType: 'application/json',
      body: JSON.stringify({ error: { code, message, correlationId: `corr-${code}` } }),
    });
    const isPath = (path: string) => (url: URL) => url.pathname === path;
    const summaryUrl = isPath('/api/summary');
    const listUrl = isPath('/api/accounts');
    await page.route(summaryUrl, (route) => route.fulfill(failWith(503, 'upstream_unavailable', 'Microsoft 365 did not answer in time.')));
    await page.route(listUrl, (route) => route.fulfill(failWith(500, 'internal_error', 'Something went wrong on our side.')));
    const host = await TeamsHost.open(page, { persona: 'global-admin' });
    const summaryError = host.tab.getByTestId('error-bar').filter({ hasText: MESSAGES.summary });
    const loadError = host.tab.getByTestId('error-bar').filter({ hasText: MESSAGES.load });
    await summaryError.waitFor();
    await loadError.waitFor();
    assert.equal(await summaryError.getByTestId('correlation-id').textContent(), 'Correlation id: corr-upstream_unavailable');
    assert.match((await loadError.textContent()) ?? '', /Something went wrong on our side\./);
    assert.ok(!((await host.tab.locator('body').textContent()) ?? '').includes('{"error"'), 'no raw JSON on the page');
    await page.unroute(summaryUrl);
    await page.unroute(listUrl);
    await summaryError.getByRole('button', { name: 'Retry' }).click();
    // With the charts above it, the list's error bar keeps its height: its explanation and Retry stay reachable
    // (a bar allowed to shrink was squeezed to its title, Retry under the list's header).
    await host.tab.locator('[data-testid=summary-charts][aria-busy=false]').waitFor();
    assert.equal(await loadError.getByText('Something went wrong on our side.').isVisible(), true);
    await loadError.getByRole('button', { name: 'Retry' }).click({ timeout: 5_000 });
    await host.tab.getByTestId('account-row').first().waitFor();
    await host.tab.getByTestId('card-all').waitFor();

    await page.route(isPath('/api/accounts/export.csv'), (route) =>
      route.fulfill(failWith(502, 'upstream_error', 'Microsoft 365 answered with an error.')),
    );
    await host.tab.getByRole('button', { name: 'Export' }).click();
    const exportError = host.tab.getByTestId('error-bar').filter({ hasText: MESSAGES.export });
    await exportError.getByRole('button', { name: 'Retry' }).waitFor();

    // A Needs Action account Room Accounts can fix (UPN and forced password change ones are left to the admin).
    const candidates: string[] = (await env.stack.call('global-admin', '/api/accounts?status=needsAction&pageSize=100')).body.items.map(
      (item: { id: string }) => item.id,
    );
    let needsAction = '';
    for (const id of candidates) {
      if (
        (await env.stack.call('global-admin', `/api/accounts/${id}/plan`, { method: 'POST', body: { recommended: true } })).body.changes
          .length > 0
      ) {
        needsAction = id;
        break;
      }
    }
    assert.ok(needsAction, 'a fixable Needs Action account');
    await TeamsHost.open(page, { persona: 'global-admin', tab: `/index.html#/accounts/${needsAction}` });
    const account = host.tab.getByTestId('account-page');
    await account.locator('[data-check=deleteSubject]').getByRole('switch').click();
    await account.getByRole('button', { name: 'Save', exact: true }).click();
    await host.tab.getByTestId('planned-change').first().waitFor();
    await page.route(isPath(`/api/accounts/${needsAction}`), (route) =>
      route.request().method() === 'PATCH'
        ? route.fulfill(failWith(403, 'insufficient_role', "You can't change mailbox settings with your current role."))
        : route.fallback(),
    );
    await host.tab.getByRole('button', { name: 'Confirm' }).click();
    const saveError = host.tab.getByTestId('plan-dialog').getByTestId('error-bar').filter({ hasText: MESSAGES.save });
    await saveError.waitFor();
    assert.match((await saveError.textContent()) ?? '', /You can't change mailbox settings with your current role\./);
    assert.equal(await saveError.getByRole('button', { name: 'Retry' }).count(), 0, 'retrying a refusal does not help');
    await host.tab.getByRole('button', { name: 'Cancel' }).click();

    await page.route(isPath(`/api/accounts/${needsAction}/apply-recommended`), (route) =>
      route.fulfill(failWith(429, 'rate_limited', 'Microsoft 365 is throttling this tenant. Try again in a minute.')),
    );
    await account.getByRole('button', { name: 'Apply recommended config' }).click();
    await host.tab.getByTestId('plan-dialog').waitFor();
    await host.tab.getByRole('button', { name: 'Confirm' }).click();
    const applyError = host.tab.getByTestId('plan-dialog').getByTestId('error-bar').filter({ hasText: MESSAGES.apply });
    await applyError.waitFor();
    assert.equal(await applyError.getByTestId('correlation-id').textContent(), 'Correlation id: corr-rate_limited');
  });
});
