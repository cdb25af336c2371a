// Evidence: docs/microsoft-365.md#exo-errors
import type { EmMailbox, EmUser } from '../../tenant/model.ts';
import { cmdletErrors } from '../errors.ts';
import type { CmdletEnv } from './types.ts';

/** Resolving -Identity and recipient lists the way Exchange does, failing with ManagementObjectNotFoundException. */

export const MAILBOX_ID_TYPE = 'Microsoft.Exchange.Configuration.Tasks.MailboxIdParameter';
export const RECIPIENT_ID_TYPE = 'Microsoft.Exchange.Configuration.Tasks.RecipientIdParameter';

export interface MailboxWithOwner {
  mailbox: EmMailbox;
  owner: EmUser;
}

/** A mailbox and its Entra user; every Exchange mailbox has one, so a mailbox without it counts as missing. */
export function requireMailbox(env: CmdletEnv, identity: string): MailboxWithOwner {
  const mailbox = env.tenant.mailboxByIdentity(identity);
  const owner = mailbox ? env.tenant.users.get(mailbox.userId) : undefined;
  if (!mailbox || !owner) throw cmdletErrors.notFound(identity, env.backend.directoryServer);
  return { mailbox, owner };
}

/** A room mailbox: the only recipients Get-Place and Set-Place know. */
export function requireRoom(env: CmdletEnv, identity: string): MailboxWithOwner {
  const byPlace = env.tenant.placeByIdOrEmail(identity);
  const found = env.tenant.mailboxByIdentity(byPlace?.emailAddress ?? identity);
  if (found?.recipientTypeDetails !== 'RoomMailbox') throw cmdletErrors.notFound(identity, env.backend.directoryServer);
  return requireMailbox(env, found.primarySmtpAddress);
}

/** A recipient named in BookInPolicy or ResourceDelegates, stored by its primary SMTP address. */
export function recipientAddress(env: CmdletEnv, identity: string): string {
  const mailbox = env.tenant.mailboxByIdentity(identity);
  if (mailbox) return mailbox.primarySmtpAddress;
  const user =
    env.tenant.userByIdOrUpn(identity) ??
    [...env.tenant.users.values()].find((candidate) => candidate.mail?.toLowerCase() === identity.toLowerCase());
  if (!user) throw cmdletErrors.notFound(identity, env.backend.directoryServer);
  return user.mail ?? user.userPrincipalName;
}
