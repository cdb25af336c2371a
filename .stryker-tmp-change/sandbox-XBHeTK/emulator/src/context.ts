// @ts-nocheck
import type { KeyRing } from './identity/keys.ts';
import type { TokenLifetimes } from './identity/lifetimes.ts';
import type { TrafficGate } from './limits/types.ts';
import type { Stats } from './stats.ts';
import type { Tenant } from './tenant/model.ts';

/** Everything a route module may use: the tenants, the signing keys, the traffic gate and the counters. */
export interface EmulatorContext {
  /** `https://127.0.0.1:<port>`: one origin for Entra, Graph (`/v1.0`) and Exchange (`/adminapi`). */
  baseUrl: string;
  keys: KeyRing;
  tenants: Map<string, Tenant>;
  stats: Stats;
  gate: TrafficGate;
  /** Token lifetimes from the current knobs, already divided by the time scale. */
  lifetimes(): TokenLifetimes;
  /** Resolve a tenant by id or by one of its domains, as Entra and Exchange URLs allow. */
  findTenant(idOrDomain: string): Tenant | undefined;
}

export function tenantFinder(tenants: Map<string, Tenant>): (idOrDomain: string) => Tenant | undefined {
  return (idOrDomain) => {
    const direct = tenants.get(idOrDomain);
    if (direct) return direct;
    const needle = idOrDomain.toLowerCase();
    for (const tenant of tenants.values()) {
      if (tenant.domain.toLowerCase() === needle) return tenant;
    }
    return undefined;
  };
}
