// Evidence: docs/microsoft-365.md#exo-room-lists-write
import { bool, identity } from '../parameters.ts';
import { GROUP_ID_TYPE, GROUP_MEMBER_ID_TYPE, groupErrors, requireGroup } from './distributionGroups.ts';
import { requireMailbox } from './recipients.ts';
import { defineCmdlet } from './types.ts';

/**
 * Add-DistributionGroupMember: one recipient into one group. A room list takes only room mailboxes (Learn:
 * "a room list is a distribution group that can only contain room mailboxes"); adding a member twice fails.
 */
export const addDistributionGroupMember = defineCmdlet({
  name: 'Add-DistributionGroupMember',
  right: 'writeRecipients',
  parameters: {
    Identity: identity(GROUP_ID_TYPE),
    Member: identity(GROUP_MEMBER_ID_TYPE),
    BypassSecurityGroupManagerCheck: bool,
    Confirm: bool,
  },
  mandatory: ['Identity', 'Member'],
  run(args, env) {
    const group = requireGroup(env, args.Identity);
    const { mailbox } = requireMailbox(env, args.Member);
    if (group.recipientTypeDetails === 'RoomList' && mailbox.recipientTypeDetails !== 'RoomMailbox')
      throw groupErrors.notARoom(mailbox.alias, group.name);
    if (group.memberIds.has(mailbox.userId)) throw groupErrors.alreadyMember(mailbox.alias, group.name);
    group.memberIds.add(mailbox.userId);
    env.stats.write('Add-DistributionGroupMember', group.primarySmtpAddress);
    return { value: [], warnings: [] };
  },
});
