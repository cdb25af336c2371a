// Evidence: docs/microsoft-365.md#graph-ca-policies, #graph-sign-in-activity, #graph-sign-ins, #graph-security-defaults
import { ROLE } from '../../tenant/catalog.ts';
import { GraphError } from '../errors.ts';
import { userHasRole } from '../permissions.ts';
import type { GraphCall } from '../router.ts';

/**
 * Who may read Conditional Access and sign-in data, beyond the token's scope: a delegated caller also needs one
 * of these directory roles (Graph documents the roles per API), and the tenant needs Entra ID P1.
 */

/** rbac-conditionalaccess-apis-read: Global Secure Access Administrator, Security Reader, Security Administrator, Global Reader, Conditional Access Administrator (and Global Administrator). */
export const POLICY_READER_ROLES: readonly string[] = [
  ROLE.globalAdmin,
  ROLE.globalReader,
  ROLE.securityReader,
  ROLE.securityAdmin,
  ROLE.conditionalAccessAdmin,
  ROLE.globalSecureAccessAdmin,
];

/** signin-list: Global Administrator, Global Reader, Reports Reader, Security Administrator, Security Operator, Security Reader. */
export const SIGN_IN_READER_ROLES: readonly string[] = [
  ROLE.globalAdmin,
  ROLE.globalReader,
  ROLE.reportsReader,
  ROLE.securityAdmin,
  ROLE.securityOperator,
  ROLE.securityReader,
];

/** rbac-role-assignment-apis-read: Directory Readers, Global Reader, Privileged Role Administrator (and Global Administrator). */
export const ROLE_ASSIGNMENT_READER_ROLES: readonly string[] = [
  ROLE.globalAdmin,
  ROLE.globalReader,
  ROLE.directoryReaders,
  ROLE.privilegedRoleAdmin,
];

export const readErrors = {
  /** Graph's refusal of a tenant without Entra ID P1 (the older wording was "Neither tenant is B2C or tenant doesn't have premium license"). */
  noPremium: () =>
    new GraphError(
      403,
      'Authentication_RequestFromNonPremiumTenantOrB2CTenant',
      "Tenant is not a B2C tenant and doesn't have premium license",
    ),
  /** A token without AuditLog.Read.All asking for sign-in data. */
  auditLogScopeMissing: () =>
    new GraphError(
      403,
      'Authentication_MSGraphPermissionMissing',
      'Calling principal does not have required MSGraph permissions AuditLog.Read.All',
    ),
  /** A signed-in user without a role that may read the data (the wording is the directory's usual one: unverified for these APIs). */
  roleMissing: () => new GraphError(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.'),
};

/** The caller holds one of `roles` (app-only callers are governed by their application permission alone). */
export function requireReaderRole(call: GraphCall, roles: readonly string[]): void {
  if (!userHasRole(call, (held) => roles.some((role) => held.has(role)))) throw readErrors.roleMissing();
}

export function requirePremium(call: GraphCall): void {
  if (!call.tenant.premium) throw readErrors.noPremium();
}

/** signInActivity on /users: AuditLog.Read.All beside the users scope, a sign-in reading role, and P1. */
export function requireSignInActivityAccess(call: GraphCall): void {
  const granted = call.caller.userId === undefined ? call.caller.appRoles : call.caller.scopes;
  if (!granted.has('AuditLog.Read.All')) throw readErrors.auditLogScopeMissing();
  requireReaderRole(call, SIGN_IN_READER_ROLES);
  requirePremium(call);
}
