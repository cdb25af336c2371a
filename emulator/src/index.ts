/** Public surface of the tenant emulator for tests, benchmarks and demo mode. */
export { startEmulator, DEFAULT_TENANTS, type EmulatorOptions, type RunningEmulator } from './server.ts';
export { PERSONAS, type Persona } from './tenant/personas.ts';
export { ROLE, SKU } from './tenant/catalog.ts';
export { DEMO_APP } from './tenant/directory.ts';
export type { TenantSpec } from './tenant/seed.ts';
