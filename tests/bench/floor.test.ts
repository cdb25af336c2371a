import assert from 'node:assert/strict';
import { describe, it } from 'vitest';
import { exchangeEnvelopesFor, exchangeRequestsFor, floorOf, type JobCalls } from '../../bench/floor.ts';
import { PROFILES } from '../../emulator/src/index.ts';

const calls: JobCalls = {
  graphChain: 11,
  exchangeChain: 11,
  graphResourceUnits: 100,
  graphWrites: 0,
  exchangeCmdlets: 10_000,
  exchangeWrites: 0,
};

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

  it('learns $batch: ten cmdlets share one request, chained list pages do not', () => {
    assert.equal(exchangeRequestsFor(10_011, 11), 11 + 1_000);
    assert.equal(exchangeRequestsFor(5, 11), 5);
    const batched = floorOf(
      { ...calls, exchangeRequests: exchangeRequestsFor(calls.exchangeCmdlets, calls.exchangeChain) },
      30,
      10,
      'generous',
    );
    const single = floorOf(calls, 30, 10, 'generous');
    assert.ok(Math.abs(batched.terms['Exchange concurrency']! * 10 - (exchangeRequestsFor(10_000, 11) * 0.325) / 3) < 1e-9);
    assert.ok(batched.seconds < single.seconds / 5, 'envelopes of 10 lift the concurrency bound almost tenfold');
    assert.ok(batched.terms['Exchange cmdlets']! > batched.seconds * 0.8, 'and the announced cmdlet rate comes close to binding');
  });

  it('an envelope holds its slot as long as its slowest item: the mean of the slowest of 10 draws', () => {
    assert.equal(exchangeEnvelopesFor(10_011, 11), 1_000);
    assert.equal(exchangeEnvelopesFor(5, 11), 0);
    const floor = floorOf(
      {
        ...calls,
        exchangeRequests: exchangeRequestsFor(calls.exchangeCmdlets, calls.exchangeChain),
        exchangeEnvelopes: exchangeEnvelopesFor(calls.exchangeCmdlets, calls.exchangeChain),
      },
      30,
      10,
      'generous',
    );
    // Generous and realistic share the 250–400 ms latency: a page alone 325 ms, an envelope of 10 250 + 150 × 10/11 ms.
    const slowestOf10 = 0.25 + (0.15 * 10) / 11;
    assert.ok(Math.abs(floor.terms['Exchange concurrency']! * 10 - (11 * 0.325 + 999 * slowestOf10) / 3) < 1e-9);
  });

  it('adds no rate term for a limit of 0', () => {
    const none = floorOf(calls, 30, 1, 'none');
    assert.ok(Object.values(none.terms).every((seconds) => Number.isFinite(seconds)));
    assert.equal(none.terms['Exchange cmdlets'], 0);
  });
});
