import assert from 'node:assert/strict';
import { describe, it } from 'vitest';
import { readSource, verdict } from '../../api/src/accounts/checks/read.ts';
import type { AccountSnapshot } from '../../api/src/domain/snapshot.ts';
import { compliantSnapshot, withSource } from '../helpers/snapshots.ts';

function withFailed(
  key: keyof AccountSnapshot['sources'],
  status: 'unavailable' | 'notFound' | 'pending' | 'error',
  error?: { code: string; message: string },
): AccountSnapshot {
  const snapshot = compliantSnapshot();
  snapshot.sources[key] = { status, readAt: snapshot.readAt, ...(error ? { error } : {}) } as never;
  return snapshot;
}

describe('readSource: data, or why a check cannot be graded', () => {
  it('a source read: its data', () => {
    const read = readSource(compliantSnapshot(), 'user');
    assert.ok('data' in read);
    assert.equal(read.data.accountEnabled, true);
  });

  it('a source read without data is unknown, not a pass', () => {
    const snapshot = compliantSnapshot();
    snapshot.sources.place = { status: 'ok', readAt: snapshot.readAt };
    assert.deepEqual(readSource(snapshot, 'place'), { unknown: { result: 'unknown', actual: null, note: 'Could not be read' } });
  });

  it('a source not read ok is unknown even when stale data is left in it', () => {
    const snapshot = compliantSnapshot();
    snapshot.sources.user.status = 'error';
    assert.equal('unknown' in readSource(snapshot, 'user'), true);
  });

  it('each failure has its own note', () => {
    const note = (snapshot: AccountSnapshot, key: keyof AccountSnapshot['sources']) => {
      const read = readSource(snapshot, key);
      assert.ok('unknown' in read);
      assert.deepEqual([read.unknown.result, read.unknown.actual], ['unknown', null]);
      return read.unknown.note;
    };
    assert.equal(note(withFailed('mailbox', 'unavailable'), 'mailbox'), 'No permission to read mailbox');
    assert.equal(
      note(withFailed('mailbox', 'unavailable', { code: 'AccessDenied', message: 'no role' }), 'mailbox'),
      'No permission to read mailbox: no role',
    );
    assert.equal(note(withFailed('calendarProcessing', 'notFound'), 'calendarProcessing'), 'No mailbox found');
    assert.equal(note(withFailed('place', 'notFound'), 'place'), 'No place found');
    assert.equal(note(withFailed('user', 'pending'), 'user'), 'Not read yet');
    assert.equal(note(withFailed('user', 'error'), 'user'), 'Could not be read');
    assert.equal(note(withFailed('user', 'error', { code: 'Timeout', message: 'timed out' }), 'user'), 'Could not be read: timed out');
    assert.equal(note(withSource('licenses', { status: 'unavailable' }), 'licenses'), 'No permission to read licenses');
  });
});

describe('verdict', () => {
  it('pass or fail with the value, and a note only when given', () => {
    assert.deepEqual(verdict(true, 'x'), { result: 'pass', actual: 'x' });
    assert.deepEqual(verdict(false, 3), { result: 'fail', actual: 3 });
    assert.equal('note' in verdict(false, 3), false);
    assert.deepEqual(verdict(false, 3, 'why'), { result: 'fail', actual: 3, note: 'why' });
    assert.deepEqual(verdict(true, 3, ''), { result: 'pass', actual: 3, note: '' });
  });
});
