// Evidence: docs/microsoft-365.md#graph-user-patch
import type { EmUser, Tenant } from '../../tenant/model.ts';
import { GraphError, graphErrors } from '../errors.ts';
import { INVALID_JSON } from '../message.ts';
import { USER_PROPERTIES, USER_TYPE } from './userResource.ts';

/** Which role check a change needs: usageLocation has its own (License Administrators may set it). */
export type UserChangeKind = 'account' | 'usageLocation';

export interface UserChange {
  kind: UserChangeKind;
  apply(user: EmUser): void;
}

const PASSWORD_POLICIES = new Set(['disablepasswordexpiration', 'disablestrongpassword', 'none']);
const READ_ONLY = new Set([
  'id',
  'createdDateTime',
  'assignedLicenses',
  'lastPasswordChangeDateTime',
  'onPremisesSyncEnabled',
  'onPremisesImmutableId',
  'onPremisesSamAccountName',
  'proxyAddresses',
]);

/*
 * On an account synchronized from on-premises AD, Graph refuses writes to what AD masters: the profile
 * attributes Entra Connect synchronizes and the password (microsoft-graph-docs#7301, #18038: 400 with this
 * message; Request_BadRequest is the code Graph uses for the sibling "originated within an external service"
 * refusal, #12584). accountEnabled, passwordPolicies and usageLocation are accepted: CIPP-API PATCHes
 * accountEnabled on synced users and only warns that AD will win, and Learn's password hash synchronization
 * page sets passwordPolicies on synced users with Update-MgUser.
 */
const ON_PREMISES_MASTERED = new Set([
  'displayName',
  'givenName',
  'surname',
  'userPrincipalName',
  'jobTitle',
  'department',
  'officeLocation',
  'city',
  'country',
  'passwordProfile',
]);
const ON_PREMISES_MESSAGE =
  'Unable to update the specified properties for on-premises mastered Directory Sync objects or objects currently undergoing migration.';
const OPTIONAL_TEXT = ['givenName', 'surname', 'jobTitle', 'department', 'officeLocation', 'city', 'country'] as const;

/**
 * Validate a PATCH /users body into changes, all or nothing, refusing what Graph refuses: unknown
 * properties, read-only ones, and values of the wrong shape. Nothing is applied here.
 */
export function planUserPatch(body: unknown, tenant: Tenant, user: EmUser): UserChange[] {
  if (body === INVALID_JSON || typeof body !== 'object' || body === null || Array.isArray(body)) throw graphErrors.invalidPayload();
  const changes: UserChange[] = [];
  for (const [property, value] of Object.entries(body as Record<string, unknown>)) {
    if (property === '@odata.type') {
      if (String(value).replace(/^#/, '') !== USER_TYPE)
        throw graphErrors.badRequest(`A type named '${String(value)}' could not be resolved by the model.`);
      continue;
    }
    if (user.onPremises && ON_PREMISES_MASTERED.has(property)) throw graphErrors.requestBadRequest(ON_PREMISES_MESSAGE);
    changes.push(planProperty(property, value, tenant, user));
  }
  return changes;
}

function planProperty(property: string, value: unknown, tenant: Tenant, user: EmUser): UserChange {
  const invalid = () => graphErrors.invalidValue(property, 'User');
  switch (property) {
    case 'accountEnabled':
      if (typeof value !== 'boolean') throw invalid();
      return account((target) => (target.accountEnabled = value));
    case 'passwordPolicies': {
      if (value !== null && typeof value !== 'string') throw invalid();
      const policies = value === null ? [] : value.split(',').map((part) => part.trim());
      if (policies.some((policy) => !PASSWORD_POLICIES.has(policy.toLowerCase()))) throw invalid();
      return account((target) => (target.passwordPolicies = value === null ? null : policies.join(', ')));
    }
    case 'passwordProfile':
      return planPasswordProfile(value);
    case 'usageLocation': {
      if (value === null && user.assignedLicenses.length === 0)
        return { kind: 'usageLocation', apply: (target) => (target.usageLocation = null) };
      if (typeof value !== 'string' || !/^[A-Za-z]{2}$/.test(value)) throw invalid();
      return { kind: 'usageLocation', apply: (target) => (target.usageLocation = value.toUpperCase()) };
    }
    case 'displayName':
      if (typeof value !== 'string' || value.trim() === '') throw invalid();
      return account((target) => (target.displayName = value));
    case 'userPrincipalName':
      return planUserPrincipalName(value, tenant, user);
  }
  if ((OPTIONAL_TEXT as readonly string[]).includes(property)) {
    if (value !== null && typeof value !== 'string') throw invalid();
    const key = property as (typeof OPTIONAL_TEXT)[number];
    return account((target) => (target[key] = value === '' ? null : (value as string | null)));
  }
  if (READ_ONLY.has(property)) throw graphErrors.readOnly(property);
  if (USER_PROPERTIES.includes(property))
    throw graphErrors.requestBadRequest(`Updating property '${property}' is not modelled by the tenant emulator.`);
  throw graphErrors.unknownProperty(property, USER_TYPE);
}

/**
 * passwordProfile: the flag is only set together with a new password. Without one Graph answers 204 and keeps
 * the flag as it was (microsoft-graph-docs#4267: "trying to force a password change without supplying a new
 * password results in a 204 as if it has been successful, but nothing happens"); we model both directions so.
 */
function planPasswordProfile(value: unknown): UserChange {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw graphErrors.invalidValue('passwordProfile', 'User');
  let forceChange: boolean | undefined;
  let password = false;
  for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
    if (key === 'forceChangePasswordNextSignIn') {
      if (typeof inner !== 'boolean') throw graphErrors.invalidValue('forceChangePasswordNextSignIn', 'PasswordProfile');
      forceChange = inner;
    } else if (key === 'forceChangePasswordNextSignInWithMfa') {
      if (typeof inner !== 'boolean') throw graphErrors.invalidValue(key, 'PasswordProfile');
    } else if (key === 'password') {
      if (typeof inner !== 'string' || inner.length < 8) throw passwordComplexity();
      password = true;
    } else {
      throw graphErrors.unknownProperty(key, 'microsoft.graph.passwordProfile');
    }
  }
  return account((target) => {
    if (password && forceChange !== undefined) target.passwordProfile = { forceChangePasswordNextSignIn: forceChange };
  });
}

function planUserPrincipalName(value: unknown, tenant: Tenant, user: EmUser): UserChange {
  if (typeof value !== 'string' || !/^[^@\s]+@[^@\s]+$/.test(value)) throw graphErrors.invalidValue('userPrincipalName', 'User');
  const domain = value.slice(value.indexOf('@') + 1).toLowerCase();
  if (domain !== tenant.domain.toLowerCase()) {
    throw graphErrors.requestBadRequest(
      'The domain portion of the userPrincipalName property is invalid. You must use one of the verified domain names in your organization.',
    );
  }
  const holder = tenant.userByIdOrUpn(value);
  if (holder && holder.id !== user.id) {
    throw graphErrors.requestBadRequest('Another object with the same value for property userPrincipalName already exists.');
  }
  return account((target) => (target.userPrincipalName = value));
}

function account(apply: (user: EmUser) => void): UserChange {
  return { kind: 'account', apply };
}

function passwordComplexity(): GraphError {
  return graphErrors.requestBadRequest(
    'The specified password does not comply with password complexity requirements. Please provide a different password.',
  );
}
