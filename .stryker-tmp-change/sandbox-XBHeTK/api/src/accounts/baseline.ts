// @ts-nocheck
import type { BaselineValues } from '../../../contract/index.ts';

export interface Baseline extends BaselineValues {
  /** 0 is the shipped default; each saved tenant change adds one. */
  version: number;
}

/** Microsoft's create-resource-account recommendations (domain.md §1b), shipped as every tenant's default. */
export const DEFAULT_BASELINE: Baseline = {
  version: 0,
  calendarProcessing: {
    AutomateProcessing: 'AutoAccept',
    AddOrganizerToSubject: false,
    DeleteComments: false,
    DeleteSubject: false,
    RemovePrivateProperty: false,
    ProcessExternalMeetingMessages: true,
    AllowRecurringMeetings: true,
    DeleteAttachments: true,
    AddAdditionalResponse: true,
    AdditionalResponse: 'This is a Microsoft Teams Meeting room!',
    AllowConflicts: false,
  },
  // Exchange allows 0–1080 days; the admin center default is 180. Beyond a year, rooms are held for meetings nobody remembers.
  bookingWindowInDays: { min: 1, max: 365, recommended: 180 },
  // 0 means unlimited in Exchange; the admin center default is 24 h.
  maximumDurationInMinutes: { min: 30, max: 1440, recommended: 1440 },
  licenseSkuId: '4cde982a-ede4-4409-9ae6-b003453c8ea6', // Microsoft Teams Rooms Pro
  usageLocation: null,
  // Outlook's Room Finder groups rooms by room list; one per building is Microsoft's example (docs/microsoft-365.md#exo-room-lists).
  roomListName: 'Rooms - {building}',
  // Microsoft names no period; a room in daily use signs in every day, so a week without one is worth a look.
  signInWithinDays: 7,
  severities: {},
};
