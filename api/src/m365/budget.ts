/**
 * Per-tenant throttle budget: we pace our own traffic below Microsoft's limits (graph-engineering.md §1.2,
 * §1.4, §1.5) so bulk jobs slow down before they are throttled, and we back off harder when they are.
 * Graph's limits are published, so its rates are fixed (AdaptiveRate); Exchange's are not, so they start at
 * the legacy figures and are learned from its headers and 429s (LearnedRate). The math lives in
 * rateBucket.ts (token buckets), concurrency.ts and learnedRate.ts, pure and clock-driven; the figures in
 * budgetLimits.ts; one tenant's budget wires them in tenantBudget.ts. This module keeps one per tenant and is
 * the budget's one entry point for the rest of m365/.
 */
import { DEFAULT_BUDGET_LIMITS, type BudgetLimits } from './budgetLimits.ts';
import { LocalRateBucket } from './rateBucket.ts';
import { LocalTenantBudget, type RateBucketFactory, type TenantBudget } from './tenantBudget.ts';

export * from './rateBucket.ts';
export { ConcurrencyLimiter } from './concurrency.ts';
export { DEFAULT_LEARNING, LearnedRate, readingOf, type BudgetReading, type LearningSettings } from './learnedRate.ts';
export { DEFAULT_BUDGET_LIMITS, scaleBudgetLimits, type BudgetLimits } from './budgetLimits.ts';
export {
  LocalTenantBudget,
  type BudgetCall,
  type CallOutcome,
  type Lease,
  type RateBucketFactory,
  type RateBucketName,
  type TenantBudget,
} from './tenantBudget.ts';

/** One TenantBudget per tenant id for the whole process: every client of a tenant must draw from the same one. */
export class BudgetRegistry {
  private readonly budgets = new Map<string, TenantBudget>();
  readonly limits: BudgetLimits;
  private readonly factory: RateBucketFactory;

  constructor(options: { limits?: Partial<BudgetLimits>; bucketFactory?: RateBucketFactory } = {}) {
    this.limits = { ...DEFAULT_BUDGET_LIMITS, ...options.limits };
    this.factory = options.bucketFactory ?? ((tenantId, name, policy) => new LocalRateBucket(`${name} of ${tenantId}`, policy));
  }

  forTenant(tenantId: string): TenantBudget {
    let budget = this.budgets.get(tenantId);
    if (!budget) {
      budget = new LocalTenantBudget(tenantId, this.limits, this.factory);
      this.budgets.set(tenantId, budget);
    }
    return budget;
  }

  /** The slowest Exchange pace among the tenants this process has called (cmdlets a second); undefined before any. */
  slowestExchangeCmdletsPerSecond(): number | undefined {
    const paces = [...this.budgets.values()].flatMap((budget) => budget.exchangeCmdletsPerSecond?.() ?? []);
    return paces.length > 0 ? Math.min(...paces) : undefined;
  }
}

/** A budget that never waits, for scripts and tests that measure the service rather than us. */
export const unlimitedBudget: TenantBudget = {
  acquire: async () => ({ release: () => {} }),
};
