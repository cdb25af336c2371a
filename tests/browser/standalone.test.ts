import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { accountListItem, summaryResponse } from '../../contract/index.ts';
import { seedManifest } from '../../emulator/src/index.ts';
import { openTabContext, signInAsPersona, startBrowserStack, type BrowserStack, type TabContext } from '../helpers/browser.ts';
import { TeamsHost } from '../helpers/teamsHost.ts';
import { PAGE_SIZE } from '../../tab/src/features/accounts/api/getAccounts.ts';

/** Rows in the scale test's made-up tenant. */
const TOTAL = 10_000;

/** One made-up account of the 10,000-row list. */
/** A list row as the API sends it: parsed with the contract, so the fake follows every change of it. */
function syntheticAccount(index: number) {
  const number = String(index).padStart(5, '0');
  return accountListItem.parse({
    id: `00000000-0000-4000-8000-0000000${number}`,
    displayName: `Room ${number}`,
    userPrincipalName: `mtr-${number}@contoso.example`,
    location: `Building ${index % 40}, Floor ${index % 9}`,
    building: `Building ${index % 40}`,
    city: 'Seattle',
    status: index % 3 === 0 ? 'needsAction' : 'noActionNeeded',
    warnings: 0,
    licenses: [
      {
        skuId: '4cde982a-ede4-4409-9ae6-b003453c8ea6',
        skuPartNumber: 'Microsoft_Teams_Rooms_Pro',
        name: 'Microsoft Teams Rooms Pro',
        isTeamsRooms: true,
      },
    ],
    recipientType: 'RoomMailbox',
    roomLists: [`Rooms - Building ${index % 40}`],
    lastReadAt: '2026-01-01T00:00:00.000Z',
  });
}

