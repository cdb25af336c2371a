// Evidence: docs/microsoft-365.md#exo-room-lists
import type { EmDistributionGroup } from '../../tenant/model.ts';
import { cmdletErrors } from '../errors.ts';
import { mailboxObject } from './getMailbox.ts';
import type { CmdletEnv, ExchangeObject } from './types.ts';

export const GROUP_ID_TYPE = 'Microsoft.Exchange.Configuration.Tasks.DistributionGroupIdParameter';
export const GROUP_MEMBER_ID_TYPE = 'Microsoft.Exchange.Configuration.Tasks.RecipientWithAdUserGroupIdParameter';

/** A group as Get-DistributionGroup prints it (the properties a room-list reader uses, and their neighbours). */
export function groupObject(group: EmDistributionGroup): ExchangeObject {
  return {
    Identity: group.name,
    Id: group.name,
    Name: group.name,
    DisplayName: group.displayName,
    Alias: group.alias,
    Guid: group.guid,
    ExternalDirectoryObjectId: group.externalDirectoryObjectId,
    PrimarySmtpAddress: group.primarySmtpAddress,
    WindowsEmailAddress: group.primarySmtpAddress,
    EmailAddresses: [`SMTP:${group.primarySmtpAddress}`],
    RecipientType: 'MailUniversalDistributionGroup',
    RecipientTypeDetails: group.recipientTypeDetails,
    GroupType: 'Universal',
    IsDirSynced: false,
  };
}

/** A group by -Identity, or Exchange's ManagementObjectNotFoundException. */
export function requireGroup(env: CmdletEnv, identity: string): EmDistributionGroup {
  const group = env.tenant.distributionGroupByIdentity(identity);
  if (!group) throw cmdletErrors.notFound(identity, env.backend.directoryServer);
  return group;
}

/** A member as Get-DistributionGroupMember prints it: the recipient's own object (a mailbox here). */
export function memberObjects(env: CmdletEnv, group: EmDistributionGroup): ExchangeObject[] {
  return [...group.memberIds].flatMap((userId) => {
    const mailbox = env.tenant.mailboxes.get(userId);
    return mailbox ? [mailboxObject(env.tenant, mailbox)] : [];
  });
}

/** The task errors of group membership, worded as Exchange words them (docs/microsoft-365.md#exo-room-lists). */
export const groupErrors = {
  alreadyMember: (member: string, group: string) =>
    cmdletErrors.task(
      'Microsoft.Exchange.Management.Tasks.MemberAlreadyExistsException',
      `The recipient "${member}" is already a member of the group "${group}".`,
      'ExB3C0D1',
    ),
  notARoom: (member: string, group: string) =>
    cmdletErrors.task(
      'Microsoft.Exchange.Management.Tasks.RecipientTaskException',
      `"${member}" can't be added to the room list "${group}" because only room mailboxes and room lists can be members of a room list.`,
      'Ex5E1A2B',
    ),
  nameInUse: () =>
    cmdletErrors.task(
      'Microsoft.Exchange.Data.Directory.ADObjectAlreadyExistsException',
      'The name is already being used. Please try another name.',
      'Ex8C2F63',
    ),
  addressInUse: (address: string) =>
    cmdletErrors.task(
      'Microsoft.Exchange.Data.Directory.ProxyAddressExistsException',
      `The proxy address "SMTP:${address}" is already being used by the proxy addresses or LegacyExchangeDN. Please choose another proxy address.`,
      'Ex3D4E6A',
    ),
};
