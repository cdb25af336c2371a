// Evidence: docs/microsoft-365.md#graph-errors, #exo-errors
import { z } from 'zod';

/** Inclusive millisecond range a latency or delay is drawn from. */
export type MsRange = readonly [min: number, max: number];

/**
 * Every setting of the traffic gate. Limits of 0 mean "no limit"; rates are probabilities per call;
 * `timeScale` k multiplies every rate and divides every latency, window, Retry-After and token lifetime by k.
 */
export interface TrafficKnobs {
  seed: number;
  timeScale: number;
  /** Graph identity resource units per 10 s per app+tenant; `auto` sizes by tenant users (S/M/L). */
  graphResourceUnitsPer10s: number | 'auto';
  graphAppWritesPer150s: number;
  graphTenantWritesPer5min: number;
  /** Identity and access reports (auditLogs, signInActivity): requests per 10 s per app+tenant. */
  graphReportsPer10s: number;
  /** Reads of users' signInActivity: requests per minute per app+tenant. */
  graphSignInActivityPerMin: number;
  outlookRequestsPer10min: number;
  outlookConcurrency: number;
  exchangeUserConcurrency: number;
  exchangeTenantConcurrency: number;
  exchangeCmdletsPer5s: number;
  exchangeWritesPer60s: number;
  graphLatencyMs: MsRange;
  exchangeLatencyMs: MsRange;
  rate429: number;
  rate503: number;
  rate504: number;
  rateSlow: number;
  slowMs: MsRange;
  rateDrop: number;
  /** Lifetime of demo SSO tokens (`/demo/token`), in seconds before time scaling. */
  ssoTokenLifetimeSeconds: number;
  /** Lifetime of on-behalf-of and client-credential access tokens, in seconds before time scaling. */
  accessTokenLifetimeSeconds: number;
  /** Inactivity lifetime of refresh tokens, in seconds before time scaling (Entra: 90 days). */
  refreshTokenLifetimeSeconds: number;
}

export type KnobName = keyof TrafficKnobs;

const limit = z.number().int().min(0);
const rate = z.number().min(0).max(1);
const lifetime = z
  .number()
  .positive()
  .max(10 * 365 * 86_400);
const msRange = z
  .tuple([z.number().min(0), z.number().min(0)])
  .refine(([min, max]) => min <= max, 'the first number must not exceed the second');

/** Validates a partial knob set from JSON (PUT /emulator/profile) or from parsed CLI flags. */
export const knobsSchema = z
  .object({
    seed: z.number().int(),
    timeScale: z.number().positive().max(1_000_000),
    graphResourceUnitsPer10s: z.union([z.literal('auto'), limit]),
    graphAppWritesPer150s: limit,
    graphTenantWritesPer5min: limit,
    graphReportsPer10s: limit,
    graphSignInActivityPerMin: limit,
    outlookRequestsPer10min: limit,
    outlookConcurrency: limit,
    exchangeUserConcurrency: limit,
    exchangeTenantConcurrency: limit,
    exchangeCmdletsPer5s: limit,
    exchangeWritesPer60s: limit,
    graphLatencyMs: msRange,
    exchangeLatencyMs: msRange,
    rate429: rate,
    rate503: rate,
    rate504: rate,
    rateSlow: rate,
    slowMs: msRange,
    rateDrop: rate,
    ssoTokenLifetimeSeconds: lifetime,
    accessTokenLifetimeSeconds: lifetime,
    refreshTokenLifetimeSeconds: lifetime,
  })
  .partial()
  .strict();

type KnobKind = 'integer' | 'scale' | 'limit' | 'ru' | 'range' | 'rate' | 'seconds';

interface KnobSpec {
  name: KnobName;
  /** The CLI flag, without the leading dashes. */
  flag: string;
  kind: KnobKind;
  help: string;
}

