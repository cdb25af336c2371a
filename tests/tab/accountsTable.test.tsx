import { screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it, vi } from 'vitest';
import type { AccountListItem } from '../../contract/index.ts';
import { MESSAGES } from '../../contract/messages.ts';
import { AccountsPage } from '../../tab/src/features/accounts/components/AccountsPage.tsx';
import { readFilter } from '../../tab/src/features/accounts/listFilter.ts';
import { PAGE_SIZE } from '../../tab/src/features/accounts/api/getAccounts.ts';
import { parseHash, useHashRoute } from '../../tab/src/lib/hashRoute.ts';
import { listItem, listResponse, summary } from './fixtures.ts';
import { renderInTab, serveApi } from './harness.tsx';

/** The list page as the app mounts it: its filter comes from the URL hash and follows it. */
function RoutedAccounts() {
  const route = useHashRoute();
  return <AccountsPage query={route.query} />;
}

const PRO = {
  skuId: '4fb214cb-a430-4a91-9c91-4976763aa78f',
  skuPartNumber: 'Microsoft_Teams_Rooms_Pro',
  name: 'Microsoft Teams Rooms Pro',
  isTeamsRooms: true,
};

const ROWS: AccountListItem[] = [
  listItem({
    id: 'ok',
    displayName: 'Adams room',
    userPrincipalName: 'adams@contoso.example',
    location: 'Seattle B1',
    status: 'noActionNeeded',
    licenses: [PRO],
  }),
  listItem({ id: 'fix', displayName: 'Baker room', userPrincipalName: 'baker@contoso.example', location: null, status: 'needsAction' }),
  listItem({ id: 'na', displayName: 'Carver room', userPrincipalName: 'carver@contoso.example', status: 'notAvailable' }),
  listItem({ id: 'new', displayName: 'Dalton room', userPrincipalName: 'dalton@contoso.example', status: null }),
];

/** The API's list, summary and sync answers; every request the page made is returned. */
function serveList(rows: AccountListItem[] = ROWS) {
  return serveApi(({ path }) => {
    // total 0 (with a last sync) keeps the lazy charts away: react-charts' donut queries a selector happy-dom rejects.
    if (path === '/api/summary')
      return {
        body: summary({ total: 0, buildings: ['B1', 'B2'], byLicense: [{ skuPartNumber: PRO.skuPartNumber, name: PRO.name, count: 1 }] }),
      };
    if (path === '/api/sync/current') return { body: { sync: null } };
    if (path.startsWith('/api/accounts?')) return { body: listResponse(rows) };
    return undefined;
  });
}

/** The query strings of the list requests, in order. */
const listRequests = (seen: { path: string }[]) =>
  seen
    .filter((request) => request.path.startsWith('/api/accounts?'))
    .map((request) => new URL(request.path, 'https://tab.example').searchParams);
const lastList = (seen: { path: string }[]) => listRequests(seen).at(-1);

