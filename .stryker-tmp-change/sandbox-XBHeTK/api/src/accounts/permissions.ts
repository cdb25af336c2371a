// @ts-nocheck
import { ROLE, ROLE_NAMES } from '../auth/roles.ts';

/** The kinds of write Room Accounts makes, each a different Microsoft 365 API with its own roles. */
export type WriteKind = 'userAccount' | 'usageLocation' | 'license' | 'calendarProcessing' | 'place' | 'roomList';
export const WRITE_KINDS: readonly WriteKind[] = ['userAccount', 'usageLocation', 'license', 'calendarProcessing', 'place', 'roomList'];

/**
 * Directory roles that allow each write, least privileged first (domain.md §5). The first is the one we name.
 *
 * These are HINTS, read from the token's `wids`, which holds only tenant-wide directory roles assigned
 * directly (docs/microsoft-365.md#who-may-write): Exchange role groups (Organization or Recipient Management), roles scoped
 * to an administrative unit, and (unverified) roles through groups never show there. So a missing role
 * never stops a write: it is attempted, and Microsoft 365's 403 is the answer (see `refusal`).
 */
const SHOWN_BY: Record<WriteKind, string[]> = {
  userAccount: [ROLE.userAdmin, ROLE.globalAdmin],
  usageLocation: [ROLE.licenseAdmin, ROLE.userAdmin, ROLE.globalAdmin],
  license: [ROLE.licenseAdmin, ROLE.userAdmin, ROLE.directoryWriters, ROLE.globalAdmin],
  calendarProcessing: [ROLE.exchangeRecipientAdmin, ROLE.exchangeAdmin, ROLE.globalAdmin],
  place: [ROLE.exchangeAdmin, ROLE.globalAdmin],
  // Add-DistributionGroupMember / New-DistributionGroup: the Distribution Groups role (docs/microsoft-365.md#exo-room-lists-write).
  roomList: [ROLE.exchangeRecipientAdmin, ROLE.exchangeAdmin, ROLE.globalAdmin],
};

/** What else, besides the named directory role, Microsoft 365 accepts for a write: said in hints and refusals. */
const ALSO_ACCEPTED: Record<WriteKind, string> = {
  userAccount: 'User Administrator over an administrative unit holding the account',
  usageLocation: 'User or License Administrator over an administrative unit holding the account',
  license: 'License or User Administrator over an administrative unit holding the account',
  calendarProcessing: 'an Exchange role group such as Recipient Management or Organization Management',
  place: 'the Exchange Organization Management role group (in Exchange)',
  roomList: 'an Exchange role group such as Recipient Management or Organization Management',
};

/** Whether the token's `wids` shows a role for this write: a hint for the UI, never a refusal. */
export function rolesShowWrite(roleTemplateIds: readonly string[], kind: WriteKind): boolean {
  return SHOWN_BY[kind].some((role) => roleTemplateIds.includes(role));
}

/** The least-privileged directory role that would allow this write. */
export function leastPrivilegedRole(kind: WriteKind): string {
  return ROLE_NAMES[SHOWN_BY[kind][0] as string] as string;
}

/** The other assignments Microsoft 365 accepts for this write, in words. */
export function alsoAccepted(kind: WriteKind): string {
  return ALSO_ACCEPTED[kind];
}

/** Which writes the token's roles show, for the tab's hints. */
export function writableKinds(roleTemplateIds: readonly string[]): WriteKind[] {
  return WRITE_KINDS.filter((kind) => rolesShowWrite(roleTemplateIds, kind));
}

/**
 * The one place a refusal is put in words, whether Microsoft 365 refused (403) or nothing could be tried:
 * the per-change message and the `403 insufficient_role` answer naming the least-privileged role.
 */
export const refusal = {
  change(kind: WriteKind): string {
    return `Microsoft 365 refused the change: it needs the ${leastPrivilegedRole(kind)} role (or ${alsoAccepted(kind)}).`;
  },
  answer(changes: readonly { kind: WriteKind; group: string }[]): { message: string; requiredRole: string } {
    const kinds = [...new Set(changes.map((change) => change.kind))];
    const roles = [...new Set(kinds.map(leastPrivilegedRole))];
    const requiredRole = roles[0] ?? leastPrivilegedRole('calendarProcessing');
    const mailboxOnly = changes.length > 0 && changes.every((change) => change.group === 'mailbox');
    const message = mailboxOnly
      ? `You can't change mailbox settings with your current role: Microsoft 365 refused. You need the Exchange Recipient Administrator role (or Exchange Administrator, or ${alsoAccepted('calendarProcessing')}). Contact your administrator to get access.`
      : `You can't make these changes with your current role: Microsoft 365 refused. You need: ${roles.join(', ')}. Contact your administrator to get access.`;
    return { message, requiredRole };
  },
};

/** Editing the baseline re-grades every account: our own policy, decided on the roles the token shows. */
export function mayEditBaseline(roleTemplateIds: readonly string[]): boolean {
  return roleTemplateIds.includes(ROLE.globalAdmin) || roleTemplateIds.includes(ROLE.exchangeAdmin);
}
