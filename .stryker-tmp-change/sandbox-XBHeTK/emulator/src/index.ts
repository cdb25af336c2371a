/** Public surface of the tenant emulator for tests, benchmarks and demo mode. */
// @ts-nocheck

export { startEmulator, DEFAULT_TENANTS, type EmulatorOptions, type RunningEmulator } from './server.ts';
export { PERSONAS, type Persona } from './tenant/personas.ts';
export { ROLE, SKU } from './tenant/catalog.ts';
export { DEMO_APP } from './tenant/directory.ts';
export { DEMO_SIGNIN_CLIENT_ID } from './identity/tokens.ts';
export {
  addSeededRoom,
  COMPLIANT,
  isTeamsRoomsSku,
  resourceAccountIds,
  SCENARIOS,
  seedManifest,
  seedTenant,
  type NewRoomOptions,
  type SeedManifest,
  type TenantSpec,
} from './tenant/seed.ts';
export type { TrafficKnobs } from './limits/knobs.ts';
export { ProfileGate, type GateCounters } from './limits/profileGate.ts';
export { PROFILE_NAMES, PROFILES, trafficSettings, type ProfileName, type TrafficSettings } from './limits/profiles.ts';
export { throttleHeaders } from './limits/throttleHeaders.ts';
