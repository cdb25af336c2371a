import { PROFILES, type ProfileName, type TrafficKnobs } from '../emulator/src/index.ts';
import { identityResourceUnits } from '../emulator/src/limits/profileGate.ts';
import type { EmulatorStats } from './emulator.ts';

/**
 * What a job must send, counted from `GET /emulator/stats` (calls that were not throttled: a retry after a
 * 429 is our cost, not the job's), packed as well as the services allow.
 */
export interface JobCalls {
  /** The longest chain of Graph calls that must wait for each other (paging by nextLink), in round trips. */
  graphChain: number;
  /** The same for Exchange (Get-Mailbox pages by nextLink). */
  exchangeChain: number;
  /** Graph identity resource units (graph-engineering.md §1.2). */
  graphResourceUnits: number;
  /** Graph identity writes (PATCH /users, assignLicense). */
  graphWrites: number;
  /** Exchange cmdlets of the signed-in admin, writes included. */
  exchangeCmdlets: number;
  /** Exchange Set-* cmdlets. */
  exchangeWrites: number;
  /**
   * The fewest Exchange HTTP requests that carry those cmdlets: each chained page alone, every other cmdlet in
   * `$batch` envelopes of 10 (`exchangeRequestsFor`). Absent: one request per cmdlet (a client without `$batch`).
   */
  exchangeRequests?: number;
  /** How many of those requests are `$batch` envelopes (`exchangeEnvelopesFor`); the rest are single calls. */
  exchangeEnvelopes?: number;
  /** Graph requests that `$select` signInActivity (issue 14: 10 a minute per app and tenant). */
  graphSignInActivity?: number;
  /** Graph requests and `$batch` items to the reports service (`/auditLogs`: 5 per 10 s per app and tenant). */
  graphReports?: number;
}

/** Exchange's `$batch` carries up to 10 InvokeCommand requests (docs/microsoft-365.md#exo-batch). */
export const EXCHANGE_BATCH_SIZE = 10;

/** Chained list pages go one per request; every other cmdlet can share an envelope of 10. */
export function exchangeRequestsFor(cmdlets: number, chained: number): number {
  return Math.min(cmdlets, chained) + exchangeEnvelopesFor(cmdlets, chained);
}

/** The envelopes among exchangeRequestsFor's requests: the cmdlets that are not chained pages, 10 to an envelope. */
export function exchangeEnvelopesFor(cmdlets: number, chained: number): number {
  return Math.ceil((cmdlets - Math.min(cmdlets, chained)) / EXCHANGE_BATCH_SIZE);
}

/**
 * The mean time of the slowest of `n` latencies drawn uniformly from [min, max] (s). The emulator runs an
 * envelope's items side by side, each drawing its own latency, and answers when the last is done: a full
 * envelope takes the mean of the slowest of 10 draws (386 ms of the realistic 250–400 ms), not their mean.
 */
const meanSlowestOf = (n: number, [min, max]: readonly [number, number]) => (min + ((max - min) * n) / (n + 1)) / 1000;

export interface Floor {
  /** The fewest seconds the emulator's limits (the profile in force) allow for these calls, at time scale k. */
  seconds: number;
  /** The term that sets it. */
  binding: string;
  /** Every term, in seconds at k. */
  terms: Record<string, number>;
}

const mean = ([min, max]: readonly [number, number]) => (min + max) / 2000;

/**
 * floor = max of: each chain × the mean latency of its service; and for each rate limit, (calls − bucket
 * capacity) / refill rate + one latency; and Exchange requests (envelopes: a `$batch` of 10 takes one slot for one
 * round trip, as long as its slowest item) × latency / per-user concurrency. Each term alone
 * is a lower bound on the job's time, so their maximum is too. Everything is divided by the time scale k.
 * `knobs` are the limits in force: a profile's name (`realistic`, `generous`…) or the knobs themselves, e.g.
 * as `GET /emulator/profile` reports them after overrides. A limit of 0 (none) adds no rate term.
 */
