// @ts-nocheck
// Evidence: docs/microsoft-365.md#exo-room-lists
import { enumerationList, identity, resultSize } from '../parameters.ts';
import { GROUP_ID_TYPE, groupObject, requireGroup } from './distributionGroups.ts';
import { listOutput } from './listing.ts';
import { defineCmdlet } from './types.ts';

/** The group kinds -RecipientTypeDetails accepts that the emulator keeps (others are valid but match nothing). */
const GROUP_TYPES = ['RoomList', 'MailUniversalDistributionGroup', 'MailUniversalSecurityGroup', 'MailNonUniversalGroup'] as const;

/** Get-DistributionGroup: one group by -Identity, or a paged list narrowed by -RecipientTypeDetails (RoomList for room lists). */
export const getDistributionGroup = defineCmdlet({
  name: 'Get-DistributionGroup',
  right: 'readRecipients',
  parameters: {
    Identity: identity(GROUP_ID_TYPE),
    RecipientTypeDetails: enumerationList('Microsoft.Exchange.Data.Directory.Recipient.RecipientTypeDetails', GROUP_TYPES),
    ResultSize: resultSize,
  },
  run(args, env) {
    const wanted: readonly string[] | undefined = args.RecipientTypeDetails;
    if (args.Identity !== undefined) {
      const group = requireGroup(env, args.Identity);
      if (wanted && !wanted.includes(group.recipientTypeDetails)) return { value: [], warnings: [] };
      return { value: [groupObject(group)], warnings: [] };
    }
    const groups = [...env.tenant.distributionGroups.values()].filter((group) => !wanted || wanted.includes(group.recipientTypeDetails));
    return listOutput(groups.map(groupObject), args.ResultSize, env);
  },
});
