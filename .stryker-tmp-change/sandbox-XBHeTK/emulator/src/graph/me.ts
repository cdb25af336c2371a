// @ts-nocheck
// Evidence: docs/microsoft-365.md#graph-me, #graph-me-roles
import { tenantWideRoles } from '../access/assignments.ts';
import { ROLE_NAMES } from '../tenant/catalog.ts';
import type { EmUser } from '../tenant/model.ts';
import { graphErrors } from './errors.ts';
import { guidFrom } from './ids.ts';
import { jsonResponse, type GraphResponse } from './message.ts';
import { metadataUrl, setFragment } from './odata/links.ts';
import { parseSelect, project } from './odata/select.ts';
import type { GraphCall } from './router.ts';
import { userEntity } from './users/item.ts';

const DIRECTORY_ROLE_PROPERTIES = ['id', 'deletedDateTime', 'description', 'displayName', 'roleTemplateId'];

/** The signed-in user; app-only tokens have none, and Graph says so. */
function signedInUser(call: GraphCall): EmUser {
  const { userId } = call.caller;
  if (userId === undefined) throw graphErrors.badRequest('/me request is only valid with delegated authentication flow.');
  const user = call.tenant.users.get(userId);
  if (!user) throw graphErrors.resourceNotFound(userId);
  return user;
}

/** GET /me, with `$select` like GET /users/{id}. */
export function getMe(call: GraphCall): GraphResponse {
  return userEntity(call, signedInUser(call));
}

/**
 * GET /me/transitiveMemberOf/microsoft.graph.directoryRole: the activated directory roles the user holds,
 * read from the tenant (not the token), with a per-tenant object id distinct from the role template id.
 * Transitive: roles held through a role-assignable group are listed; roles scoped to an administrative
 * unit are not (they are scopedRoleMemberOf, not directory role memberships).
 */
export function myDirectoryRoles(call: GraphCall): GraphResponse {
  const user = signedInUser(call);
  const select = parseSelect(call.query.get('select'), DIRECTORY_ROLE_PROPERTIES, 'microsoft.graph.directoryRole');
  const value = [...tenantWideRoles(call.tenant, user.id)].map((roleTemplateId) => {
    const role = {
      id: guidFrom(`${call.tenant.id}/directoryRole/${roleTemplateId}`),
      deletedDateTime: null,
      description: null,
      displayName: ROLE_NAMES[roleTemplateId] ?? roleTemplateId,
      roleTemplateId,
    };
    return { '@odata.type': '#microsoft.graph.directoryRole', ...(select ? project(role, select) : role) };
  });
  return jsonResponse({ '@odata.context': metadataUrl(call.ctx, setFragment('directoryObjects', select)), value });
}