/** The same journey in a plain browser (demo mode offers personas instead of Teams SSO), and the list at scale. */
describe('tab outside Teams (demo mode)', () => {
  let env: BrowserStack;
  let tab: TabContext;
  let fixable: string;

  beforeAll(async () => {
    env = await startBrowserStack({ seed: 3, rooms: 16 });
    const id = seedManifest(env.stack.emulator.tenant()).byScenario['delete-comments']?.[0];
    assert.ok(id, 'the seed has a room whose only fault is DeleteComments');
    fixable = id;
    tab = await openTabContext(env.browser, env.origin);
  });
  afterAll(() => env?.close());

  it('signs in with a demo persona, gets data, filters, fixes an account and keeps it all across a reload', async () => {
    const { page } = tab;
    await page.goto('/');
    await signInAsPersona(page, 'Global Administrator');

    await page.getByTestId('get-data').getByRole('button', { name: 'Get Data' }).click();
    await page.getByTestId('account-row').first().waitFor({ timeout: 20_000 });
    await page.getByTestId('sync-progress').waitFor({ state: 'detached', timeout: 20_000 });

    await page.getByTestId('card-needsAction').click();
    await page.waitForURL(/#\/accounts\?status=needsAction$/);
    await page.locator(`[data-account-id="${fixable}"] [data-testid=account-link]`).click();
    const account = page.getByTestId('account-page');
    await account.locator('[data-check=deleteComments]').getByRole('switch').click();
    await account.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByTestId('planned-change').first().waitFor();
    await page.getByRole('button', { name: 'Confirm' }).click();
    await account.getByTestId('save-result').filter({ hasText: 'Your changes have been saved successfully' }).waitFor();
    assert.equal(await account.getByTestId('account-status').locator('[data-status]').getAttribute('data-status'), 'noActionNeeded');

    await page.reload();
    await page.locator(`[data-testid=account-page][data-account-id="${fixable}"]`).waitFor();
    assert.equal(await page.getByTestId('account-status').locator('[data-status]').getAttribute('data-status'), 'noActionNeeded');
    await page.getByRole('link', { name: 'Resource accounts' }).click();
    await page.waitForURL(/#\/accounts\?status=needsAction$/);
    assert.equal(await page.getByTestId('card-needsAction').getAttribute('aria-pressed'), 'true');

    assert.ok(!tab.blocked.some((url) => url.includes('res.cdn.office.net')), 'teams-js is not loaded outside Teams');
    assert.deepEqual(tab.errors, []);
  });

  it('sorts, searches and filters by building from the URL', async () => {
    const { page } = tab;
    const summary = (await env.stack.call('global-admin', '/api/summary')).body;
    const building = summary.buildings[0] as string;
    await page.goto(`/index.html#/accounts?building=${encodeURIComponent(building)}&sort=displayName&order=desc`);
    await page.getByTestId('account-row').first().waitFor();
    const names = await page.getByTestId('account-link').allTextContents();
    assert.deepEqual(names, [...names].sort().reverse());
    const expected = (await env.stack.call('global-admin', `/api/accounts?building=${encodeURIComponent(building)}`)).body.total as number;
    assert.equal(await page.getByTestId('list-count').textContent(), `${expected} account${expected === 1 ? '' : 's'}`);

    await page.getByRole('textbox', { name: 'Search accounts' }).fill(names[0] ?? '');
    await page.waitForURL(/search=/);
    await page
      .getByTestId('list-count')
      .filter({ hasText: /^1 account$/ })
      .waitFor();
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await page
      .getByTestId('list-count')
      .filter({ hasText: `${summary.total} accounts` })
      .waitFor();
  });

  it('in tenant mode a browser outside Teams is told to open the app in Teams', async () => {
    const other = await openTabContext(env.browser, env.origin);
    try {
      await other.page.route('**/api/health', (route) => route.fulfill({ json: { status: 'ok', mode: 'tenant' } }));
      await other.page.goto('/');
      await other.page.getByTestId('open-in-teams').waitFor();
    } finally {
      await other.context.close();
    }
  });

  /**
   * 10,000 accounts: the list API is answered by the test (a tenant that size takes minutes to sync), so this
   * checks only the tab: pages of PAGE_SIZE fetched as they scroll into view, and a DOM that stays small.
   */
  it('at 10,000 rows, fetches only the pages in view and keeps the DOM small while scrolling', async () => {
    const scale = await openTabContext(env.browser, env.origin);
    const pagesRequested: number[] = [];
    await scale.page.route(
      (url) => url.pathname === '/api/accounts',
      (route) => {
        const query = new URL(route.request().url()).searchParams;
        const page = Number(query.get('page') ?? 1);
        const pageSize = Number(query.get('pageSize') ?? 100);
        pagesRequested.push(page);
        const first = (page - 1) * pageSize;
        const items = Array.from({ length: Math.max(0, Math.min(pageSize, TOTAL - first)) }, (_, offset) =>
          syntheticAccount(first + offset),
        );
        return route.fulfill({ json: { items, total: TOTAL, page, pageSize } });
      },
    );
    await scale.page.route(
      (url) => url.pathname === '/api/summary',
      (route) =>
        route.fulfill({
          json: summaryResponse.parse({
            total: TOTAL,
            byStatus: { noActionNeeded: 6_666, needsAction: 3_334, notAvailable: 0, ungraded: 0 },
            warnings: 0,
            byLicense: [{ skuPartNumber: 'Microsoft_Teams_Rooms_Pro', name: 'Microsoft Teams Rooms Pro', count: TOTAL }],
            byBuilding: [],
            seats: [],
            buildings: [],
            roomLists: [],
            lastSyncAt: '2026-01-01T00:00:00.000Z',
          }),
        }),
    );
    const host = await TeamsHost.open(scale.page);
    await host.tab.getByTestId('list-count').filter({ hasText: '10000 accounts' }).waitFor();
    assert.deepEqual(pagesRequested, [1]);
    assert.ok((await host.tab.getByTestId('account-row').count()) < 60, 'only visible rows (plus overscan) are rendered');

    // Jumping to the end fetches the last page only.
    // The summary charts load on demand above the list and move it when they arrive: wait for them first.
    await host.tab.locator('[data-testid=summary-charts][aria-busy=false]').waitFor();
    const scroller = host.tab.getByTestId('accounts-scroller');
    await scroller.evaluate((element) => element.scrollTo({ top: element.scrollHeight }));
    await host.tab.getByRole('link', { name: 'Room 09999' }).waitFor();
    const lastPage = Math.ceil(TOTAL / PAGE_SIZE);
    assert.deepEqual(pagesRequested, [1, lastPage]);
    assert.ok(
      (await host.tab.locator('[data-testid=account-row], [data-testid=account-row-loading]').count()) < 60,
      'the DOM stays small at the end of the list',
    );

    // Scrolling back up through every page fetches each one once.
    const started = Date.now();
    for (let step = lastPage - 1; step >= 0; step -= 1) {
      await scroller.evaluate((element, fraction) => element.scrollTo({ top: element.scrollHeight * fraction }), step / lastPage);
      await host.tab.getByRole('link', { name: `Room ${String(step * PAGE_SIZE + 10).padStart(5, '0')}` }).waitFor();
    }
    const elapsed = Date.now() - started;
    // Only a hang guard: the scroll's speed is `npm run bench`'s tab row, never a timed test. A 10 s bound failed
    // once at 14.2 s in a CI run on a loaded two-core machine, with every page fetched once as asserted below.
    assert.ok(elapsed < 60_000, `scrolling through 10,000 rows took ${elapsed} ms`);
    assert.deepEqual(
      [...pagesRequested].sort((a, b) => a - b),
      Array.from({ length: lastPage }, (_, index) => index + 1),
    );
    assert.deepEqual(scale.errors, []);
    await scale.context.close();
  });
});
