// @ts-nocheck
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { render, screen } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import assert from 'node:assert/strict';
import type { ReactElement } from 'react';
import { afterEach, describe, it, vi } from 'vitest';
import { MESSAGES } from '../../contract/messages.ts';
import { apiFetch, ApiError } from '../../tab/src/api/client.ts';
import { ErrorBar } from '../../tab/src/components/ErrorBar.tsx';
import { RoleGate, roleHint } from '../../tab/src/components/RoleGate.tsx';

const inFluent = (ui: ReactElement) => render(<FluentProvider theme={webLightTheme}>{ui}</FluentProvider>);

/** The API's error envelope as the server sends it, through the tab's real client (fetch is the boundary). */
async function failedCall(status: number, body: unknown, headers: Record<string, string> = {}): Promise<ApiError> {
  vi.stubGlobal('fetch', async () => new Response(typeof body === 'string' ? body : JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } }));
  try {
    await apiFetch('/api/accounts');
  } catch (error) {
    assert.ok(error instanceof ApiError);
    return error;
  }
  throw new Error('the call did not fail');
}

afterEach(() => vi.unstubAllGlobals());

describe('tab: error and permission messages', () => {
  it('a refusal shows the product message, the server explanation and the correlation id, and no Retry', async () => {
    const error = await failedCall(403, {
      error: { code: 'insufficient_role', message: 'Microsoft 365 refused the change: you need Exchange Administrator.', correlationId: 'c-123', requiredRole: 'Exchange Administrator' },
    });
    let retried = 0;
    inFluent(<ErrorBar title={MESSAGES.save} error={error} onRetry={() => (retried += 1)} />);
    const bar = screen.getByTestId('error-bar');
    assert.equal(bar.dataset.code, 'insufficient_role');
    assert.ok(screen.getByText(MESSAGES.save));
    assert.ok(screen.getByText(/you need Exchange Administrator/));
    assert.equal(screen.getByTestId('correlation-id').textContent, 'Correlation id: c-123');
    assert.equal(screen.queryByRole('button', { name: 'Retry' }), null, 'retrying a refusal cannot help');
    assert.equal(retried, 0);
  });

  it('a throttled call offers Retry, and Retry calls back', async () => {
    const error = await failedCall(429, { error: { code: 'rate_limited', message: 'Too many changes in a minute.', correlationId: 'c-9' } });
    let retried = 0;
    inFluent(<ErrorBar title={MESSAGES.load} error={error} onRetry={() => (retried += 1)} />);
    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));
    assert.equal(retried, 1);
  });

  it('validation issues are listed one per line, path first', async () => {
    const error = await failedCall(400, {
      error: { code: 'bad_request', message: 'The request is not valid.', correlationId: 'c-1', issues: [{ path: 'calendarProcessing.BookingWindowInDays', message: 'Number must be at most 1080' }] },
    });
    inFluent(<ErrorBar title={MESSAGES.save} error={error} />);
    assert.ok(screen.getByText('calendarProcessing.BookingWindowInDays: Number must be at most 1080'));
  });

  it('a body that is not our envelope never shows raw JSON or HTML: a plain message with the HTTP status', async () => {
    const error = await failedCall(502, '<html>Bad gateway</html>', { 'x-correlation-id': 'from-header' });
    inFluent(<ErrorBar title={MESSAGES.load} error={error} />);
    assert.ok(screen.getByText(/unexpected error \(HTTP 502\)/));
    assert.equal(screen.queryByText(/<html>/), null);
    assert.equal(screen.getByTestId('correlation-id').textContent, 'Correlation id: from-header');
  });

  it('an unreachable server is a network error the admin may retry', async () => {
    vi.stubGlobal('fetch', async () => {
      throw new TypeError('fetch failed');
    });
    const error = await apiFetch('/api/summary').then(
      () => assert.fail('the call succeeded'),
      (failure: unknown) => failure,
    );
    assert.ok(error instanceof ApiError);
    assert.equal(error.code, 'network');
    assert.equal(error.retryable, true);
  });

  it('a control the sign-in shows no role for stays usable and says which role Microsoft 365 will want', async () => {
    inFluent(
      <RoleGate allowed={false} role="Exchange Administrator" also="Exchange Recipient Administrator">
        <button type="button">Save</button>
      </RoleGate>,
    );
    const save = screen.getByRole('button', { name: 'Save' });
    assert.equal(save.hasAttribute('disabled'), false);
    const gate = save.parentElement as HTMLElement;
    assert.equal(gate.dataset.roleNeeded, 'Exchange Administrator');
    await userEvent.hover(gate);
    assert.ok(await screen.findByText(roleHint('Exchange Administrator', 'Exchange Recipient Administrator')));
  });

  it('a control the sign-in shows a role for is rendered as is, with no hint', () => {
    inFluent(
      <RoleGate allowed role="Exchange Administrator">
        <button type="button">Save</button>
      </RoleGate>,
    );
    assert.equal(screen.getByRole('button', { name: 'Save' }).parentElement?.dataset.roleNeeded, undefined);
  });
});
