import { SeededRandom } from '../tenant/random.ts';
import { ConcurrencyLimiter, type ConcurrencyClaim } from './concurrency.ts';
import type { MsRange } from './knobs.ts';
import type { TrafficSettings } from './profiles.ts';
import { BucketMap, type TokenBucket } from './tokenBucket.ts';
import type { Admission, CallInfo, QuotaReport, TrafficGate } from './types.ts';

/**
 * A throttle verdict; when time is scaled it also carries the exact wait, which routes send as
 * `x-ms-retry-after-ms` because `Retry-After` only takes whole seconds.
 */
export type ThrottleAdmission = Extract<Admission, { kind: 'throttle' }> & { retryAfterMs?: number };

/** What the gate needs from the emulator around it. */
export interface GateEnvironment {
  /** Users in a tenant, to size Graph's identity quota (S < 50, M ≤ 500, L above). */
  tenantUsers(tenantId: string): number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

/** What the gate decided since the last reset, for `GET /emulator/profile` and tests. */
export interface GateCounters {
  calls: number;
  admitted: number;
  /** Limit-based 429s by reason (`ResourceUnitLimitExceeded`, `WriteLimitExceeded`, ...). */
  throttled: Record<string, number>;
  injected429: number;
  injected503: number;
  injected504: number;
  dropped: number;
  slowed: number;
}

interface Charge {
  bucket: TokenBucket;
  cost: number;
  scope: string;
  reason: string;
}

const SECOND = 1000;
const OUTLOOK_API = /\/places\b|\/calendar|\/events|\/mailboxSettings/i;

/** Identity quota per 10 s by tenant size (graph-engineering.md §1.2). */
export function identityResourceUnits(tenantUsers: number): number {
  if (tenantUsers < 50) return 3500;
  if (tenantUsers <= 500) return 5000;
  return 8000;
}

/** The `--profile` gate: Microsoft's quotas as token buckets and concurrency slots, latency, and seeded chaos. */
export class ProfileGate implements TrafficGate {
  private settings!: TrafficSettings;
  private random!: SeededRandom;
  private limiter!: ConcurrencyLimiter;
  private buckets!: Record<
    'identityRu' | 'appWrites' | 'tenantWrites' | 'outlook' | 'cmdlets' | 'exchangeWrites' | 'reports' | 'signInActivity',
    Map<number, BucketMap>
  >;
  private tally!: GateCounters;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(
    settings: TrafficSettings,
    private readonly env: GateEnvironment,
  ) {
    this.now = env.now ?? (() => performance.now());
    this.sleep = env.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.configure(settings);
  }

  current(): TrafficSettings {
    return structuredClone(this.settings);
  }

  /** Switch profile or knobs; buckets, in-flight counts, the random stream and the counters start afresh. */
  configure(settings: TrafficSettings): void {
    this.settings = structuredClone(settings);
    this.reset();
  }

  reset(): void {
    this.random = new SeededRandom(this.settings.knobs.seed);
    this.limiter = new ConcurrencyLimiter();
    this.buckets = {
      identityRu: new Map(),
      appWrites: new Map(),
      tenantWrites: new Map(),
      outlook: new Map(),
      cmdlets: new Map(),
      exchangeWrites: new Map(),
      reports: new Map(),
      signInActivity: new Map(),
    };
    this.resetCounters();
  }

  resetCounters(): void {
    this.tally = { calls: 0, admitted: 0, throttled: {}, injected429: 0, injected503: 0, injected504: 0, dropped: 0, slowed: 0 };
  }

  counters(): GateCounters {
    return structuredClone(this.tally);
  }

  async admit(call: CallInfo): Promise<Admission> {
    const knobs = this.settings.knobs;
    this.tally.calls += 1;
    // An envelope's time is that of its items, which each draw their own latency.
    const latency = call.part === 'envelope' ? 0 : this.draw(call.service === 'exchange' ? knobs.exchangeLatencyMs : knobs.graphLatencyMs);
    const verdict = this.injectedFault(call) ?? this.enforceLimits(call);
    if (verdict.kind === 'admit' || verdict.kind === 'throttle') {
      const quota = this.quotaOf(call, verdict.kind === 'admit');
      if (quota) verdict.quota = quota;
    }
    let delay = latency;
    if (verdict.kind === 'admit') {
      this.tally.admitted += 1;
      if (knobs.rateSlow > 0 && this.random.chance(knobs.rateSlow)) {
        this.tally.slowed += 1;
        delay += this.draw(knobs.slowMs);
      }
    }
    if (delay > 0) {
      // The latency is the time Microsoft takes to answer, its own work included: the emulator works out a read
      // while the latency runs, so its own CPU adds to a call's time only where it takes longer than the latency.
      // A write still changes the tenant after it, as before; refusals and faults come after it too.
      if (verdict.kind === 'admit' && call.read) verdict.answerAt = this.sleep(delay);
      else await this.sleep(delay);
    }
    return verdict;
  }

