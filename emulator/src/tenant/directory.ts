import { RESOURCE } from './catalog.ts';
import type { EmApp, EmUser, Tenant } from './model.ts';
import { PERSONAS } from './personas.ts';

/** The demo app registration: documented in the README as demo-only credentials. */
export const DEMO_APP = {
  clientId: '0c2a3f5e-7d4b-4e8a-9b1c-2f6d8e0a4b7c',
  clientSecret: 'demo-only~RoomAccounts~not-a-real-secret',
  displayName: 'Room Accounts (demo)',
} as const;

/** Delegated scopes the product asks for (issue 6 lists them); consented tenant-wide in seeded tenants. */
export const DEMO_APP_SCOPES = {
  [RESOURCE.graph.uri]: ['User.ReadWrite.All', 'Place.ReadWrite.All', 'Organization.Read.All', 'Directory.Read.All', 'LicenseAssignment.ReadWrite.All'],
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

/** One admin user per persona, with its directory role; ids derive from `makeId` so seeds stay deterministic. */
export function addPersonaUsers(tenant: Tenant, makeId: () => string, createdDateTime: string): EmUser[] {
  return PERSONAS.map((persona) => {
    const [given = persona.alias, surname = ''] = persona.alias.split('.');
    const user: EmUser = {
      id: makeId(),
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
    return user;
  });
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
