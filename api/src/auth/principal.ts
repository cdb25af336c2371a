import type { TenantCloud } from './tenantCloud.ts';

/** The signed-in admin, as established from a validated SSO token. */
export interface Principal {
  tenantId: string;
  userId: string;
  userPrincipalName: string;
  displayName: string;
  /** Directory role template ids from the token's `wids` claim. */
  roleTemplateIds: readonly string[];
  /** The raw SSO token: used only for the on-behalf-of exchange, never logged or returned ('' when delegated). */
  assertion: string;
  /** Acting through the grant kept for background work (auth/onBehalfOf.ts `delegate`), not through an SSO token. */
  delegated?: boolean;
  /** The tenant's cloud (hosts and token resources), resolved at sign-in by auth/cloud.ts. */
  cloud?: TenantCloud;
}
