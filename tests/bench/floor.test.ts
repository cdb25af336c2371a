import assert from 'node:assert/strict';
import { describe, it } from 'vitest';
import { floorOf, type JobCalls } from '../../bench/floor.ts';
import { PROFILES } from '../../emulator/src/index.ts';

const calls: JobCalls = { graphChain: 11, exchangeChain: 11, graphResourceUnits: 100, graphWrites: 0, exchangeCmdlets: 10_000, exchangeWrites: 0 };

describe('bench: the floor follows the Exchange budget in force', () => {
  it('is set by the cmdlet rate under realistic and by concurrency under generous', () => {
    const realistic = floorOf(calls, 30, 10);
    assert.equal(realistic.binding, 'Exchange cmdlets');
    assert.ok(Math.abs(realistic.seconds - ((10_000 - 25) / 5 + 0.325) / 10) < 1e-9);
    const generous = floorOf(calls, 30, 10, 'generous');
    assert.equal(generous.terms['Exchange cmdlets'], ((10_000 - 500) / 100 + 0.325) / 10);
    assert.equal(generous.binding, 'Exchange concurrency');
    assert.deepEqual(floorOf(calls, 30, 10, PROFILES.generous), generous, 'a profile name or its knobs');
  });

  it('adds no rate term for a limit of 0', () => {
    const none = floorOf(calls, 30, 1, 'none');
    assert.ok(Object.values(none.terms).every((seconds) => Number.isFinite(seconds)));
    assert.equal(none.terms['Exchange cmdlets'], 0);
  });
});
