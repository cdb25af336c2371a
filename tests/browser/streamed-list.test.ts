import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { resourceAccountIds } from '../../emulator/src/index.ts';
import { openTabContext, signInAsPersona, startBrowserStack, type BrowserStack, type TabContext } from '../helpers/browser.ts';
import { holdAfterFirstUsersPage } from '../helpers/holdUsersPages.ts';

/** Issue 16: after Get Data, the tab shows rows while the remaining users pages are still being read. */
describe('tab: the list fills in while Get Data runs', () => {
  let env: BrowserStack;
  let tab: TabContext;
  const hold = holdAfterFirstUsersPage();

  beforeAll(async () => {
    // More resource accounts than one users page of 999 holds; every page after the first waits for `release`.
    env = await startBrowserStack({ seed: 16, rooms: 1_200 }, { gate: hold.gate });
    tab = await openTabContext(env.browser, env.origin);
  });
  afterAll(async () => {
    hold.release();
    await env?.close();
  });

  it('shows rows during the sync, keeps a selection as the list grows, then shows the full count', async () => {
    const expected = resourceAccountIds(env.stack.emulator.tenant()).size;
    assert.ok(expected > 999, `${expected} resource accounts`);
    const { page } = tab;
    await page.goto('/');
    await signInAsPersona(page, 'Global Administrator');
    await page.getByTestId('get-data').getByRole('button', { name: 'Get Data' }).click();

    // The first page's rows, while the second page is held: the sync is still running and says how many are listed.
    const table = page.getByTestId('accounts-table');
    await page.getByTestId('account-row').first().waitFor({ timeout: 60_000 });
    const early = Number(await table.getAttribute('data-total'));
    assert.ok(early > 0 && early < expected, `${early} rows shown before the second users page was read`);
    await page.getByTestId('sync-progress').filter({ hasText: 'listed' }).waitFor({ timeout: 10_000 });
    const first = page.getByTestId('account-row').first();
    const firstId = await first.getAttribute('data-account-id');
    await first.getByRole('checkbox').check();
    await page.getByTestId('list-count').filter({ hasText: '1 selected' }).waitFor();

    hold.release();
    await page.locator(`[data-testid="accounts-table"][data-total="${expected}"]`).waitFor({ timeout: 120_000 });
    // The rows came in under the reader: the selection stayed.
    await page
      .getByTestId('list-count')
      .filter({ hasText: `${expected} accounts, 1 selected` })
      .waitFor();
    assert.ok(firstId);
    assert.deepEqual(tab.errors, []);
  });
});
