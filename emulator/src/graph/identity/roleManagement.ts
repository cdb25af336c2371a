// Evidence: docs/microsoft-365.md#graph-role-assignments
import { ROLE_NAMES } from '../../tenant/catalog.ts';
import type { Tenant } from '../../tenant/model.ts';
import { graphErrors } from '../errors.ts';
import { opaqueId } from '../ids.ts';
import { jsonResponse, type GraphResponse } from '../message.ts';
import { compileFilter, type EntitySchema } from '../odata/filter.ts';
import { metadataUrl, setFragment } from '../odata/links.ts';
import { offsetPage } from '../odata/offsetPage.ts';
import { parseSelect, project } from '../odata/select.ts';
import type { GraphCall } from '../router.ts';
import { requireReaderRole, ROLE_ASSIGNMENT_READER_ROLES } from './readAccess.ts';

const ASSIGNMENT_SCHEMA: EntitySchema = {
  typeName: 'microsoft.graph.unifiedRoleAssignment',
  resourceName: 'UnifiedRoleAssignment',
  properties: {
    id: { type: 'string' },
    principalId: { type: 'string' },
    roleDefinitionId: { type: 'string' },
    directoryScopeId: { type: 'string' },
    appScopeId: { type: 'string' },
  },
};
const ASSIGNMENT_PROPERTIES = Object.keys(ASSIGNMENT_SCHEMA.properties);

/**
 * The tenant's directory role assignments as unifiedRoleAssignment objects: roles assigned to users directly and to
 * role-assignable groups (scope `/`), and roles scoped to an administrative unit (`/administrativeUnits/{id}`).
 * For built-in roles the roleDefinitionId is the role template id.
 */
function assignments(tenant: Tenant): Record<string, unknown>[] {
  const all: Record<string, unknown>[] = [];
  const add = (principalId: string, roleDefinitionId: string, directoryScopeId: string) =>
    all.push({
      id: opaqueId(`${tenant.id}/${principalId}/${roleDefinitionId}/${directoryScopeId}`),
      principalId,
      roleDefinitionId,
      directoryScopeId,
      appScopeId: null,
    });
  for (const user of tenant.users.values()) for (const role of user.roleTemplateIds) add(user.id, role, '/');
  for (const group of tenant.roleAssignableGroups.values()) for (const role of group.roleTemplateIds) add(group.id, role, '/');
  for (const scoped of tenant.scopedRoleAssignments)
    add(scoped.userId, scoped.roleTemplateId, `/administrativeUnits/${scoped.administrativeUnitId}`);
  return all.sort((a, b) => String(a.id).localeCompare(String(b.id)));
}

/** GET /roleManagement/directory/roleAssignments, with `$filter` (roleDefinitionId, principalId eq …) and `$select`. */
export function listRoleAssignments(call: GraphCall): GraphResponse {
  requireReaderRole(call, ROLE_ASSIGNMENT_READER_ROLES);
  call.query.reject(['expand'], () => graphErrors.unsupportedQuery("The query option '$expand' is not supported by this emulator."));
  const select = parseSelect(call.query.get('select'), ASSIGNMENT_PROPERTIES, ASSIGNMENT_SCHEMA.typeName);
  const text = call.query.get('filter');
  const filter = text === undefined ? undefined : compileFilter(text, ASSIGNMENT_SCHEMA);
  const matching = assignments(call.tenant).filter((assignment) => !filter || filter.test(assignment));
  const { page, nextLink } = offsetPage(call.ctx, call.query, '/roleManagement/directory/roleAssignments', matching, {
    fallback: 999,
    max: 999,
  });
  return jsonResponse({
    '@odata.context': metadataUrl(call.ctx, setFragment('roleManagement/directory/roleAssignments', select)),
    value: page.map((assignment) => project(assignment, select ?? ['id', 'principalId', 'directoryScopeId', 'roleDefinitionId'])),
    ...(nextLink ? { '@odata.nextLink': nextLink } : {}),
  });
}

const DEFINITION_PROPERTIES = ['id', 'displayName', 'description', 'isBuiltIn', 'isEnabled', 'templateId', 'version'];

/**
 * GET /roleManagement/directory/roleDefinitions/{id}: the built-in roles the emulator knows, by template id. Reading
 * definitions is open to any member (default user permissions read role definitions: unverified), unlike assignments.
 */
export function getRoleDefinition(call: GraphCall): GraphResponse {
  const id = call.params.id ?? '';
  const displayName = ROLE_NAMES[id];
  if (!displayName) throw graphErrors.resourceNotFound(id);
  const select = parseSelect(call.query.get('select'), DEFINITION_PROPERTIES, 'microsoft.graph.unifiedRoleDefinition');
  const full = { id, displayName, description: null, isBuiltIn: true, isEnabled: true, templateId: id, version: '1' };
  return jsonResponse({
    '@odata.context': metadataUrl(call.ctx, `${setFragment('roleManagement/directory/roleDefinitions', select)}/$entity`),
    ...project(full, select ?? DEFINITION_PROPERTIES),
  });
}
