import { ROLE } from './catalog.ts';

/** Demo sign-in personas: one user per admin role, plus one with none (issue 2, domain.md §5). */
export interface Persona {
  id: string;
  displayName: string;
  /** Local part of the UPN; the tenant's domain is appended. */
  alias: string;
  roleTemplateIds: string[];
}

export const PERSONAS: readonly Persona[] = [
  { id: 'global-admin', displayName: 'Grace Global (Global Administrator)', alias: 'grace.global', roleTemplateIds: [ROLE.globalAdmin] },
  { id: 'global-reader', displayName: 'Rita Reader (Global Reader)', alias: 'rita.reader', roleTemplateIds: [ROLE.globalReader] },
  { id: 'exchange-admin', displayName: 'Ethan Exchange (Exchange Administrator)', alias: 'ethan.exchange', roleTemplateIds: [ROLE.exchangeAdmin] },
  {
    id: 'exchange-recipient-admin',
    displayName: 'Erin Recipient (Exchange Recipient Administrator)',
    alias: 'erin.recipient',
    roleTemplateIds: [ROLE.exchangeRecipientAdmin],
  },
  { id: 'user-admin', displayName: 'Uma User (User Administrator)', alias: 'uma.user', roleTemplateIds: [ROLE.userAdmin] },
  { id: 'license-admin', displayName: 'Liam License (License Administrator)', alias: 'liam.license', roleTemplateIds: [ROLE.licenseAdmin] },
  {
    id: 'teams-devices-admin',
    displayName: 'Theo Devices (Teams Devices Administrator)',
    alias: 'theo.devices',
    roleTemplateIds: [ROLE.teamsDevicesAdmin],
  },
  { id: 'no-role', displayName: 'Nora Noroles (no admin role)', alias: 'nora.noroles', roleTemplateIds: [] },
];

export function personaById(id: string): Persona | undefined {
  return PERSONAS.find((persona) => persona.id === id);
}
