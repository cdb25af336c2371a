// @ts-nocheck
import { calendarSetting } from './calendarSetting.ts';

/** Set-CalendarProcessing -RemovePrivateProperty: Microsoft's create-resource-account value (domain.md §1b). */
export const removePrivateProperty = calendarSetting({
  parameter: 'RemovePrivateProperty',
  label: 'Remove the private flag',
  why: 'Whether Exchange clears the private flag. Keeping it lets Teams Rooms hide the details of private meetings on the console.',
});
