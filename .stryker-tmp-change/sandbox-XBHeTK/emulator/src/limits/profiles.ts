// @ts-nocheck
// Evidence: docs/microsoft-365.md#graph-errors, #exo-errors
import type { KnobName, TrafficKnobs } from './knobs.ts';

export type ProfileName = 'none' | 'realistic' | 'generous' | 'chaos';

export const PROFILE_NAMES: readonly ProfileName[] = ['none', 'realistic', 'generous', 'chaos'];

const none: TrafficKnobs = {
  seed: 1,
  timeScale: 1,
  graphResourceUnitsPer10s: 0,
  graphAppWritesPer150s: 0,
  graphTenantWritesPer5min: 0,
  outlookRequestsPer10min: 0,
  outlookConcurrency: 0,
  exchangeUserConcurrency: 0,
  exchangeTenantConcurrency: 0,
  exchangeCmdletsPer5s: 0,
  exchangeWritesPer60s: 0,
  graphLatencyMs: [0, 0],
  exchangeLatencyMs: [0, 0],
  rate429: 0,
  rate503: 0,
  rate504: 0,
  rateSlow: 0,
  slowMs: [1000, 3000],
  rateDrop: 0,
  // Entra's defaults: access tokens live 60-90 minutes, refresh tokens 90 days unused (refresh-tokens, Learn).
  ssoTokenLifetimeSeconds: 3600,
  accessTokenLifetimeSeconds: 3600,
  refreshTokenLifetimeSeconds: 90 * 86_400,
};

/** Microsoft's published quotas: graph-engineering.md §1.2 (identity), §1.4 (Outlook/places), §1.5 and §9 (Exchange). */
const realistic: TrafficKnobs = {
  ...none,
  graphResourceUnitsPer10s: 'auto',
  graphAppWritesPer150s: 3000,
  graphTenantWritesPer5min: 18000,
  outlookRequestsPer10min: 10000,
  outlookConcurrency: 4,
  exchangeUserConcurrency: 3,
  exchangeTenantConcurrency: 9,
  exchangeCmdletsPer5s: 25,
  exchangeWritesPer60s: 120,
  graphLatencyMs: [60, 120],
  exchangeLatencyMs: [250, 400],
};

/**
 * A tenant whose Exchange budget is far above the legacy one (20× the cmdlets, 10× the Set-*): Microsoft
 * publishes no limit for the admin endpoint (docs/microsoft-365.md#exo-errors) and a live reply announced
 * `Rate-Limit-Limit: 30000`, so a client must not assume the legacy figures. Announced through the same
 * `Rate-Limit-*` headers; concurrency stays as in `realistic` (nothing public says otherwise).
 */
const generous: TrafficKnobs = { ...realistic, exchangeCmdletsPer5s: 500, exchangeWritesPer60s: 1200 };

/** The named starting points of `--profile`; any knob can then be overridden on its own. */
export const PROFILES: Record<ProfileName, TrafficKnobs> = {
  none,
  realistic,
  generous,
  chaos: { ...realistic, rate429: 0.1, rate503: 0.02, rate504: 0.01, rateSlow: 0.05, rateDrop: 0.01 },
};

/** A profile and the knobs that differ from it: what `GET /emulator/profile` reports and `PUT` changes. */
export interface TrafficSettings {
  profile: ProfileName;
  knobs: TrafficKnobs;
}

export function trafficSettings(profile: ProfileName, overrides: Partial<TrafficKnobs> = {}): TrafficSettings {
  return { profile, knobs: { ...PROFILES[profile], ...overrides } };
}

/** Knobs whose value differs from the named profile's. */
export function overridesOf(settings: TrafficSettings): Partial<TrafficKnobs> {
  const base = PROFILES[settings.profile];
  const changed: Partial<Record<KnobName, unknown>> = {};
  for (const name of Object.keys(settings.knobs) as KnobName[]) {
    if (JSON.stringify(settings.knobs[name]) !== JSON.stringify(base[name])) changed[name] = settings.knobs[name];
  }
  return changed as Partial<TrafficKnobs>;
}

export function isProfileName(value: unknown): value is ProfileName {
  return typeof value === 'string' && (PROFILE_NAMES as readonly string[]).includes(value);
}
