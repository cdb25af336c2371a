// @ts-nocheck
import { calendarSetting } from './calendarSetting.ts';

/** Not in Microsoft's list; peers warn that conflicts "may lead to double-booking", so it is a warning. */
export const allowConflicts = calendarSetting({
  parameter: 'AllowConflicts',
  label: 'Allow conflicting meetings',
  why: 'Whether the room accepts a request that overlaps an existing booking. Allowing conflicts double-books the room and the console shows two meetings at once.',
  severity: 'recommended',
});
