// @ts-nocheck
import { calendarSetting } from './calendarSetting.ts';

/** Set-CalendarProcessing -ProcessExternalMeetingMessages: Microsoft's create-resource-account value (domain.md §1b). */
export const processExternalMeetingMessages = calendarSetting({
  parameter: 'ProcessExternalMeetingMessages',
  label: 'Accept meetings from outside the organization',
  why: 'Whether the room processes requests from external senders. Required for external Teams and third-party meetings to land on the room; security-minded tenants can turn it off in the baseline.',
});
