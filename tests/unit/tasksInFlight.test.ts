import assert from 'node:assert/strict';
import { describe, it } from 'vitest';
import { MAX_TASKS_IN_FLIGHT, MIN_TASKS_IN_FLIGHT, tasksInFlightFor } from '../../api/src/jobs/worker.ts';
import { BudgetRegistry } from '../../api/src/m365/index.ts';

describe('jobs: tasks in flight sized to the Exchange pace', () => {
  it('keeps about two seconds of the pace queued, within its bounds', () => {
    assert.equal(tasksInFlightFor(4.75), 10, 'the legacy budget: 10 tasks');
    assert.equal(tasksInFlightFor(20), 40);
    assert.equal(tasksInFlightFor(1), MIN_TASKS_IN_FLIGHT, 'a tiny budget still runs a few tasks');
    assert.equal(tasksInFlightFor(190), MAX_TASKS_IN_FLIGHT, 'a large budget: the most');
    assert.equal(tasksInFlightFor(undefined), MIN_TASKS_IN_FLIGHT, 'no pace known yet (no Exchange call made): the fewest');
    assert.equal(tasksInFlightFor(Number.NaN), MIN_TASKS_IN_FLIGHT);
  });

  it('the registry reports the slowest tenant’s pace, and none before a tenant was called', () => {
    const registry = new BudgetRegistry({ limits: { exchangeCmdlets: { ratePerSecond: 4.75, burst: 25 } } });
    assert.equal(registry.slowestExchangeCmdletsPerSecond(), undefined);
    registry.forTenant('a');
    registry.forTenant('b');
    assert.equal(registry.slowestExchangeCmdletsPerSecond(), 4.75);
  });
});
