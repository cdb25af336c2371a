// @ts-nocheck
import { z } from 'zod';

/** Machine-readable error codes of our API; the tab maps each to a message and an action. */
export const errorCode = z.enum([
  'invalid_token',
  'consent_required',
  /** Background work could not renew the admin's sign-in: it waits until they (or another admin) sign in again. */
  'signin_required',
  'insufficient_role',
  'bad_request',
  'not_found',
  'conflict',
  'managed_on_premises',
  'sync_in_progress',
  'rate_limited',
  'upstream_unavailable',
  'upstream_error',
  'internal_error',
]);
export type ErrorCode = z.infer<typeof errorCode>;

/** Every error response: `{ error: { code, message, correlationId } }`. */
export const errorEnvelope = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    correlationId: z.string(),
    /** For insufficient_role: the least-privileged role that would do. */
    requiredRole: z.string().optional(),
    /** For bad_request: which field was wrong. */
    issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  }),
});
export type ErrorEnvelope = z.infer<typeof errorEnvelope>;
