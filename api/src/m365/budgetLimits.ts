import { DEFAULT_LEARNING, type LearningSettings } from './learnedRate.ts';
import type { AdaptiveSettings, RateSpec } from './rateBucket.ts';

/*
 * What we pace to per tenant: Microsoft's published limits (graph-engineering.md §1.2, §1.4, §1.5) with
 * headroom, and the Exchange figures the learned rates start from.
 */

export interface BudgetLimits {
  /** Graph identity resource units per app+tenant (S tenant: 3,500 / 10 s), with 10 % headroom. */
  graphResourceUnits: RateSpec;
  /** Graph identity writes per app+tenant (3,000 / 150 s), with 10 % headroom. */
  graphWrites: RateSpec;
  /** Graph identity and access reports (`/auditLogs`): 5 requests / 10 s per app+tenant (docs/microsoft-365.md#graph-sign-ins). */
  graphReports: RateSpec;
  /** Graph reads that `$select` signInActivity: 10 requests / minute per app+tenant (docs/microsoft-365.md#graph-sign-in-activity). */
  graphSignInActivity: RateSpec;
  /** Exchange cmdlets per tenant to start from (legacy EXO: 25 / 5 s per user), with 5 % headroom; then learned. */
  exchangeCmdlets: RateSpec;
  /** Exchange Set-* cmdlets per tenant to start from (legacy EXO PowerShellMaxDestructiveCmdlets: 120 / 60 s per user), with 5 % headroom; then learned. */
  exchangeWrites: RateSpec;
  /** Exchange calls in flight per tenant (legacy EXO: 9). */
  exchangeConcurrency: number;
  /** Exchange calls in flight per signed-in user (legacy EXO: 3). */
  exchangeConcurrencyPerUser: number;
  /** Outlook calls (Graph places) in flight per mailbox (4). */
  mailboxConcurrency: number;
  adaptive: AdaptiveSettings;
  /** How the Exchange rates are learned (AIMD and the `Rate-Limit-*` headers). */
  learning: LearningSettings;
}

export const DEFAULT_BUDGET_LIMITS: BudgetLimits = {
  graphResourceUnits: { ratePerSecond: 315, burst: 350 },
  // 3,000 per 150 s is a bucket of 3,000 refilling at 20/s: keep 10 % of both for other work of the app.
  graphWrites: { ratePerSecond: 18, burst: 2_700 },
  // The reports limits are small and shared with every other tool of the app: 10 % under each, a bucket one short.
  graphReports: { ratePerSecond: 0.45, burst: 4 },
  graphSignInActivity: { ratePerSecond: 0.15, burst: 9 },
  // 5 % under the 5/s the legacy budget allows, and a burst that leaves 5 of its 25 to the admin's other tools.
  exchangeCmdlets: { ratePerSecond: 4.75, burst: 20 },
  // 5 % under the legacy 120 Set-* per 60 s, with a burst that leaves 20 of the 120 to the admin's other tools.
  exchangeWrites: { ratePerSecond: 1.9, burst: 100 },
  exchangeConcurrency: 9,
  exchangeConcurrencyPerUser: 3,
  mailboxConcurrency: 4,
  // Mild enough that occasional 429s (chaos) keep us near full speed; sustained ones are met by Retry-After.
  adaptive: { decrease: 0.7, minFactor: 0.2, recoveryPerSecond: 0.05, coalesceMs: 5_000 },
  learning: DEFAULT_LEARNING,
};

/**
 * The budget for an emulator whose clock runs k times faster (benchmarks and tests): every rate × k. A burst
 * is a number of calls, not a rate, so it stays: the emulator's buckets hold as many tokens at any k.
 */
export function scaleBudgetLimits(k: number, limits: BudgetLimits = DEFAULT_BUDGET_LIMITS): BudgetLimits {
  const scale = (spec: RateSpec): RateSpec => ({ ratePerSecond: spec.ratePerSecond * k, burst: spec.burst });
  return {
    ...limits,
    graphResourceUnits: scale(limits.graphResourceUnits),
    graphWrites: scale(limits.graphWrites),
    graphReports: scale(limits.graphReports),
    graphSignInActivity: scale(limits.graphSignInActivity),
    exchangeCmdlets: scale(limits.exchangeCmdlets),
    exchangeWrites: scale(limits.exchangeWrites),
    adaptive: { ...limits.adaptive, recoveryPerSecond: limits.adaptive.recoveryPerSecond * k, coalesceMs: limits.adaptive.coalesceMs / k },
    learning: {
      ...limits.learning,
      increasePerSecond: limits.learning.increasePerSecond * k,
      staleMs: limits.learning.staleMs / k,
      coalesceMs: limits.learning.coalesceMs / k,
      settleMs: limits.learning.settleMs / k,
    },
  };
}
