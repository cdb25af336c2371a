import { screen, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import assert from 'node:assert/strict';
import { afterEach, describe, it, vi } from 'vitest';
import { signInHealth, type AccountDetail } from '../../contract/index.ts';
import { AccountPage } from '../../tab/src/features/account/components/AccountPage.tsx';
import { baseline, check, daysAgo, detail, PORTAL_URL as PORTAL, SIGN_IN_HEALTH as HEALTH } from './fixtures.ts';
import { renderInTab, serveApi } from './harness.tsx';

const SIGN_IN_CHECK = check({
  id: 'signedInRecently',
  group: 'signIn',
  label: 'Signed in successfully within 7 days',
  description: 'A room that has not signed in for days is likely signed out on its device.',
  powershell: 'Get-MgUser -UserId … -Property signInActivity',
  severity: 'recommended',
  result: 'fail',
  actual: daysAgo(9),
  expected: 'within 7 days',
  changeRole: 'Teams Devices Administrator',
  manualFix: 'Sign the device in again, after fixing what blocks it.',
});
const CA_CHECK = check({
  id: 'noBlockingPolicy',
  group: 'signIn',
  label: 'No Conditional Access policy blocks sign-in',
  severity: 'required',
  result: 'fail',
  actual: 'Require MFA for all users',
  expected: 'none',
  changeRole: 'Conditional Access Administrator',
});

function openSignInTab(account: AccountDetail, tab = 'signIn') {
  serveApi(({ path }) => {
    if (path === `/api/accounts/${account.id}`) return { body: account };
    if (path === '/api/baseline') return { body: baseline({ signInWithinDays: 7 }) };
    return undefined;
  });
  return renderInTab(<AccountPage id={account.id} query={new URLSearchParams({ tab })} />);
}

afterEach(() => vi.unstubAllGlobals());

describe('tab: the account page Sign-in tab (issue 14)', () => {
  it('shows the activity against the baseline N days, with both times relative and absolute', async () => {
    openSignInTab(detail({ signIn: { state: 'stale', lastSuccessfulSignIn: daysAgo(9), blockingPolicies: 1 }, signInHealth: HEALTH }));
    const tab = await screen.findByRole('tab', { name: 'Sign-in' });
    assert.equal(tab.getAttribute('aria-selected'), 'true');
    await screen.findByText('No successful sign-in within the last 7 days.');
    assert.equal((await screen.findByTestId('sign-in-state')).dataset.state, 'stale');
    const successful = screen.getByTestId('last-successful-sign-in');
    assert.match(successful.textContent ?? '', /9 days ago/);
    assert.match(successful.textContent ?? '', new RegExp(String(new Date(daysAgo(9)).getFullYear())), 'the absolute time too');
    assert.match(screen.getByTestId('last-sign-in').textContent ?? '', /yesterday|1 day ago/);
  });

  it('lists the recent failures with code, plain reason, client app, OS and the policies applied with their results', async () => {
    openSignInTab(detail({ signIn: { state: 'stale', lastSuccessfulSignIn: daysAgo(9), blockingPolicies: 1 }, signInHealth: HEALTH }));
    const rows = await screen.findAllByTestId('sign-in-failure');
    assert.deepEqual(
      rows.map((row) => row.dataset.errorCode),
      ['50076', '53003'],
    );
    const [mfa, blocked] = rows as [HTMLElement, HTMLElement];
    assert.match(mfa.textContent ?? '', /Multifactor authentication required/);
    assert.match(mfa.textContent ?? '', /you must use multi-factor authentication/, "Microsoft's own words beside ours");
    assert.match(mfa.textContent ?? '', /Mobile Apps and Desktop clients/);
    assert.match(mfa.textContent ?? '', /Microsoft Teams/);
    assert.match(mfa.textContent ?? '', /Android/);
    assert.deepEqual(
      within(mfa)
        .getAllByTestId('applied-policy')
        .map((item) => item.textContent),
      ['Require MFA for all users: Failed (Mfa)', 'Terms of use (pilot): Report-only: would fail'],
    );
    assert.match(mfa.textContent ?? '', /1 more not applied/);
    assert.match(blocked.textContent ?? '', /Blocked by Conditional Access\./);
    assert.match(blocked.textContent ?? '', /Windows 10/);
  });

  it('shows each Conditional Access verdict: blocks with its fix group and portal link, depends with its conditions, report-only', async () => {
    openSignInTab(detail({ signIn: { state: 'stale', lastSuccessfulSignIn: daysAgo(9), blockingPolicies: 1 }, signInHealth: HEALTH }));
    const policies = await screen.findAllByTestId('policy-verdict');
    assert.deepEqual(
      policies.map((policy) => [policy.dataset.policyId, within(policy).getByTestId('verdict-badge').textContent]),
      [
        ['pol-mfa', 'Blocks sign-in'],
        ['pol-loc', 'Depends on conditions'],
        ['pol-ro', 'Report-only'],
      ],
    );
    const [blocks, depends, reportOnly] = policies as [HTMLElement, HTMLElement, HTMLElement];
    assert.match(blocks.textContent ?? '', /Applies becauseAll users/);
    assert.match(blocks.textContent ?? '', /Teams Rooms can't satisfyrequires multifactor authentication/);
    assert.equal(
      within(blocks).getByTestId('policy-fix').textContent,
      'Fix: add this account to the exclusion group Teams Rooms accounts, which this policy already excludes.',
    );
    const link = within(blocks).getByRole('link', { name: /Open in Entra admin center/ });
    assert.equal(link.getAttribute('href'), PORTAL);
    assert.equal(link.getAttribute('target'), '_blank');
    assert.equal(link.getAttribute('rel'), 'noopener noreferrer');

    assert.match(depends.textContent ?? '', /Depends onnamed locations \(include: Any location, exclude: Office IPs\)/);
    assert.match(depends.textContent ?? '', /group Room devices/);
    assert.equal(within(depends).queryByTestId('policy-fix'), null, 'no fix group, no fix line');

    assert.match(reportOnly.textContent ?? '', /requires accepting terms of use/);
    assert.equal(within(reportOnly).queryByRole('link'), null, 'a portal URL that is not https is not linked');
  });

  it("shows the signIn group's checks with the same rows and hover explanation as the other tabs, and only here", async () => {
    const account = detail({
      signIn: { state: 'stale', lastSuccessfulSignIn: daysAgo(9), blockingPolicies: 1 },
      signInHealth: HEALTH,
      checks: [check({}), SIGN_IN_CHECK, CA_CHECK],
    });
    const view = openSignInTab(account);
    await screen.findByTestId('sign-in-tab');
    const rows = screen.getAllByTestId('setting-row');
    assert.deepEqual(
      rows.map((row) => [row.dataset.check, row.dataset.mark]),
      [
        ['signedInRecently', 'warn'],
        ['noBlockingPolicy', 'fail'],
      ],
    );
    assert.match(rows[0]?.textContent ?? '', /Sign the device in again, after fixing what blocks it\./);
    await userEvent.hover(within(rows[0] as HTMLElement).getByTestId('setting-info'));
    assert.ok(await screen.findByText('A room that has not signed in for days is likely signed out on its device.'));

    // The Account configuration tab keeps its own groups: sign-in checks neither appear there nor break it.
    view.unmount();
    openSignInTab(account, 'configuration');
    await screen.findByTestId('pane-Account settings');
    assert.deepEqual(
      screen.getAllByTestId('setting-row').map((row) => row.dataset.check),
      ['accountEnabled'],
    );
  });

  it('a part that could not be read shows its reason (the role needed) instead of data', async () => {
    const health = signInHealth.parse({
      activity: {
        status: 'unavailable',
        reason: 'Sign-in activity needs Microsoft Entra ID P1, and the Reports Reader role to read it.',
        lastSignIn: null,
        lastSuccessfulSignIn: null,
      },
      failures: { status: 'notRead', items: [] },
      conditionalAccess: {
        status: 'unavailable',
        reason: 'Reading Conditional Access policies needs the Security Reader role.',
        policies: [],
      },
    });
    openSignInTab(detail({ signIn: { state: 'unknown', lastSuccessfulSignIn: null, blockingPolicies: 0 }, signInHealth: health }));
    await screen.findByTestId('sign-in-tab');
    const bars = screen.getAllByTestId('sign-in-unavailable');
    assert.deepEqual(
      bars.map((bar) => [bar.dataset.part, bar.textContent]),
      [
        ['sign-in activity', 'Sign-in activity needs Microsoft Entra ID P1, and the Reports Reader role to read it.'],
        ['failed sign-ins', 'The failed sign-ins were not read in the last sync. Refresh the list to read them.'],
        ['Conditional Access policies', 'Reading Conditional Access policies needs the Security Reader role.'],
      ],
    );
    assert.equal(screen.queryByTestId('last-successful-sign-in'), null, 'no made-up "Never" when the activity is unavailable');
    assert.equal(screen.queryByRole('table', { name: 'Recent failed sign-ins' }), null);
    assert.equal(screen.queryAllByTestId('policy-verdict').length, 0);
    assert.equal(screen.getByTestId('sign-in-state-text').textContent, 'Unknown: the sign-in activity could not be read.');
  });

  it('an account stored before sign-in health was read renders with a note, not an error', async () => {
    openSignInTab(detail({}));
    await screen.findByTestId('sign-in-tab');
    assert.match(screen.getByTestId('sign-in-not-read').textContent ?? '', /has not been read yet/);
    assert.equal(screen.queryByTestId('sign-in-failures'), null);
    assert.equal(screen.queryByTestId('conditional-access'), null);
    assert.equal(screen.getByTestId('sign-in-state-text').textContent, 'Not read yet: refresh the list to read the sign-in activity.');
  });

  it('no policy and no failure say so', async () => {
    const health = signInHealth.parse({
      activity: { status: 'ok', lastSignIn: daysAgo(0), lastSuccessfulSignIn: daysAgo(0) },
      failures: { status: 'ok', items: [] },
      conditionalAccess: { status: 'ok', policies: [] },
    });
    openSignInTab(detail({ signIn: { state: 'recent', lastSuccessfulSignIn: daysAgo(0), blockingPolicies: 0 }, signInHealth: health }));
    await screen.findByText('Signed in successfully within the last 7 days.');
    assert.ok(screen.getByText('No failed sign-in is recorded for this account.'));
    assert.ok(screen.getByText(/No enabled or report-only policy that Teams Rooms can't satisfy applies/));
  });
});
