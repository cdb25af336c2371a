import { screen, waitFor } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import assert from 'node:assert/strict';
import { afterEach, describe, it, vi } from 'vitest';
import { baselineValues } from '../../contract/index.ts';
import { BaselinePage } from '../../tab/src/features/baseline/components/BaselinePage.tsx';
import { baseline, summary } from './fixtures.ts';
import { me, renderInTab, serveApi } from './harness.tsx';

afterEach(() => vi.unstubAllGlobals());

/** The baseline page for an admin who may edit it; PUT answers with what it was sent, as the API stores it. */
function openBaseline(signInWithinDays = 7) {
  const seen = serveApi(({ method, path, body }) => {
    if (path === '/api/baseline' && method === 'GET') return { body: baseline({ signInWithinDays }) };
    if (path === '/api/baseline' && method === 'PUT') return { body: { ...baseline(), values: baselineValues.parse(body), version: 4 } };
    if (path === '/api/summary') return { body: summary() };
    return undefined;
  });
  renderInTab(<BaselinePage />, me({ canEditBaseline: true }));
  return seen;
}

describe('tab: the baseline sign-in window (issue 14)', () => {
  it('shows N, refuses a value outside 1–365 with a message, and saves a valid one like the other values', async () => {
    const seen = openBaseline(7);
    const input = await screen.findByRole('spinbutton', { name: /Signed in successfully within \(days\)/ });
    assert.equal((input as HTMLInputElement).value, '7');
    const save = screen.getByRole('button', { name: 'Save baseline' });

    await userEvent.clear(input);
    await userEvent.type(input, '400');
    assert.ok(await screen.findByText('Must be at most 365 days.'));
    assert.equal(save.hasAttribute('disabled'), true, 'an invalid value cannot be saved');

    await userEvent.clear(input);
    assert.ok(await screen.findByText('Enter a whole number of days, from 1 to 365.'));
    await userEvent.type(input, '0');
    assert.ok(await screen.findByText('Must be at least 1 day.'));

    await userEvent.clear(input);
    await userEvent.type(input, '14');
    await waitFor(() => assert.equal(screen.queryByText(/Must be at/), null));
    assert.equal(save.hasAttribute('disabled'), false);
    await userEvent.click(save);
    await screen.findByText('Your changes have been saved successfully');
    const put = seen.find((request) => request.method === 'PUT');
    assert.equal((put?.body as { signInWithinDays?: unknown } | undefined)?.signInWithinDays, 14);
  });

  it('a baseline stored before the value existed shows the default 7, not an error that blocks Save', async () => {
    const older = baseline();
    const { signInWithinDays: _dropped, ...values } = older.values;
    serveApi(({ path }) => {
      if (path === '/api/baseline') return { body: { ...older, values } };
      if (path === '/api/summary') return { body: summary() };
      return undefined;
    });
    renderInTab(<BaselinePage />, me({ canEditBaseline: true }));
    const input = await screen.findByRole('spinbutton', { name: /Signed in successfully within \(days\)/ });
    assert.equal((input as HTMLInputElement).value, '7');
    assert.equal(screen.queryByText(/Must be at|whole number/), null);
    assert.equal(screen.getByRole('button', { name: 'Save baseline' }).hasAttribute('disabled'), true, 'nothing changed yet');
  });
});
