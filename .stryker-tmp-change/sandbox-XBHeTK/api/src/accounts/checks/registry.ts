// @ts-nocheck
import { accountEnabled } from './account/accountEnabled.ts';
import { noForcedPasswordChange } from './account/noForcedPasswordChange.ts';
import { passwordNeverExpires } from './account/passwordNeverExpires.ts';
import { roomMailboxType } from './account/roomMailboxType.ts';
import { upnMatchesSmtp } from './account/upnMatchesSmtp.ts';
import { usageLocationSet } from './account/usageLocationSet.ts';
import { basicLicenseCap } from './license/basicLicenseCap.ts';
import { notOnlySharedDevices } from './license/notOnlySharedDevices.ts';
import { teamsRoomsLicense } from './license/teamsRoomsLicense.ts';
import { inRoomList } from './location/inRoomList.ts';
import { placeDetails } from './location/placeDetails.ts';
import { addAdditionalResponse } from './mailbox/addAdditionalResponse.ts';
import { additionalResponseText } from './mailbox/additionalResponseText.ts';
import { addOrganizerToSubject } from './mailbox/addOrganizerToSubject.ts';
import { allowConflicts } from './mailbox/allowConflicts.ts';
import { allowRecurringMeetings } from './mailbox/allowRecurringMeetings.ts';
import { automateProcessing } from './mailbox/automateProcessing.ts';
import { bookingWindow } from './mailbox/bookingWindow.ts';
import { deleteAttachments } from './mailbox/deleteAttachments.ts';
import { deleteComments } from './mailbox/deleteComments.ts';
import { deleteSubject } from './mailbox/deleteSubject.ts';
import { maximumDuration } from './mailbox/maximumDuration.ts';
import { processExternalMeetingMessages } from './mailbox/processExternalMeetingMessages.ts';
import { removePrivateProperty } from './mailbox/removePrivateProperty.ts';
import type { CheckDefinition } from './types.ts';

/** Every check, in the order the account page shows them. Required ones are domain.md §1d's list. */
export const CHECKS: readonly CheckDefinition[] = [
  passwordNeverExpires,
  accountEnabled,
  noForcedPasswordChange,
  usageLocationSet,
  upnMatchesSmtp,
  roomMailboxType,
  teamsRoomsLicense,
  notOnlySharedDevices,
  basicLicenseCap,
  automateProcessing,
  addOrganizerToSubject,
  deleteComments,
  deleteSubject,
  removePrivateProperty,
  processExternalMeetingMessages,
  allowRecurringMeetings,
  deleteAttachments,
  addAdditionalResponse,
  additionalResponseText,
  allowConflicts,
  bookingWindow,
  maximumDuration,
  placeDetails,
  inRoomList,
];

export const CHECKS_BY_ID: ReadonlyMap<string, CheckDefinition> = new Map(CHECKS.map((check) => [check.id, check]));
