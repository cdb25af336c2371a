import assert from 'node:assert/strict';
import { describe, it } from 'vitest';
import { mergePayloads } from '../../api/src/accounts/apply.ts';
import type { Change } from '../../api/src/accounts/plan.ts';

describe('mergePayloads', () => {
  const change = (payload: Record<string, unknown>) => ({ payload }) as Change;

  it('one write’s parameters from its changes, nested objects merged, later plain values winning', () => {
    assert.deepEqual(
      mergePayloads([
        change({ accountEnabled: true }),
        change({ passwordProfile: { forceChangePasswordNextSignIn: false } }),
        change({ passwordProfile: { password: 'x' } }),
        change({ usageLocation: 'US' }),
        change({ usageLocation: 'DE' }),
      ]),
      { accountEnabled: true, passwordProfile: { forceChangePasswordNextSignIn: false, password: 'x' }, usageLocation: 'DE' },
    );
    assert.deepEqual(mergePayloads([]), {});
  });

  it('a plain value replaces an object and an object replaces a plain value; null and false are values', () => {
    assert.deepEqual(mergePayloads([change({ a: { x: 1 } }), change({ a: 2 })]), { a: 2 });
    assert.deepEqual(mergePayloads([change({ a: 2 }), change({ a: { x: 1 } })]), { a: { x: 1 } });
    assert.deepEqual(mergePayloads([change({ a: 'ab' }), change({ a: { x: 1 } })]), { a: { x: 1 } });
    assert.deepEqual(mergePayloads([change({ a: null }), change({ a: { x: 1 } })]), { a: { x: 1 } });
    assert.deepEqual(mergePayloads([change({ a: true }), change({ a: false })]), { a: false });
  });
});
