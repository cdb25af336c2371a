// Evidence: docs/microsoft-365.md#who-may-write
import { rolesOver } from '../access/assignments.ts';
import { graphErrors } from './errors.ts';
import type { GraphCall, GraphRoute } from './router.ts';

/** Permission sets per operation, from each Graph API page's permissions table (least to most privileged). */
const READ_USERS = ['User.Read.All', 'User.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All'];

export const PERMISSIONS = {
  readUsers: READ_USERS,
  writeUsers: ['User.ReadWrite.All', 'Directory.ReadWrite.All'],
  readLicenses: ['LicenseAssignment.Read.All', 'LicenseAssignment.ReadWrite.All', ...READ_USERS],
  assignLicenses: ['LicenseAssignment.ReadWrite.All', 'User.ReadWrite.All', 'Directory.ReadWrite.All'],
  readSubscriptions: [
    'LicenseAssignment.Read.All',
    'LicenseAssignment.ReadWrite.All',
    'Organization.Read.All',
    'Organization.ReadWrite.All',
    'Directory.Read.All',
    'Directory.ReadWrite.All',
  ],
  readPlaces: ['Place.Read.All', 'Place.ReadWrite.All'],
  writePlaces: ['Place.ReadWrite.All'],
  signedInUser: ['User.Read', 'User.ReadWrite', ...READ_USERS],
  myRoles: ['User.Read', 'GroupMember.Read.All', 'Group.Read.All', 'Directory.Read.All', 'Directory.ReadWrite.All'],
  organization: ['User.Read', 'Organization.Read.All', 'Organization.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All'],
  // Evidence: docs/microsoft-365.md#graph-ca-policies, #graph-security-defaults, #graph-groups-transitive, #graph-role-assignments, #graph-sign-ins
  readPolicies: ['Policy.Read.All'],
  readGroupMembers: [
    'GroupMember.Read.All',
    'Group.Read.All',
    'GroupMember.ReadWrite.All',
    'Group.ReadWrite.All',
    'Directory.Read.All',
    'Directory.ReadWrite.All',
  ],
  readRoleManagement: [
    'RoleManagement.Read.Directory',
    'RoleManagement.Read.All',
    'Directory.Read.All',
    'RoleManagement.ReadWrite.Directory',
    'Directory.ReadWrite.All',
  ],
  readAuditLogs: ['AuditLog.Read.All'],
} as const;

/** Delegated tokens carry scopes (`scp`), app-only tokens application permissions (`roles`). */
export function requirePermission(call: GraphCall, route: GraphRoute): void {
  const granted = call.caller.userId === undefined ? call.caller.appRoles : call.caller.scopes;
  if (route.permissions.some((permission) => granted.has(permission))) return;
  if (route.refusal) throw route.refusal();
  throw route.workload === 'places' ? graphErrors.accessDenied() : graphErrors.authorizationDenied();
}

/**
 * Whether the signed-in user's directory roles allow a write on `target` (a user id, for AU-scoped roles).
 * Entra evaluates current assignments, not the token's `wids`: a role removed in the tenant takes effect at
 * once, and roles held through a group or scoped to an administrative unit count although the token lacks them.
 * `viaGroups: false` for APIs documented not to honour roles assigned to groups. App-only callers are
 * governed by their application permission alone.
 */
export function userHasRole(
  call: GraphCall,
  allowed: (roles: ReadonlySet<string>) => boolean,
  options: { target?: string; viaGroups?: boolean } = {},
): boolean {
  const { userId } = call.caller;
  if (userId === undefined) return true;
  if (!call.tenant.users.has(userId)) return allowed(call.caller.roles);
  return allowed(rolesOver(call.tenant, userId, options.target, { viaGroups: options.viaGroups }));
}
