// @ts-nocheck
import { calendarSetting } from './calendarSetting.ts';

/** Set-CalendarProcessing -AllowRecurringMeetings: Microsoft's create-resource-account value (domain.md §1b). */
export const allowRecurringMeetings = calendarSetting({
  parameter: 'AllowRecurringMeetings',
  label: 'Allow recurring meetings',
  why: "Whether the room accepts recurring series. Microsoft's current guidance keeps it on so that weekly meetings can book the room.",
});
