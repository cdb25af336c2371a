// @ts-nocheck
import { calendarSetting } from './calendarSetting.ts';

/** Set-CalendarProcessing -DeleteSubject: Microsoft's create-resource-account value (domain.md §1b). */
export const deleteSubject = calendarSetting({
  parameter: 'DeleteSubject',
  label: "Delete the subject from the room's calendar",
  why: "Whether Exchange removes the subject from the room's copy of the meeting. Without it the console shows an empty title.",
});
