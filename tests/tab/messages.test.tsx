import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { render, screen, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import assert from 'node:assert/strict';
import type { ReactElement } from 'react';
import { afterEach, describe, it, vi } from 'vitest';
import { accountListResponse, summaryResponse } from '../../contract/index.ts';
import { MESSAGES } from '../../contract/messages.ts';
import { apiFetch, ApiError, INVALID_RESPONSE_MESSAGE } from '../../tab/src/api/client.ts';
import { ErrorBar } from '../../tab/src/components/ErrorBar.tsx';
import { RoleGate, roleHint } from '../../tab/src/components/RoleGate.tsx';
import { AccountPage } from '../../tab/src/features/account/components/AccountPage.tsx';
import { detail } from './fixtures.ts';
import { renderInTab, serveApi } from './harness.tsx';

const inFluent = (ui: ReactElement) => render(<FluentProvider theme={webLightTheme}>{ui}</FluentProvider>);

/** The API's error envelope as the server sends it, through the tab's real client (fetch is the boundary). */
async function failedCall(status: number, body: unknown, headers: Record<string, string> = {}): Promise<ApiError> {
  vi.stubGlobal(
    'fetch',
    async () =>
      new Response(typeof body === 'string' ? body : JSON.stringify(body), {
        status,
        headers: { 'content-type': 'application/json', ...headers },
      }),
  );
  try {
    await apiFetch('/api/accounts', accountListResponse);
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
      error: {
        code: 'insufficient_role',
        message: 'Microsoft 365 refused the change: you need Exchange Administrator.',
        correlationId: 'c-123',
        requiredRole: 'Exchange Administrator',
      },
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
    const error = await failedCall(429, {
      error: { code: 'rate_limited', message: 'Too many changes in a minute.', correlationId: 'c-9' },
    });
    let retried = 0;
    inFluent(<ErrorBar title={MESSAGES.load} error={error} onRetry={() => (retried += 1)} />);
    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));
    assert.equal(retried, 1);
  });

  it('validation issues are listed one per line, path first', async () => {
    const error = await failedCall(400, {
      error: {
        code: 'bad_request',
        message: 'The request is not valid.',
        correlationId: 'c-1',
        issues: [{ path: 'calendarProcessing.BookingWindowInDays', message: 'Number must be at most 1080' }],
      },
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
    const error = await apiFetch('/api/summary', summaryResponse).then(
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

/** A success answer whose body the tab's contract refuses, through the real client. */
async function refusedBody(body: string, headers: Record<string, string> = {}): Promise<ApiError> {
  vi.stubGlobal('fetch', async () => new Response(body, { status: 200, headers: { 'content-type': 'application/json', ...headers } }));
  return apiFetch('/api/accounts', accountListResponse).then(
    () => assert.fail('a body outside the contract was accepted'),
    (failure: unknown) => {
      assert.ok(failure instanceof ApiError);
      return failure;
    },
  );
}

describe('tab: an answer this version of the tab does not understand', () => {
  it('a body its schema refuses becomes invalid_response: a message for a person and the correlation id from the header', async () => {
    const error = await refusedBody(
      JSON.stringify({ items: [{ id: 'room-1', status: 'broken' }], total: 'many', page: 1, pageSize: 500 }),
      { 'x-correlation-id': 'c-bad' },
    );
    assert.equal(error.code, 'invalid_response');
    assert.equal(error.status, 200);
    assert.equal(error.message, INVALID_RESPONSE_MESSAGE);
    assert.equal(error.correlationId, 'c-bad');
    assert.deepEqual(error.issues, [], 'the schema issues are for developers, not listed to the admin');
    assert.equal(error.retryable, false, 'the same call answers the same: reloading the tab is what helps');
    // Kept for the developer tools: where the body left the contract.
    const paths = (error.cause as { issues: { path: PropertyKey[] }[] }).issues.map((issue) => issue.path.join('.'));
    assert.ok(paths.includes('total'), paths.join(', '));
  });

  it('a body that is not JSON at all (a proxy page answering 200) is the same error, not a crash', async () => {
    const error = await refusedBody('<html><body>Sign in to the proxy</body></html>');
    assert.equal(error.code, 'invalid_response');
    assert.equal(error.correlationId, '');
  });

  it('a body the contract accepts is returned as parsed', async () => {
    vi.stubGlobal('fetch', async () => new Response(JSON.stringify({ items: [], total: 0, page: 1, pageSize: 500 }), { status: 200 }));
    assert.deepEqual(await apiFetch('/api/accounts', accountListResponse), { items: [], total: 0, page: 1, pageSize: 500 });
  });

  it('on a page: the load message, the reload advice and the correlation id, never the raw body, and no Retry', async () => {
    const { checks: _dropped, ...withoutChecks } = detail({ id: 'room-1', displayName: 'Raw room name' });
    serveApi(({ path }) =>
      path === '/api/accounts/room-1' ? { body: withoutChecks, headers: { 'x-correlation-id': 'c-page' } } : undefined,
    );
    renderInTab(<AccountPage id="room-1" query={new URLSearchParams()} />);
    const bar = await screen.findByTestId('error-bar');
    assert.equal(bar.dataset.code, 'invalid_response');
    assert.ok(within(bar).getByText(MESSAGES.load));
    assert.ok(within(bar).getByText(INVALID_RESPONSE_MESSAGE));
    assert.equal(within(bar).getByTestId('correlation-id').textContent, 'Correlation id: c-page');
    assert.equal(within(bar).queryByRole('button', { name: 'Retry' }), null);
    assert.equal(screen.queryByText(/Raw room name|"id"|room-1/), null, 'nothing of the refused body is shown');
  });
});
