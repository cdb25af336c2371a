/**
 * The parts of a tenant behind sign-in health and Conditional Access readiness (issue 14): security groups
 * (nested), Conditional Access policies, each user's signInActivity and the sign-in log. Kept as plain
 * Graph-shaped values so the routes serve them as Microsoft documents them.
 * Evidence: docs/microsoft-365.md#graph-ca-policies, #graph-groups-transitive, #graph-sign-in-activity, #graph-sign-ins
 */

/** An Entra security group: user members and nested group members (ids). */
export interface EmGroup {
  id: string;
  displayName: string;
  description: string | null;
  memberUserIds: Set<string>;
  memberGroupIds: Set<string>;
}

/**
 * A `conditionalAccessPolicy` exactly as Graph returns it (conditions, grantControls, sessionControls…):
 * the seed writes the JSON Microsoft documents, and tests may add any shape through the tenant.
 */
export interface EmConditionalAccessPolicy {
  id: string;
  displayName: string;
  state: 'enabled' | 'disabled' | 'enabledForReportingButNotEnforced';
  [property: string]: unknown;
}

/** `signInActivity` of one user (resources/signinactivity.md); absent for a user who never signed in. */
export interface EmSignInActivity {
  lastSignInDateTime: string | null;
  lastSignInRequestId: string | null;
  lastNonInteractiveSignInDateTime: string | null;
  lastNonInteractiveSignInRequestId: string | null;
  lastSuccessfulSignInDateTime: string | null;
  lastSuccessfulSignInRequestId: string | null;
}

/** One `signIn` log entry (resources/signin.md): the fields we model; Graph sends more. */
export interface EmSignIn {
  id: string;
  createdDateTime: string;
  userDisplayName: string;
  userPrincipalName: string;
  userId: string;
  appId: string;
  appDisplayName: string;
  ipAddress: string;
  clientAppUsed: string;
  correlationId: string;
  conditionalAccessStatus: 'success' | 'failure' | 'notApplied';
  isInteractive: boolean;
  resourceDisplayName: string;
  resourceId: string;
  status: { errorCode: number; failureReason: string | null; additionalDetails: string | null };
  deviceDetail: {
    deviceId: string;
    displayName: string | null;
    operatingSystem: string;
    browser: string;
    isCompliant: boolean | null;
    isManaged: boolean | null;
    trustType: string | null;
  };
  location: { city: string | null; state: string | null; countryOrRegion: string | null };
  appliedConditionalAccessPolicies: {
    id: string;
    displayName: string;
    enforcedGrantControls: string[];
    enforcedSessionControls: string[];
    result:
      | 'success'
      | 'failure'
      | 'notApplied'
      | 'notEnabled'
      | 'reportOnlySuccess'
      | 'reportOnlyFailure'
      | 'reportOnlyNotApplied'
      | 'reportOnlyInterrupted';
  }[];
}

/** The users a group holds, its nested groups' users included (each group visited once, cycles tolerated). */
export function transitiveUserIds(groups: ReadonlyMap<string, EmGroup>, groupId: string): Set<string> {
  const users = new Set<string>();
  const seen = new Set<string>();
  const visit = (id: string) => {
    if (seen.has(id)) return;
    seen.add(id);
    const group = groups.get(id);
    if (!group) return;
    for (const user of group.memberUserIds) users.add(user);
    for (const nested of group.memberGroupIds) visit(nested);
  };
  visit(groupId);
  return users;
}
