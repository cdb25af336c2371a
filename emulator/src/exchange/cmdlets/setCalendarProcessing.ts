// Evidence: docs/microsoft-365.md#exo-set-calendarprocessing
import type { CalendarProcessing } from '../../tenant/model.ts';
import { applyMultiValue, bool, enumeration, identity, int, INT32_MAX, multiValue, text } from '../parameters.ts';
import { MAILBOX_ID_TYPE, RECIPIENT_ID_TYPE, recipientAddress, requireMailbox } from './recipients.ts';
import { defineCmdlet, unchangedWarning } from './types.ts';

/**
 * Set-CalendarProcessing with every parameter of domain.md §1b. All arguments are bound and validated before
 * anything changes, so a call with one bad value changes nothing.
 */
export const setCalendarProcessing = defineCmdlet({
  name: 'Set-CalendarProcessing',
  right: 'writeRecipients',
  parameters: {
    Identity: identity(MAILBOX_ID_TYPE),
    AutomateProcessing: enumeration('Microsoft.Exchange.Data.Storage.CalendarProcessingFlags', [
      'None',
      'AutoUpdate',
      'AutoAccept',
    ] as const),
    AddOrganizerToSubject: bool,
    DeleteComments: bool,
    DeleteSubject: bool,
    RemovePrivateProperty: bool,
    ProcessExternalMeetingMessages: bool,
    AllowRecurringMeetings: bool,
    DeleteAttachments: bool,
    AddAdditionalResponse: bool,
    AdditionalResponse: text,
    AllowConflicts: bool,
    BookingWindowInDays: int({ min: 0, max: 1080 }),
    MaximumDurationInMinutes: int({ min: 0, max: INT32_MAX }),
    EnforceSchedulingHorizon: bool,
    ScheduleOnlyDuringWorkHours: bool,
    ConflictPercentageAllowed: int({ min: 0, max: 100 }),
    MaximumConflictInstances: int({ min: 0, max: INT32_MAX }),
    AllBookInPolicy: bool,
    BookInPolicy: multiValue(`${RECIPIENT_ID_TYPE}[]`),
    ResourceDelegates: multiValue(`${RECIPIENT_ID_TYPE}[]`),
    EnforceCapacity: bool,
    Confirm: bool,
  },
  mandatory: ['Identity'],
  run(args, env) {
    const { mailbox } = requireMailbox(env, args.Identity);
    const { Identity: _identity, Confirm: _confirm, BookInPolicy, ResourceDelegates, ...settings } = args;
    const patch: Partial<CalendarProcessing> = settings;
    const next: CalendarProcessing = { ...structuredClone(mailbox.calendarProcessing), ...patch };
    const resolve = (recipient: string) => recipientAddress(env, recipient);
    if (BookInPolicy) next.BookInPolicy = applyMultiValue(next.BookInPolicy, BookInPolicy, resolve);
    if (ResourceDelegates) next.ResourceDelegates = applyMultiValue(next.ResourceDelegates, ResourceDelegates, resolve);
    if (JSON.stringify(next) === JSON.stringify(mailbox.calendarProcessing)) {
      return { value: [], warnings: [unchangedWarning(mailbox.alias)] };
    }
    mailbox.calendarProcessing = next;
    env.stats.write('Set-CalendarProcessing', mailbox.primarySmtpAddress);
    return { value: [], warnings: [] };
  },
});
