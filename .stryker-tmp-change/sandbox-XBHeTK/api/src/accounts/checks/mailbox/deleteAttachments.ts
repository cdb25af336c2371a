// @ts-nocheck
import { calendarSetting } from './calendarSetting.ts';

/** Set-CalendarProcessing -DeleteAttachments: Microsoft's create-resource-account value (domain.md §1b). */
export const deleteAttachments = calendarSetting({
  parameter: 'DeleteAttachments',
  label: 'Delete attachments',
  why: "Whether Exchange strips attachments. Teams Rooms devices can't open meeting attachments, so removing them saves room mailbox space.",
});
