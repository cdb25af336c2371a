// @ts-nocheck
import type { CloudInfo } from '../../../contract/index.ts';

// The shape alone, so principal.ts can carry a tenant's cloud without importing the resolver (cloud.ts imports the validator, which imports principal.ts).
export type CloudInstance = CloudInfo['instance'];

/** Where a tenant's Microsoft 365 lives: the hosts to call and the resources to ask tokens for. */
export interface TenantCloud {
  instance: CloudInstance;
  /** What is unverified in this cloud, for the tab's banner; null for worldwide tenants. */
  note: string | null;
  graph: string;
  exchange: string;
  resources: { graph: string; exchange: string };
}
