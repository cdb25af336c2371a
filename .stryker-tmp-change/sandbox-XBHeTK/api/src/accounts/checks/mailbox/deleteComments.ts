// @ts-nocheck
import { calendarSetting } from './calendarSetting.ts';

/** Set-CalendarProcessing -DeleteComments: Microsoft's create-resource-account value (domain.md §1b). */
export const deleteComments = calendarSetting({
  parameter: 'DeleteComments',
  label: 'Delete the meeting body',
  why: 'Whether Exchange strips the body of incoming requests. Teams Rooms needs the body to show join buttons, including for Zoom, Webex and other third-party meetings.',
});
