import { ROLE } from '../tenant/catalog.ts';
import type { ExchangeRoleGroup, Tenant } from '../tenant/model.ts';

/**
 * What a user may do, from the tenant's current assignments rather than the token: Entra roles assigned
 * directly or through role-assignable groups (tenant-wide), roles scoped to an administrative unit (they
 * cover its members only), and Exchange role groups (assigned in Exchange, never in the token).
 */

/** Tenant-wide directory roles: assigned directly, or through a role-assignable group the user belongs to. */
export function tenantWideRoles(tenant: Tenant, userId: string, options: { viaGroups?: boolean } = {}): Set<string> {
  const roles = new Set(tenant.users.get(userId)?.roleTemplateIds ?? []);
  if (options.viaGroups === false) return roles;
  for (const group of tenant.roleAssignableGroups.values()) {
    if (group.memberIds.has(userId)) for (const role of group.roleTemplateIds) roles.add(role);
  }
  return roles;
}

/** The directory roles that apply when the user acts on `targetUserId`: tenant-wide ones plus those scoped to an AU holding the target. */
export function rolesOver(
  tenant: Tenant,
  userId: string,
  targetUserId: string | undefined,
  options: { viaGroups?: boolean } = {},
): Set<string> {
  const roles = tenantWideRoles(tenant, userId, options);
  if (targetUserId === undefined) return roles;
  for (const assignment of tenant.scopedRoleAssignments) {
    if (assignment.userId === userId && tenant.administrativeUnits.get(assignment.administrativeUnitId)?.memberIds.has(targetUserId))
      roles.add(assignment.roleTemplateId);
  }
  return roles;
}

/**
 * Entra roles that Exchange Online honours as role groups: Global and Exchange Administrators manage the
 * organization, Exchange Recipient Administrator has Recipient Management, Global Reader the view-only
 * group, Places Administrator the TenantPlacesManagement role (docs/microsoft-365.md#who-may-write).
 */
const ROLE_GROUPS_OF_ENTRA_ROLE: Record<string, ExchangeRoleGroup> = {
  [ROLE.globalAdmin]: 'Organization Management',
  [ROLE.exchangeAdmin]: 'Organization Management',
  [ROLE.exchangeRecipientAdmin]: 'Recipient Management',
  [ROLE.globalReader]: 'View-Only Organization Management',
  [ROLE.placesAdmin]: 'Places Administrator',
};

export function exchangeGroupsOfRoles(roles: Iterable<string>): Set<ExchangeRoleGroup> {
  const groups = new Set<ExchangeRoleGroup>();
  for (const role of roles) {
    const group = ROLE_GROUPS_OF_ENTRA_ROLE[role];
    if (group) groups.add(group);
  }
  return groups;
}

/** The Exchange role groups a user acts with: their own memberships plus those their tenant-wide Entra roles grant. */
export function exchangeRoleGroups(tenant: Tenant, userId: string): Set<ExchangeRoleGroup> {
  const groups = exchangeGroupsOfRoles(tenantWideRoles(tenant, userId));
  for (const [group, members] of tenant.exchangeRoleGroupMembers) {
    if (members.has(userId)) groups.add(group);
  }
  return groups;
}
