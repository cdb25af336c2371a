// Evidence: docs/microsoft-365.md#entra-refresh-token
import type { TrafficKnobs } from '../limits/knobs.ts';

/** Token lifetimes after time scaling, as the token endpoint and `/demo/token` apply them. */
export interface TokenLifetimes {
  ssoSeconds: number;
  accessSeconds: number;
  /** Inactivity window of a refresh token: it dies this long after its issue or last redemption. */
  refreshMs: number;
}

type LifetimeKnobs = Pick<
  TrafficKnobs,
  'timeScale' | 'ssoTokenLifetimeSeconds' | 'accessTokenLifetimeSeconds' | 'refreshTokenLifetimeSeconds'
>;

/** Divide each lifetime by the time scale k, like every other window of the emulator. */
export function tokenLifetimes(knobs: LifetimeKnobs): TokenLifetimes {
  const k = knobs.timeScale;
  return {
    ssoSeconds: wholeSeconds(knobs.ssoTokenLifetimeSeconds / k),
    accessSeconds: wholeSeconds(knobs.accessTokenLifetimeSeconds / k),
    refreshMs: Math.max(1, Math.round((knobs.refreshTokenLifetimeSeconds * 1000) / k)),
  };
}

/** A JWT's `exp` is in whole seconds: round up, so a scaled lifetime never becomes 0 s. */
function wholeSeconds(seconds: number): number {
  return Math.max(1, Math.ceil(seconds));
}
