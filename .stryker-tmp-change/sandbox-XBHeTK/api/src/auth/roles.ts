/** Directory roles that matter to Room Accounts, by template id (domain.md §5). */
// @ts-nocheck

export const ROLE = {
  globalAdmin: '62e90394-69f5-4237-9190-012177145e10',
  globalReader: 'f2ef992c-3afb-46b9-b7cf-a126ee74c451',
  exchangeAdmin: '29232cdf-9323-42fd-ade2-1d097af3e4de',
  exchangeRecipientAdmin: '31392ffb-586c-42d1-9346-e59415a2cc4e',
  userAdmin: 'fe930be7-5e62-47db-91af-98c3a49a38b1',
  licenseAdmin: '4d6ac14f-3453-41d0-bef9-a3e0c569773a',
  teamsAdmin: '69091246-20e8-4a56-aa4d-066075b2a7a8',
  teamsDevicesAdmin: '3d762c5a-1b6c-493f-843e-55a3b42923d4',
  placesAdmin: '78b0ccd1-afc2-4f92-9116-b41aedd09592',
  directoryWriters: '9360feb5-f418-4baa-8175-e2a00bac4301',
} as const;

export const ROLE_NAMES: Record<string, string> = {
  [ROLE.globalAdmin]: 'Global Administrator',
  [ROLE.globalReader]: 'Global Reader',
  [ROLE.exchangeAdmin]: 'Exchange Administrator',
  [ROLE.exchangeRecipientAdmin]: 'Exchange Recipient Administrator',
  [ROLE.userAdmin]: 'User Administrator',
  [ROLE.licenseAdmin]: 'License Administrator',
  [ROLE.teamsAdmin]: 'Teams Administrator',
  [ROLE.teamsDevicesAdmin]: 'Teams Devices Administrator',
  [ROLE.placesAdmin]: 'Places Administrator',
  [ROLE.directoryWriters]: 'Directory Writers',
};

/** The roles of a principal we know by name; others (e.g. the default member role) are left out. */
export function namedRoles(roleTemplateIds: readonly string[]): { id: string; name: string }[] {
  return roleTemplateIds.filter((id) => ROLE_NAMES[id]).map((id) => ({ id, name: ROLE_NAMES[id] as string }));
}
