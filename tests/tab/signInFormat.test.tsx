import assert from 'node:assert/strict';
import { describe, it } from 'vitest';
import { appliedOnly, policyResultText, safePortalUrl, signInStateText } from '../../tab/src/features/account/signIn.ts';
import { formatRelative } from '../../tab/src/lib/format.ts';

const NOW = Date.parse('2026-12-07T12:00:00Z');
const HOUR = 3_600_000;

describe('tab: sign-in wording (issue 14)', () => {
  it('relative times count whole days, then hours, then minutes; nothing or nonsense is shown as such', () => {
    assert.equal(formatRelative(new Date(NOW - 9 * 24 * HOUR - 1).toISOString(), 'en-US', NOW), '9 days ago');
    assert.equal(formatRelative(new Date(NOW - 24 * HOUR).toISOString(), 'en-US', NOW), 'yesterday');
    assert.equal(formatRelative(new Date(NOW - 23 * HOUR).toISOString(), 'en-US', NOW), '23 hours ago');
    assert.equal(formatRelative(new Date(NOW - 5 * 60_000).toISOString(), 'en-US', NOW), '5 minutes ago');
    assert.equal(formatRelative(new Date(NOW + HOUR).toISOString(), 'en-US', NOW), 'now', 'a clock a little ahead is not "in 1 hour"');
    assert.equal(formatRelative(null, 'en-US', NOW), '—');
    assert.equal(formatRelative('not a date', 'en-US', NOW), 'not a date');
    assert.equal(formatRelative(new Date(NOW - 2 * 24 * HOUR).toISOString(), 'de-DE', NOW), 'vorgestern', "in the user's locale");
  });

  it('the state sentence names N (1 day, not 1 days) and falls back when N is unknown', () => {
    assert.equal(signInStateText('stale', 1), 'No successful sign-in within the last 1 day.');
    assert.equal(signInStateText('recent', 30), 'Signed in successfully within the last 30 days.');
    assert.equal(signInStateText('stale', undefined), "No successful sign-in within the baseline's window.");
  });

  it("policy results in words, Microsoft's value when new; policies that did not apply are counted, not listed", () => {
    assert.equal(policyResultText('reportOnlyFailure'), 'Report-only: would fail');
    assert.equal(policyResultText('unknownFutureValue'), 'unknownFutureValue');
    const split = appliedOnly([{ result: 'failure' }, { result: 'notApplied' }, { result: 'notEnabled' }, { result: 'success' }]);
    assert.deepEqual(split, { shown: [{ result: 'failure' }, { result: 'success' }], notApplied: 2 });
  });

  it('only https portal links are opened', () => {
    assert.equal(safePortalUrl('https://entra.microsoft.com/#view/x'), 'https://entra.microsoft.com/#view/x');
    assert.equal(safePortalUrl('javascript:alert(1)'), undefined);
    assert.equal(safePortalUrl('http://entra.microsoft.com/'), undefined);
    assert.equal(safePortalUrl('not a url'), undefined);
  });
});
