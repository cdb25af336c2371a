import { createHash } from 'node:crypto';
import { RESOURCE } from './catalog.ts';
import type { EmApp, EmUser, Tenant } from './model.ts';
import { PERSONAS } from './personas.ts';

/** The demo app registration: documented in the README as demo-only credentials. */
export const DEMO_APP = {
  clientId: '0c2a3f5e-7d4b-4e8a-9b1c-2f6d8e0a4b7c',
  clientSecret: 'demo-only~RoomAccounts~not-a-real-secret',
  displayName: 'Room Accounts (demo)',
} as const;

/**
 * Delegated scopes the product asks for (issue 6 lists them; issue 14 adds Policy.Read.All and AuditLog.Read.All for
 * Conditional Access and sign-in data); consented tenant-wide in seeded tenants.
 */
export const DEMO_APP_SCOPES = {
  [RESOURCE.graph.uri]: [
    'User.ReadWrite.All',
    'Place.ReadWrite.All',
    'Organization.Read.All',
    'Directory.Read.All',
    'LicenseAssignment.ReadWrite.All',
    'Policy.Read.All',
    'AuditLog.Read.All',
  ],
  [RESOURCE.exchange.uri]: ['Exchange.Manage'],
};

export function registerDemoApp(tenant: Tenant): EmApp {
  const app: EmApp = {
    ...DEMO_APP,
    identifierUri: `api://localhost/${DEMO_APP.clientId}`,
    consentedScopes: structuredClone(DEMO_APP_SCOPES),
    appRoles: {},
    consentRevokedFor: new Set(),
  };
  tenant.apps.set(app.clientId, app);
  return app;
}

/** The city whose room accounts form the seeded administrative unit the `au-user-admin` persona administers. */
export const ROOMS_UNIT = { city: 'Seattle', displayName: 'Seattle rooms' } as const;
const DELEGATION_GROUP = 'Room account administrators';

/**
 * One admin user per persona, with its direct directory roles and Exchange role groups. Ids derive from
 * `makeId` so seeds stay deterministic; personas with delegation (added later) derive theirs from the tenant
 * id, so that adding them did not shift the random stream and with it every seeded room.
 */
export function addPersonaUsers(tenant: Tenant, makeId: () => string, createdDateTime: string): EmUser[] {
  return PERSONAS.map((persona) => {
    const [given = persona.alias, surname = ''] = persona.alias.split('.');
    const user: EmUser = {
      id: persona.delegation ? derivedId(`${tenant.id}/persona/${persona.id}`) : makeId(),
      displayName: persona.displayName,
      givenName: capitalize(given),
      surname: capitalize(surname),
      userPrincipalName: `${persona.alias}@${tenant.domain}`,
      mail: `${persona.alias}@${tenant.domain}`,
      mailNickname: persona.alias.replace('.', ''),
      userType: 'Member',
      accountEnabled: true,
      passwordPolicies: null,
      passwordProfile: { forceChangePasswordNextSignIn: false },
      usageLocation: 'US',
      city: 'Seattle',
      country: 'United States',
      officeLocation: 'IT',
      jobTitle: 'IT administrator',
      department: 'IT',
      createdDateTime,
      assignedLicenses: [],
      roleTemplateIds: [...persona.roleTemplateIds],
    };
    tenant.addUser(user);
    for (const group of persona.delegation?.exchangeRoleGroups ?? []) {
      const members = tenant.exchangeRoleGroupMembers.get(group) ?? new Set<string>();
      members.add(user.id);
      tenant.exchangeRoleGroupMembers.set(group, members);
    }
    for (const roleTemplateId of persona.delegation?.groupRoles ?? []) {
      const id = derivedId(`${tenant.id}/group/${DELEGATION_GROUP}`);
      const group = tenant.roleAssignableGroups.get(id) ?? {
        id,
        displayName: DELEGATION_GROUP,
        memberIds: new Set<string>(),
        roleTemplateIds: [],
      };
      group.memberIds.add(user.id);
      if (!group.roleTemplateIds.includes(roleTemplateId)) group.roleTemplateIds.push(roleTemplateId);
      tenant.roleAssignableGroups.set(id, group);
    }
    return user;
  });
}

/**
 * The seeded administrative unit: the room accounts of one city (call once the rooms exist), and the
 * personas' roles scoped to it.
 */
export function addRoomsAdministrativeUnit(tenant: Tenant): void {
  const id = derivedId(`${tenant.id}/administrativeUnit/${ROOMS_UNIT.displayName}`);
  const memberIds = new Set(
    [...tenant.mailboxes.values()]
      .filter((mailbox) => mailbox.recipientTypeDetails === 'RoomMailbox' && tenant.users.get(mailbox.userId)?.city === ROOMS_UNIT.city)
      .map((mailbox) => mailbox.userId),
  );
  tenant.administrativeUnits.set(id, { id, displayName: ROOMS_UNIT.displayName, memberIds });
  for (const persona of PERSONAS) {
    const user = tenant.userByIdOrUpn(`${persona.alias}@${tenant.domain}`);
    for (const roleTemplateId of persona.delegation?.administrativeUnitRoles ?? []) {
      if (user) tenant.scopedRoleAssignments.push({ userId: user.id, roleTemplateId, administrativeUnitId: id });
    }
  }
}

function derivedId(seed: string): string {
  const hex = createHash('sha1').update(seed).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
