import { screen, waitFor } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it, vi } from 'vitest';
import { AccountRow, useRowClasses } from '../../tab/src/features/accounts/components/AccountRow.tsx';
import { AccountsPage } from '../../tab/src/features/accounts/components/AccountsPage.tsx';
import { SummaryCards } from '../../tab/src/features/accounts/components/SummaryCards.tsx';
import { readFilter } from '../../tab/src/features/accounts/listFilter.ts';
import { parseHash, useHashRoute } from '../../tab/src/lib/hashRoute.ts';
import type { AccountListItem } from '../../contract/index.ts';
import { daysAgo, listItem, listResponse, summary } from './fixtures.ts';
import { renderInTab, serveApi } from './harness.tsx';

/** The list page as the app mounts it: its filter comes from the URL hash and follows it. */
function RoutedAccounts() {
  const route = useHashRoute();
  return <AccountsPage query={route.query} />;
}

const ROWS: AccountListItem[] = [
  listItem({
    id: 'recent',
    displayName: 'Recent room',
    signIn: { state: 'recent', lastSuccessfulSignIn: daysAgo(2), blockingPolicies: 0 },
  }),
  listItem({ id: 'stale', displayName: 'Stale room', signIn: { state: 'stale', lastSuccessfulSignIn: daysAgo(9), blockingPolicies: 1 } }),
  listItem({ id: 'never', displayName: 'Never room', signIn: { state: 'never', lastSuccessfulSignIn: null, blockingPolicies: 0 } }),
  listItem({ id: 'unknown', displayName: 'Unknown room', signIn: { state: 'unknown', lastSuccessfulSignIn: null, blockingPolicies: 0 } }),
  listItem({ id: 'old', displayName: 'Stored before issue 14' }),
];

/** The API's list, summary and sync answers; returns every request the page made. */
function serveList(overrides: Parameters<typeof summary>[0] = {}) {
  return serveApi(({ path }) => {
    // total 0 (with a last sync) keeps the lazy charts away: react-charts' donut queries a selector happy-dom rejects.
    if (path === '/api/summary') return { body: summary({ total: 0, notSignedInRecently: 2, signInWithinDays: 7, ...overrides }) };
    if (path === '/api/sync/current') return { body: { sync: null } };
    if (path.startsWith('/api/accounts?')) return { body: listResponse(ROWS) };
    if (path.startsWith('/api/accounts/export.csv')) return { body: 'id\n' };
    return undefined;
  });
}

const accountRequests = (seen: { path: string }[]) =>
  seen
    .filter((request) => request.path.startsWith('/api/accounts?'))
    .map((request) => new URL(request.path, 'https://tab.example').searchParams);

beforeEach(() => window.history.replaceState(null, '', '#/accounts'));
afterEach(() => vi.unstubAllGlobals());

describe('tab: the list Sign-in column (issue 14)', () => {
  function Rows({ rows }: { rows: AccountListItem[] }) {
    const classes = useRowClasses();
    return (
      <div role="table">
        {rows.map((row, index) => (
          <AccountRow
            key={row.id}
            classes={classes}
            index={index}
            start={0}
            row={row}
            checked={false}
            onSelect={() => undefined}
            locale="en-US"
          />
        ))}
      </div>
    );
  }

  it('shows how long ago, Never or Unknown, warns on stale and never, and badges rooms blocked by Conditional Access', () => {
    renderInTab(<Rows rows={ROWS} />);
    const cells = [...document.querySelectorAll<HTMLElement>('[data-col="sign-in"]')];
    assert.deepEqual(
      cells.map((cell) => cell.textContent),
      ['2 days ago', '9 days ago' + 'Blocked by CA', 'Never', 'Unknown', '—'],
    );
    assert.deepEqual(
      cells.map((cell) => cell.querySelector<HTMLElement>('[data-sign-in-state]')?.dataset.signInState ?? null),
      [null, 'stale', 'never', null, null],
      'the warning style (colour and icon) marks stale and never only',
    );
    assert.equal(screen.getAllByTestId('blocked-by-ca').length, 1);
    assert.equal(screen.getByTestId('blocked-by-ca').getAttribute('title'), 'Blocked by 1 Conditional Access policy');
  });
});

