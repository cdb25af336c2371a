import { ROLE } from '../tenant/catalog.ts';

/**
 * Which directory roles may do what, as the tenant enforces it (domain.md §5). The services answer a
 * refused call with their own 403; route modules ask these questions before touching state.
 */

const any = (roles: ReadonlySet<string>, allowed: readonly string[]) => allowed.some((role) => roles.has(role));

/** Entra user properties (accountEnabled, passwordPolicies, passwordProfile). */
export const canWriteUserAccount = (roles: ReadonlySet<string>) => any(roles, [ROLE.globalAdmin, ROLE.userAdmin]);

/** usageLocation: License Administrator "manages the usage location on users". */
export const canWriteUsageLocation = (roles: ReadonlySet<string>) =>
  any(roles, [ROLE.globalAdmin, ROLE.userAdmin, ROLE.licenseAdmin]);

/** POST /users/{id}/assignLicense. */
export const canAssignLicense = (roles: ReadonlySet<string>) => any(roles, [ROLE.globalAdmin, ROLE.userAdmin, ROLE.licenseAdmin]);

/** PATCH /places/{id}: Exchange Administrator is the least privileged role Graph documents. */
export const canWritePlace = (roles: ReadonlySet<string>) => any(roles, [ROLE.globalAdmin, ROLE.exchangeAdmin]);

/** Exchange read cmdlets (View-Only Recipients). */
export const canReadExchange = (roles: ReadonlySet<string>) =>
  any(roles, [ROLE.globalAdmin, ROLE.globalReader, ROLE.exchangeAdmin, ROLE.exchangeRecipientAdmin]);

/** Set-CalendarProcessing and Set-Mailbox (Mail Recipients). */
export const canWriteRecipients = (roles: ReadonlySet<string>) =>
  any(roles, [ROLE.globalAdmin, ROLE.exchangeAdmin, ROLE.exchangeRecipientAdmin]);

/** Set-Place (TenantPlacesManagement): Organization Management or the Places Administrator role. */
export const canWritePlacesInExchange = (roles: ReadonlySet<string>) =>
  any(roles, [ROLE.globalAdmin, ROLE.exchangeAdmin, ROLE.placesAdmin]);
