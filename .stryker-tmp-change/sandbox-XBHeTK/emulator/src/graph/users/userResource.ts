// @ts-nocheck
// Evidence: docs/microsoft-365.md#graph-users-list
import { faultsOf, withOverride } from '../../tenant/faults.ts';
import type { EmUser, Tenant } from '../../tenant/model.ts';
import type { ComplexType, EntitySchema } from '../odata/filter.ts';

export const USER_TYPE = 'microsoft.graph.user';

/** What Graph returns for a user when no `$select` is given; everything else must be selected. */
export const DEFAULT_USER_PROPERTIES = [
  'businessPhones',
  'displayName',
  'givenName',
  'jobTitle',
  'mail',
  'mobilePhone',
  'officeLocation',
  'preferredLanguage',
  'surname',
  'userPrincipalName',
  'id',
] as const;

const ASSIGNED_LICENSE: ComplexType = {
  name: 'microsoft.graph.assignedLicense',
  properties: { disabledPlans: { type: { collection: 'guid' } }, skuId: { type: 'guid' } },
};

const PASSWORD_PROFILE: ComplexType = {
  name: 'microsoft.graph.passwordProfile',
  properties: {
    forceChangePasswordNextSignIn: { type: 'boolean' },
    forceChangePasswordNextSignInWithMfa: { type: 'boolean' },
    password: { type: 'string' },
  },
};

/** The user properties the emulator serves, with their types for `$filter`. */
export const USER_SCHEMA: EntitySchema = {
  typeName: USER_TYPE,
  resourceName: 'User',
  properties: {
    id: { type: 'string' },
    businessPhones: { type: { collection: 'string' } },
    displayName: { type: 'string' },
    givenName: { type: 'string' },
    jobTitle: { type: 'string' },
    mail: { type: 'string' },
    mobilePhone: { type: 'string' },
    officeLocation: { type: 'string' },
    preferredLanguage: { type: 'string' },
    surname: { type: 'string' },
    userPrincipalName: { type: 'string' },
    accountEnabled: { type: 'boolean' },
    assignedLicenses: { type: { collection: ASSIGNED_LICENSE } },
    city: { type: 'string' },
    companyName: { type: 'string' },
    country: { type: 'string' },
    createdDateTime: { type: 'datetime' },
    department: { type: 'string' },
    employeeId: { type: 'string' },
    lastPasswordChangeDateTime: { type: 'datetime', filterable: false },
    mailNickname: { type: 'string' },
    onPremisesImmutableId: { type: 'string' },
    onPremisesSamAccountName: { type: 'string' },
    onPremisesSyncEnabled: { type: 'boolean' },
    otherMails: { type: { collection: 'string' } },
    passwordPolicies: { type: 'string', filterable: false },
    passwordProfile: { type: PASSWORD_PROFILE, filterable: false },
    postalCode: { type: 'string' },
    proxyAddresses: { type: { collection: 'string' } },
    state: { type: 'string' },
    streetAddress: { type: 'string' },
    usageLocation: { type: 'string' },
    userType: { type: 'string' },
  },
};

export const USER_PROPERTIES: readonly string[] = Object.keys(USER_SCHEMA.properties);

/** Every property of a user as Graph spells it (with any test-set override); callers project it down to the selected set. */
export function userResource(tenant: Tenant, user: EmUser): Record<string, unknown> {
  return withOverride(fullUser(tenant, user), faultsOf(tenant).users.get(user.id));
}

function fullUser(tenant: Tenant, user: EmUser): Record<string, unknown> {
  return {
    id: user.id,
    businessPhones: [],
    displayName: user.displayName,
    givenName: user.givenName,
    jobTitle: user.jobTitle,
    mail: user.mail,
    mobilePhone: null,
    officeLocation: user.officeLocation,
    preferredLanguage: null,
    surname: user.surname,
    userPrincipalName: user.userPrincipalName,
    accountEnabled: user.accountEnabled,
    assignedLicenses: user.assignedLicenses.map((license) => ({ disabledPlans: [...license.disabledPlans], skuId: license.skuId })),
    city: user.city,
    companyName: null,
    country: user.country,
    createdDateTime: user.createdDateTime,
    department: user.department,
    employeeId: null,
    lastPasswordChangeDateTime: user.createdDateTime,
    mailNickname: user.mailNickname,
    onPremisesImmutableId: user.onPremises?.immutableId ?? null,
    onPremisesSamAccountName: user.onPremises?.samAccountName ?? null,
    // Graph reports null (not false) for an account that was never synchronized.
    onPremisesSyncEnabled: user.onPremises ? true : null,
    otherMails: [],
    passwordPolicies: user.passwordPolicies,
    passwordProfile: {
      forceChangePasswordNextSignIn: user.passwordProfile.forceChangePasswordNextSignIn,
      forceChangePasswordNextSignInWithMfa: false,
      password: null,
    },
    postalCode: null,
    proxyAddresses: [...(tenant.mailboxes.get(user.id)?.emailAddresses ?? [])],
    state: null,
    streetAddress: null,
    usageLocation: user.usageLocation,
    userType: user.userType,
  };
}
