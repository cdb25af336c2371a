import { screen } from '@testing-library/react';
import assert from 'node:assert/strict';
import { describe, it } from 'vitest';
import { syncProgress, type SyncProgress } from '../../contract/index.ts';
import { SyncProgressBar } from '../../tab/src/features/accounts/components/SyncProgressBar.tsx';
import { LISTING_POLL_MS, POLL_MS, pollIntervalOf } from '../../tab/src/features/accounts/useSync.ts';
import { renderInTab } from './harness.tsx';

const sync = (phase: string, done: number, total: number): SyncProgress =>
  syncProgress.parse({
    id: 'sync-1',
    kind: 'full',
    status: 'running',
    phase,
    done,
    total,
    startedAt: '2026-12-07T12:00:00.000Z',
    finishedAt: null,
    error: null,
  });

describe('tab: the sync progress bar', () => {
  it('names each phase of a sync in words, with its count', () => {
    const cases: [SyncProgress, string][] = [
      [sync('users', 2_997, 0), 'Reading accounts — 2997 listed'],
      [sync('mailboxSettings', 120, 10_050), 'Reading mailbox settings — 120 of 10050'],
      // A large tenant's sign-in activity comes last, at Microsoft's 10 pages a minute: it is said, not shown as a stall.
      [sync('signIns', 0, 0), 'Reading sign-in health'],
      [sync('somethingNew', 0, 0), 'Syncing (somethingNew)'],
    ];
    for (const [progress, text] of cases) {
      const view = renderInTab(<SyncProgressBar sync={progress} />);
      assert.equal(screen.getByTestId('sync-progress').textContent?.includes(text), true, `${progress.phase}: ${text}`);
      // Without a total the bar is indeterminate rather than stuck at 0.
      const bar = screen.getByRole('progressbar');
      assert.equal(bar.getAttribute('aria-valuenow') === null, progress.total === 0, progress.phase);
      view.unmount();
    }
  });

  it('polls fast from the start of a run until its accounts are listed, then at the slow pace, and not at all once it ends', () => {
    // A run that has not reached its first phase yet ('') is polled fast too: the first rows come within a round trip or two.
    assert.equal(pollIntervalOf(sync('', 0, 0)), LISTING_POLL_MS);
    assert.equal(pollIntervalOf(sync('users', 999, 0)), LISTING_POLL_MS);
    assert.equal(pollIntervalOf(sync('mailboxSettings', 10, 100)), POLL_MS);
    assert.equal(pollIntervalOf(sync('signIns', 0, 0)), POLL_MS);
    assert.equal(pollIntervalOf({ ...sync('users', 10, 0), status: 'succeeded' }), undefined);
    assert.equal(pollIntervalOf({ ...sync('users', 10, 0), status: 'waiting_for_signin' }), undefined);
    assert.equal(pollIntervalOf(null), undefined);
    assert.equal(pollIntervalOf(undefined), undefined);
  });
});
