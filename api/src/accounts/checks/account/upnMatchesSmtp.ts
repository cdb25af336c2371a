import { ROLE } from '../../../auth/roles.ts';
import { readSource, verdict } from '../read.ts';
import type { CheckDefinition } from '../types.ts';

/** CRA: "the resource account's UPN must match the SMTP address". Not changed automatically: renaming breaks sign-ins. */
export const upnMatchesSmtp: CheckDefinition = {
  id: 'upnMatchesSmtp',
  group: 'account',
  label: 'UPN matches primary email address',
  description:
    "Whether the sign-in name (UPN) equals the mailbox's primary SMTP address. Microsoft requires them to match for Teams Rooms; when they differ, the device's sign-in and calendar can point at different identities. Room Accounts does not rename accounts for you, because devices already signed in would break.",
  powershell: 'Set-Mailbox -Identity <upn> -WindowsEmailAddress <upn>   # or Update-MgUser -UserPrincipalName <smtp>',
  severity: 'recommended',
  changeRole: ROLE.exchangeRecipientAdmin,
  expected: () => 'UPN = primary SMTP address',
  evaluate(snapshot) {
    const user = readSource(snapshot, 'user');
    if ('unknown' in user) return user.unknown;
    const mailbox = readSource(snapshot, 'mailbox');
    const smtp = 'data' in mailbox ? mailbox.data.primarySmtpAddress : user.data.mail;
    if (!smtp) return { result: 'unknown', actual: null, note: 'No email address to compare' };
    return verdict(smtp.toLowerCase() === user.data.userPrincipalName.toLowerCase(), smtp);
  },
};
