import { ROLE } from '../../../auth/roles.ts';
import { readSource, verdict } from '../read.ts';
import type { CheckDefinition } from '../types.ts';

const SOURCE = 'https://learn.microsoft.com/microsoftteams/rooms/create-resource-account';

/** CRA: "the resource account's UPN must match the SMTP address", so it is required. Never changed automatically: renaming breaks sign-ins. */
export const upnMatchesSmtp: CheckDefinition = {
  id: 'upnMatchesSmtp',
  group: 'account',
  label: 'UPN matches primary email address',
  description: `Whether the sign-in name (UPN) equals the mailbox's primary SMTP address. Microsoft: "If you're creating resource accounts for Teams Rooms, the resource account's UPN must match the SMTP address of the resource account." (${SOURCE}) When they differ, the device's sign-in and calendar can point at different identities.`,
  powershell: 'Set-Mailbox -Identity <upn> -WindowsEmailAddress <upn>   # or Update-MgUser -UserId <upn> -UserPrincipalName <smtp>',
  severity: 'required',
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
  manualFix:
    'Not changed automatically: renaming the account or its address signs out the devices already using it. Change one of them during a visit to the room, then sign the device in again.',
  onPremises: (identity) => `Set-ADUser -Identity ${identity} -UserPrincipalName <primary SMTP address>`,
};
