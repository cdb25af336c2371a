import { screen, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import assert from 'node:assert/strict';
import { afterEach, describe, it, vi } from 'vitest';
import type { AccountDetail } from '../../contract/index.ts';
import { MESSAGES } from '../../contract/messages.ts';
import { AccountPage } from '../../tab/src/features/account/components/AccountPage.tsx';
import { check, daysAgo, detail } from './fixtures.ts';
import { me, renderInTab, serveApi } from './harness.tsx';

/** A room with one setting of each kind of row: passing, failing, warning, fixed by hand, mastered on-premises, licensed. */
const CHECKS = [
  check({
    id: 'accountEnabled',
    label: 'Account enabled',
    description: 'A disabled account cannot sign in.',
    powershell: 'Update-MgUser -AccountEnabled $true',
  }),
  check({
    id: 'passwordNeverExpires',
    label: 'Password never expires',
    description: 'An expired password signs the device out.',
    powershell: 'Update-MgUser -PasswordPolicies DisablePasswordExpiration',
    result: 'fail',
    actual: false,
    expected: true,
  }),
  check({
    id: 'upnMatchesSmtp',
    label: 'UPN matches the primary SMTP address',
    description: 'Teams Rooms signs in with the UPN and books with the SMTP address.',
    powershell: 'Set-Mailbox -WindowsEmailAddress …',
    severity: 'recommended',
    result: 'fail',
    actual: 'mtr-1@contoso.onmicrosoft.com',
    expected: 'mtr-1@contoso.example',
    manualFix: 'Change the UPN or the primary address in the Microsoft 365 admin center; renaming signs the device out.',
  }),
  check({
    id: 'teamsRoomsLicense',
    group: 'license',
    label: 'Teams Rooms license',
    description: 'Pro or Basic.',
    powershell: 'Set-MgUserLicense',
    actual: 'Microsoft Teams Rooms Pro',
    expected: 'Teams Rooms Pro or Basic',
    changeRole: 'License Administrator',
  }),
  check({
    id: 'automateProcessing',
    group: 'mailbox',
    label: 'Automatically process meeting requests',
    description: 'AutoAccept lets the room accept meetings on its own.',
    powershell: 'Set-CalendarProcessing -AutomateProcessing AutoAccept',
    severity: 'recommended',
    result: 'fail',
    actual: 'AutoUpdate',
    expected: 'AutoAccept',
    note: 'AutoUpdate only tentatively accepts.',
    changeRole: 'Exchange Recipient Administrator',
  }),
];

const ROOM = detail({
  id: 'room-1',
  checks: CHECKS,
  sources: {
    user: { status: 'ok', readAt: daysAgo(0), data: { accountEnabled: true, passwordPolicies: 'None', usageLocation: 'US' } },
    licenses: { status: 'ok', readAt: daysAgo(0), data: [] },
    place: { status: 'notFound', readAt: daysAgo(0) },
    mailbox: { status: 'ok', readAt: daysAgo(0), data: {} },
    calendarProcessing: { status: 'ok', readAt: daysAgo(0), data: { AutomateProcessing: 'AutoUpdate' } },
  },
});

function openConfiguration(account: AccountDetail = ROOM) {
  serveApi(({ path }) => (path === `/api/accounts/${account.id}` ? { body: account } : undefined));
  return renderInTab(<AccountPage id={account.id} query={new URLSearchParams()} />, me({ canWrite: ['userAccount'] }));
}

const row = (id: string) => {
  const found = screen.getAllByTestId('setting-row').find((element) => element.dataset.check === id);
  assert.ok(found, `a row for ${id}`);
  return found;
};

afterEach(() => vi.unstubAllGlobals());

describe('tab: the settings rows of the account page', () => {
  it('each row shows its mark, the current value beside the expected one, and the note', async () => {
    openConfiguration();
    await screen.findByTestId('pane-Account settings');
    assert.deepEqual(
      screen.getAllByTestId('setting-row').map((element) => [element.dataset.check, element.dataset.mark]),
      [
        ['accountEnabled', 'pass'],
        ['passwordNeverExpires', 'fail'],
        ['upnMatchesSmtp', 'warn'],
        ['teamsRoomsLicense', 'pass'],
        ['automateProcessing', 'warn'],
      ],
    );
    assert.equal(
      within(row('passwordNeverExpires')).getByRole('img').getAttribute('aria-label'),
      'Fail',
      'the mark is named, not colour alone',
    );
    assert.equal(within(row('accountEnabled')).getByRole('img').getAttribute('aria-label'), 'Pass');
    const cells = (id: string) => [...row(id).querySelectorAll('[role="cell"]')].slice(1, 3).map((cell) => cell.textContent);
    assert.deepEqual(cells('passwordNeverExpires'), ['CurrentOff', 'ExpectedOn']);
    assert.deepEqual(cells('upnMatchesSmtp'), ['Currentmtr-1@contoso.onmicrosoft.com', 'Expectedmtr-1@contoso.example']);
    assert.deepEqual(cells('automateProcessing'), ['CurrentAutoUpdate', 'ExpectedAutoAcceptAutoUpdate only tentatively accepts.']);
  });

  it('hovering the info button explains the setting and shows the PowerShell that changes it', async () => {
    openConfiguration();
    await screen.findByTestId('pane-Account settings');
    assert.equal(screen.queryByRole('tooltip'), null, 'shown only when asked for');
    await userEvent.hover(within(row('passwordNeverExpires')).getByRole('button', { name: 'About Password never expires' }));
    const tip = await screen.findByRole('tooltip');
    assert.equal(tip.textContent, 'An expired password signs the device out.Update-MgUser -PasswordPolicies DisablePasswordExpiration');
  });

  it('a setting Room Accounts never changes has no control: the row says what to do instead', async () => {
    openConfiguration();
    await screen.findByTestId('pane-Account settings');
    const manual = row('upnMatchesSmtp');
    assert.equal(
      within(manual).getByTestId('setting-elsewhere').textContent,
      'Change the UPN or the primary address in the Microsoft 365 admin center; renaming signs the device out.',
    );
    assert.equal(within(manual).queryByRole('switch'), null);
    assert.equal(within(manual).queryByRole('textbox'), null);
    assert.equal(within(manual).queryByRole('combobox'), null);
    assert.equal(within(row('teamsRoomsLicense')).getByTestId('setting-elsewhere').textContent, 'Change it in the Licenses tab');
    // The rows that can be changed have their control, labelled with the check's own words.
    assert.equal(
      within(row('passwordNeverExpires')).getByRole('switch', { name: 'Password never expires' }).hasAttribute('checked'),
      false,
    );
    assert.equal(
      within(row('automateProcessing')).getByRole('combobox', { name: 'Automatically process meeting requests' }).textContent,
      'AutoUpdate',
    );
  });

  it('on an account synchronized from on-premises AD, an AD-mastered setting names AD and gives its command instead of a control', async () => {
    const synced = detail({
      ...ROOM,
      checks: ROOM.checks.map((item) =>
        item.id === 'passwordNeverExpires' ? { ...item, managedOnPremises: 'Set-ADUser mtr-1 -PasswordNeverExpires $true' } : item,
      ),
    });
    openConfiguration(synced);
    await screen.findByTestId('pane-Account settings');
    const mastered = row('passwordNeverExpires');
    assert.equal(
      within(mastered).getByTestId('setting-elsewhere').textContent,
      'Managed in on-premises Active DirectorySet-ADUser mtr-1 -PasswordNeverExpires $true',
    );
    assert.equal(within(mastered).queryByRole('switch'), null);
  });

  it("a control the sign-in's roles do not show stays usable and carries the role Microsoft 365 will want", async () => {
    openConfiguration();
    await screen.findByTestId('pane-Mailbox settings');
    // The sign-in shows userAccount only: the calendar control is gated by a hint, the account one is not.
    const calendar = within(row('automateProcessing')).getByRole('combobox');
    assert.equal(calendar.hasAttribute('disabled'), false);
    assert.equal(calendar.closest<HTMLElement>('[data-role-needed]')?.dataset.roleNeeded, 'Exchange Recipient Administrator');
    assert.equal(within(row('passwordNeverExpires')).getByRole('switch').closest('[data-role-needed]'), null);
  });

  it('mailbox settings that could not be read for lack of a role show the permission message, not empty rows', async () => {
    const noExchange = detail({ ...ROOM, sources: { ...ROOM.sources, calendarProcessing: { status: 'unavailable', readAt: daysAgo(0) } } });
    openConfiguration(noExchange);
    const pane = await screen.findByTestId('pane-Mailbox settings');
    assert.equal(within(pane).getByTestId('pane-unavailable').textContent, MESSAGES.permission);
    assert.equal(within(pane).queryAllByTestId('setting-row').length, 0);
  });
});