describe('tab: the list Sign-in filter and summary figure (issue 14)', () => {
  it('the filter travels in the URL and in the list request, and Export passes it too', async () => {
    const seen = serveList();
    renderInTab(<RoutedAccounts />);
    await userEvent.click(await screen.findByRole('combobox', { name: 'Filter by sign-in' }));
    // A multiselect Dropdown's options are menu item checkboxes.
    await userEvent.click(await screen.findByRole('menuitemcheckbox', { name: 'Blocked by Conditional Access' }));
    await waitFor(() => assert.deepEqual(readFilter(parseHash(window.location.hash).query).signIn, ['blocked']));
    await waitFor(() => assert.equal(accountRequests(seen).at(-1)?.get('signIn'), 'blocked'));
    await userEvent.click(await screen.findByRole('menuitemcheckbox', { name: 'Never' }));
    await waitFor(() => assert.equal(accountRequests(seen).at(-1)?.get('signIn'), 'blocked,never'));

    await userEvent.click(screen.getByRole('button', { name: 'Export' }));
    await waitFor(() => assert.ok(seen.some((request) => request.path.startsWith('/api/accounts/export.csv'))));
    const exported = new URL(
      seen.find((request) => request.path.startsWith('/api/accounts/export.csv'))?.path ?? '',
      'https://tab.example',
    );
    assert.equal(exported.searchParams.get('signIn'), 'blocked,never');
  });

  it('a sign-in filter in the URL is read back; values the API does not know are dropped', async () => {
    window.history.replaceState(null, '', '#/accounts?signIn=stale,bogus,unknown');
    const seen = serveList();
    renderInTab(<RoutedAccounts />);
    await waitFor(() => assert.equal(accountRequests(seen).at(-1)?.get('signIn'), 'stale,unknown'));
    assert.equal((await screen.findByRole('combobox', { name: 'Filter by sign-in' })).textContent, 'Stale, Unknown');
    await userEvent.click(screen.getByRole('button', { name: 'Clear filters' }));
    await waitFor(() => assert.equal(accountRequests(seen).at(-1)?.get('signIn'), null));
  });

  it('"Not signed in within N days" shows the count and, clicked, filters the list on stale and never; clicked again, clears it', async () => {
    const seen = serveList({ notSignedInRecently: 12, signInWithinDays: 14 });
    renderInTab(<RoutedAccounts />);
    const card = await screen.findByTestId('card-not-signed-in');
    assert.equal(card.textContent, '12Not signed in within 14 days');
    assert.equal(card.getAttribute('aria-pressed'), 'false');
    await userEvent.click(card);
    await waitFor(() => assert.equal(accountRequests(seen).at(-1)?.get('signIn'), 'stale,never'));
    assert.deepEqual(readFilter(parseHash(window.location.hash).query).signIn, ['stale', 'never']);
    await waitFor(() => assert.equal(screen.getByTestId('card-not-signed-in').getAttribute('aria-pressed'), 'true'));
    await userEvent.click(screen.getByTestId('card-not-signed-in'));
    await waitFor(() => assert.equal(accountRequests(seen).at(-1)?.get('signIn'), null));
  });

  it('a summary from an API that predates sign-in health shows no such card', () => {
    renderInTab(
      <SummaryCards summary={summary()} active={null} onSelect={() => undefined} signInActive={false} onSignInSelect={() => undefined} />,
    );
    assert.equal(screen.queryByTestId('card-not-signed-in'), null);
    assert.ok(screen.getByTestId('card-warnings'));
  });

  it('N of 1 reads "1 day"', () => {
    renderInTab(
      <SummaryCards
        summary={summary({ notSignedInRecently: 3, signInWithinDays: 1 })}
        active={null}
        onSelect={() => undefined}
        signInActive
        onSignInSelect={() => undefined}
      />,
    );
    assert.equal(screen.getByTestId('card-not-signed-in').textContent, '3Not signed in within 1 day');
    assert.equal(screen.getByTestId('card-not-signed-in').getAttribute('aria-pressed'), 'true');
  });
});
