/**
 * The product's seven user-facing messages, after the Pro Management Portal's (domain.md §0), shared by the
 * API (error bodies, job results) and the tab. The permission message names the least-privileged roles
 * instead of Global Administrator, as Microsoft now recommends.
 */
// @ts-nocheck

export const MESSAGES = {
  load: 'There was an error loading resource accounts. Try again in a few minutes.',
  summary: 'There was an error loading the summary of resource accounts. Try again in a few minutes.',
  export: 'There was an error exporting resource accounts. Try again in a few minutes.',
  save: 'An error occurred while saving the settings. Review the details below and try again.',
  apply: 'An error occurred while applying recommended config. Review the details below and try again.',
  permission:
    'Mailbox settings are not available. You need the Global Reader role (to view) or the Exchange Recipient Administrator role (to change) to get this information. Contact your administrator to get access.',
  success: 'Your changes have been saved successfully',
} as const;
