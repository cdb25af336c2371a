// @ts-nocheck
import { calendarSetting } from './calendarSetting.ts';

/** Set-CalendarProcessing -AddOrganizerToSubject: Microsoft's create-resource-account value (domain.md §1b). */
export const addOrganizerToSubject = calendarSetting({
  parameter: 'AddOrganizerToSubject',
  label: "Add the organizer's name to the subject",
  why: "Whether Exchange replaces the subject with the organizer's name. Teams Rooms shows the subject on the console and the front-of-room display, so it should stay as the organizer wrote it.",
});