  /** Chaos: one draw per call decides drop, 503, 504, a random 429, or nothing. */
  private injectedFault(call: CallInfo): Admission | undefined {
    const { rateDrop, rate503, rate504, rate429 } = this.settings.knobs;
    if (rateDrop + rate503 + rate504 + rate429 <= 0) return undefined;
    const roll = this.random.next();
    if (roll < rateDrop) {
      this.tally.dropped += 1;
      return { kind: 'drop' };
    }
    if (roll < rateDrop + rate503) {
      this.tally.injected503 += 1;
      return { kind: 'fault', status: 503 };
    }
    if (roll < rateDrop + rate503 + rate504) {
      this.tally.injected504 += 1;
      return { kind: 'fault', status: 504 };
    }
    if (roll < rateDrop + rate503 + rate504 + rate429) {
      this.tally.injected429 += 1;
      const { scope, reason } = mainQuota(call);
      return this.throttle(this.draw([SECOND, 2 * SECOND]), scope, reason);
    }
    return undefined;
  }

  private enforceLimits(call: CallInfo): Admission {
    const rules = this.rulesFor(call);
    const charges = call.part === 'envelope' ? [] : rules.charges;
    const claims = call.part === 'item' ? [] : rules.claims;
    const now = this.now();
    let worst: { wait: number; charge: Charge } | undefined;
    for (const charge of charges) {
      const wait = charge.bucket.waitMs(charge.cost, now);
      if (wait > 0 && (!worst || wait > worst.wait)) worst = { wait, charge };
    }
    if (worst) return this.countThrottle(this.throttle(worst.wait, worst.charge.scope, worst.charge.reason));
    const slots = this.limiter.tryAcquire(claims);
    if (!slots.ok) {
      return this.countThrottle(this.throttle(SECOND / this.settings.knobs.timeScale, slots.refused.key, 'ConcurrencyLimitExceeded'));
    }
    for (const charge of charges) charge.bucket.take(charge.cost, now);
    return { kind: 'admit', release: slots.release };
  }

  /** An Exchange caller's cmdlet bucket and in-flight count, as the live service reports them on each reply. */
  private quotaOf(call: CallInfo, admitted: boolean): QuotaReport | undefined {
    const capacity = this.settings.knobs.exchangeCmdletsPer5s;
    if (call.service !== 'exchange' || capacity <= 0) return undefined;
    const who = `${principal(call)}/${call.tenantId}`;
    const bucket = this.bucketMap('cmdlets', capacity, 5 * SECOND).get(who, this.now());
    // Whole tokens, as a header carries them; the reset is when *that* balance is full again, so the two agree
    // and (Limit − Remaining) / (Reset − now) is the refill rate at any time scale (windowMs is already / k).
    const remaining = Math.floor(bucket.available(this.now()));
    const inFlight = this.limiter.current(`User/Concurrency/${who}`);
    return {
      limit: capacity,
      remaining,
      resetAt: Date.now() + Math.ceil(((capacity - remaining) * bucket.windowMs) / capacity),
      concurrency: Math.max(0, inFlight - (admitted ? 1 : 0)),
    };
  }

