// Evidence: docs/microsoft-365.md#graph-user-get, #graph-user-patch
import { canWriteUsageLocation, canWriteUserAccount } from '../../access/policy.ts';
import type { EmUser } from '../../tenant/model.ts';
import { graphErrors } from '../errors.ts';
import { jsonResponse, noContent, type GraphResponse } from '../message.ts';
import { metadataUrl, setFragment } from '../odata/links.ts';
import { parseSelect } from '../odata/select.ts';
import { requireSignInActivityAccess } from '../identity/readAccess.ts';
import { userHasRole } from '../permissions.ts';
import type { GraphCall } from '../router.ts';
import { DEFAULT_USER_PROPERTIES, projectUser, SIGN_IN_ACTIVITY, USER_SELECTABLE, USER_TYPE, userResource } from './userResource.ts';
import { planUserPatch } from './userPatch.ts';

/** The user a `{id}` segment names (object id or UPN), or Graph's 404. */
export function userFromPath(call: GraphCall): EmUser {
  const key = call.params.id ?? '';
  const user = call.tenant.userByIdOrUpn(key);
  if (!user) throw graphErrors.resourceNotFound(key);
  return user;
}

/** A single user as `GET /users/{id}` and `GET /me` return it, honouring `$select`. */
export function userEntity(call: GraphCall, user: EmUser): GraphResponse {
  const select = parseSelect(call.query.get('select'), USER_SELECTABLE, USER_TYPE);
  if (select?.includes(SIGN_IN_ACTIVITY)) requireSignInActivityAccess(call);
  return jsonResponse({
    '@odata.context': metadataUrl(call.ctx, `${setFragment('users', select)}/$entity`),
    ...projectUser(call.tenant, userResource(call.tenant, user), select ?? DEFAULT_USER_PROPERTIES),
  });
}

export function getUser(call: GraphCall): GraphResponse {
  return userEntity(call, userFromPath(call));
}

/** PATCH /users/{id}: all changes validated first, then role-checked (an empty body as an account write), then applied together. */
export function patchUser(call: GraphCall): GraphResponse {
  const user = userFromPath(call);
  const changes = planUserPatch(call.request.body, call.tenant, user);
  const kinds = changes.length > 0 ? changes.map((change) => change.kind) : ['account'];
  const allowed = kinds.every((kind) =>
    userHasRole(call, kind === 'usageLocation' ? canWriteUsageLocation : canWriteUserAccount, { target: user.id }),
  );
  if (!allowed) throw graphErrors.authorizationDenied();
  for (const change of changes) change.apply(user);
  call.tenant.touchUser(user.id);
  call.ctx.stats.write('PATCH /users', user.id);
  return noContent();
}
