// Evidence: docs/microsoft-365.md#exo-get-mailbox
import type { EmMailbox, RecipientTypeDetails, Tenant } from '../../tenant/model.ts';
import { cmdletErrors } from '../errors.ts';
import { compileFilter } from '../filter.ts';
import { enumerationList, identity, resultSize, text } from '../parameters.ts';
import { listOutput, listOutputOf } from './listing.ts';
import { MAILBOX_ID_TYPE } from './recipients.ts';
import { defineCmdlet, type ExchangeObject } from './types.ts';

const RECIPIENT_TYPES: readonly RecipientTypeDetails[] = ['UserMailbox', 'SharedMailbox', 'RoomMailbox', 'EquipmentMailbox'];

/** A mailbox as Get-Mailbox prints it; AccountDisabled and RoomMailboxAccountEnabled come from the Entra user. */
export function mailboxObject(tenant: Tenant, mailbox: EmMailbox): ExchangeObject {
  const user = tenant.users.get(mailbox.userId);
  const enabled = user?.accountEnabled ?? false;
  const isRoom = mailbox.recipientTypeDetails === 'RoomMailbox';
  const resourceType = isRoom ? 'Room' : mailbox.recipientTypeDetails === 'EquipmentMailbox' ? 'Equipment' : null;
  return {
    Identity: mailbox.alias,
    Id: mailbox.alias,
    Name: mailbox.alias,
    Guid: mailbox.guid,
    ExternalDirectoryObjectId: mailbox.userId,
    UserPrincipalName: user?.userPrincipalName ?? mailbox.primarySmtpAddress,
    Alias: mailbox.alias,
    DisplayName: mailbox.displayName,
    PrimarySmtpAddress: mailbox.primarySmtpAddress,
    WindowsEmailAddress: mailbox.primarySmtpAddress,
    EmailAddresses: [...mailbox.emailAddresses],
    RecipientType: 'UserMailbox',
    RecipientTypeDetails: mailbox.recipientTypeDetails,
    IsResource: resourceType !== null,
    ResourceType: resourceType,
    ResourceCapacity: mailbox.resourceCapacity,
    Office: mailbox.office,
    MailTip: mailbox.mailTip,
    HiddenFromAddressListsEnabled: mailbox.hiddenFromAddressListsEnabled,
    IsMailboxEnabled: true,
    AccountDisabled: !enabled,
    RoomMailboxAccountEnabled: isRoom ? enabled : null,
  };
}

/** Get-Mailbox: one mailbox by -Identity, or a paged list narrowed by -RecipientTypeDetails and -Filter. */
export const getMailbox = defineCmdlet({
  name: 'Get-Mailbox',
  right: 'readRecipients',
  parameters: {
    Identity: identity(MAILBOX_ID_TYPE),
    RecipientTypeDetails: enumerationList('Microsoft.Exchange.Data.Directory.Recipient.RecipientTypeDetails', RECIPIENT_TYPES),
    Filter: text,
    ResultSize: resultSize,
  },
  run(args, env) {
    const matchesFilter = args.Filter ? compileFilter(args.Filter) : () => true;
    const wanted = args.RecipientTypeDetails;
    const matches = (mailbox: EmMailbox) => !wanted || wanted.includes(mailbox.recipientTypeDetails);
    if (args.Identity !== undefined) {
      const mailbox = env.tenant.mailboxByIdentity(args.Identity);
      const object = mailbox && matches(mailbox) ? mailboxObject(env.tenant, mailbox) : undefined;
      if (!object || !matchesFilter(object)) throw cmdletErrors.notFound(args.Identity, env.backend.directoryServer);
      return { value: [object], warnings: [] };
    }
    const print = (mailbox: EmMailbox) => mailboxObject(env.tenant, mailbox);
    const mailboxes = [...env.tenant.mailboxes.values()].filter(matches);
    // A -Filter reads the printed object; without one only the page is printed (the guid orders both alike).
    if (!args.Filter) return listOutputOf(mailboxes, (mailbox) => mailbox.guid, print, args.ResultSize, env);
    return listOutput(mailboxes.map(print).filter(matchesFilter), args.ResultSize, env);
  },
});
