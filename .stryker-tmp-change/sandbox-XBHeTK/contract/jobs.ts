// @ts-nocheck
import { z } from 'zod';

/** POST /api/jobs/apply-recommended: explicit accounts, or every account of a status. */
export const applyJobRequest = z.union([
  z.object({ accountIds: z.array(z.string().min(1).max(200)).min(1).max(20_000) }).strict(),
  z.object({ filter: z.object({ status: z.enum(['needsAction', 'notAvailable', 'noActionNeeded']) }).strict() }).strict(),
]);
export type ApplyJobRequest = z.infer<typeof applyJobRequest>;

/** `refused`: Microsoft 365 refused every change of the task for lack of a role; `reason` names the role. */
export const taskStatus = z.enum(['pending', 'running', 'applied', 'skipped', 'refused', 'failed', 'cancelled']);

export const jobProgress = z.object({
  id: z.string(),
  kind: z.string(),
  /** `waiting_for_signin`: the admin it acts for must sign in again (or another admin take it over). */
  status: z.enum(['queued', 'running', 'waiting_for_signin', 'succeeded', 'failed', 'cancelled']),
  createdBy: z.string(),
  /** The admin whose rights the tasks use: the creator, or whoever took the job over. */
  actingAs: z.string().nullable(),
  /** While waiting: who must sign in, and Entra's reason. */
  waitingFor: z.object({ userPrincipalName: z.string(), reason: z.string() }).nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
  counts: z.record(taskStatus, z.number().int()),
  total: z.number().int(),
  /** Set when any task failed: the seed's apply message, shown with the per-account reasons. */
  message: z.string().nullable(),
  results: z.array(
    z.object({
      accountId: z.string(),
      displayName: z.string().nullable(),
      status: taskStatus,
      reason: z.string().nullable(),
    }),
  ),
});
export type JobProgress = z.infer<typeof jobProgress>;

export const auditQuery = z
  .object({
    accountId: z.string().max(200).optional(),
    actor: z.string().max(320).optional(),
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
    cursor: z.string().max(200).optional(),
  })
  .strict();
export type AuditQuery = z.infer<typeof auditQuery>;

export const auditEntry = z.object({
  id: z.string(),
  at: z.string(),
  actorUpn: z.string(),
  accountId: z.string().nullable(),
  setting: z.string(),
  before: z.unknown(),
  after: z.unknown(),
  outcome: z.enum(['succeeded', 'failed', 'refused']),
  message: z.string().nullable(),
  correlationId: z.string(),
  jobId: z.string().nullable(),
});
export const auditResponse = z.object({ items: z.array(auditEntry), nextCursor: z.string().nullable() });
export type AuditResponse = z.infer<typeof auditResponse>;
