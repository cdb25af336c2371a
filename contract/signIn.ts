import { z } from 'zod';

/**
 * Sign-in health and Conditional Access readiness of one resource account (issue 14): why a Teams Rooms device
 * signed out, per room. Evidence for every Microsoft shape behind it: docs/microsoft-365.md#graph-sign-in.
 */

/** Whether a part could be read: unavailable names the reason (no P1, or a role the admin lacks) and the role that may read it. */
const readState = {
  status: z.enum(['ok', 'unavailable', 'notRead']),
  /** Why the part is unavailable or not read, in words an admin can act on (names the least-privileged role). */
  reason: z.string().optional(),
};

export const signInFailure = z.object({
  /** When the sign-in happened (ISO). */
  createdDateTime: z.string(),
  /** Entra's error code, e.g. 50076. */
  errorCode: z.number().int(),
  /** Plain-language reason for the codes that matter to Teams Rooms; Microsoft's own text otherwise. */
  reason: z.string(),
  /** Microsoft's `status.failureReason`, as sent. */
  failureReason: z.string().nullable(),
  /** `clientAppUsed`, e.g. "Mobile Apps and Desktop clients". */
  clientAppUsed: z.string().nullable(),
  appDisplayName: z.string().nullable(),
  /** The device's operating system, from `deviceDetail.operatingSystem`. */
  operatingSystem: z.string().nullable(),
  /** Every Conditional Access policy the sign-in was evaluated against, with its result (`failure`, `reportOnlyFailure`, …). */
  appliedPolicies: z.array(
    z.object({ id: z.string(), displayName: z.string(), result: z.string(), enforcedGrantControls: z.array(z.string()) }),
  ),
});
export type SignInFailure = z.infer<typeof signInFailure>;

export const signInActivity = z.object({
  ...readState,
  /** Last interactive or non-interactive sign-in attempt, successful or not (ISO), null when never. */
  lastSignIn: z.string().nullable(),
  /** Last successful sign-in (ISO), null when never or not recorded. */
  lastSuccessfulSignIn: z.string().nullable(),
});

export const policyVerdict = z.object({
  policyId: z.string(),
  displayName: z.string(),
  state: z.enum(['enabled', 'reportOnly']),
  /**
   * blocks: an enabled policy applies and demands what Teams Rooms can't satisfy; depends: it would, unless a
   * condition we can't decide from the policy alone (location, platform, device filter, risk) spares the room;
   * reportOnly: a report-only policy that would block (logged, not enforced).
   */
  verdict: z.enum(['blocks', 'depends', 'reportOnly']),
  /** Why the policy includes the account: "All users", "group Room devices", "role …", "the account itself". */
  includedBy: z.string(),
  /** What Teams Rooms can't satisfy, e.g. "requires multifactor authentication". */
  unsupported: z.array(z.string()),
  /** Conditions that decide it at sign-in time, e.g. "named locations (include: Any location, exclude: Office IPs)". */
  dependsOn: z.array(z.string()),
  /** A group the policy already excludes that holds other resource accounts: adding this account to it would fix it. */
  fixExclusionGroup: z.object({ id: z.string(), displayName: z.string() }).nullable(),
  /** The policy in the Entra admin center: we never change a tenant's CA policies ourselves. */
  portalUrl: z.string(),
});
export type PolicyVerdict = z.infer<typeof policyVerdict>;

export const signInHealth = z.object({
  activity: signInActivity,
  /** The most recent failed sign-ins (bounded), read when the activity shows trouble. */
  failures: z.object({ ...readState, items: z.array(signInFailure) }),
  /** The policies that apply or may apply to the account; empty when none does. */
  conditionalAccess: z.object({ ...readState, policies: z.array(policyVerdict) }),
});
export type SignInHealth = z.infer<typeof signInHealth>;

/**
 * The list's Sign-in column: recent (a successful sign-in within the baseline's N days), stale (older), never (no
 * successful sign-in recorded), unknown (activity unavailable: no P1 or no role that may read it).
 */
export const signInState = z.enum(['recent', 'stale', 'never', 'unknown']);
export type SignInState = z.infer<typeof signInState>;
