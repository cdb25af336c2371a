// Evidence: docs/microsoft-365.md#graph-groups-transitive
import { transitiveUserIds, type EmGroup } from '../../tenant/signInModel.ts';
import { graphErrors } from '../errors.ts';
import { jsonResponse, type GraphResponse } from '../message.ts';
import { metadataUrl, setFragment } from '../odata/links.ts';
import { offsetPage } from '../odata/offsetPage.ts';
import { parseSelect, project } from '../odata/select.ts';
import type { GraphCall } from '../router.ts';
import { DEFAULT_USER_PROPERTIES, USER_PROPERTIES, USER_TYPE, userResource } from '../users/userResource.ts';

const GROUP_PROPERTIES = [
  'id',
  'displayName',
  'description',
  'mailEnabled',
  'securityEnabled',
  'groupTypes',
  'mail',
  'mailNickname',
  'createdDateTime',
];

function groupFromPath(call: GraphCall): EmGroup {
  const id = call.params.id ?? '';
  const group = call.tenant.groups.get(id);
  if (!group) throw graphErrors.resourceNotFound(id);
  return group;
}

/** GET /groups/{id}, with `$select`. */
export function getGroup(call: GraphCall): GraphResponse {
  const group = groupFromPath(call);
  const select = parseSelect(call.query.get('select'), GROUP_PROPERTIES, 'microsoft.graph.group');
  const full = {
    id: group.id,
    displayName: group.displayName,
    description: group.description,
    mailEnabled: false,
    securityEnabled: true,
    groupTypes: [],
    mail: null,
    mailNickname: group.displayName.replace(/[^A-Za-z0-9]/g, '').slice(0, 64) || group.id.slice(0, 8),
    createdDateTime: '2024-01-15T09:00:00Z',
  };
  return jsonResponse({
    '@odata.context': metadataUrl(call.ctx, `${setFragment('groups', select)}/$entity`),
    ...project(full, select ?? GROUP_PROPERTIES),
  });
}

/**
 * GET /groups/{id}/transitiveMembers/microsoft.graph.user: the users of the group and of every group nested in it,
 * each once, 100 a page by default and up to 999, continued by `@odata.nextLink`. Like the page's own cast example,
 * items carry no `@odata.type` (they are all users).
 */
export function listTransitiveUserMembers(call: GraphCall): GraphResponse {
  const group = groupFromPath(call);
  call.query.reject(['filter', 'search', 'orderby', 'expand'], (option) =>
    graphErrors.unsupportedQuery(`The query option '$${option}' is not supported by this emulator.`),
  );
  const select = parseSelect(call.query.get('select'), USER_PROPERTIES, USER_TYPE);
  const ids = [...transitiveUserIds(call.tenant.groups, group.id)].filter((id) => call.tenant.users.has(id)).sort();
  const { page, nextLink } = offsetPage(call.ctx, call.query, `/groups/${group.id}/transitiveMembers/microsoft.graph.user`, ids, {
    fallback: 100,
    max: 999,
  });
  return jsonResponse({
    '@odata.context': metadataUrl(call.ctx, setFragment('users', select)),
    value: page.map((id) => {
      const user = call.tenant.users.get(id);
      return user ? project(userResource(call.tenant, user), select ?? DEFAULT_USER_PROPERTIES) : { id };
    }),
    ...(nextLink ? { '@odata.nextLink': nextLink } : {}),
  });
}
