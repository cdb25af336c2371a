import { getSecurityDefaults, listConditionalAccessPolicies } from './identity/conditionalAccess.ts';
import { getGroup, listTransitiveUserMembers } from './identity/groups.ts';
import { readErrors } from './identity/readAccess.ts';
import { getRoleDefinition, listRoleAssignments } from './identity/roleManagement.ts';
import { listSignIns } from './identity/signIns.ts';
import { assignLicense, licenseDetails, subscribedSkus } from './licenses.ts';
import { getMe, myDirectoryRoles } from './me.ts';
import { getOrganization } from './organization.ts';
import { PERMISSIONS } from './permissions.ts';
import { listRooms } from './places/list.ts';
import { getRoom, patchRoom } from './places/update.ts';
import type { GraphRoute } from './router.ts';
import { usersDelta } from './users/delta.ts';
import { getUser, patchUser } from './users/item.ts';
import { countUsers, listUsers } from './users/list.ts';

/** The room's address for per-mailbox limits, whether the path names it by id or by address. */
const placeMailbox: GraphRoute['mailbox'] = (tenant, params) => tenant.placeByIdOrEmail(params.id ?? '')?.emailAddress ?? params.id;

/** A users read that selects signInActivity also draws on the reports service's signInActivity budget. */
const signInActivityQuota: GraphRoute['reportsQuota'] = (query) =>
  (query.get('select') ?? '').split(',').some((name) => name.trim().toLowerCase() === 'signinactivity') ? 'signInActivity' : undefined;

/** Every Graph v1.0 call the emulator answers. Costs follow graph-engineering.md §1.2 ("GET users" 2 RU, writes 1 RU + 1 write). */
export const GRAPH_ROUTES: readonly GraphRoute[] = [
  {
    method: 'GET',
    template: '/users',
    workload: 'directory',
    permissions: PERMISSIONS.readUsers,
    resourceUnits: 2,
    reportsQuota: signInActivityQuota,
    handle: listUsers,
  },
  {
    method: 'GET',
    template: '/users/$count',
    workload: 'directory',
    permissions: PERMISSIONS.readUsers,
    resourceUnits: 2,
    handle: countUsers,
  },
  {
    method: 'GET',
    template: '/users/delta',
    workload: 'directory',
    permissions: PERMISSIONS.readUsers,
    resourceUnits: 2,
    handle: usersDelta,
  },
  {
    method: 'GET',
    template: '/users/{id}',
    workload: 'directory',
    permissions: PERMISSIONS.readUsers,
    resourceUnits: 2,
    reportsQuota: signInActivityQuota,
    handle: getUser,
  },
  {
    method: 'PATCH',
    template: '/users/{id}',
    workload: 'directory',
    permissions: PERMISSIONS.writeUsers,
    resourceUnits: 1,
    isWrite: true,
    handle: patchUser,
  },
  {
    method: 'GET',
    template: '/users/{id}/licenseDetails',
    workload: 'directory',
    permissions: PERMISSIONS.readLicenses,
    resourceUnits: 2,
    handle: licenseDetails,
  },
  {
    method: 'POST',
    template: '/users/{id}/assignLicense',
    workload: 'directory',
    permissions: PERMISSIONS.assignLicenses,
    resourceUnits: 1,
    isWrite: true,
    handle: assignLicense,
  },
  {
    method: 'GET',
    template: '/subscribedSkus',
    workload: 'directory',
    permissions: PERMISSIONS.readSubscriptions,
    resourceUnits: 3,
    handle: subscribedSkus,
  },
  { method: 'GET', template: '/me', workload: 'directory', permissions: PERMISSIONS.signedInUser, resourceUnits: 2, handle: getMe },
  {
    method: 'GET',
    template: '/me/transitiveMemberOf/microsoft.graph.directoryRole',
    workload: 'directory',
    permissions: PERMISSIONS.myRoles,
    resourceUnits: 1,
    handle: myDirectoryRoles,
  },
  {
    method: 'GET',
    template: '/organization',
    workload: 'directory',
    permissions: PERMISSIONS.organization,
    resourceUnits: 1,
    handle: getOrganization,
  },
  {
    method: 'GET',
    template: '/places/microsoft.graph.room',
    workload: 'places',
    permissions: PERMISSIONS.readPlaces,
    resourceUnits: 1,
    handle: listRooms,
  },
  {
    method: 'GET',
    template: '/places/{id}',
    workload: 'places',
    permissions: PERMISSIONS.readPlaces,
    resourceUnits: 1,
    mailbox: placeMailbox,
    handle: getRoom,
  },
  {
    method: 'PATCH',
    template: '/places/{id}',
    workload: 'places',
    permissions: PERMISSIONS.writePlaces,
    resourceUnits: 1,
    isWrite: true,
    mailbox: placeMailbox,
    handle: patchRoom,
  },
  // Sign-in health and Conditional Access readiness (issue 14).
  {
    method: 'GET',
    template: '/identity/conditionalAccess/policies',
    workload: 'directory',
    permissions: PERMISSIONS.readPolicies,
    resourceUnits: 1,
    handle: listConditionalAccessPolicies,
  },
  {
    method: 'GET',
    template: '/policies/identitySecurityDefaultsEnforcementPolicy',
    workload: 'directory',
    permissions: PERMISSIONS.readPolicies,
    resourceUnits: 1,
    handle: getSecurityDefaults,
  },
  {
    method: 'GET',
    template: '/groups/{id}',
    workload: 'directory',
    permissions: PERMISSIONS.readGroupMembers,
    resourceUnits: 1,
    handle: getGroup,
  },
  {
    method: 'GET',
    template: '/groups/{id}/transitiveMembers/microsoft.graph.user',
    workload: 'directory',
    permissions: PERMISSIONS.readGroupMembers,
    resourceUnits: 2,
    handle: listTransitiveUserMembers,
  },
  {
    method: 'GET',
    template: '/roleManagement/directory/roleAssignments',
    workload: 'directory',
    permissions: PERMISSIONS.readRoleManagement,
    resourceUnits: 2,
    handle: listRoleAssignments,
  },
  {
    method: 'GET',
    template: '/roleManagement/directory/roleDefinitions/{id}',
    workload: 'directory',
    permissions: PERMISSIONS.readRoleManagement,
    resourceUnits: 1,
    handle: getRoleDefinition,
  },
  {
    method: 'GET',
    template: '/auditLogs/signIns',
    workload: 'directory',
    permissions: PERMISSIONS.readAuditLogs,
    resourceUnits: 1,
    refusal: readErrors.auditLogScopeMissing,
    reportsQuota: () => 'reports',
    handle: listSignIns,
  },
];
