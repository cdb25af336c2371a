import { ROLE, ROLE_NAMES } from '../auth/roles.ts';

/** The kinds of write Room Accounts makes, each a different Microsoft 365 API with its own roles. */
export type WriteKind = 'userAccount' | 'usageLocation' | 'license' | 'calendarProcessing' | 'place';

/** Roles allowed per write, least privileged first (domain.md §5). The first is the one we name in refusals. */
const ALLOWED: Record<WriteKind, string[]> = {
  userAccount: [ROLE.userAdmin, ROLE.globalAdmin],
  usageLocation: [ROLE.licenseAdmin, ROLE.userAdmin, ROLE.globalAdmin],
  license: [ROLE.licenseAdmin, ROLE.userAdmin, ROLE.directoryWriters, ROLE.globalAdmin],
  calendarProcessing: [ROLE.exchangeRecipientAdmin, ROLE.exchangeAdmin, ROLE.globalAdmin],
  place: [ROLE.exchangeAdmin, ROLE.globalAdmin],
};

/** Roles that may read Exchange mailbox settings (View-Only Recipients and above). */
const EXCHANGE_READERS = [ROLE.globalReader, ROLE.exchangeRecipientAdmin, ROLE.exchangeAdmin, ROLE.globalAdmin];

export function mayWrite(roleTemplateIds: readonly string[], kind: WriteKind): boolean {
  return ALLOWED[kind].some((role) => roleTemplateIds.includes(role));
}

/** The least-privileged role that would allow this write. */
export function leastPrivilegedRole(kind: WriteKind): string {
  return ROLE_NAMES[ALLOWED[kind][0] as string] as string;
}

export function mayReadMailboxSettings(roleTemplateIds: readonly string[]): boolean {
  return EXCHANGE_READERS.some((role) => roleTemplateIds.includes(role));
}

/** Which writes each role allows, for the tab to enable or disable controls. */
export function writableKinds(roleTemplateIds: readonly string[]): WriteKind[] {
  return (Object.keys(ALLOWED) as WriteKind[]).filter((kind) => mayWrite(roleTemplateIds, kind));
}

/** Editing the baseline re-grades every account, so only admins who can fix accounts may do it. */
export function mayEditBaseline(roleTemplateIds: readonly string[]): boolean {
  return roleTemplateIds.includes(ROLE.globalAdmin) || roleTemplateIds.includes(ROLE.exchangeAdmin);
}
