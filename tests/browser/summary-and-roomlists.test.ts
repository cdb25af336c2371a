import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { openTabContext, startBrowserStack, type BrowserStack, type TabContext } from '../helpers/browser.ts';
import { TeamsHost } from '../helpers/teamsHost.ts';

/** Issue 15 in the tab: the summary's charts with their table alternatives, the room-list filter and the Location tab's room lists. */
describe('tab: summary charts and room lists', () => {
  let env: BrowserStack;
  let tab: TabContext;
  let host: TeamsHost;

  beforeAll(async () => {
    env = await startBrowserStack({ seed: 12, rooms: 30 });
    await env.stack.sync('global-admin');
    tab = await openTabContext(env.browser, env.origin);
    host = await TeamsHost.open(tab.page);
    await host.tab.getByTestId('account-row').first().waitFor();
  });
  afterAll(() => env?.close());

  it('loads the charts on demand, with tables carrying the same numbers as the summary', async () => {
    const summary = (await env.stack.call('global-admin', '/api/summary')).body;
    await host.tab.locator('[data-testid=summary-charts][aria-busy=false]').waitFor();
    for (const chart of ['chart-statuses', 'chart-buildings', 'chart-seats'])
      assert.equal(await host.tab.getByTestId(chart).locator('svg').first().isVisible(), true, chart);
    const statuses = host.tab.getByTestId('table-statuses');
    assert.match(
      (await statuses.locator('tr', { hasText: 'Needs Action' }).textContent()) ?? '',
      new RegExp(`${summary.byStatus.needsAction}$`),
    );
    // One row per Teams Rooms SKU, name then used, bought, available (one SKU's name may start another's).
    const seatRows = await host.tab.getByTestId('table-seats').locator('tbody tr').allTextContents();
    const expected = summary.seats
      .filter((item: { isTeamsRooms: boolean }) => item.isTeamsRooms)
      .map(
        (seat: { name: string; consumed: number; enabled: number; available: number }) =>
          `${seat.name}${seat.consumed}${seat.enabled}${seat.available}`,
      );
    assert.deepEqual([...seatRows].sort(), [...expected].sort());
    assert.equal(await host.tab.getByTestId('card-seats').count(), 0, 'the crammed seats card is gone');
  });

  it('a building segment filters the list, from the keyboard through the table alternative', async () => {
    const summary = (await env.stack.call('global-admin', '/api/summary')).body;
    const row = summary.byBuilding.find(
      (item: { building: string; needsAction: number }) => item.building !== 'none' && item.needsAction > 0,
    );
    assert.ok(row, 'a building with Needs Action rooms');
    const button = host.tab.getByRole('button', { name: `Show ${row.needsAction} Needs Action in ${row.building}` });
    await button.focus();
    await tab.page.keyboard.press('Enter');
    await host.tab
      .getByTestId('list-count')
      .filter({ hasText: `${row.needsAction} account` })
      .waitFor();
    const frameUrl = (await host.frame()).url();
    assert.match(frameUrl, /status=needsAction/);
    assert.match(frameUrl, new RegExp(`building=${encodeURIComponent(row.building)}`));
  });

  it('filters by room list, and the Location tab shows the lists and offers the building list', async () => {
    // From the keyboard: focus leaving the building table (shown while focused) moves the layout under a mouse click.
    await host.tab.getByRole('button', { name: 'Clear filters' }).focus();
    await tab.page.keyboard.press('Enter');
    const all = (await env.stack.call('global-admin', '/api/summary')).body.total as number;
    await host.tab
      .getByTestId('list-count')
      .filter({ hasText: `${all} accounts` })
      .waitFor();
    const none = (await env.stack.call('global-admin', '/api/accounts?roomList=none&pageSize=500')).body;
    assert.ok(none.total > 0, 'the demo seed leaves rooms out of lists');
    await host.tab.getByTestId('room-list-filter').click();
    // "In no room list" is the dropdown's last option: reach it from the keyboard, as an admin without a mouse would.
    await tab.page.keyboard.press('End');
    await tab.page.keyboard.press('Enter');
    await tab.page.keyboard.press('Escape');
    await host.tab
      .getByTestId('list-count')
      .filter({ hasText: `${none.total} account` })
      .waitFor();
    await host.tab.getByTestId('account-link').first().click();
    await host.tab.getByRole('tab', { name: 'Location' }).click();
    const card = host.tab.getByTestId('room-lists');
    await card.waitFor();
    assert.match((await card.getByTestId('room-list-membership').textContent()) ?? '', /In no room list/);
    await card.getByTestId('add-to-room-list').click();
    const dialog = host.tab.getByTestId('plan-dialog');
    await dialog.getByTestId('planned-change').first().waitFor();
    assert.match((await dialog.getByTestId('planned-change').first().textContent()) ?? '', /In a room list.*Rooms - /);
  });
});
