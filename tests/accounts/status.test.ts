import assert from 'node:assert/strict';
import { describe, it } from 'vitest';
import { DEFAULT_BASELINE, type Baseline } from '../../api/src/accounts/baseline.ts';
import { CHECKS_BY_ID } from '../../api/src/accounts/checks/registry.ts';
import { evaluateStatus, severityOf } from '../../api/src/accounts/status.ts';
import { cp, tenant } from '../helpers/checkCases.ts';
import { withSource } from '../helpers/snapshots.ts';

describe('grading', () => {
  it('warnings count failing recommended checks only, not failing required ones', () => {
    const snapshot = withSource('user', { accountEnabled: false }, cp({ AllowConflicts: true }));
    const grade = evaluateStatus(snapshot, DEFAULT_BASELINE, tenant);
    assert.deepEqual([grade.status, grade.warnings], ['needsAction', 1]);
  });

  it('each outcome carries its check, effective severity and expected value', () => {
    const baseline: Baseline = { ...DEFAULT_BASELINE, severities: { allowConflicts: 'required', bookingWindow: 'ignored' } };
    const grade = evaluateStatus(cp({ AllowConflicts: true }), baseline, tenant);
    const outcome = (id: string) => grade.outcomes.find((item) => item.check.id === id);
    assert.deepEqual(
      [
        outcome('allowConflicts')?.severity,
        outcome('allowConflicts')?.result,
        outcome('allowConflicts')?.expected,
        outcome('allowConflicts')?.actual,
      ],
      ['required', 'fail', false, true],
    );
    assert.equal(outcome('bookingWindow')?.severity, 'ignored');
    assert.equal(grade.status, 'needsAction');
  });

  it('severityOf: the baseline’s choice, else the check’s default', () => {
    const check = CHECKS_BY_ID.get('allowConflicts');
    assert.ok(check);
    assert.equal(severityOf(check, DEFAULT_BASELINE), 'recommended');
    assert.equal(severityOf(check, { ...DEFAULT_BASELINE, severities: { allowConflicts: 'ignored' } }), 'ignored');
  });
});