/** One row per knob: its CLI flag and what it does (the CLI's --help and the README table come from here). */
export const KNOB_SPECS: readonly KnobSpec[] = [
  { name: 'seed', flag: 'traffic-seed', kind: 'integer', help: 'seed of the jitter and chaos draws' },
  { name: 'timeScale', flag: 'time-scale', kind: 'scale', help: 'k: rates x k; latencies, windows, Retry-After and token lifetimes / k' },
  {
    name: 'graphResourceUnitsPer10s',
    flag: 'graph-ru',
    kind: 'ru',
    help: 'Graph identity RU per 10 s per app+tenant (auto: 3500/5000/8000 by tenant size)',
  },
  { name: 'graphAppWritesPer150s', flag: 'graph-app-writes', kind: 'limit', help: 'Graph identity writes per 150 s per app+tenant' },
  {
    name: 'graphTenantWritesPer5min',
    flag: 'graph-tenant-writes',
    kind: 'limit',
    help: 'Graph identity writes per 5 min per tenant (all apps)',
  },
  {
    name: 'graphReportsPer10s',
    flag: 'graph-reports',
    kind: 'limit',
    help: 'Graph identity and access reports (auditLogs/signIns) requests per 10 s per app+tenant',
  },
  {
    name: 'graphSignInActivityPerMin',
    flag: 'graph-signin-activity',
    kind: 'limit',
    help: 'Graph reads of users with signInActivity per minute per app+tenant',
  },
  {
    name: 'outlookRequestsPer10min',
    flag: 'outlook-requests',
    kind: 'limit',
    help: 'Graph Outlook/places requests per 10 min per app+mailbox',
  },
  {
    name: 'outlookConcurrency',
    flag: 'outlook-concurrency',
    kind: 'limit',
    help: 'Graph Outlook/places concurrent requests per app+mailbox',
  },
  {
    name: 'exchangeUserConcurrency',
    flag: 'exchange-user-concurrency',
    kind: 'limit',
    help: 'Exchange InvokeCommand concurrent calls per user',
  },
  {
    name: 'exchangeTenantConcurrency',
    flag: 'exchange-tenant-concurrency',
    kind: 'limit',
    help: 'Exchange InvokeCommand concurrent calls per tenant',
  },
  { name: 'exchangeCmdletsPer5s', flag: 'exchange-cmdlets', kind: 'limit', help: 'Exchange cmdlets per 5 s per user' },
  { name: 'exchangeWritesPer60s', flag: 'exchange-writes', kind: 'limit', help: 'Exchange Set-* cmdlets per 60 s per user' },
  { name: 'graphLatencyMs', flag: 'graph-latency-ms', kind: 'range', help: 'Graph latency per call, MIN-MAX ms' },
  { name: 'exchangeLatencyMs', flag: 'exchange-latency-ms', kind: 'range', help: 'Exchange latency per call, MIN-MAX ms' },
  { name: 'rate429', flag: 'rate-429', kind: 'rate', help: 'share of calls answered 429 at random' },
  { name: 'rate503', flag: 'rate-503', kind: 'rate', help: 'share of calls answered 503' },
  { name: 'rate504', flag: 'rate-504', kind: 'rate', help: 'share of calls answered 504' },
  { name: 'rateSlow', flag: 'rate-slow', kind: 'rate', help: 'share of calls slowed by --slow-ms' },
  { name: 'slowMs', flag: 'slow-ms', kind: 'range', help: 'extra delay of a slow call, MIN-MAX ms' },
  { name: 'rateDrop', flag: 'rate-drop', kind: 'rate', help: 'share of connections dropped without an answer' },
  {
    name: 'ssoTokenLifetimeSeconds',
    flag: 'sso-token-lifetime',
    kind: 'seconds',
    help: 'seconds a demo SSO token (/demo/token) lives, / k (default 3600)',
  },
  {
    name: 'accessTokenLifetimeSeconds',
    flag: 'access-token-lifetime',
    kind: 'seconds',
    help: 'seconds a Graph/Exchange access token lives, / k (default 3600)',
  },
  {
    name: 'refreshTokenLifetimeSeconds',
    flag: 'refresh-token-lifetime',
    kind: 'seconds',
    help: 'seconds a refresh token lives unused, / k (default 7776000 = 90 days)',
  },
];

/** Turn a flag's text into the JSON value `knobsSchema` checks ("60-120" → [60, 120], "auto" stays). */
export function knobValueFromText(spec: KnobSpec, text: string): unknown {
  if (spec.kind === 'ru' && text === 'auto') return text;
  if (spec.kind === 'range') {
    const match = /^(\d+(?:\.\d+)?)(?:-(\d+(?:\.\d+)?))?$/.exec(text.trim());
    if (!match) return text;
    const min = Number(match[1]);
    return [min, match[2] === undefined ? min : Number(match[2])];
  }
  const value = Number(text);
  return text.trim() === '' || Number.isNaN(value) ? text : value;
}

/** Render a knob value the way its flag takes it. */
export function knobValueToText(value: TrafficKnobs[KnobName]): string {
  return Array.isArray(value) ? `${value[0]}-${value[1]}` : String(value);
}
