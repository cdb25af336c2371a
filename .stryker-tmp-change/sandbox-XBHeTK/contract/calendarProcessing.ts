// @ts-nocheck
import { z } from 'zod';

/** The Set-CalendarProcessing values a baseline fixes and an admin may set (domain.md §1b), Exchange's names. */
export const calendarProcessingValues = z
  .object({
    AutomateProcessing: z.enum(['None', 'AutoUpdate', 'AutoAccept']),
    AddOrganizerToSubject: z.boolean(),
    DeleteComments: z.boolean(),
    DeleteSubject: z.boolean(),
    RemovePrivateProperty: z.boolean(),
    ProcessExternalMeetingMessages: z.boolean(),
    AllowRecurringMeetings: z.boolean(),
    DeleteAttachments: z.boolean(),
    AddAdditionalResponse: z.boolean(),
    AdditionalResponse: z.string().max(8000),
    AllowConflicts: z.boolean(),
  })
  .strict();
