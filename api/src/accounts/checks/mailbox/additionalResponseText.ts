import { ROLE } from '../../../auth/roles.ts';
import { readSource, verdict } from '../read.ts';
import type { CheckDefinition } from '../types.ts';

/** The exact text is only Microsoft's example, so any non-empty text passes (domain.md §1b, inference). */
export const additionalResponseText: CheckDefinition = {
  id: 'additionalResponseText',
  group: 'mailbox',
  label: 'Additional response text',
  setting: 'AdditionalResponse',
  description:
    "The text the room adds to its replies when AddAdditionalResponse is on, for example to say it is a Teams Rooms room and how to get help. Any text passes; the baseline's text is what Apply writes when there is none.",
  powershell: 'Set-CalendarProcessing -Identity <upn> -AdditionalResponse "This is a Microsoft Teams Meeting room!"',
  severity: 'recommended',
  changeRole: ROLE.exchangeRecipientAdmin,
  expected: (baseline) => baseline.calendarProcessing.AdditionalResponse,
  evaluate(snapshot, { baseline }) {
    const read = readSource(snapshot, 'calendarProcessing');
    if ('unknown' in read) return read.unknown;
    const text = typeof read.data.AdditionalResponse === 'string' ? read.data.AdditionalResponse.trim() : '';
    if (!baseline.calendarProcessing.AddAdditionalResponse) return verdict(true, text || null);
    return verdict(text.length > 0, text || null);
  },
  fix: (_snapshot, { baseline }) => ({
    kind: 'calendarProcessing',
    setting: 'AdditionalResponse',
    to: baseline.calendarProcessing.AdditionalResponse,
  }),
};
