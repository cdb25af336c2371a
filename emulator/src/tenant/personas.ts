import { ROLE } from './catalog.ts';
import type { ExchangeRoleGroup } from './model.ts';

/**
 * Demo sign-in personas (issue 2, domain.md §5): one user per admin role, one with none, and users whose
 * rights come from delegation the token's `wids` does not show (issue 11).
 */
export interface Persona {
  id: string;
  displayName: string;
  /** Local part of the UPN; the tenant's domain is appended. */
  alias: string;
  /** Directory roles assigned to the user directly, tenant-wide: these, and only these, are in `wids`. */
  roleTemplateIds: string[];
  /** Rights assigned otherwise; none of them appears in the token. */
  delegation?: {
    /** Membership of Exchange Online role groups (assigned in Exchange). */
    exchangeRoleGroups?: ExchangeRoleGroup[];
    /** Directory roles scoped to the seeded administrative unit (directory.ts, ROOMS_UNIT). */
    administrativeUnitRoles?: string[];
    /** Directory roles assigned to a role-assignable group the user is a member of. */
    groupRoles?: string[];
  };
}

export const PERSONAS: readonly Persona[] = [
  { id: 'global-admin', displayName: 'Grace Global (Global Administrator)', alias: 'grace.global', roleTemplateIds: [ROLE.globalAdmin] },
  { id: 'global-reader', displayName: 'Rita Reader (Global Reader)', alias: 'rita.reader', roleTemplateIds: [ROLE.globalReader] },
  {
    id: 'exchange-admin',
    displayName: 'Ethan Exchange (Exchange Administrator)',
    alias: 'ethan.exchange',
    roleTemplateIds: [ROLE.exchangeAdmin],
  },
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
  {
    id: 'exchange-org-management',
    displayName: 'Owen Org (Exchange Organization Management)',
    alias: 'owen.org',
    roleTemplateIds: [],
    delegation: { exchangeRoleGroups: ['Organization Management'] },
  },
  {
    id: 'exchange-recipient-management',
    displayName: 'Rosa Recipients (Exchange Recipient Management)',
    alias: 'rosa.recipients',
    roleTemplateIds: [],
    delegation: { exchangeRoleGroups: ['Recipient Management'] },
  },
  {
    id: 'au-user-admin',
    displayName: 'Aaron Unit (User Administrator of the Seattle rooms unit)',
    alias: 'aaron.unit',
    roleTemplateIds: [],
    delegation: { administrativeUnitRoles: [ROLE.userAdmin] },
  },
  {
    id: 'group-user-admin',
    displayName: 'Gina Group (User Administrator through a group)',
    alias: 'gina.group',
    roleTemplateIds: [],
    delegation: { groupRoles: [ROLE.userAdmin] },
  },
];

export function personaById(id: string): Persona | undefined {
  return PERSONAS.find((persona) => persona.id === id);
}
