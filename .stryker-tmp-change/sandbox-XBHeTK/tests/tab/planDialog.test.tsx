// @ts-nocheck
import { screen } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import assert from 'node:assert/strict';
import { describe, it } from 'vitest';
import { plannedChange, type PlannedChange } from '../../contract/index.ts';
import { MESSAGES } from '../../contract/messages.ts';
import { ApiError } from '../../tab/src/api/client.ts';
import { PlanDialog } from '../../tab/src/features/account/components/PlanDialog.tsx';
import { renderInTab } from './harness.tsx';

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
    const buttons = screen.getAllByRole('button').filter((button) => button.textContent && !/close/i.test(button.getAttribute('aria-label') ?? ''));
    const confirm = buttons.find((button) => /save|apply|confirm/i.test(button.textContent ?? ''));
    assert.ok(confirm, `a confirm button among ${buttons.map((button) => button.textContent).join(', ')}`);
    await userEvent.click(confirm);
    assert.equal(confirmed, 1);
  });

  it('a change the sign-in shows no role for is still listed, and names the role Microsoft 365 will want', async () => {
    renderInTab(<PlanDialog open title="Save changes" changes={[change({ allowed: false })]} error={undefined} errorTitle={MESSAGES.save} busy={false} onConfirm={noop} onClose={noop} />);
    const [row] = await screen.findAllByTestId('planned-change');
    assert.match(row?.textContent ?? '', /shows no Exchange Recipient Administrator role; Microsoft 365 decides when you save/);
  });

  it('nothing to change says so; a failed plan shows the save message and the reason', async () => {
    const view = renderInTab(<PlanDialog open title="Save changes" changes={[]} error={undefined} errorTitle={MESSAGES.save} busy={false} onConfirm={noop} onClose={noop} />);
    await screen.findByText('Nothing to change: the account already has these values.');
    view.unmount();
    const error = new ApiError(409, 'managed_on_premises', 'This account is synchronized from on-premises Active Directory.', 'c-2');
    renderInTab(<PlanDialog open title="Save changes" changes={undefined} error={error} errorTitle={MESSAGES.save} busy={false} onConfirm={noop} onClose={noop} />);
    await screen.findByText(MESSAGES.save);
    assert.ok(screen.getByText('This account is synchronized from on-premises Active Directory.'));
    assert.equal(screen.queryByText('Working out the changes…'), null, 'no spinner once the plan failed');
  });
});
