// @ts-nocheck
// Evidence: docs/microsoft-365.md#exo-get-calendarprocessing
import { identity } from '../parameters.ts';
import { MAILBOX_ID_TYPE, requireMailbox } from './recipients.ts';
import { defineCmdlet } from './types.ts';

/** Get-CalendarProcessing: every modelled setting of one mailbox (any mailbox type, as Exchange answers for all). */
export const getCalendarProcessing = defineCmdlet({
  name: 'Get-CalendarProcessing',
  right: 'readRecipients',
  parameters: { Identity: identity(MAILBOX_ID_TYPE) },
  mandatory: ['Identity'],
  run(args, env) {
    const { mailbox } = requireMailbox(env, args.Identity);
    const settings = mailbox.calendarProcessing;
    return {
      value: [
        {
          Identity: mailbox.alias,
          MailboxOwnerId: mailbox.alias,
          ...settings,
          BookInPolicy: [...settings.BookInPolicy],
          ResourceDelegates: [...settings.ResourceDelegates],
        },
      ],
      warnings: [],
    };
  },
});
