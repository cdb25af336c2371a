import { screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import assert from 'node:assert/strict';
import { afterEach, describe, it, vi } from 'vitest';
import { jobProgress, type JobProgress } from '../../contract/index.ts';
import { MESSAGES } from '../../contract/messages.ts';
import { JobPage } from '../../tab/src/features/jobs/components/JobPage.tsx';
import { me, renderInTab, serveApi } from './harness.tsx';

/** The API sends a count for every task status. */
const counts = (some: Partial<JobProgress['counts']>): JobProgress['counts'] => ({
  pending: 0,
  running: 0,
  applied: 0,
  skipped: 0,
  refused: 0,
  failed: 0,
  cancelled: 0,
  ...some,
});

const job = (overrides: Partial<JobProgress>): JobProgress =>
  jobProgress.parse({
    id: 'job-1',
    kind: 'apply-recommended',
    status: 'running',
    createdBy: 'avery@contoso.example',
    actingAs: 'avery@contoso.example',
    waitingFor: null,
    createdAt: '2026-12-07T01:00:00.000Z',
    finishedAt: null,
    counts: counts({ applied: 2, pending: 2 }),
    total: 4,
    message: null,
    results: [],
    ...overrides,
  });

afterEach(() => vi.unstubAllGlobals());

describe('tab: job progress', () => {
  it('shows how many accounts are done, each count, and a Cancel that cancels this job', async () => {
    let state = job({});
    const seen = serveApi(({ method, path }) => {
      if (method === 'POST' && path === '/api/jobs/job-1/cancel') {
        state = job({ status: 'cancelled', counts: counts({ applied: 2, cancelled: 2 }), finishedAt: '2026-12-07T01:01:00.000Z' });
        return { body: state };
      }
      if (path === '/api/jobs/job-1') return { body: state };
      return undefined;
    });
    renderInTab(<JobPage id="job-1" />);
    await screen.findByText('2 of 4 accounts done');
    assert.equal(screen.getByTestId('job-page').dataset.status, 'running');
    assert.equal(screen.getByText(/^Applied:/).textContent, 'Applied: 2');
    await userEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    await screen.findByTestId('job-cancelled');
    assert.equal(screen.getByTestId('job-page').dataset.status, 'cancelled');
    assert.equal(screen.getByText('4 of 4 accounts done').textContent, '4 of 4 accounts done');
    assert.equal(screen.queryByRole('button', { name: 'Cancel' }), null, 'a finished job offers no Cancel');
    assert.deepEqual(
      seen.filter((request) => request.method === 'POST').map((request) => request.path),
      ['/api/jobs/job-1/cancel'],
    );
  });

  it('a finished job lists each account with its result and reason; refusals are told apart from failures', async () => {
    serveApi(({ path }) =>
      path === '/api/jobs/job-1'
        ? {
            body: job({
              status: 'succeeded',
              counts: counts({ applied: 1, refused: 1 }),
              total: 2,
              finishedAt: '2026-12-07T01:02:00.000Z',
              results: [
                { accountId: 'a-1', displayName: 'Room 1', status: 'applied', reason: null },
                { accountId: 'a-2', displayName: 'Room 2', status: 'refused', reason: 'You need: Exchange Recipient Administrator' },
              ],
            }),
          }
        : undefined,
    );
    renderInTab(<JobPage id="job-1" />);
    const rows = await screen.findAllByTestId('job-result');
    assert.deepEqual(
      rows.map((row) => [row.dataset.status, row.textContent]),
      [
        ['applied', 'Room 1applied'],
        ['refused', 'Room 2refusedYou need: Exchange Recipient Administrator'],
      ],
    );
    assert.ok(screen.getByTestId('job-refused').textContent?.includes('refused the changes on 1 account(s) for lack of a role'));
    assert.equal(screen.queryByText(MESSAGES.success), null, 'a job with refusals is not reported as all saved');
  });

  it('a job waiting for its admin to sign in says who, and offers Resume to that admin and Take over to others', async () => {
    const waiting = job({
      status: 'waiting_for_signin',
      waitingFor: { userPrincipalName: 'avery@contoso.example', reason: 'AADSTS50173' },
    });
    serveApi(({ path }) => (path === '/api/jobs/job-1' ? { body: waiting } : undefined));
    const mine = renderInTab(<JobPage id="job-1" />, me({ userPrincipalName: 'avery@contoso.example' }));
    await screen.findByText('Waiting for avery@contoso.example to sign in');
    assert.equal(screen.getByTestId('job-take-over').textContent, 'Resume');
    mine.unmount();
    renderInTab(<JobPage id="job-1" />, me({ userPrincipalName: 'blake@contoso.example' }));
    await waitFor(() => assert.equal(screen.getByTestId('job-take-over').textContent, 'Take over'));
  });

  it('a job that cannot be loaded shows the apply message with the server explanation and Retry', async () => {
    let calls = 0;
    serveApi(({ path }) => {
      if (path !== '/api/jobs/job-1') return undefined;
      calls += 1;
      return calls === 1
        ? { status: 503, body: { error: { code: 'upstream_unavailable', message: 'The store is not reachable.', correlationId: 'c-7' } } }
        : { body: job({}) };
    });
    renderInTab(<JobPage id="job-1" />);
    await screen.findByText(MESSAGES.apply);
    assert.ok(screen.getByText('The store is not reachable.'));
    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));
    await screen.findByText('2 of 4 accounts done');
  });

  it('a Cancel Microsoft 365 or the API refuses (403 insufficient_role) names the role needed, keeps the job running and offers no Retry', async () => {
    const seen = serveApi(({ method, path }) => {
      if (method === 'POST' && path === '/api/jobs/job-1/cancel') {
        return {
          status: 403,
          body: {
            error: {
              code: 'insufficient_role',
              message:
                "You can't cancel a bulk apply another admin started with your current role. You need a role that may apply recommended config, such as Exchange Recipient Administrator.",
              correlationId: 'c-403',
              requiredRole: 'Exchange Recipient Administrator',
            },
          },
        };
      }
      if (path === '/api/jobs/job-1') return { body: job({}) };
      return undefined;
    });
    renderInTab(<JobPage id="job-1" />, me({ userPrincipalName: 'blake@contoso.example' }));
    await userEvent.click(await screen.findByRole('button', { name: 'Cancel' }));
    const bar = await screen.findByTestId('error-bar');
    assert.equal(bar.dataset.code, 'insufficient_role');
    assert.ok(within(bar).getByText(MESSAGES.apply));
    assert.ok(within(bar).getByText(/such as Exchange Recipient Administrator\.$/));
    assert.equal(within(bar).getByTestId('correlation-id').textContent, 'Correlation id: c-403');
    assert.equal(within(bar).queryByRole('button', { name: 'Retry' }), null);
    assert.equal(screen.getByTestId('job-page').dataset.status, 'running');
    assert.ok(screen.getByRole('button', { name: 'Cancel' }));
    assert.equal(seen.filter((request) => request.method === 'POST').length, 1);
  });
});
