// @ts-nocheck
// Evidence: docs/microsoft-365.md#exo-invoke
import { addDistributionGroupMember } from './addDistributionGroupMember.ts';
import { getCalendarProcessing } from './getCalendarProcessing.ts';
import { getDistributionGroup } from './getDistributionGroup.ts';
import { getDistributionGroupMember } from './getDistributionGroupMember.ts';
import { getMailbox } from './getMailbox.ts';
import { getPlace } from './getPlace.ts';
import { newDistributionGroup } from './newDistributionGroup.ts';
import { setCalendarProcessing } from './setCalendarProcessing.ts';
import { setMailbox } from './setMailbox.ts';
import { setPlace } from './setPlace.ts';
import type { Cmdlet } from './types.ts';

/** The cmdlets the emulated endpoint runs; any other name is "not recognized". */
const CMDLETS: readonly Cmdlet[] = [
  getMailbox,
  getCalendarProcessing,
  setCalendarProcessing,
  setMailbox,
  getPlace,
  setPlace,
  // Room lists (Room Finder): docs/microsoft-365.md#exo-room-lists
  getDistributionGroup,
  getDistributionGroupMember,
  newDistributionGroup,
  addDistributionGroupMember,
];

/** Cmdlet names are case-insensitive, as in PowerShell. */
export function findCmdlet(name: string): Cmdlet | undefined {
  return CMDLETS.find((cmdlet) => cmdlet.name.toLowerCase() === name.toLowerCase());
}
