// @ts-nocheck
import { calendarSetting } from './calendarSetting.ts';

/** Set-CalendarProcessing -AddAdditionalResponse: Microsoft's create-resource-account value (domain.md §1b). */
export const addAdditionalResponse = calendarSetting({
  parameter: 'AddAdditionalResponse',
  label: 'Send an additional response',
  why: "Whether the room's reply carries extra text (AdditionalResponse), so organizers learn it is a Teams Rooms room.",
});
