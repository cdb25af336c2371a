import assert from 'node:assert/strict';
import { describe, it } from 'vitest';
import type { AccountDetail } from '../../contract/index.ts';
import { DEFAULT_BASELINE, type Baseline } from '../../api/src/accounts/baseline.ts';
import { CHECKS } from '../../api/src/accounts/checks/registry.ts';
import type { CheckDefinition } from '../../api/src/accounts/checks/types.ts';
import { planChanges, recommendedSettings } from '../../api/src/accounts/plan.ts';
import { ROLE } from '../../api/src/auth/roles.ts';
import type { AccountSnapshot } from '../../api/src/domain/snapshot.ts';
import { SETTING_BY_CHECK, SETTINGS } from '../../tab/src/features/account/settings.ts';
import { formatValue } from '../../tab/src/lib/format.ts';
import { CASES, tenant } from '../helpers/checkCases.ts';
import { compliantSnapshot } from '../helpers/snapshots.ts';

/**
 * Issue 15: "Keep the meeting subject" showed "Current Off, Expected Off" for AddOrganizerToSubject, so a
 * compliant room read as one whose subject is not kept. Every check must read in one sense: the label is a
 * statement that is true when the setting is On, and current value, expected value, the control and the change
 * preview all show the setting itself, formatted by the one formatter the tab uses.
 */

// A baseline that names a usage location, so the usage-location fix has a value without a place record.
const baseline: Baseline = { ...DEFAULT_BASELINE, usageLocation: 'US', severities: { inRoomList: 'recommended' } };
const context = { baseline, tenant };

/** Openers that state the opposite of a setting being On (a "Keep …" label over a Delete… parameter). */
const INVERSE_OPENERS = /^(keep|no|not|don't|do not|decline|never|block|prevent|hide|skip)\b/i;
/** The words a label may open with for a parameter's leading verb (Exchange names parameters verb-first). */
const VERB_WORDS: Record<string, string[]> = {
  Add: ['add', 'send'],
  Delete: ['delete'],
  Remove: ['remove'],
  Allow: ['allow'],
  Process: ['process', 'accept'],
};

/** The value a fix is meant to reach: a range's recommended value, otherwise the expected value itself. */
function target(check: CheckDefinition): unknown {
  const expected = check.expected(baseline);
  return expected && typeof expected === 'object' && 'recommended' in expected
    ? (expected as { recommended: unknown }).recommended
    : expected;
}

const isYesNo = (check: CheckDefinition) => typeof check.expected(baseline) === 'boolean';
const detailOf = (snapshot: AccountSnapshot) => ({ sources: snapshot.sources }) as unknown as AccountDetail;

describe('every setting reads in one sense', () => {
  it('no label is a raw property or parameter name', () => {
    for (const check of CHECKS) {
      assert.doesNotMatch(check.label, /^[A-Za-z]+$/, `${check.id}: "${check.label}" looks like a raw name`);
      assert.notEqual(check.label, check.setting, check.id);
    }
  });

  for (const check of CHECKS.filter(isYesNo)) {
    it(`${check.id}: the label "${check.label}" is true when ${check.setting ?? check.id} is On`, () => {
      assert.doesNotMatch(check.label, INVERSE_OPENERS);
      const verb = /^[A-Z][a-z]+/.exec(check.setting ?? '')?.[0];
      const words = verb ? VERB_WORDS[verb] : undefined;
      if (check.group === 'mailbox') {
        assert.ok(words, `${check.id}: no verb words for ${String(verb)}`);
        const opener = check.label.split(' ')[0]?.toLowerCase() ?? '';
        assert.ok(
          words.includes(opener),
          `${check.id}: "${check.label}" should open with ${words.join('/')} like ${String(check.setting)}`,
        );
      }
      // Both values of the baseline stay yes/no, so "On" always means the label's statement holds.
      const flipped = !(check.expected(baseline) as boolean);
      assert.equal(formatValue(flipped), flipped ? 'On' : 'Off');
    });
  }

  for (const check of CHECKS) {
    it(`${check.id}: a compliant account's current value reads as the expected value`, (t) => {
      const expected = check.expected(baseline);
      if (typeof expected !== 'boolean' && (typeof expected !== 'string' || !check.setting))
        return t.skip('described in words, not a setting value');
      if (check.id === 'inRoomList') return t.skip('expects any room list; the current value names the lists the room is in');
      const evaluation = check.evaluate(compliantSnapshot(), context);
      assert.equal(evaluation.result, 'pass');
      assert.equal(formatValue(evaluation.actual), formatValue(expected));
    });
  }

  for (const check of CHECKS.filter((item) => item.fix && item.setting)) {
    it(`${check.id}: the change preview is labelled as the check and moves to the expected value`, () => {
      const failing = CASES[check.id]?.fail;
      assert.ok(failing, check.id);
      const { settings, licenseSkuId } = recommendedSettings(failing, baseline, tenant);
      const change = planChanges(failing, settings, [ROLE.globalAdmin], licenseSkuId).find((item) => item.setting === check.setting);
      assert.ok(change, `${check.id}: no planned change for ${String(check.setting)}`);
      assert.equal(change.label, check.label);
      // The room-list check expects "a room list (Rooms - {building})"; its change names the building's list.
      if (check.id === 'inRoomList')
        assert.equal(change.to, (target(check) as string).replace(/^a room list \((.*)\)$/, '$1').replace('{building}', 'Building 2'));
      else assert.equal(formatValue(change.to), formatValue(target(check)));
    });
  }

  it('every control is a check of the catalog, and a switch is On exactly when the label holds for a compliant account', () => {
    for (const spec of SETTINGS) {
      const check = CHECKS.find((item) => item.id === spec.checkId);
      assert.ok(check, `${spec.checkId} is not a check`);
      if (spec.control !== 'switch') continue;
      const expected = check.expected(baseline);
      assert.equal(spec.read(detailOf(compliantSnapshot())), typeof expected === 'boolean' ? expected : true, spec.checkId);
    }
    assert.equal(SETTING_BY_CHECK.size, SETTINGS.length);
  });
});
