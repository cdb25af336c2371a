import { z } from 'zod';

export const healthResponse = z.object({ status: z.literal('ok'), mode: z.enum(['demo', 'tenant']) });
export type HealthResponse = z.infer<typeof healthResponse>;

export const demoTokenRequest = z.object({ persona: z.string().min(1).max(64) }).strict();
export const demoTokenResponse = z.object({ access_token: z.string() });
export type DemoTokenResponse = z.infer<typeof demoTokenResponse>;

/** The tenant's cloud, read from its OpenID configuration at first contact (domain.md §6). */
export const cloudInfo = z.object({
  instance: z.enum(['worldwide', 'gcc', 'gccHigh', 'dod']),
  /** For GCC and the US Government clouds: which features are unverified there, for a banner. */
  note: z.string().nullable(),
});
export type CloudInfo = z.infer<typeof cloudInfo>;

/** GET /api/client-config (no sign-in needed): what the tab needs before it has a token. */
export const clientConfig = z.object({
  mode: z.enum(['demo', 'tenant']),
  clientId: z.string(),
  authorityHost: z.string(),
  /** The tenant in single-tenant registrations; `common` for multi-tenant. */
  tenantId: z.string(),
  tabDomain: z.string(),
});
export type ClientConfig = z.infer<typeof clientConfig>;

export const meResponse = z.object({
  tenantId: z.string(),
  userId: z.string(),
  userPrincipalName: z.string(),
  displayName: z.string(),
  roles: z.array(z.object({ id: z.string(), name: z.string() })),
  /**
   * HINTS: the kinds of write the token's roles (`wids`) show: userAccount, usageLocation, license,
   * calendarProcessing, place. Not certainty: `wids` lacks Exchange role groups and roles scoped to an
   * administrative unit, so every write is attempted and Microsoft 365 decides (403 insufficient_role).
   */
  canWrite: z.array(z.string()),
  /** Per kind of write: whether the token shows a role, the role we name, and what else Microsoft 365 accepts. Absent from older APIs. */
  writeHints: z
    .array(
      z.object({
        kind: z.enum(['userAccount', 'usageLocation', 'license', 'calendarProcessing', 'place', 'roomList']),
        rolesShow: z.boolean(),
        requiredRole: z.string(),
        alsoAccepted: z.string(),
      }),
    )
    .optional(),
  /** Always `microsoft365`: who decides whether a write is allowed. Absent from older APIs. */
  writeDecidedBy: z.literal('microsoft365').optional(),
  /** Whether the roles allow editing the tenant's baseline. */
  canEditBaseline: z.boolean(),
  mode: z.enum(['demo', 'tenant']),
  cloud: cloudInfo,
});
export type MeResponse = z.infer<typeof meResponse>;

export const syncStartRequest = z.object({ kind: z.enum(['full', 'refresh']).optional() }).strict();
export const syncStartResponse = z.object({ syncId: z.string(), kind: z.enum(['full', 'refresh']) });
export type SyncStartResponse = z.infer<typeof syncStartResponse>;

export const syncProgress = z.object({
  id: z.string(),
  kind: z.enum(['full', 'refresh']),
  /** `waiting_for_signin`: stopped, keeping what it read, until its admin signs in again (or another starts a sync). */
  status: z.enum(['running', 'waiting_for_signin', 'succeeded', 'failed']),
  phase: z.string(),
  done: z.number().int(),
  total: z.number().int(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  /** Set while the run waits for a sign-in: who must sign in. */
  waitingFor: z.string().nullable().optional(),
  /** A run continuing an interrupted one: it skips what was read since this time. */
  resumeFrom: z.string().nullable().optional(),
});
export type SyncProgress = z.infer<typeof syncProgress>;
export const syncCurrentResponse = z.object({ sync: syncProgress.nullable() });
export type SyncCurrentResponse = z.infer<typeof syncCurrentResponse>;
