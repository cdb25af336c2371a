// @ts-nocheck
// Evidence: docs/microsoft-365.md#exo-room-lists
import { identity, resultSize } from '../parameters.ts';
import { GROUP_ID_TYPE, memberObjects, requireGroup } from './distributionGroups.ts';
import { listOutput } from './listing.ts';
import { defineCmdlet } from './types.ts';

/** Get-DistributionGroupMember: a group's members, paged like any list cmdlet. */
export const getDistributionGroupMember = defineCmdlet({
  name: 'Get-DistributionGroupMember',
  right: 'readRecipients',
  parameters: { Identity: identity(GROUP_ID_TYPE), ResultSize: resultSize },
  mandatory: ['Identity'],
  run(args, env) {
    return listOutput(memberObjects(env, requireGroup(env, args.Identity)), args.ResultSize, env);
  },
});
