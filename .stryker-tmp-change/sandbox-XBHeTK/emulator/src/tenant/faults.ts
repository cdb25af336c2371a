// @ts-nocheck
import type { Tenant } from './model.ts';

/**
 * Faults a test switches on through the control API (`/emulator/tenants/{tid}/…`). Emulator-only: nothing here
 * models a Microsoft behaviour by itself; it lets tests reproduce what a real tenant may answer (a cloud without
 * Places, an item whose JSON breaks our expectations) against our real clients.
 */
export interface TenantFaults {
  /** Every Places call answers this Graph error, as a cloud or tenant where Places is not served would. */
  placesOutage?: { status: number; code: string; message: string };
  /** Per user id: properties every Graph representation of that user carries instead of the real ones. */
  users: Map<string, ItemOverride>;
  /** Per place id: the same for the room's Graph representation. */
  places: Map<string, ItemOverride>;
}

/** Properties to set (any JSON, wrong types included) and properties to leave out of an item. */
export interface ItemOverride {
  set: Record<string, unknown>;
  remove: string[];
}

// Keyed by the tenant object: a reset reseeds new tenants, which start without faults.
const faults = new WeakMap<Tenant, TenantFaults>();

export function faultsOf(tenant: Tenant): TenantFaults {
  let found = faults.get(tenant);
  if (!found) {
    found = { users: new Map(), places: new Map() };
    faults.set(tenant, found);
  }
  return found;
}

/** The resource with an override applied (or unchanged without one). */
export function withOverride(resource: Record<string, unknown>, override: ItemOverride | undefined): Record<string, unknown> {
  if (!override) return resource;
  const result: Record<string, unknown> = { ...resource, ...override.set };
  for (const name of override.remove) delete result[name];
  return result;
}
