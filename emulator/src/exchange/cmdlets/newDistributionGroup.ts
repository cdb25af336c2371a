// Evidence: docs/microsoft-365.md#exo-room-lists-write
import { newRoomList } from '../../tenant/seed/roomLists.ts';
import { cmdletErrors } from '../errors.ts';
import { applyMultiValue, bool, multiValue, text } from '../parameters.ts';
import { groupErrors, groupObject } from './distributionGroups.ts';
import { requireMailbox } from './recipients.ts';
import { defineCmdlet } from './types.ts';

/**
 * New-DistributionGroup: a universal distribution group, or a room list with -RoomList. Name, alias and address
 * must be unused; -Members of a room list must be room mailboxes. Answers the new group, as the cmdlet prints it.
 */
export const newDistributionGroup = defineCmdlet({
  name: 'New-DistributionGroup',
  right: 'writeRecipients',
  parameters: {
    Name: text,
    DisplayName: text,
    Alias: text,
    PrimarySmtpAddress: text,
    RoomList: bool,
    Members: multiValue(
      'Microsoft.Exchange.Data.MultiValuedProperty`1[Microsoft.Exchange.Configuration.Tasks.RecipientWithAdUserGroupIdParameter`1[Microsoft.Exchange.Configuration.Tasks.RecipientIdParameter]]',
    ),
    Confirm: bool,
  },
  mandatory: ['Name'],
  run(args, env) {
    const name = args.Name?.trim() ?? '';
    if (name === '') throw cmdletErrors.emptyArgument('Name');
    const group = newRoomList(env.tenant, name, args.RoomList ? 'RoomList' : 'MailUniversalDistributionGroup', args.Alias ?? undefined);
    if (args.DisplayName) group.displayName = args.DisplayName;
    if (args.PrimarySmtpAddress) group.primarySmtpAddress = args.PrimarySmtpAddress;
    const taken = [...env.tenant.distributionGroups.values()];
    if (taken.some((other) => other.name.toLowerCase() === name.toLowerCase() || other.alias.toLowerCase() === group.alias.toLowerCase()))
      throw groupErrors.nameInUse();
    const address = group.primarySmtpAddress.toLowerCase();
    if (taken.some((other) => other.primarySmtpAddress.toLowerCase() === address) || env.tenant.mailboxByIdentity(address))
      throw groupErrors.addressInUse(group.primarySmtpAddress);
    const members = args.Members ? applyMultiValue([], args.Members, (member) => member) : [];
    for (const member of members) {
      const { mailbox } = requireMailbox(env, member);
      if (group.recipientTypeDetails === 'RoomList' && mailbox.recipientTypeDetails !== 'RoomMailbox')
        throw groupErrors.notARoom(mailbox.alias, name);
      group.memberIds.add(mailbox.userId);
    }
    env.tenant.distributionGroups.set(group.guid, group);
    env.stats.write('New-DistributionGroup', group.primarySmtpAddress);
    return { value: [groupObject(group)], warnings: [] };
  },
});
