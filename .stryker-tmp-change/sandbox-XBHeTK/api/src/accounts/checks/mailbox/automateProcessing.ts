// @ts-nocheck
import { calendarSetting } from './calendarSetting.ts';

/** Set-CalendarProcessing -AutomateProcessing: Microsoft's create-resource-account value (domain.md §1b). */
export const automateProcessing = calendarSetting({
  parameter: 'AutomateProcessing',
  label: 'Meeting request handling',
  why: 'How the room answers meeting requests. AutoAccept lets organizers get an immediate decision (free: accepted; busy: declined) so the meeting appears on the Teams Rooms console without a delegate.',
});