  /** Which buckets and concurrency slots govern a call (graph-engineering.md §1.2, §1.4, §1.5). */
  private rulesFor(call: CallInfo): { charges: Charge[]; claims: ConcurrencyClaim[] } {
    const knobs = this.settings.knobs;
    const charges: Charge[] = [];
    const claims: ConcurrencyClaim[] = [];
    const now = this.now();
    const charge = (
      kind: keyof typeof this.buckets,
      capacity: number,
      windowMs: number,
      key: string,
      cost: number,
      scope: string,
      reason: string,
    ) => {
      if (capacity > 0) charges.push({ bucket: this.bucketMap(kind, capacity, windowMs).get(key, now), cost, scope, reason });
    };
    const appTenant = `${call.appId}/${call.tenantId}`;
    const main = mainQuota(call);
    if (call.service === 'exchange') {
      const who = `${principal(call)}/${call.tenantId}`;
      charge('cmdlets', knobs.exchangeCmdletsPer5s, 5 * SECOND, who, 1, main.scope, main.reason);
      if (call.isWrite)
        charge('exchangeWrites', knobs.exchangeWritesPer60s, 60 * SECOND, who, 1, `User/Write/${who}`, 'WriteLimitExceeded');
      claims.push({ key: `User/Concurrency/${who}`, limit: knobs.exchangeUserConcurrency });
      claims.push({ key: `Tenant/Concurrency/${call.tenantId}`, limit: knobs.exchangeTenantConcurrency });
    } else if (isOutlook(call)) {
      const mailbox = mailboxKey(call);
      charge('outlook', knobs.outlookRequestsPer10min, 600 * SECOND, mailbox, 1, main.scope, main.reason);
      claims.push({ key: `Application_Mailbox/Concurrency/${mailbox}`, limit: knobs.outlookConcurrency });
    } else if (call.reportsQuota === 'reports') {
      // The identity and access reports service (auditLogs) has its own request budget, not identity resource units.
      charge(
        'reports',
        knobs.graphReportsPer10s,
        10 * SECOND,
        appTenant,
        1,
        `Tenant_Application/Reports/${appTenant}`,
        'RequestLimitExceeded',
      );
    } else {
      if (call.reportsQuota === 'signInActivity') {
        charge(
          'signInActivity',
          knobs.graphSignInActivityPerMin,
          60 * SECOND,
          appTenant,
          1,
          `Tenant_Application/SignInActivity/${appTenant}`,
          'RequestLimitExceeded',
        );
      }
      const ru =
        knobs.graphResourceUnitsPer10s === 'auto'
          ? identityResourceUnits(this.env.tenantUsers(call.tenantId))
          : knobs.graphResourceUnitsPer10s;
      charge('identityRu', ru, 10 * SECOND, appTenant, Math.max(1, call.resourceUnits), main.scope, main.reason);
      if (call.isWrite) {
        charge(
          'appWrites',
          knobs.graphAppWritesPer150s,
          150 * SECOND,
          appTenant,
          1,
          `Tenant_Application/Write/${appTenant}`,
          'WriteLimitExceeded',
        );
        charge(
          'tenantWrites',
          knobs.graphTenantWritesPer5min,
          300 * SECOND,
          call.tenantId,
          1,
          `Tenant/Write/${appTenant}`,
          'WriteLimitExceeded',
        );
      }
    }
    return { charges, claims };
  }

  /** One bucket family per capacity, so a tenant that grows from M to L gets the larger quota. */
  private bucketMap(kind: keyof typeof this.buckets, capacity: number, windowMs: number): BucketMap {
    const family = this.buckets[kind];
    let map = family.get(capacity);
    if (!map) {
      map = new BucketMap(capacity, windowMs / this.settings.knobs.timeScale);
      family.set(capacity, map);
    }
    return map;
  }

  private throttle(waitMs: number, scope: string, reason: string): ThrottleAdmission {
    const verdict: ThrottleAdmission = { kind: 'throttle', retryAfterSeconds: Math.max(1, Math.ceil(waitMs / SECOND)), scope, reason };
    if (this.settings.knobs.timeScale !== 1) verdict.retryAfterMs = Math.max(1, Math.ceil(waitMs));
    return verdict;
  }

  private countThrottle(verdict: ThrottleAdmission): ThrottleAdmission {
    this.tally.throttled[verdict.reason] = (this.tally.throttled[verdict.reason] ?? 0) + 1;
    return verdict;
  }

  /** A delay drawn from a range, divided by the time scale. */
  private draw([min, max]: MsRange): number {
    if (max <= 0) return 0;
    const value = min === max ? min : min + this.random.next() * (max - min);
    return value / this.settings.knobs.timeScale;
  }
}

/** Exchange budgets are per signed-in user; app-only calls are budgeted per app. */
function principal(call: CallInfo): string {
  return call.userId ?? `app:${call.appId}`;
}

/** Graph's Outlook-backed calls (places, calendars) are limited per app+mailbox, not by identity units. */
function isOutlook(call: CallInfo): boolean {
  return call.service === 'graph' && (call.mailbox !== undefined || OUTLOOK_API.test(call.api));
}

function mailboxKey(call: CallInfo): string {
  return `${call.appId}/${(call.mailbox ?? call.userId ?? call.tenantId).toLowerCase()}`;
}

/** The rate quota a call mainly draws on: named in its 429s, random ones included. */
function mainQuota(call: CallInfo): { scope: string; reason: string } {
  if (call.service === 'exchange') return { scope: `User/Cmdlets/${principal(call)}/${call.tenantId}`, reason: 'CmdletRateLimitExceeded' };
  if (isOutlook(call)) return { scope: `Application_Mailbox/ReadWrite/${mailboxKey(call)}`, reason: 'RequestLimitExceeded' };
  return { scope: `Tenant_Application/ReadWrite/${call.appId}/${call.tenantId}`, reason: 'ResourceUnitLimitExceeded' };
}
