// @ts-nocheck
import { ROLE } from '../../../auth/roles.ts';
import { readSource, verdict } from '../read.ts';
import type { CheckDefinition } from '../types.ts';

/** A Teams Rooms resource account is a room mailbox (CRA account include); converting is left to the admin. */
export const roomMailboxType: CheckDefinition = {
  id: 'roomMailboxType',
  group: 'account',
  label: 'Room mailbox',
  description:
    'Whether the mailbox is a room mailbox. Teams Rooms accounts should be room resources so that people can book them and calendar processing applies; a user mailbox holding a Teams Rooms license is usually a mistake.',
  powershell: 'Set-Mailbox -Identity <upn> -Type Room',
  severity: 'recommended',
  changeRole: ROLE.exchangeRecipientAdmin,
  expected: () => 'RoomMailbox',
  evaluate(snapshot) {
    const mailbox = readSource(snapshot, 'mailbox');
    if ('unknown' in mailbox) return mailbox.unknown;
    return verdict(mailbox.data.recipientTypeDetails === 'RoomMailbox', mailbox.data.recipientTypeDetails);
  },
};