export function floorOf(calls: JobCalls, tenantUsers: number, k: number, knobs: TrafficKnobs | ProfileName = 'realistic'): Floor {
  const limits = typeof knobs === 'string' ? PROFILES[knobs] : knobs;
  const graphLatency = mean(limits.graphLatencyMs);
  const exchangeLatency = mean(limits.exchangeLatencyMs);
  const ru = limits.graphResourceUnitsPer10s === 'auto' ? identityResourceUnits(tenantUsers) : limits.graphResourceUnitsPer10s;
  const rate = (count: number, capacity: number, windowSeconds: number, latency: number) =>
    count > 0 && capacity > 0 ? Math.max(0, count - capacity) / (capacity / windowSeconds) + latency : 0;
  const unscaled: Record<string, number> = {
    'Graph chain': calls.graphChain * graphLatency,
    'Exchange chain': calls.exchangeChain * exchangeLatency,
    'Graph resource units': rate(calls.graphResourceUnits, ru, 10, graphLatency),
    'Graph writes (app)': rate(calls.graphWrites, limits.graphAppWritesPer150s, 150, graphLatency),
    'Graph writes (tenant)': rate(calls.graphWrites, limits.graphTenantWritesPer5min, 300, graphLatency),
    'Exchange cmdlets': rate(calls.exchangeCmdlets, limits.exchangeCmdletsPer5s, 5, exchangeLatency),
    'Exchange writes': rate(calls.exchangeWrites, limits.exchangeWritesPer60s, 60, exchangeLatency),
    'Graph signInActivity': rate(calls.graphSignInActivity ?? 0, limits.graphSignInActivityPerMin, 60, graphLatency),
    'Graph reports': rate(calls.graphReports ?? 0, limits.graphReportsPer10s, 10, graphLatency),
    'Exchange concurrency':
      limits.exchangeUserConcurrency > 0
        ? (((calls.exchangeRequests ?? calls.exchangeCmdlets) - (calls.exchangeEnvelopes ?? 0)) * exchangeLatency +
            (calls.exchangeEnvelopes ?? 0) * meanSlowestOf(EXCHANGE_BATCH_SIZE, limits.exchangeLatencyMs)) /
          limits.exchangeUserConcurrency
        : 0,
  };
  const terms = Object.fromEntries(Object.entries(unscaled).map(([name, seconds]) => [name, seconds / k]));
  const [binding, seconds] = Object.entries(terms).reduce((worst, term) => (term[1] > worst[1] ? term : worst));
  return { seconds, binding, terms };
}

/** Successful calls of one API (throttled attempts left out). */
export function made(stats: EmulatorStats, api: string): number {
  return (stats.calls[api] ?? 0) - (stats.throttled[api] ?? 0);
}

/** Successful calls of every API whose name matches. */
export function madeMatching(stats: EmulatorStats, pattern: RegExp): number {
  return Object.keys(stats.calls)
    .filter((api) => pattern.test(api))
    .reduce((sum, api) => sum + made(stats, api), 0);
}

/**
 * Places pages (999 rooms each, by `$skip`: Places sends no nextLink) fetched 4 at a time after the first, which
 * carries the count (Outlook: 4 concurrent requests per mailbox).
 */
export function placesRounds(pages: number): number {
  return pages <= 1 ? pages : 1 + Math.ceil((pages - 1) / PROFILES.realistic.outlookConcurrency);
}

/** Identity resource units of the Graph calls in the stats, by the documented costs (`$select` lowers each to 1). */
export function graphResourceUnits(stats: EmulatorStats): number {
  let units = 0;
  for (const api of Object.keys(stats.calls)) {
    if (!api.startsWith('GET ') && !api.startsWith('POST ') && !api.startsWith('PATCH ')) continue;
    // Places is Outlook's, the sign-in log the reports service's: neither spends identity resource units.
    if (api.includes('/places') || api.includes('/auditLogs')) continue;
    units += made(stats, api) * (api === 'GET /subscribedSkus' ? 3 : 1);
  }
  return units;
}