beforeEach(() => {
  window.history.replaceState(null, '', '#/accounts');
  // happy-dom lays nothing out, so every element is 0 px high and the virtualized list would show no row. The
  // list's scroller gets the height a window would give it (the virtualizer reads clientHeight); nothing else changes.
  vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockImplementation(function (this: HTMLElement) {
    return this.dataset.testid === 'accounts-scroller' ? 600 : 0;
  });
});
afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe('tab: the accounts table', () => {
  it('shows one row per account with its name linking to the account, UPN, location, status badge and license', async () => {
    const seen = serveList();
    renderInTab(<RoutedAccounts />);
    const rows = await screen.findAllByTestId('account-row');
    assert.deepEqual(
      rows.map((row) => row.dataset.accountId),
      ['ok', 'fix', 'na', 'new'],
    );
    const cells = (row: HTMLElement) => [...row.querySelectorAll('[role="cell"]')].map((cell) => cell.textContent);
    assert.deepEqual(cells(rows[0] as HTMLElement).slice(1, 7), [
      'Adams room',
      'adams@contoso.example',
      'Seattle B1',
      'No Action Needed',
      '—',
      'Microsoft Teams Rooms Pro',
    ]);
    assert.deepEqual(
      cells(rows[1] as HTMLElement).slice(1, 7),
      ['Baker room', 'baker@contoso.example', '—', 'Needs Action', '—', 'None'],
      'no location and no license read as such',
    );
    assert.deepEqual(
      rows.map((row) => row.querySelector<HTMLElement>('[data-status]')?.dataset.status),
      ['noActionNeeded', 'needsAction', 'notAvailable', 'ungraded'],
    );
    assert.equal(within(rows[3] as HTMLElement).getByText('Not graded').textContent, 'Not graded');
    assert.equal(
      within(rows[1] as HTMLElement)
        .getByTestId('account-link')
        .getAttribute('href'),
      '#/accounts/fix',
    );
    assert.equal(screen.getByTestId('list-count').textContent, '4 accounts');
    const first = lastList(seen);
    assert.equal(first?.get('page'), '1');
    assert.equal(first?.get('pageSize'), String(PAGE_SIZE));
    assert.equal(first?.get('sort'), null, 'the default sort (name, ascending) is left to the API');
  });

  it('a status filter goes into the URL and the list request; the status card sets the same filter', async () => {
    const seen = serveList();
    renderInTab(<RoutedAccounts />);
    await screen.findAllByTestId('account-row');
    await userEvent.click(screen.getByTestId('card-needsAction'));
    await waitFor(() => assert.equal(lastList(seen)?.get('status'), 'needsAction'));
    assert.deepEqual(readFilter(parseHash(window.location.hash).query).status, ['needsAction']);
    const dropdown = screen.getByRole('combobox', { name: 'Filter by status' });
    await waitFor(() => assert.equal(dropdown.textContent, 'Needs Action'));
    await userEvent.click(dropdown);
    await userEvent.click(await screen.findByRole('menuitemcheckbox', { name: 'Not graded' }));
    await waitFor(() => assert.equal(lastList(seen)?.get('status'), 'needsAction,unknown'));
    assert.equal(lastList(seen)?.get('page'), '1', 'a new filter starts again at the first page');
  });

  it('the license and building filters send their values; Clear filters sends none', async () => {
    const seen = serveList();
    renderInTab(<RoutedAccounts />);
    await screen.findAllByTestId('account-row');
    await userEvent.click(screen.getByRole('combobox', { name: 'Filter by license' }));
    await userEvent.click(await screen.findByRole('menuitemcheckbox', { name: 'Microsoft Teams Rooms Pro (1)' }));
    await waitFor(() => assert.equal(lastList(seen)?.get('license'), PRO.skuPartNumber));
    await userEvent.click(screen.getByRole('combobox', { name: 'Filter by building' }));
    await userEvent.click(await screen.findByRole('menuitemcheckbox', { name: 'No building' }));
    await waitFor(() => assert.equal(lastList(seen)?.get('building'), 'none'));
    await userEvent.click(screen.getByRole('button', { name: 'Clear filters' }));
    await waitFor(() => {
      const query = lastList(seen);
      assert.deepEqual([query?.get('license'), query?.get('building')], [null, null]);
    });
  });

  it('a column header sorts by its key, ascending first and descending on the second click', async () => {
    const seen = serveList();
    renderInTab(<RoutedAccounts />);
    await screen.findAllByTestId('account-row');
    const header = () => screen.getByRole('columnheader', { name: 'Status' });
    await userEvent.click(within(header()).getByRole('button'));
    await waitFor(() => assert.equal(lastList(seen)?.get('sort'), 'status'));
    assert.equal(lastList(seen)?.get('order'), null, 'ascending is the API default');
    await waitFor(() => assert.equal(header().getAttribute('aria-sort'), 'ascending'));
    await userEvent.click(within(header()).getByRole('button'));
    await waitFor(() => assert.equal(lastList(seen)?.get('order'), 'desc'));
    assert.equal(header().getAttribute('aria-sort'), 'descending');
    assert.equal(screen.getByRole('columnheader', { name: 'Account name' }).getAttribute('aria-sort'), 'none');
    await userEvent.click(within(screen.getByRole('columnheader', { name: 'Last read' })).getByRole('button'));
    await waitFor(() => assert.equal(lastList(seen)?.get('sort'), 'lastReadAt'));
    assert.equal(lastList(seen)?.get('order'), null, 'another column starts ascending again');
    assert.deepEqual(readFilter(parseHash(window.location.hash).query).sort, 'lastReadAt');
  });

  it('the search box sends what was typed once typing pauses, not a request per key', async () => {
    const seen = serveList();
    renderInTab(<RoutedAccounts />);
    await screen.findAllByTestId('account-row');
    const before = listRequests(seen).length;
    await userEvent.type(screen.getByRole('textbox', { name: 'Search accounts' }), 'baker');
    await waitFor(() => assert.equal(lastList(seen)?.get('search'), 'baker'));
    const searches = listRequests(seen)
      .slice(before)
      .map((query) => query.get('search'));
    assert.deepEqual(searches, ['baker']);
  });

  it('a list that fails to load shows the load message, the reason and the correlation id, and Retry loads it', async () => {
    let failing = true;
    serveApi(({ path }) => {
      if (path === '/api/summary') return { body: summary({ total: 0 }) };
      if (path === '/api/sync/current') return { body: { sync: null } };
      if (path.startsWith('/api/accounts?')) {
        return failing
          ? {
              status: 503,
              body: { error: { code: 'upstream_unavailable', message: 'The store is not reachable.', correlationId: 'c-list' } },
            }
          : { body: listResponse(ROWS) };
      }
      return undefined;
    });
    renderInTab(<RoutedAccounts />);
    const bar = await screen.findByTestId('error-bar');
    assert.ok(within(bar).getByText(MESSAGES.load));
    assert.ok(within(bar).getByText('The store is not reachable.'));
    assert.equal(within(bar).getByTestId('correlation-id').textContent, 'Correlation id: c-list');
    failing = false;
    await userEvent.click(within(bar).getByRole('button', { name: 'Retry' }));
    assert.equal((await screen.findAllByTestId('account-row')).length, 4);
    assert.equal(screen.queryByTestId('error-bar'), null);
  });
});
