import { z } from 'zod';

export const healthResponse = z.object({ status: z.literal('ok'), mode: z.enum(['demo', 'tenant']) });
export type HealthResponse = z.infer<typeof healthResponse>;

export const demoTokenRequest = z.object({ persona: z.string().min(1).max(64) }).strict();
export const demoTokenResponse = z.object({ access_token: z.string() });

export const meResponse = z.object({
  tenantId: z.string(),
  userId: z.string(),
  userPrincipalName: z.string(),
  displayName: z.string(),
  roles: z.array(z.object({ id: z.string(), name: z.string() })),
  mode: z.enum(['demo', 'tenant']),
});
export type MeResponse = z.infer<typeof meResponse>;

export const syncStartRequest = z.object({ kind: z.enum(['full', 'refresh']).optional() }).strict();
export const syncStartResponse = z.object({ syncId: z.string(), kind: z.enum(['full', 'refresh']) });

export const syncProgress = z.object({
  id: z.string(),
  kind: z.enum(['full', 'refresh']),
  status: z.enum(['running', 'succeeded', 'failed']),
  phase: z.string(),
  done: z.number().int(),
  total: z.number().int(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
});
export type SyncProgress = z.infer<typeof syncProgress>;
export const syncCurrentResponse = z.object({ sync: syncProgress.nullable() });
