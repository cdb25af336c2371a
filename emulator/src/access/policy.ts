// Evidence: docs/microsoft-365.md#who-may-write
import { ROLE } from '../tenant/catalog.ts';
import type { ExchangeRoleGroup } from '../tenant/model.ts';

/**
 * Which roles may do what, as the tenant enforces it (domain.md §5). Graph writes are decided on Entra
 * directory roles (assignments.ts says which apply to the target); Exchange cmdlets on Exchange role groups.
 * The services answer a refused call with their own 403; route modules ask these questions before touching state.
 */

const any = <T>(held: ReadonlySet<T>, allowed: readonly T[]) => allowed.some((role) => held.has(role));

/** Entra user properties (accountEnabled, passwordPolicies, passwordProfile). */
export const canWriteUserAccount = (roles: ReadonlySet<string>) => any(roles, [ROLE.globalAdmin, ROLE.userAdmin]);

/** usageLocation: License Administrator "manages the usage location on users". */
export const canWriteUsageLocation = (roles: ReadonlySet<string>) => any(roles, [ROLE.globalAdmin, ROLE.userAdmin, ROLE.licenseAdmin]);

/** POST /users/{id}/assignLicense. */
export const canAssignLicense = (roles: ReadonlySet<string>) => any(roles, [ROLE.globalAdmin, ROLE.userAdmin, ROLE.licenseAdmin]);

/** PATCH /places/{id}: Exchange Administrator is the least privileged role Graph documents. */
export const canWritePlace = (roles: ReadonlySet<string>) => any(roles, [ROLE.globalAdmin, ROLE.exchangeAdmin]);

/** Exchange read cmdlets (View-Only Recipients: in each of these role groups). */
export const canReadExchange = (groups: ReadonlySet<ExchangeRoleGroup>) =>
  any(groups, ['Organization Management', 'Recipient Management', 'View-Only Organization Management'] as const);

/** Set-CalendarProcessing and Set-Mailbox (Mail Recipients: Organization and Recipient Management). */
export const canWriteRecipients = (groups: ReadonlySet<ExchangeRoleGroup>) =>
  any(groups, ['Organization Management', 'Recipient Management'] as const);

/** Set-Place (TenantPlacesManagement): Organization Management or the Places Administrator role group, not Recipient Management. */
export const canWritePlacesInExchange = (groups: ReadonlySet<ExchangeRoleGroup>) =>
  any(groups, ['Organization Management', 'Places Administrator'] as const);
