import { screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import assert from 'node:assert/strict';
import { afterEach, describe, it, vi } from 'vitest';
import { applyResponse, planResponse, plannedChange, type AccountDetail, type PlannedChange } from '../../contract/index.ts';
import { MESSAGES } from '../../contract/messages.ts';
import { ApiError } from '../../tab/src/api/client.ts';
import { AccountPage } from '../../tab/src/features/account/components/AccountPage.tsx';
import { PlanDialog } from '../../tab/src/features/account/components/PlanDialog.tsx';
import { check, daysAgo, detail } from './fixtures.ts';
import { me, renderInTab, serveApi } from './harness.tsx';

const change = (overrides: Partial<PlannedChange>): PlannedChange =>
  plannedChange.parse({
    setting: 'AutomateProcessing',
    label: 'Automatically process meeting requests',
    group: 'mailbox',
    from: 'AutoUpdate',
    to: 'AutoAccept',
    api: 'Set-CalendarProcessing',
    requiredRole: 'Exchange Recipient Administrator',
    allowed: true,
    ...overrides,
  });

const noop = () => {};

describe('tab: plan dialog (the diff shown before anything is written)', () => {
  it('lists each change with its value now and after saving; Save confirms once', async () => {
    let confirmed = 0;
    renderInTab(
      <PlanDialog
        open
        title="Save changes"
        changes={[change({}), change({ setting: 'BookingWindowInDays', label: 'Booking window (days)', from: 180, to: 365 })]}
        error={undefined}
        errorTitle={MESSAGES.save}
        busy={false}
        onConfirm={() => (confirmed += 1)}
        onClose={noop}
      />,
    );
    const rows = await screen.findAllByTestId('planned-change');
    assert.deepEqual(
      rows.map((row) => [...row.querySelectorAll('td')].map((cell) => cell.textContent)),
      [
        ['Automatically process meeting requests', 'AutoUpdate', 'AutoAccept'],
        ['Booking window (days)', '180', '365'],
      ],
    );
    const buttons = screen
      .getAllByRole('button')
      .filter((button) => button.textContent && !/close/i.test(button.getAttribute('aria-label') ?? ''));
    const confirm = buttons.find((button) => /save|apply|confirm/i.test(button.textContent ?? ''));
    assert.ok(confirm, `a confirm button among ${buttons.map((button) => button.textContent).join(', ')}`);
    await userEvent.click(confirm);
    assert.equal(confirmed, 1);
  });

  it('a change the sign-in shows no role for is still listed, and names the role Microsoft 365 will want', async () => {
    renderInTab(
      <PlanDialog
        open
        title="Save changes"
        changes={[change({ allowed: false })]}
        error={undefined}
        errorTitle={MESSAGES.save}
        busy={false}
        onConfirm={noop}
        onClose={noop}
      />,
    );
    const [row] = await screen.findAllByTestId('planned-change');
    assert.match(row?.textContent ?? '', /shows no Exchange Recipient Administrator role; Microsoft 365 decides when you save/);
  });

  it('nothing to change says so; a failed plan shows the save message and the reason', async () => {
    const view = renderInTab(
      <PlanDialog
        open
        title="Save changes"
        changes={[]}
        error={undefined}
        errorTitle={MESSAGES.save}
        busy={false}
        onConfirm={noop}
        onClose={noop}
      />,
    );
    await screen.findByText('Nothing to change: the account already has these values.');
    view.unmount();
    const error = new ApiError(409, 'managed_on_premises', 'This account is synchronized from on-premises Active Directory.', 'c-2');
    renderInTab(
      <PlanDialog
        open
        title="Save changes"
        changes={undefined}
        error={error}
        errorTitle={MESSAGES.save}
        busy={false}
        onConfirm={noop}
        onClose={noop}
      />,
    );
    await screen.findByText(MESSAGES.save);
    assert.ok(screen.getByText('This account is synchronized from on-premises Active Directory.'));
    assert.equal(screen.queryByText('Working out the changes…'), null, 'no spinner once the plan failed');
  });
});

/** A room whose password expires: the one failing setting the flows below change. */
const ROOM = detail({
  id: 'room-1',
  status: 'needsAction',
  checks: [
    check({ id: 'passwordNeverExpires', label: 'Password never expires', result: 'fail', actual: false, expected: true }),
    check({ id: 'accountEnabled', label: 'Account enabled' }),
  ],
  sources: {
    user: { status: 'ok', readAt: daysAgo(0), data: { accountEnabled: true, passwordPolicies: 'None' } },
    licenses: { status: 'ok', readAt: daysAgo(0), data: [] },
    place: { status: 'notFound', readAt: daysAgo(0) },
    mailbox: { status: 'ok', readAt: daysAgo(0), data: {} },
    calendarProcessing: { status: 'ok', readAt: daysAgo(0), data: {} },
  },
});
const FIXED: AccountDetail = detail({
  ...ROOM,
  status: 'noActionNeeded',
  checks: [
    check({ id: 'passwordNeverExpires', label: 'Password never expires', actual: true, expected: true }),
    check({ id: 'accountEnabled', label: 'Account enabled' }),
  ],
  sources: {
    ...ROOM.sources,
    user: { status: 'ok', readAt: daysAgo(0), data: { accountEnabled: true, passwordPolicies: 'DisablePasswordExpiration' } },
  },
});
const PASSWORD_CHANGE = change({
  setting: 'passwordNeverExpires',
  label: 'Password never expires',
  group: 'account',
  from: false,
  to: true,
  api: 'PATCH /users/{id}',
  requiredRole: 'User Administrator',
});

afterEach(() => vi.unstubAllGlobals());

/**
 * The dialog's Confirm, found by role and name. `hidden: true` because in happy-dom Fluent's modalizer sometimes
 * leaves the dialog's own portal aria-hidden for a while after it opens (a browser settles it within a frame).
 */
const confirmButton = () => screen.getByRole('button', { name: 'Confirm', hidden: true });

const writes = (seen: { method: string; path: string; body: unknown }[]) => seen.filter((request) => request.method !== 'GET');

describe('tab: plan dialog on the account page (plan, then save)', () => {
  it('Save shows the diff from the API before anything is written; Confirm writes only what changed and shows the saved account', async () => {
    const seen = serveApi(({ method, path }) => {
      if (method === 'GET' && path === '/api/accounts/room-1') return { body: ROOM };
      if (method === 'POST' && path === '/api/accounts/room-1/plan')
        return { body: planResponse.parse({ accountId: 'room-1', changes: [PASSWORD_CHANGE] }) };
      if (method === 'PATCH' && path === '/api/accounts/room-1') {
        return {
          body: applyResponse.parse({
            accountId: 'room-1',
            message: MESSAGES.success,
            results: [{ setting: 'passwordNeverExpires', from: false, to: true, outcome: 'succeeded' }],
            account: FIXED,
          }),
        };
      }
      return undefined;
    });
    renderInTab(<AccountPage id="room-1" query={new URLSearchParams()} />, me({ canWrite: ['userAccount'] }));
    await userEvent.click(await screen.findByRole('switch', { name: 'Password never expires' }));
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    const [planned] = await screen.findAllByTestId('planned-change');
    assert.deepEqual(
      [...(planned as HTMLElement).querySelectorAll('td')].map((cell) => cell.textContent),
      ['Password never expires', 'Off', 'On'],
    );
    assert.deepEqual(
      writes(seen),
      [{ method: 'POST', path: '/api/accounts/room-1/plan', body: { settings: { passwordNeverExpires: true } } }],
      'only the plan so far',
    );

    await userEvent.click(confirmButton());
    await waitFor(() => assert.equal(screen.getByTestId('save-result').textContent, MESSAGES.success));
    assert.deepEqual(writes(seen).at(-1), { method: 'PATCH', path: '/api/accounts/room-1', body: { passwordNeverExpires: true } });
    assert.equal(
      screen.getByTestId('account-status').querySelector<HTMLElement>('[data-status]')?.dataset.status,
      'noActionNeeded',
      'the re-read account replaces the page copy',
    );
  });

  it('a change Microsoft 365 refused is listed with the role that would do, under the save message', async () => {
    serveApi(({ method, path }) => {
      if (method === 'GET' && path === '/api/accounts/room-1') return { body: ROOM };
      if (method === 'POST' && path === '/api/accounts/room-1/plan')
        return { body: planResponse.parse({ accountId: 'room-1', changes: [{ ...PASSWORD_CHANGE, allowed: false }] }) };
      if (method === 'PATCH' && path === '/api/accounts/room-1') {
        return {
          body: applyResponse.parse({
            accountId: 'room-1',
            message: MESSAGES.save,
            results: [{ setting: 'passwordNeverExpires', from: false, to: true, outcome: 'refused', requiredRole: 'User Administrator' }],
            account: ROOM,
          }),
        };
      }
      return undefined;
    });
    renderInTab(<AccountPage id="room-1" query={new URLSearchParams()} />);
    await userEvent.click(await screen.findByRole('switch', { name: 'Password never expires' }));
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    const [planned] = await screen.findAllByTestId('planned-change');
    assert.match(planned?.textContent ?? '', /your sign-in shows no User Administrator role; Microsoft 365 decides when you save/);
    await userEvent.click(confirmButton());
    const result = await screen.findByTestId('save-result');
    assert.ok(within(result).getByText(MESSAGES.save));
    // Not by role: while the dialog's closing motion runs (happy-dom never ends it), Fluent keeps the page aria-hidden.
    assert.deepEqual(
      [...result.querySelectorAll('li')].map((item) => item.textContent),
      ['passwordNeverExpires: needs the User Administrator role'],
    );
    assert.equal(screen.getByTestId('account-status').querySelector<HTMLElement>('[data-status]')?.dataset.status, 'needsAction');
  });

  it('Apply recommended config previews the recommended plan, then applies it on Confirm', async () => {
    const seen = serveApi(({ method, path }) => {
      if (method === 'GET' && path === '/api/accounts/room-1') return { body: ROOM };
      if (method === 'POST' && path === '/api/accounts/room-1/plan')
        return { body: planResponse.parse({ accountId: 'room-1', changes: [PASSWORD_CHANGE, change({})] }) };
      if (method === 'POST' && path === '/api/accounts/room-1/apply-recommended') {
        return { body: applyResponse.parse({ accountId: 'room-1', message: MESSAGES.success, results: [], account: FIXED }) };
      }
      return undefined;
    });
    renderInTab(<AccountPage id="room-1" query={new URLSearchParams()} />, me({ canWrite: ['userAccount', 'calendarProcessing'] }));
    await userEvent.click(await screen.findByRole('button', { name: 'Apply recommended config' }));
    assert.deepEqual(
      (await screen.findAllByTestId('planned-change')).map((row) => row.querySelector('td')?.textContent),
      ['Password never expires', 'Automatically process meeting requests'],
    );
    assert.deepEqual(writes(seen), [{ method: 'POST', path: '/api/accounts/room-1/plan', body: { recommended: true } }]);
    await userEvent.click(confirmButton());
    await screen.findByText(MESSAGES.success);
    assert.deepEqual(writes(seen).at(-1), { method: 'POST', path: '/api/accounts/room-1/apply-recommended', body: undefined });
  });
});
